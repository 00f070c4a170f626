/**
 * mcl-wasm and @noble/curves on BLS12-381 must agree on every byte: generators, exponentiations, hashing to
 * G1/G2, pairings and GT encodings. The same random scalars drive both.
 */
import { beforeAll, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { createMclGroup } from './mcl.js';
import { createNobleGroup } from './noble.js';
import type { PairingGroup } from './types.js';

let M: PairingGroup;
let N: PairingGroup;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

beforeAll(async () => {
  M = await createMclGroup('bls12-381');
  N = await createNobleGroup();
});

test('same generators and encodings', () => {
  expect(hex(M.g1.toBytes(M.g1.generator()))).toBe(hex(N.g1.toBytes(N.g1.generator())));
  expect(hex(M.g2.toBytes(M.g2.generator()))).toBe(hex(N.g2.toBytes(N.g2.generator())));
  expect(M.zr.order).toBe(N.zr.order);
});

test('same exponentiations, pairings and GT bytes', () => {
  fc.assert(
    fc.property(fc.bigInt(1n, M.zr.order - 1n), fc.bigInt(1n, M.zr.order - 1n), (a, b) => {
      const pm = M.g1.exp(M.g1.generator(), a);
      const pn = N.g1.exp(N.g1.generator(), a);
      const qm = M.g2.exp(M.g2.generator(), b);
      const qn = N.g2.exp(N.g2.generator(), b);
      const em = M.pair(pm, qm);
      const en = N.pair(pn, qn);
      return (
        hex(M.g1.toBytes(pm)) === hex(N.g1.toBytes(pn)) &&
        hex(M.g2.toBytes(qm)) === hex(N.g2.toBytes(qn)) &&
        hex(M.gt.toBytes(em)) === hex(N.gt.toBytes(en)) &&
        hex(M.gt.kdf(em, 'x')) === hex(N.gt.kdf(en, 'x'))
      );
    }),
    { numRuns: 4 },
  );
});

test('same hash to G1, G2 and Zr; cross-decoding', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 12 }), (m, dst) => {
      const d = `T-${dst}`;
      return (
        hex(M.g1.toBytes(M.g1.hash(m, d))) === hex(N.g1.toBytes(N.g1.hash(m, d))) &&
        hex(M.g2.toBytes(M.g2.hash(m, d))) === hex(N.g2.toBytes(N.g2.hash(m, d))) &&
        M.zr.hash(m, d) === N.zr.hash(m, d)
      );
    }),
    { numRuns: 4 },
  );
  const t = M.pair(M.g1.hash(new Uint8Array([1]), 'x'), M.g2.generator());
  expect(hex(N.gt.toBytes(N.gt.fromBytes(M.gt.toBytes(t))))).toBe(hex(M.gt.toBytes(t)));
});
