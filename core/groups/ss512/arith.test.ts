import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ParameterError } from '../../errors.js';
import { batchInv, canon, fq2Inv, fq2Mul, fq2Sqr, inv, pow, sqrtOrNegSqrt, unitarySqr } from './field.js';
import { Q } from './params.js';
import { signedWindows, wnaf } from './wnaf.js';
import { md } from './reference.js';

const fq = fc.bigInt({ min: 0n, max: Q - 1n });
const scalar = fc.bigInt({ min: 0n, max: (1n << 400n) - 1n });

describe('signed recodings', () => {
  test('wNAF digits recompose to k, are odd and bounded, and at most one per w-window is non-zero', () => {
    fc.assert(
      fc.property(scalar, fc.integer({ min: 2, max: 7 }), (k, w) => {
        const d = wnaf(k, w);
        let v = 0n;
        for (let i = d.length - 1; i >= 0; i--) v = 2n * v + BigInt(d[i]!);
        expect(v).toBe(k);
        // plain checks in the loop (jest's expect per digit would dominate the run time)
        let shapeOk = true;
        for (let i = 0; i < d.length; i++) {
          const x = d[i]!;
          if (x === 0) continue;
          if (Math.abs(x) % 2 !== 1 || Math.abs(x) >= 1 << (w - 1)) shapeOk = false;
          for (let j = 1; j < w && i + j < d.length; j++) if (d[i + j] !== 0) shapeOk = false;
        }
        expect(shapeOk).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(wnaf(0n, 5).length).toBe(0);
    expect(() => wnaf(-1n, 5)).toThrow(RangeError);
  });
  test('signed windows recompose to k with |d| <= 2^(w-1), and refuse a k that does not fit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 160n) - 1n }), fc.integer({ min: 2, max: 8 }), (k, w) => {
        const count = Math.floor(160 / w) + 1;
        const d = signedWindows(k, w, count);
        let v = 0n;
        for (let j = count - 1; j >= 0; j--) v = (v << BigInt(w)) + BigInt(d[j]!);
        expect(v).toBe(k);
        expect(d.every((x) => Math.abs(x) <= 1 << (w - 1))).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(() => signedWindows(1n << 20n, 4, 4)).toThrow(RangeError);
  });
});

describe('F_q and F_q2', () => {
  test('inv, batchInv and pow agree with Fermat; zero has no inverse', () => {
    fc.assert(
      fc.property(
        fq.filter((x) => x !== 0n),
        fq.filter((x) => x !== 0n),
        (a, b) => {
          expect(canon(inv(a) * a)).toBe(1n);
          expect(inv(a)).toBe(pow(a, Q - 2n));
          expect(batchInv([a, b, (a * b) % Q])).toEqual([inv(a), inv(b), inv((a * b) % Q)]);
        },
      ),
      { numRuns: 30 },
    );
    expect(() => inv(0n)).toThrow(ParameterError);
    expect(() => inv(Q)).toThrow(ParameterError);
    expect(batchInv([])).toEqual([]);
  });
  test('sqrtOrNegSqrt squares to a or -a', () => {
    fc.assert(
      fc.property(fq, (a) => {
        const s = sqrtOrNegSqrt(a);
        const s2 = canon(s * s);
        expect(s2 === canon(a) || s2 === canon(-a)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
  test('products, squares and inverses match the schoolbook formulas, also on loose (negative) inputs', () => {
    fc.assert(
      fc.property(fq, fq, fq, fq, (a, b, c, d) => {
        const x = { a: a - Q, b }; // loose representative
        const y = { a: c, b: d };
        const m = fq2Mul(x, y);
        expect([canon(m.a), canon(m.b)]).toEqual([md(a * c - b * d), md(a * d + b * c)]);
        const s = fq2Sqr(x);
        expect([canon(s.a), canon(s.b)]).toEqual([md(a * a - b * b), md(2n * a * b)]);
        if (a !== 0n || b !== 0n) {
          const i = fq2Mul(x, fq2Inv(x));
          expect([canon(i.a), canon(i.b)]).toEqual([1n, 0n]);
        }
      }),
      { numRuns: 100 },
    );
  });
  test('unitary squaring equals plain squaring on norm-1 elements (and differs elsewhere)', () => {
    fc.assert(
      fc.property(fq, fq, (a, b) => {
        // z^(q-1) = conj(z) / z has norm 1 for any non-zero z
        fc.pre(a !== 0n || b !== 0n);
        const zq = fq2Mul({ a, b: -b }, fq2Inv({ a, b }));
        const [ua, ub] = [canon(zq.a), canon(zq.b)];
        expect(canon(ua * ua + ub * ub)).toBe(1n);
        const u = unitarySqr({ a: ua, b: ub });
        const s = fq2Sqr({ a: ua, b: ub });
        expect([canon(u.a), canon(u.b)]).toEqual([canon(s.a), canon(s.b)]);
      }),
      { numRuns: 50 },
    );
    const notUnitary = unitarySqr({ a: 2n, b: 3n });
    const plain = fq2Sqr({ a: 2n, b: 3n });
    expect(canon(notUnitary.a) === canon(plain.a) && canon(notUnitary.b) === canon(plain.b)).toBe(false);
  });
});
