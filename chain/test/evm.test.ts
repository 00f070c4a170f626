import { describe, expect, it, afterAll } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { EvmChain } from '../chainA/evm.js';
import { JsonRpcEndpoint } from '../chainA/rpc-client.js';
import { startHardhat } from './rpc-node.js';
import { ChainA, accountFromKey } from '../chainA/contracts.js';
import { keccak, concat } from '../chainA/abi.js';
import { ChainAError, LedgerError } from '../errors.js';
import type { EthEndpoint } from '../chainA/endpoint.js';

const relay = accountFromKey(new Uint8Array(32).fill(7));
const alice = accountFromKey(new Uint8Array(32).fill(8));
const device = accountFromKey(new Uint8Array(32).fill(6));
const mallory = accountFromKey(new Uint8Array(32).fill(4));
const b32 = (n: number) => new Uint8Array(32).fill(n);

/** The contract-level story on any endpoint; returns the client. */
async function exercise(endpoint: EthEndpoint) {
  const c = await ChainA.connect(endpoint, null);
  await c.deploy(relay);
  for (const a of [relay, alice, device, mallory]) await c.fund(a);
  await c.registerPatient(alice, b32(1));
  await expect(c.registerPatient(mallory, b32(1))).rejects.toThrow(/patient taken/);
  await c.addDevice(alice, b32(1), device.address);
  const id = await c.addRecord(device, b32(1), new Uint8Array(36).fill(3), b32(2), new Uint8Array(700).fill(5));
  expect(id).toBe(0n);
  await expect(c.addRecord(mallory, b32(1), new Uint8Array(36), b32(2), new Uint8Array(1))).rejects.toThrow(
    ChainAError,
  );
  const r = await c.getRecord(0n);
  expect(r.capsule).toEqual(new Uint8Array(700).fill(5));
  expect(r.uploader).toBe(device.address);
  await expect(c.authorize(mallory, 0n, b32(9), b32(10))).rejects.toThrow(/not the patient/);
  await c.authorize(alice, 0n, b32(9), b32(10));
  expect(await c.authorization(0n, b32(9))).toEqual(b32(10));
  const head0 = await c.auditHead();
  await c.appendAudit(relay, head0, new Uint8Array([1, 2, 3]));
  // Appending against a stale head, or by anyone but the relay, is refused by the contract.
  await expect(c.appendAudit(relay, head0, new Uint8Array([4]))).rejects.toThrow(/does not extend the head/);
  await expect(c.appendAudit(mallory, await c.auditHead(), new Uint8Array([4]))).rejects.toThrow(
    /not the audit writer/,
  );
  const ev = await c.auditEvents();
  expect(ev).toHaveLength(1);
  expect(ev[0]!.head).toEqual(keccak(concat(head0, keccak(new Uint8Array([1, 2, 3])))));
  expect(await c.auditHead()).toEqual(ev[0]!.head);
  expect((await c.authorizedEvents())[0]!.reKeyHash).toEqual(b32(10));
  return c;
}

describe('chain A', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = join(mkdtempSync(join(tmpdir(), 'mx-evm-')), 'a');
    dirs.push(d);
    return d;
  };
  afterAll(() => undefined);

  it('runs the contracts in process, records gas, and replays its history on reopening', async () => {
    const dir = fresh();
    const chain = await EvmChain.open(dir);
    const c = await exercise(chain);
    const ops = new Set(c.gas.map((g) => g.op));
    for (const op of ['deploy RecordIndex', 'deploy AuditLog', 'registerPatient', 'addRecord', 'authorize', 'append'])
      expect(ops.has(op)).toBe(true);
    expect(c.gas.every((g) => g.gas >= 21000n)).toBe(true);
    const height = await chain.blockNumber();
    await chain.close();
    const again = await EvmChain.open(dir);
    expect(await again.blockNumber()).toBe(height);
    const c2 = await ChainA.connect(again, c.deployment);
    expect((await c2.getRecord(0n)).uploader).toBe(device.address);
    expect(await c2.auditCount()).toBe(1n);
    await again.close();
  });

  it('detects a tampered and a reordered block when reopening', async () => {
    const dir = fresh();
    const chain = await EvmChain.open(dir);
    await exercise(chain);
    await chain.close();
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    const k = 'block:000000000005';
    const b = JSON.parse((await db.get(k))!);
    b.gasUsed = '1'; // a receipt that does not follow from the transaction
    await db.put(k, JSON.stringify(b));
    await db.close();
    await expect(EvmChain.open(dir)).rejects.toThrow(LedgerError);

    const dir2 = fresh();
    const c2 = await EvmChain.open(dir2);
    await exercise(c2);
    await c2.close();
    const db2 = new ClassicLevel<string, string>(dir2, { valueEncoding: 'utf8' });
    const [x, y] = [await db2.get('block:000000000003'), await db2.get('block:000000000004')];
    await db2.batch([
      { type: 'put', key: 'block:000000000003', value: y! },
      { type: 'put', key: 'block:000000000004', value: x! },
    ]);
    await db2.close();
    await expect(EvmChain.open(dir2)).rejects.toThrow(/chain A block 3/);
  });

  it('refuses a malformed raw transaction with a typed error and mines nothing', async () => {
    const chain = await EvmChain.open(null);
    await expect(chain.submit(new Uint8Array([0xc0, 1, 2]))).rejects.toThrow(ChainAError);
    expect(await chain.blockNumber()).toBe(0);
    await chain.close();
  });

  it('works unchanged over JSON-RPC against a real development node (hardhat node) on 127.0.0.1', async () => {
    const node = await startHardhat();
    if (typeof node === 'string') {
      console.log(`skipped: ${node}`);
      return;
    }
    try {
      const rpc = new JsonRpcEndpoint(node.url);
      const c = await exercise(rpc);
      // A second client sees the same contracts on the node.
      const other = await ChainA.connect(new JsonRpcEndpoint(node.url), c.deployment);
      expect(await other.auditCount()).toBe(1n);
      // Malformed requests get JSON-RPC errors, which the client turns into ChainAError.
      await expect(rpc.request('eth_noSuchMethod')).rejects.toThrow(ChainAError);
      await expect(rpc.request('eth_getBalance', ['0x1234'])).rejects.toThrow(ChainAError);
      await expect(rpc.submit(new Uint8Array([0xc0, 1, 2]))).rejects.toThrow(ChainAError);
    } finally {
      await node.stop();
    }
  });

  it('reports an unreachable RPC endpoint and a bad URL as ChainAError', async () => {
    expect(() => new JsonRpcEndpoint('ftp://x')).toThrow(ChainAError);
    await expect(new JsonRpcEndpoint('http://127.0.0.1:9').chainId()).rejects.toThrow(ChainAError);
  });
});
