import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError } from '../errors.js';
import { SeededRng } from '../rng.js';
import { createSecp256k1Group } from './secp256k1.js';

const rng = new SeededRng('secp256k1-test');

describe('secp256k1 prime group', () => {
  const g = createSecp256k1Group();
  const P_FIELD = 2n ** 256n - 2n ** 32n - 977n;

  test('exponent laws and counting', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: g.zr.order - 1n }),
        fc.bigInt({ min: 1n, max: g.zr.order - 1n }),
        (a, b) => {
          const gen = g.generator();
          const { result, ops } = g.ops.measure(() => g.mul(g.exp(gen, a), g.exp(gen, b)));
          expect(ops).toEqual({ expEC: 2, mulEC: 1 });
          expect(g.eq(result, g.precompute(gen).exp(g.zr.add(a, b)))).toBe(true);
        },
      ),
      { numRuns: 10 },
    );
    expect(g.isIdentity(g.exp(g.generator(), g.zr.order))).toBe(true);
    const x = g.zr.random(rng);
    expect(g.zr.mul(x, g.zr.inv(x))).toBe(1n);
  });

  test('points round-trip; the decoder refuses every malformed encoding', () => {
    const p = g.exp(g.generator(), g.zr.random(rng));
    const b = g.toBytes(p);
    expect(b.length).toBe(33);
    expect(g.eq(g.fromBytes(b), p)).toBe(true);
    const reason = (bytes: Uint8Array, opts?: { allowIdentity?: boolean }) => {
      try {
        g.fromBytes(bytes, opts);
        return 'ok';
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        return (e as DecodeError).reason;
      }
    };
    expect(reason(b.slice(0, 32))).toBe('length');
    expect(reason(new Uint8Array(33))).toBe('identity');
    expect(reason(new Uint8Array(33), { allowIdentity: true })).toBe('ok');
    expect(reason(Uint8Array.of(0x04, ...b.subarray(1)))).toBe('non-canonical');
    const big = new Uint8Array(33);
    big[0] = 2;
    let v = P_FIELD;
    for (let i = 32; i >= 1; i--) {
      big[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    expect(reason(big)).toBe('non-canonical');
    // x = 5 has no y on secp256k1 (5^3 + 7 = 132 is not a square mod p).
    const off = new Uint8Array(33);
    off[0] = 2;
    off[32] = 5;
    expect(reason(off)).toBe('not-on-curve');
  });

  test('scalars are fixed-length and canonical', () => {
    expect(() => g.zr.fromBytes(new Uint8Array(31))).toThrow(DecodeError);
    expect(() => g.zr.fromBytes(new Uint8Array(32))).toThrow(DecodeError);
    expect(g.zr.fromBytes(new Uint8Array(32), { allowZero: true })).toBe(0n);
    const n = g.zr.order;
    const nb = new Uint8Array(32);
    let v = n;
    for (let i = 31; i >= 0; i--) {
      nb[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    expect(() => g.zr.fromBytes(nb)).toThrow(DecodeError);
  });

  test('hash to curve is deterministic and domain separated', () => {
    const d = new TextEncoder().encode('data');
    expect(g.eq(g.hash(d, 'A'), g.hash(d, 'A'))).toBe(true);
    expect(g.eq(g.hash(d, 'A'), g.hash(d, 'B'))).toBe(false);
  });
});
