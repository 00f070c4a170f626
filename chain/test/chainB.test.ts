/** @jest-environment ./chain/test/hsd-environment.mjs */
/**
 * Chain B on hsd regtest full nodes: messages become transactions spending the sender's coins, confirmed in mined
 * blocks and read from a node other than the one written to; the block archive replays after a restart (hsd
 * validates every block again) and a damaged archive or side store is found with the block named; a competing
 * longer branch reorganizes the chain without losing or duplicating a message.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ChainB, implementation } from '../chainB/hsd.js';
import { LedgerError } from '../errors.js';
import { ParameterError } from '../../core/errors.js';

const miner = new Uint8Array(32).fill(9);
const alice = new Uint8Array(32).fill(5);
const bob = new Uint8Array(32).fill(6);
const utf8 = (s: string) => new TextEncoder().encode(s);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fresh = () => join(mkdtempSync(join(tmpdir(), 'mx-chainb-')), 'b');
const open: ChainB[] = [];

async function start(dir: string, nodes = 2, check = true) {
  const c = await ChainB.open({ dir, nodes, minerKey: miner, check });
  open.push(c);
  return c;
}
async function stop(c: ChainB) {
  open.splice(open.indexOf(c), 1);
  await c.close();
}

afterAll(async () => {
  for (const c of open) await c.close();
});

async function messages(c: ChainB, node: number) {
  const out: string[] = [];
  for await (const b of c.blocks(node))
    for (const t of b.txs) out.push(`${t.kind}:${Buffer.from(t.payload, 'hex').toString()}`);
  return out;
}

describe('chain B on hsd', () => {
  it('names the real implementation', () => {
    expect(implementation()).toMatch(/^hsd \d+\.\d+\.\d+$/);
  });

  it('confirms messages on the reader node, signed by the sender, the same on every node', async () => {
    const c = await start(fresh(), 2);
    expect(c.writer).not.toBe(c.reader);
    const r = await c.anchor({ kind: 'request', sk: alice, payload: utf8('hello') });
    expect(r.tx.kind).toBe('request');
    expect(r.tx.from).toBe(hex(secp256k1.getPublicKey(alice, true)));
    expect(Buffer.from(r.tx.payload, 'hex').toString()).toBe('hello');
    await Promise.all([
      c.anchor({ kind: 'audit', sk: alice, payload: utf8('a1') }),
      c.anchor({ kind: 'audit', sk: bob, payload: utf8('b1') }),
      c.anchor({ kind: 'audit', sk: alice, payload: utf8('a2') }),
    ]);
    await c.sync();
    const m0 = await messages(c, 0);
    expect(m0.sort()).toEqual(['audit:a1', 'audit:a2', 'audit:b1', 'request:hello']);
    expect(await messages(c, 1)).toEqual(await messages(c, 0));
    expect(await c.verify(0)).toEqual([]);
    expect(await c.verify(1)).toEqual([]);
    await stop(c);
  });

  it('survives a restart: the archive replays into fresh nodes with the same blocks', async () => {
    const dir = fresh();
    const c = await start(dir, 2);
    await c.anchor({ kind: 'register', sk: alice, payload: utf8('reg') });
    const h = c.height();
    const tip = (await c.block(h)).hash;
    await stop(c);
    const again = await start(dir, 2);
    expect(again.height(1)).toBe(h);
    expect((await again.block(h, 1)).hash).toBe(tip);
    expect(await messages(again, 1)).toEqual(['register:reg']);
    await again.anchor({ kind: 'request', sk: alice, payload: utf8('after restart') });
    expect(await messages(again, 0)).toEqual(['register:reg', 'request:after restart']);
    await stop(again);
  });

  it('refuses a tampered archive at opening, naming the block; the auditor opens and lists it', async () => {
    const dir = fresh();
    const c = await start(dir, 1);
    const r = await c.anchor({ kind: 'audit', sk: alice, payload: utf8('x') });
    const key = `block:${r.height.toString().padStart(12, '0')}`;
    const raw = Buffer.from((await c.rawStore.get(key))!, 'hex');
    raw[raw.length - 40]! ^= 1; // inside the spending transaction
    await c.rawStore.put(key, raw.toString('hex'));
    await stop(c);
    const err = await ChainB.open({ dir, minerKey: miner }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).where).toBe(`chain B block ${r.height}`);
    const audit = await start(dir, 1, false);
    expect((await audit.verify(0)).map((e) => e.where)).toContain(`chain B block ${r.height}`);
    await stop(audit);
  });

  it('marks a message whose side-store copy was altered or removed', async () => {
    const c = await start(fresh(), 1);
    const r = await c.anchor({ kind: 'audit', sk: alice, payload: utf8('kept') });
    const r2 = await c.anchor({ kind: 'audit', sk: alice, payload: utf8('gone') });
    await c.rawStore.put(`rec:${hex(sha256(utf8('kept')))}`, hex(utf8('kepT')));
    await c.rawStore.del(`rec:${hex(sha256(utf8('gone')))}`);
    const b1 = (await c.block(r.height, 0)).txs.find((t) => t.txid === r.tx.txid)!;
    const b2 = (await c.block(r2.height, 0)).txs.find((t) => t.txid === r2.tx.txid)!;
    expect(b1.problem).toMatch(/another message/);
    expect(b2.problem).toMatch(/not in the side store/);
    await stop(c);
  });

  it('a competing longer branch reorganizes the chain; the message is mined again, once', async () => {
    const dir = fresh();
    const c = await start(dir, 2);
    const r = await c.anchor({ kind: 'request', sk: alice, payload: utf8('reorged') });
    const replaced = (await c.block(r.height, 0)).hash;
    await c.fork(r.height, 2); // longer than the one block it replaces
    // the transaction went back to the mempool and the miner mines it again on the new branch
    const deadline = Date.now() + 20_000;
    let where: string[] = [];
    while (Date.now() < deadline) {
      await c.sync();
      where = [];
      for await (const b of c.blocks(1)) for (const t of b.txs) if (t.txid === r.tx.txid) where.push(b.hash);
      if (where.length) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(where).toHaveLength(1);
    expect(where[0]).not.toBe(replaced);
    expect(await messages(c, 1)).toEqual(['request:reorged']);
    await stop(c);
    // the archive followed the reorganization: it replays to the same chain
    const again = await start(dir, 1);
    expect(await messages(again, 0)).toEqual(['request:reorged']);
    await stop(again);
  });

  it('refuses bad options with typed errors', async () => {
    await expect(ChainB.open({ dir: fresh(), nodes: 0, minerKey: miner })).rejects.toThrow(ParameterError);
    const c = await start(fresh(), 1);
    expect(() => c.height(3)).toThrow(ParameterError);
    await expect(c.anchor({ kind: 'nope' as 'audit', sk: alice, payload: utf8('x') })).rejects.toThrow(ParameterError);
    await stop(c);
  });
});
