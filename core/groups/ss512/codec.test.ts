import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError, type DecodeReason } from '../../errors.js';
import { SeededRng } from '../../rng.js';
import { bigintToBytes } from '../common.js';
import type { G1, GT, PairingGroup } from '../types.js';
import { mapToCurve } from './curve.js';
import { canon, fq2Inv, fq2Mul } from './field.js';
import { createSs512Group } from './index.js';
import { Q, R } from './params.js';

let G: PairingGroup;
beforeAll(async () => {
  G = await createSs512Group();
});

const reasonOf = (f: () => unknown): DecodeReason | 'accepted' | 'other' => {
  try {
    f();
    return 'accepted';
  } catch (e) {
    return e instanceof DecodeError ? e.reason : 'other';
  }
};
const cat = (a: Uint8Array, b: Uint8Array) => {
  const o = new Uint8Array(a.length + b.length);
  o.set(a);
  o.set(b, a.length);
  return o;
};
const fq = (x: bigint) => bigintToBytes(x, 64);

describe('G encoding (x || y, 128 bytes)', () => {
  test('round trips, fixed length, and canonical bytes', () => {
    const rng = new SeededRng('codec');
    for (let i = 0; i < 5; i++) {
      const p = G.g1.random(rng);
      const b = G.g1.toBytes(p);
      expect(b.length).toBe(128);
      expect(G.g1.size).toBe(128);
      const back = G.g1.fromBytes(b);
      expect(G.g1.eq(back, p)).toBe(true);
      expect(G.g1.toBytes(back)).toEqual(b);
      expect(G.g2.toBytes(G.g2.fromBytes(b) as never)).toEqual(b);
    }
    const id = G.g1.toBytes(G.g1.identity());
    expect(id).toEqual(new Uint8Array(128));
    expect(G.g1.isIdentity(G.g1.fromBytes(id, { allowIdentity: true }))).toBe(true);
  });
  test('strict rejections, each with its reason', () => {
    const p = G.g1.toBytes(G.g1.generator());
    const x = p.slice(0, 64);
    const y = p.slice(64);
    expect(reasonOf(() => G.g1.fromBytes(p.slice(0, 127)))).toBe('length');
    expect(reasonOf(() => G.g1.fromBytes(cat(p, Uint8Array.of(0))))).toBe('length');
    expect(reasonOf(() => G.g1.fromBytes(new Uint8Array(65)))).toBe('length');
    expect(reasonOf(() => G.g1.fromBytes(new Uint8Array(128)))).toBe('identity');
    // y + q encodes the same residue: must be refused as non-canonical, not reduced. One of y, q - y (the
    // inverse point) leaves room for + q in 64 bytes.
    const yv = BigInt('0x' + Buffer.from(y).toString('hex'));
    const ySmall = yv + Q < 1n << 512n ? yv : Q - yv;
    expect(ySmall + Q < 1n << 512n).toBe(true);
    expect(reasonOf(() => G.g1.fromBytes(cat(x, fq(ySmall))))).toBe('accepted');
    expect(reasonOf(() => G.g1.fromBytes(cat(x, fq(ySmall + Q))))).toBe('non-canonical');
    expect(reasonOf(() => G.g1.fromBytes(cat(fq(Q), y)))).toBe('non-canonical');
    expect(reasonOf(() => G.g1.fromBytes(cat(x, fq(canon(yv + 1n)))))).toBe('not-on-curve');
    // (x, -y) is the inverse: valid
    expect(reasonOf(() => G.g1.fromBytes(cat(x, fq(canon(-yv)))))).toBe('accepted');
    // a curve point outside G, and the 2-torsion point written explicitly (it is the identity's encoding)
    const out = mapToCurve(77n);
    expect(reasonOf(() => G.g1.fromBytes(cat(fq(out.x), fq(out.y))))).toBe('not-in-subgroup');
    expect(reasonOf(() => G.g2.fromBytes(cat(fq(out.x), fq(out.y))))).toBe('not-in-subgroup');
    expect(reasonOf(() => G.g1.fromBytes('nope' as unknown as Uint8Array))).toBe('length');
  });
  test('fuzz: 10^4 random and mutated encodings are either refused with a DecodeError or decode canonically', () => {
    const valid = G.g1.toBytes(G.g1.generator());
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 140 }),
          fc.uint8Array({ minLength: 128, maxLength: 128 }),
          fc.tuple(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 1, max: 255 })).map(([i, v]) => {
            const m = valid.slice();
            m[i] = m[i]! ^ v;
            return m;
          }),
        ),
        (b) => {
          const r = reasonOf(() => G.g1.fromBytes(b, { allowIdentity: true }));
          if (r === 'other') return false;
          if (r === 'accepted') {
            accepted++;
            return G.g1.toBytes(G.g1.fromBytes(b, { allowIdentity: true })).every((v, i) => v === b[i]);
          }
          return true;
        },
      ),
      { numRuns: 10_000 },
    );
    expect(accepted).toBeLessThan(10); // only the all-zero identity can be hit by chance
  });
});

