/**
 * Differential tests of the issue-19 speed-ups against the implementation they replaced (previous.ts, frozen):
 * Lehmer inversion, the Lucas-sequence final exponentiation and GT exponentiation, the mixed addition from a cached
 * affine form, the Miller loop, precomputed lines (normalized) and Lucas ladder in WebAssembly, and the x-only
 * subgroup check of strict decoding. Random inputs (fast-check) and the edge cases each new code path special-cases; the published PBC
 * vectors are checked in pbc-vectors.test.ts on the new code.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ParameterError } from '../../errors.js';
import { add, clearCofactor, eq, inSubgroup, inSubgroupX, Jac, mapToCurve, mul, toAffine } from './curve.js';
import { canon, inv } from './field.js';
import { decodePoint, encodePoint, hashToG } from './index.js';
import { DecodeError } from '../../errors.js';
import { finalExp, millerLoop, PrecomputedLines, unitaryPow } from './pairing.js';
import { prevFinalExp, prevInv, prevMillerLoop, PrevPrecomputedLines, prevUnitaryPow } from './previous.js';
import { H, Q, R, R_EXP1, R_EXP2 } from './params.js';

const enc = new TextEncoder();
const fq = fc.bigInt({ min: 0n, max: Q - 1n });
const fqNonZero = fc.bigInt({ min: 1n, max: Q - 1n });

describe('Lehmer inversion equals the plain extended Euclid', () => {
  test('on random, loose and structured inputs', () => {
    fc.assert(
      fc.property(fqNonZero, (a) => {
        expect(inv(a)).toBe(prevInv(a));
        expect(inv(a - Q)).toBe(prevInv(a)); // a loose (negative) representative
      }),
      { numRuns: 300 },
    );
    // small, near-q, powers of two, and inputs with long runs of equal quotients
    const cases = [1n, 2n, 3n, Q - 1n, Q - 2n, (Q - 1n) / 2n, 1n << 511n, (1n << 300n) + 1n, 2n ** 50n, 2n ** 50n - 1n];
    for (const a of cases) expect(inv(a)).toBe(prevInv(a));
    expect(() => inv(0n)).toThrow(ParameterError);
    expect(() => inv(-Q)).toThrow(ParameterError);
  });
});

describe('Lucas-sequence final exponentiation equals the norm-1 square-and-multiply', () => {
  test('on random F_q2 values, loose ones included', () => {
    fc.assert(
      fc.property(fq, fq, (a, b) => {
        fc.pre(a !== 0n || b !== 0n);
        const want = prevFinalExp({ a, b });
        expect(finalExp({ a, b })).toEqual(want);
        expect(finalExp({ a: a - Q, b: b + 3n * Q })).toEqual(want);
      }),
      { numRuns: 40 },
    );
  });
  test('on Miller values of real pairs and on the special cases', () => {
    const P = toAffine(hashToG(enc.encode('P'), 'SS512-SPEEDUP'))!;
    const Qp = toAffine(hashToG(enc.encode('Q'), 'SS512-SPEEDUP'))!;
    const f = millerLoop(P, Qp);
    expect(finalExp(f)).toEqual(prevFinalExp(f));
    // f in F_q (b = 0) or in i F_q (a = 0): f^(q-1) = +-1, raised to the even h, is 1
    for (const g of [
      { a: 5n, b: 0n },
      { a: 0n, b: 7n },
      { a: Q - 1n, b: 0n },
      { a: 1n, b: 1n },
    ])
      expect(finalExp(g)).toEqual(prevFinalExp(g));
    expect(() => finalExp({ a: 0n, b: Q })).toThrow(ParameterError);
  });
});

describe('Lucas-ladder GT exponentiation equals the width-5 NAF', () => {
  const base = finalExp({ a: 1234567n, b: 7654321n });
  test('on random exponents, including ones above r and above q', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 600n) - 1n }), fq, fq, (k, a, b) => {
        fc.pre(a !== 0n || b !== 0n);
        const x = finalExp({ a, b });
        expect(unitaryPow(x, k)).toEqual(prevUnitaryPow(x, k));
        expect(unitaryPow(base, k % R)).toEqual(prevUnitaryPow(base, k % R));
      }),
      { numRuns: 40 },
    );
  });
  test('on the elements without a Lucas recovery (+-1) and on +-i, exponents 0, 1, 2, r, h', () => {
    const elems = [base, { a: 1n, b: 0n }, { a: Q - 1n, b: 0n }, { a: 0n, b: 1n }, { a: 0n, b: Q - 1n }];
    for (const x of elems)
      for (const k of [0n, 1n, 2n, 3n, R, R - 1n, H, Q + 1n]) expect(unitaryPow(x, k)).toEqual(prevUnitaryPow(x, k));
    expect(() => unitaryPow(base, -1n)).toThrow(RangeError);
  });
});

describe('addition through a cached affine form', () => {
  test('gives the same point as the full Jacobian addition', () => {
    const P = hashToG(enc.encode('P'), 'SS512-SPEEDUP');
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: R - 1n }), fc.bigInt({ min: 1n, max: R - 1n }), (k1, k2) => {
        const a = mul(P, k1);
        const b = mul(P, k2);
        // fresh Jacobian copies without a cached affine form take the full addition
        const full = add(new Jac(a.X, a.Y, a.Z), new Jac(b.X, b.Y, b.Z));
        toAffine(b);
        const mixed = add(new Jac(a.X, a.Y, a.Z), b);
        expect(eq(mixed, full)).toBe(true);
        expect(toAffine(mixed)).toEqual(toAffine(full));
        // and the doubling / inverse cases still go through the mixed formula's checks
        expect(eq(add(a, a), add(new Jac(a.X, a.Y, a.Z), new Jac(a.X, a.Y, a.Z)))).toBe(true);
        const negB = new Jac(b.X, -b.Y, b.Z);
        expect(add(negB, b).isInfinity()).toBe(true);
        expect(canon(toAffine(add(b, b))!.x)).toBe(toAffine(mul(P, (2n * k2) % R))!.x);
      }),
      { numRuns: 15 },
    );
  });
});

describe('Miller loops', () => {
  const P = hashToG(enc.encode('P'), 'SS512-SPEEDUP');
  const Qp = hashToG(enc.encode('Q'), 'SS512-SPEEDUP');
  const k = fc.bigInt({ min: 1n, max: R - 1n });
  test('the WebAssembly loop gives the very same F_q2 value as the bigint line-callback loop it replaced', () => {
    fc.assert(
      fc.property(k, k, (k1, k2) => {
        const a = toAffine(mul(P, k1))!;
        const b = toAffine(mul(Qp, k2))!;
        const f = millerLoop(a, b);
        const g = prevMillerLoop(a, b);
        expect([canon(f.a), canon(f.b)]).toEqual([canon(g.a), canon(g.b)]);
      }),
      { numRuns: 25 },
    );
  });
  test('normalized precomputed lines give the same pairing as the (A, B, C) lines and as the direct loop', () => {
    fc.assert(
      fc.property(k, k, (k1, k2) => {
        const a = toAffine(mul(P, k1))!;
        const b = toAffine(mul(Qp, k2))!;
        const want = prevFinalExp(new PrevPrecomputedLines(b).evaluate(a));
        expect(finalExp(new PrecomputedLines(b).evaluate(a))).toEqual(want);
        expect(finalExp(millerLoop(a, b))).toEqual(want);
      }),
      { numRuns: 6 },
    );
  });
});

describe('x-only subgroup check (strict decoding)', () => {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const onCurve = (u: bigint) => Jac.fromAffine(mapToCurve(u));
  /** A point of exact order n (n | q + 1) from some curve point, or fails. */
  const ofOrder = (n: bigint): Jac => {
    for (let u = 2n; u < 200n; u++) {
      const t = mul(onCurve(u * 1000003n), (Q + 1n) / n);
      if (!t.isInfinity()) return t;
    }
    throw new Error(`no point of order ${n}`);
  };
  test('the soundness argument: gcd(2^159 +- 2^107 +- 1, q + 1) is r, 3, 1 and 17', () => {
    const k = (s1: bigint, s2: bigint) => (1n << BigInt(R_EXP2)) + s1 * (1n << BigInt(R_EXP1)) + s2;
    expect([k(1n, 1n), k(1n, -1n), k(-1n, 1n), k(-1n, -1n)].map((x) => gcd(x, Q + 1n))).toEqual([R, 3n, 1n, 17n]);
  });
  test('agrees with rP = O on random curve points, their cofactor-cleared images and mixed-order points', () => {
    const o3 = ofOrder(3n);
    const o17 = ofOrder(17n);
    const o2 = ofOrder(2n);
    const o8 = ofOrder(8n);
    const o51 = ofOrder(51n);
    fc.assert(
      fc.property(fqNonZero, (u) => {
        const p = onCurve(u);
        const g = clearCofactor(p);
        for (const t of [p, g, add(g, o3), add(g, o17), add(g, o2), add(g, o8), add(g, o51)]) {
          const a = toAffine(t);
          if (a === null) continue;
          expect(inSubgroupX(a.x)).toBe(inSubgroup(Jac.fromAffine(a)));
        }
        expect(inSubgroupX(toAffine(g)!.x)).toBe(true);
      }),
      { numRuns: 12 },
    );
    for (const t of [o3, o17, o2, o8, o51]) expect(inSubgroupX(toAffine(t)!.x)).toBe(false);
  });
  test('strict decoding rejects points of order 3, 17, 2, 8 and G plus those as not-in-subgroup', () => {
    const g = hashToG(enc.encode('P'), 'SS512-SPEEDUP');
    const reason = (p: Jac) => {
      try {
        decodePoint(encodePoint(p), 'G1');
        return 'accepted';
      } catch (e) {
        return e instanceof DecodeError ? e.reason : 'other';
      }
    };
    expect(reason(g)).toBe('accepted');
    for (const n of [3n, 17n, 8n, 51n]) {
      const t = ofOrder(n);
      expect(reason(t)).toBe('not-in-subgroup');
      expect(reason(add(g, t))).toBe('not-in-subgroup');
    }
    expect(reason(Jac.fromAffine({ x: 0n, y: 0n }))).toBe('identity'); // (0, 0) is the identity's encoding
  });
});
