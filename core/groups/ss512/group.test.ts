import { beforeAll, describe, expect, test } from '@jest/globals';
import { normalizeOps } from '../../ops.js';
import { SeededRng } from '../../rng.js';
import type { PairingGroup } from '../types.js';
import { createSs512Group } from './index.js';

const enc = new TextEncoder();
let G: PairingGroup;
beforeAll(async () => {
  G = await createSs512Group();
});

describe('SS512 as a PairingGroup', () => {
  test('declares the paper setting: symmetric, 80-bit, 20/128/128/128-byte elements', () => {
    expect(G.name).toBe('ss512');
    expect(G.symmetric).toBe(true);
    expect(G.securityBits).toBe(80);
    expect(G.sizes).toEqual({ Zr: 20, G1: 128, G2: 128, GT: 128 });
    expect([G.zr.size, G.g1.size, G.g2.size, G.gt.size]).toEqual([20, 128, 128, 128]);
  });
  test('counts every primitive it performs, once', () => {
    const rng = new SeededRng('ops');
    const g = G.g1.generator();
    const h = G.g2.generator();
    const k = G.zr.random(rng);
    const { ops } = G.ops.measure(() => {
      const a = G.g1.exp(g, k);
      const b = G.g2.exp(h, k);
      G.g1.mul(a, a);
      G.g2.mul(b, b);
      const t = G.g1.precompute(g);
      t.exp(k);
      t.exp(k);
      G.g1.multiExp([g, a, a], [1n, 2n, 3n]);
      G.g1.hash(enc.encode('x'), 'D');
      G.g2.hash(enc.encode('x'), 'D');
      const e = G.pair(a, b);
      G.pairProd([
        [a, b],
        [g, h],
      ]);
      const pre = G.precomputePairing(b);
      pre.pair(a);
      G.gt.exp(e, k);
      G.gt.precompute(e).exp(k);
      G.gt.mul(e, e);
      G.gt.div(e, e);
      G.gt.fromBytes(G.gt.toBytes(e));
      G.g1.fromBytes(G.g1.toBytes(a));
      G.g2.fromBytes(G.g2.toBytes(b));
      G.zr.hash(enc.encode('x'), 'D');
    });
    expect(normalizeOps(ops)).toEqual(
      normalizeOps({
        expG1: 1,
        expG2: 1,
        mulG1: 1,
        mulG2: 1,
        fixedExpG1: 2,
        msmG1Term: 3,
        hashG1: 1,
        hashG2: 1,
        millerLoop: 3,
        millerLoopPre: 1,
        finalExp: 3,
        expGT: 1,
        fixedExpGT: 1,
        mulGT: 2,
        invGT: 1,
        decodeGT: 1,
        decodeG1: 1,
        decodeG2: 1,
        hashZr: 1,
      }),
    );
  });
  test('exp reduces scalars mod r (negative and oversized exponents)', () => {
    const g = G.g1.generator();
    expect(G.g1.eq(G.g1.exp(g, -1n), G.g1.inv(g))).toBe(true);
    expect(G.g1.eq(G.g1.exp(g, G.zr.order + 2n), G.g1.mul(g, g))).toBe(true);
    expect(G.g1.isIdentity(G.g1.exp(g, G.zr.order))).toBe(true);
    expect(() => G.g1.multiExp([g], [])).toThrow(RangeError);
    expect(G.g1.isIdentity(G.g1.multiExp([], []))).toBe(true);
  });
  test('the KDF depends on the element and the label, and gives 32 bytes', () => {
    const e = G.pair(G.g1.generator(), G.g2.generator());
    const e2 = G.gt.mul(e, e);
    expect(G.gt.kdf(e, 'a').length).toBe(32);
    expect(G.gt.kdf(e, 'a')).toEqual(G.gt.kdf(e, 'a'));
    expect(G.gt.kdf(e, 'a')).not.toEqual(G.gt.kdf(e, 'b'));
    expect(G.gt.kdf(e, 'a')).not.toEqual(G.gt.kdf(e2, 'a'));
  });
  test('random elements come from the seeded stream and are in G', () => {
    const a = G.g1.random(new SeededRng('s'));
    const b = G.g1.random(new SeededRng('s'));
    const c = G.g1.random(new SeededRng('t'));
    expect(G.g1.eq(a, b)).toBe(true);
    expect(G.g1.eq(a, c)).toBe(false);
    expect(G.g1.isIdentity(G.g1.exp(a, G.zr.order))).toBe(true);
  });
});
