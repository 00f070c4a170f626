/** @jest-environment ./chain/test/hsd-environment.mjs */
import { describe, expect, it, afterAll } from '@jest/globals';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { startHardhat } from './rpc-node.js';

/** Runs the CLI in process, capturing stdout and stderr. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const w1 = process.stdout.write.bind(process.stdout);
  const w2 = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((err += s), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    process.stdout.write = w1;
    process.stderr.write = w2;
  }
}

const servers: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
});

describe('medexchain chain', () => {
  it('refuses bad usage with exit code 2 and one line on stderr', async () => {
    for (const argv of [
      ['chain'],
      ['chain', 'demo'],
      ['chain', 'nope', '--data-dir', 'x'],
      ['chain', 'demo', '--data-dir', 'x', '--bogus'],
    ]) {
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('runs the demo twice on one directory (appending), audits it, and reports a tampered blob where it is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-cli-'));
    const first = await cli('chain', 'demo', '--data-dir', dir, '--json');
    expect(first.code).toBe(0);
    const a = JSON.parse(first.out);
    expect(a.ok).toBe(true);
    expect(a.audit).toMatchObject({ records: 1, verified: 1 });
    expect(a.cid).toMatch(/^bafkrei/);
    expect(a.chainA.blocks).toBeGreaterThan(0);
    expect(a.chainA.txs).toBeGreaterThan(0);
    expect(a.chainB).toMatchObject({ nodes: 2, writer: 1, reader: 0 });
    expect(a.chainB.implementation).toMatch(/^hsd \d/);
    // Hospital B decrypted, parsed and validated a FHIR R4 Bundle equal to what the device sent
    expect(a.record).toMatchObject({ format: 'fhir-r4', received: { resources: { Observation: 18 } } });
    expect(a.record.received).toEqual(a.record.sent);
    const second = JSON.parse((await cli('chain', 'demo', '--data-dir', dir, '--json')).out);
    expect(second.ok).toBe(true);
    expect(second.audit).toMatchObject({ records: 2, verified: 2 });
    expect(second.chainA.blocks).toBeGreaterThan(a.chainA.blocks);
    expect(second.chainB.blocks).toBeGreaterThan(a.chainB.blocks);
    expect(second.recordId).toBe('1');

    // the auditor reads the node the relay wrote to (node 1) as well as the one it read confirmations from
    for (const node of ['0', '1']) {
      const clean = await cli('chain', 'audit', '--data-dir', dir, '--node', node, '--json');
      expect(clean.code).toBe(0);
      expect(JSON.parse(clean.out)).toMatchObject({ ok: true, records: 2, verified: 2, issues: [] });
    }

    writeFileSync(join(dir, 'blobs', a.cid), 'tampered');
    const bad = await cli('chain', 'audit', '--data-dir', dir, '--json');
    expect(bad.code).toBe(1);
    const rep = JSON.parse(bad.out);
    expect(rep.ok).toBe(false);
    expect(rep.verified).toBe(1);
    expect(rep.issues.some((i: { where: string }) => i.where === `blob ${a.cid}`)).toBe(true);
    expect(readdirSync(join(dir, 'blobs'))).toContain(a.cid); // reported, never deleted
  });

  it('refuses a data directory that is a file, and a damaged deployment file, with one-line typed errors', async () => {
    const base = mkdtempSync(join(tmpdir(), 'mx-cli-bad-'));
    const file = join(base, 'plain-file');
    writeFileSync(file, 'x');
    const r = await cli('chain', 'audit', '--data-dir', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot use .* as the data directory/);
    const dir = join(base, 'd');
    expect((await cli('chain', 'audit', '--data-dir', dir)).code).toBe(0); // an empty system is consistent
    writeFileSync(join(dir, 'deployment.json'), '{"chainId":');
    const d = await cli('chain', 'audit', '--data-dir', dir, '--json');
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/cannot decode chain A deployment/);
    expect(d.err.trim().split('\n')).toHaveLength(1);
  });

  it('runs the whole story and the audit with chain A on a real development node (hardhat node, --rpc)', async () => {
    const node = await startHardhat();
    if (typeof node === 'string') {
      console.log(`skipped: ${node}`);
      return;
    }
    servers.push(node);
    const dir = mkdtempSync(join(tmpdir(), 'mx-cli-rpc-'));
    const r = await cli('chain', 'demo', '--data-dir', dir, '--rpc', node.url, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.chainA.kind).toBe('json-rpc');
    expect(j.chainA.gas.addRecord.total).toBeGreaterThan(21000);
    const { JsonRpcEndpoint } = await import('../chainA/rpc-client.js');
    const rpc = new JsonRpcEndpoint(node.url);
    expect(j.chainA.blocks).toBe(await rpc.blockNumber());
    expect(await rpc.chainId()).toBe(31337n); // Hardhat Network's chain id: the contracts really are on that node
    expect(readdirSync(dir)).not.toContain('chain-a'); // chain A lives in the node, not the data directory
    const audit = await cli('chain', 'audit', '--data-dir', dir, '--rpc', node.url, '--json');
    expect(audit.code).toBe(0);
    expect(JSON.parse(audit.out)).toMatchObject({ ok: true, records: 1, verified: 1, issues: [] });
  });

  it('fails cleanly when the RPC node is unreachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-cli-norpc-'));
    const r = await cli('chain', 'demo', '--data-dir', dir, '--rpc', 'http://127.0.0.1:9', '--json');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/chain A: .*cannot reach/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