describe('GT encoding (a || b in F_q2, 128 bytes)', () => {
  let e: GT;
  beforeAll(() => {
    e = G.pair(G.g1.generator(), G.g2.generator());
  });
  test('round trips and canonical bytes', () => {
    const b = G.gt.toBytes(e);
    expect(b.length).toBe(128);
    expect(G.gt.size).toBe(128);
    expect(G.gt.eq(G.gt.fromBytes(b), e)).toBe(true);
    expect(G.gt.toBytes(G.gt.fromBytes(b))).toEqual(b);
    const one = G.gt.toBytes(G.gt.one());
    expect(reasonOf(() => G.gt.fromBytes(one))).toBe('identity');
    expect(G.gt.isOne(G.gt.fromBytes(one, { allowIdentity: true }))).toBe(true);
  });
  test('strict rejections: length, non-canonical, zero, norm != 1, norm 1 but order != r', () => {
    const b = G.gt.toBytes(e);
    const a = BigInt('0x' + Buffer.from(b.slice(0, 64)).toString('hex'));
    const c = BigInt('0x' + Buffer.from(b.slice(64)).toString('hex'));
    expect(reasonOf(() => G.gt.fromBytes(b.slice(1)))).toBe('length');
    expect(reasonOf(() => G.gt.fromBytes(cat(fq(Q), fq(c))))).toBe('non-canonical');
    // a + q in place of a: find a power of e whose first coordinate leaves room for + q
    let k = 1n;
    let ek = G.gt.toBytes(e);
    while (BigInt('0x' + Buffer.from(ek.slice(0, 64)).toString('hex')) + Q >= 1n << 512n)
      ek = G.gt.toBytes(G.gt.exp(e, ++k));
    const ak = BigInt('0x' + Buffer.from(ek.slice(0, 64)).toString('hex'));
    expect(reasonOf(() => G.gt.fromBytes(ek))).toBe('accepted');
    expect(reasonOf(() => G.gt.fromBytes(cat(fq(ak + Q), ek.slice(64))))).toBe('non-canonical');
    expect(reasonOf(() => G.gt.fromBytes(new Uint8Array(128)))).toBe('not-in-subgroup');
    expect(reasonOf(() => G.gt.fromBytes(cat(fq(a), fq(canon(c + 1n)))))).toBe('not-in-subgroup');
    // conj(z)/z has norm 1 but (for this z) order not dividing r
    const z = { a: 3n, b: 5n };
    const u = fq2Mul({ a: z.a, b: -z.b }, fq2Inv(z));
    const ub = cat(fq(canon(u.a)), fq(canon(u.b)));
    expect(canon(u.a * u.a + u.b * u.b)).toBe(1n);
    expect(reasonOf(() => G.gt.fromBytes(ub))).toBe('not-in-subgroup');
    // the conjugate (inverse) of a valid element is valid
    expect(reasonOf(() => G.gt.fromBytes(cat(fq(a), fq(canon(-c)))))).toBe('accepted');
  });
  test('fuzz: 10^4 random and mutated GT encodings never decode to a non-member', () => {
    const valid = G.gt.toBytes(e);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ minLength: 0, maxLength: 140 }),
          fc.uint8Array({ minLength: 128, maxLength: 128 }),
          fc.tuple(fc.integer({ min: 0, max: 127 }), fc.integer({ min: 1, max: 255 })).map(([i, v]) => {
            const m = valid.slice();
            m[i] = m[i]! ^ v;
            return m;
          }),
        ),
        (b) => {
          const r = reasonOf(() => G.gt.fromBytes(b));
          return r !== 'other' && r !== 'accepted';
        },
      ),
      { numRuns: 10_000 },
    );
  });
});

describe('Zr', () => {
  test('20-byte strict scalars', () => {
    expect(G.zr.size).toBe(20);
    expect(G.zr.order).toBe(R);
    const k = G.zr.random(new SeededRng('z'));
    expect(G.zr.fromBytes(G.zr.toBytes(k))).toBe(k);
    expect(reasonOf(() => G.zr.fromBytes(bigintToBytes(R, 20)))).toBe('non-canonical');
    expect(reasonOf(() => G.zr.fromBytes(new Uint8Array(21)))).toBe('length');
    expect(reasonOf(() => G.zr.fromBytes(new Uint8Array(20)))).toBe('identity');
  });
});

export type { G1 };
