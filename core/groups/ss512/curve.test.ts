import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  add,
  addAffine,
  clearCofactor,
  dbl,
  eq,
  FixedBaseTable,
  INFINITY,
  inSubgroup,
  isOnCurve,
  Jac,
  mapToCurve,
  mul,
  multiMul,
  neg,
  toAffine,
} from './curve.js';
import { canon } from './field.js';
import { hashToG, pointFromFieldElements } from './index.js';
import { H, Q, R } from './params.js';
import { refAdd, refMul, refOnCurve, type RefPoint } from './reference.js';

const enc = new TextEncoder();
const fq = fc.bigInt({ min: 0n, max: Q - 1n });
const zr = fc.bigInt({ min: 0n, max: R - 1n });

/** An arbitrary curve point (generally NOT in G): the map of a field element. */
const curvePoint = (u: bigint) => mapToCurve(u);
const G0 = hashToG(enc.encode('curve test base'), 'SS512-TEST');
const G0a = toAffine(G0)!;

const sameAsRef = (p: Jac, r: RefPoint) => {
  const a = toAffine(p);
  return a === null ? r === null : r !== null && a.x === r.x && a.y === r.y;
};

describe('curve arithmetic against the affine reference', () => {
  test('the encoding u -> point lands on the curve; u and -u give (x, y) and (x, -y)', () => {
    fc.assert(
      fc.property(fq, (u) => {
        const p = curvePoint(u);
        const m = curvePoint(canon(-u));
        expect(isOnCurve(p.x, p.y)).toBe(true);
        expect(p.x).toBe(m.x);
        expect(canon(p.y + m.y)).toBe(0n);
        expect(p.x === u || p.x === canon(-u)).toBe(true);
      }),
      { numRuns: 30 },
    );
    expect(curvePoint(0n)).toEqual({ x: 0n, y: 0n });
  });
  test('add, dbl, mixed add and neg agree with affine formulas on arbitrary curve points', () => {
    fc.assert(
      fc.property(fq, fq, (u, v) => {
        const p = curvePoint(u);
        const q = curvePoint(v);
        const jp = Jac.fromAffine(p);
        // a Jacobian representative with Z != 1 to exercise the general formulas
        const jq = dbl(dbl(Jac.fromAffine(q)));
        const q4 = refMul(q, 4n);
        expect(sameAsRef(jq, q4)).toBe(true);
        expect(sameAsRef(add(jp, jq), refAdd(p, q4))).toBe(true);
        expect(sameAsRef(add(jq, jp), refAdd(p, q4))).toBe(true);
        expect(sameAsRef(addAffine(jq, p.x, p.y), refAdd(p, q4))).toBe(true);
        expect(sameAsRef(dbl(jq), refMul(q, 8n))).toBe(true);
        expect(add(jq, neg(jq)).isInfinity()).toBe(true);
        expect(eq(add(jq, jq), dbl(jq))).toBe(true); // the doubling case inside add
      }),
      { numRuns: 15 },
    );
  });
  test('the 2-torsion point (0, 0) doubles to infinity', () => {
    const t = Jac.fromAffine({ x: 0n, y: 0n });
    expect(dbl(t).isInfinity()).toBe(true);
    expect(add(t, t).isInfinity()).toBe(true);
    expect(inSubgroup(t)).toBe(false);
  });
  test('scalar multiplication (wNAF) equals double-and-add', () => {
    fc.assert(
      fc.property(zr, (k) => {
        expect(sameAsRef(mul(G0, k), refMul(G0a, k))).toBe(true);
      }),
      { numRuns: 4 },
    );
    expect(mul(G0, 0n).isInfinity()).toBe(true);
    expect(mul(G0, R).isInfinity()).toBe(true);
    expect(eq(mul(G0, R + 5n), mul(G0, 5n))).toBe(true);
    expect(eq(mul(G0, R - 1n), neg(G0))).toBe(true);
  });
  test('fixed-base tables and multi-exponentiation agree with mul', () => {
    const tbl = new FixedBaseTable(G0, 6);
    const tbl4 = new FixedBaseTable(mul(G0, 7n), 4);
    fc.assert(
      fc.property(zr, zr, zr, (a, b, c) => {
        expect(eq(tbl.mul(a), mul(G0, a))).toBe(true);
        expect(eq(tbl4.mul(b), mul(G0, 7n * b))).toBe(true);
        const P2 = mul(G0, 3n);
        const expect3 = add(add(mul(G0, a), mul(P2, b)), mul(neg(G0), c));
        expect(eq(multiMul([G0, P2, neg(G0)], [a, b, c]), expect3)).toBe(true);
      }),
      { numRuns: 5 },
    );
    expect(tbl.mul(0n).isInfinity()).toBe(true);
    expect(eq(tbl.mul(R - 1n), neg(G0))).toBe(true);
    expect(multiMul([], []).isInfinity()).toBe(true);
    expect(new FixedBaseTable(INFINITY, 6).mul(12345n).isInfinity()).toBe(true);
    expect(multiMul([G0, INFINITY], [0n, 9n]).isInfinity()).toBe(true);
  });
  test('cofactor clearing lands in G; subgroup test accepts G and rejects other curve points', () => {
    fc.assert(
      fc.property(fq, (u) => {
        const p = Jac.fromAffine(curvePoint(u));
        const hp = clearCofactor(p);
        expect(inSubgroup(hp)).toBe(true);
        expect(refMul(toAffine(hp), R)).toBeNull();
        // #E = h r with gcd(h, r) = 1: a point outside G has rP != O
        expect(inSubgroup(p)).toBe(refMul(curvePoint(u), R) === null);
      }),
      { numRuns: 2 },
    );
    expect(inSubgroup(G0)).toBe(true);
    expect(inSubgroup(Jac.fromAffine(curvePoint(5n)))).toBe(false);
    expect(H).toBeGreaterThan(0n);
  });
  test('hashing retries when the mapped point is killed by the cofactor (u = 0 maps to the 2-torsion point)', () => {
    const seen: number[] = [];
    const p = pointFromFieldElements((ctr) => {
      seen.push(ctr);
      return ctr === 0 ? 0n : 5n;
    });
    expect(seen).toEqual([0, 1]);
    expect(eq(p, clearCofactor(Jac.fromAffine(curvePoint(5n))))).toBe(true);
  });
  test('the hash is deterministic, on the curve, in G, and domain-separated', () => {
    const a = hashToG(enc.encode('m'), 'DST-A');
    expect(eq(a, hashToG(enc.encode('m'), 'DST-A'))).toBe(true);
    expect(eq(a, hashToG(enc.encode('m'), 'DST-B'))).toBe(false);
    expect(eq(a, hashToG(enc.encode('m2'), 'DST-A'))).toBe(false);
    const aa = toAffine(a)!;
    expect(refOnCurve(aa)).toBe(true);
    expect(inSubgroup(a)).toBe(true);
    expect(a.isInfinity()).toBe(false);
  });
});
