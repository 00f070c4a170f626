import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { mul, toAffine } from './curve.js';
import { canon } from './field.js';
import { createSs512Group, hashToG, pairRaw } from './index.js';
import { finalExp, millerLoop, unitaryHasOrderR, unitaryPow } from './pairing.js';
import { R } from './params.js';
import type { G1, G2, GT, PairingGroup } from '../types.js';
import { SeededRng } from '../../rng.js';
import { UnsupportedError } from '../../errors.js';
import { refPairing } from './reference.js';

const enc = new TextEncoder();
let G: PairingGroup;
beforeAll(async () => {
  G = await createSs512Group();
});
const zr = fc.bigInt({ min: 1n, max: R - 1n });

describe('Tate pairing: independent cross-check', () => {
  test('the fast pairing equals the naive reference (affine, with denominators, full exponent) on 2 pairs', () => {
    const P = hashToG(enc.encode('P'), 'SS512-TEST');
    const Qp = hashToG(enc.encode('Q'), 'SS512-TEST');
    const pairs = [
      [P, Qp],
      [mul(P, 12345n), Qp],
    ] as const;
    for (const [a, b] of pairs) {
      const fast = pairRaw(a, b);
      const ref = refPairing(toAffine(a)!, toAffine(b)!);
      expect([canon(fast.a), canon(fast.b)]).toEqual(ref);
    }
  });
  test('final exponentiation kills F_q factors (denominator elimination is sound)', () => {
    const P = toAffine(hashToG(enc.encode('P'), 'SS512-TEST'))!;
    const Qa = toAffine(hashToG(enc.encode('Q'), 'SS512-TEST'))!;
    const f = millerLoop(P, Qa);
    const e1 = finalExp(f);
    const e2 = finalExp({ a: f.a * 987654321n, b: f.b * 987654321n });
    expect(e2).toEqual(e1);
    expect(unitaryHasOrderR(e1)).toBe(true);
    expect(unitaryPow(e1, R)).toEqual({ a: 1n, b: 0n });
  });
});

describe('bilinearity and non-degeneracy (fast-check)', () => {
  test('e(g^a, g^b) = e(g, g)^(ab) = e(g^b, g^a), and e(g, g) != 1', () => {
    const g1 = G.g1.generator();
    const g2 = G.g2.generator();
    const base = G.pair(g1, g2);
    expect(G.gt.isOne(base)).toBe(false);
    expect(G.gt.isOne(G.gt.exp(base, R))).toBe(true);
    fc.assert(
      fc.property(zr, zr, (a, b) => {
        const e = G.pair(G.g1.exp(g1, a), G.g2.exp(g2, b));
        expect(G.gt.eq(e, G.gt.exp(base, G.zr.mul(a, b)))).toBe(true);
        expect(G.gt.eq(e, G.pair(G.g1.exp(g1, b), G.g2.exp(g2, a)))).toBe(true);
      }),
      { numRuns: 6 },
    );
  });
  test('linearity in each argument: e(P1 P2, Q) = e(P1, Q) e(P2, Q)', () => {
    const rng = new SeededRng('lin');
    for (let i = 0; i < 3; i++) {
      const p1 = G.g1.random(rng);
      const p2 = G.g1.random(rng);
      const q = G.g2.random(rng);
      expect(G.gt.eq(G.pair(G.g1.mul(p1, p2), q), G.gt.mul(G.pair(p1, q), G.pair(p2, q)))).toBe(true);
      expect(G.gt.eq(G.pair(G.g1.inv(p1), q), G.gt.inv(G.pair(p1, q)))).toBe(true);
    }
  });
  test('identity in either argument gives 1; pairProd and precomputed pairings agree with pair', () => {
    const rng = new SeededRng('prod');
    const p = [G.g1.random(rng), G.g1.random(rng), G.g1.random(rng)];
    const q = [G.g2.random(rng), G.g2.random(rng), G.g2.random(rng)];
    expect(G.gt.isOne(G.pair(G.g1.identity(), q[0]!))).toBe(true);
    expect(G.gt.isOne(G.pair(p[0]!, G.g2.identity()))).toBe(true);
    const expected = p.map((pi, i) => G.pair(pi, q[i]!)).reduce((x, y) => G.gt.mul(x, y));
    expect(G.gt.eq(G.pairProd(p.map((pi, i) => [pi, q[i]!] as const)), expected)).toBe(true);
    const pre = G.precomputePairing(q[1]!);
    expect(G.gt.eq(pre.pair(p[1]!), G.pair(p[1]!, q[1]!))).toBe(true);
    expect(G.gt.eq(pre.pair(p[2]!), G.pair(p[2]!, q[1]!))).toBe(true);
    expect(G.gt.isOne(pre.pair(G.g1.identity()))).toBe(true);
    // a precomputation passed where pairProd expects a G2 element (the mcl backend's convention)
    const mixed = G.pairProd([
      [p[0]!, q[0]!],
      [p[1]!, pre as unknown as G2],
    ]);
    expect(G.gt.eq(mixed, G.gt.mul(G.pair(p[0]!, q[0]!), G.pair(p[1]!, q[1]!)))).toBe(true);
    expect(G.gt.isOne(G.pairProd([]))).toBe(true);
    pre.destroy();
    expect(() => pre.pair(p[0]!)).toThrow(UnsupportedError);
  });
  test('GT exponentiation, fixed-base GT and division are consistent', () => {
    const e: GT = G.pair(G.g1.generator(), G.g2.hash(enc.encode('x'), 'T'));
    const t = G.gt.precompute(e);
    fc.assert(
      fc.property(zr, zr, (a, b) => {
        const ea = G.gt.exp(e, a);
        expect(G.gt.eq(t.exp(a), ea)).toBe(true);
        expect(G.gt.eq(G.gt.mul(ea, G.gt.exp(e, b)), G.gt.exp(e, G.zr.add(a, b)))).toBe(true);
        expect(G.gt.eq(G.gt.div(ea, G.gt.exp(e, b)), G.gt.exp(e, G.zr.sub(a, b)))).toBe(true);
      }),
      { numRuns: 5 },
    );
    expect(G.gt.isOne(G.gt.exp(e, 0n))).toBe(true);
    expect(G.gt.isOne(t.exp(0n))).toBe(true);
    expect(G.gt.eq(G.gt.exp(e, -1n), G.gt.inv(e))).toBe(true);
  });
  test('symmetric group: a G1 point works as a G2 point and hashes agree', () => {
    const h1 = G.g1.hash(enc.encode('m'), 'D') as unknown;
    const h2 = G.g2.hash(enc.encode('m'), 'D') as unknown;
    expect(G.g1.eq(h1 as G1, h2 as G1)).toBe(true);
    expect(G.symmetric).toBe(true);
  });
});
