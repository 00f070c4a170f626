import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ChainB, signTx, verifyTx } from '../chainB/ledger.js';
import { LedgerError } from '../errors.js';

const producer = new Uint8Array(32).fill(9);
const alice = new Uint8Array(32).fill(5);
const utf8 = (s: string) => new TextEncoder().encode(s);
const fresh = () => join(mkdtempSync(join(tmpdir(), 'mx-chainb-')), 'b');

async function chainWith(n: number) {
  const dir = fresh();
  const c = await ChainB.open(dir, producer);
  for (let i = 0; i < n; i++) await c.append([signTx(alice, 'note', utf8(`tx ${i}`), 1000 + i)], 2000 + i);
  return { dir, c };
}

describe('chain B ledger', () => {
  it('appends signed, hash-linked blocks and reopens with the same head', async () => {
    const { dir, c } = await chainWith(3);
    expect(c.height()).toBe(3);
    const b1 = await c.block(1);
    expect(b1.prev).toBe((await c.block(0)).hash);
    expect(b1.txs[0]!.from).toBe(Buffer.from(ed25519.getPublicKey(alice)).toString('hex'));
    await c.close();
    const again = await ChainB.open(dir, producer);
    expect(again.height()).toBe(3);
    const b3 = await again.append([signTx(alice, 'note', utf8('more'), 5)]);
    expect(b3.height).toBe(3);
    expect(await again.verify()).toEqual([]);
    await again.close();
  });

  it('refuses a transaction with a forged signature', async () => {
    const { c } = await chainWith(0);
    const tx = signTx(alice, 'note', utf8('x'), 1);
    const forged = { ...tx, payload: Buffer.from(utf8('y')).toString('hex') };
    expect(verifyTx(forged)).toBe(false);
    await expect(c.append([forged])).rejects.toThrow(LedgerError);
    expect(c.height()).toBe(0);
    await c.close();
  });

  it('detects two blocks swapped in the store (reordered)', async () => {
    const { dir, c } = await chainWith(3);
    const db = c.rawStore;
    const k1 = 'block:000000000001';
    const k2 = 'block:000000000002';
    const [v1, v2] = [await db.get(k1), await db.get(k2)];
    await db.batch([
      { type: 'put', key: k1, value: v2! },
      { type: 'put', key: k2, value: v1! },
    ]);
    const issues = await c.verify();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]).toBeInstanceOf(LedgerError);
    expect(issues[0]!.where).toBe('chain B block 1');
    expect(issues[0]!.message).toMatch(/reordered|parent/);
    await c.close();
    await expect(ChainB.open(dir, producer)).rejects.toThrow(LedgerError);
    const audit = await ChainB.open(dir, producer, { check: false });
    expect((await audit.verify()).length).toBeGreaterThan(0);
    await audit.close();
  });

  it('detects a tampered transaction inside a block', async () => {
    const { c } = await chainWith(2);
    const k = 'block:000000000000';
    const b = JSON.parse((await c.rawStore.get(k))!);
    b.txs[0].payload = Buffer.from(utf8('rewritten')).toString('hex');
    await c.rawStore.put(k, JSON.stringify(b));
    const issues = await c.verify();
    expect(issues.map((i) => i.message).join(' ')).toMatch(/txRoot|transaction signature/);
    await c.close();
  });

  it('refuses a chain opened with another block producer key', async () => {
    const { dir, c } = await chainWith(1);
    await c.close();
    await expect(ChainB.open(dir, new Uint8Array(32).fill(1))).rejects.toThrow(LedgerError);
  });

  it('reports an unreadable block instead of crashing', async () => {
    const { c } = await chainWith(2);
    await c.rawStore.put('block:000000000001', '{"height":1');
    const issues = await c.verify();
    expect(issues[0]).toBeInstanceOf(LedgerError);
    expect(issues[0]!.where).toBe('chain B block 1');
    await c.close();
  });
});
