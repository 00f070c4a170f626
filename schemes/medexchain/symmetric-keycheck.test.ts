/**
 * Eq. 3's key check on a symmetric group with one generator (SS512) is an equality test instead of a product of
 * pairings (algorithms.ts, checkPairingKey). The two are the same predicate: this holds the shortcut to the pairing
 * check on honest keys, on keys whose halves differ, and on the blinded output, and holds the firewall's output to
 * the generic path's bytes.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { createSs512Group } from '../../core/groups/ss512/index.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { VerificationError } from '../../core/errors.js';
import { SeededRng } from '../../core/rng.js';
import { blindKey, checkPairingKey, type MxPairingKey } from './algorithms.js';
import { MxParams } from './params.js';

let G: PairingGroup;
let pp: MxParams;
/** The same group with the shortcut switched off: the pairing check and both exponentiations as on any backend. */
let generic: MxParams;
beforeAll(async () => {
  G = await createSs512Group();
  pp = new MxParams(G, true);
  generic = Object.assign(Object.create(Object.getPrototypeOf(pp) as object) as MxParams, pp, { oneGenerator: false });
});

const pairingCheck = (k: MxPairingKey) =>
  G.gt.isOne(
    G.pairProd([
      [k.p1, pp.g2],
      [pp.negG1, k.p2],
    ]),
  );
const accepts = (p: MxParams, k: MxPairingKey) => {
  try {
    checkPairingKey(p, k);
    return true;
  } catch (e) {
    if (e instanceof VerificationError) return false;
    throw e;
  }
};

describe('MedExChain key check on SS512 (one generator)', () => {
  test('SS512 is detected as one-generator; the shortcut is exact on honest and malformed keys', () => {
    expect(pp.oneGenerator).toBe(true);
    const rng = new SeededRng('symmetric-keycheck');
    for (let i = 0; i < 12; i++) {
      const x = G.zr.random(rng);
      const honest: MxPairingKey = { kind: 'pairing', p1: pp.g1Exp(x), p2: pp.g2Exp(x) };
      const y = G.zr.random(rng);
      const halves: MxPairingKey = { kind: 'pairing', p1: pp.g1Exp(x), p2: pp.g2Exp(y) };
      const random: MxPairingKey = { kind: 'pairing', p1: G.g1.random(rng), p2: G.g2.random(rng) };
      for (const k of [honest, halves, random]) {
        expect(accepts(pp, k)).toBe(pairingCheck(k));
        expect(accepts(generic, k)).toBe(pairingCheck(k));
      }
      expect(accepts(pp, honest)).toBe(true);
      expect(accepts(pp, halves)).toBe(false);
    }
  });

  test("CRF-KeyGen's output is byte-identical to the generic path, and a key with unequal halves is refused", () => {
    const rng = new SeededRng('symmetric-blind');
    for (let i = 0; i < 6; i++) {
      const x = G.zr.random(rng);
      const r = G.zr.random(rng);
      const pk: MxPairingKey = { kind: 'pairing', p1: pp.g1Exp(x), p2: pp.g2Exp(x) };
      const fast = blindKey(pp, pk, r);
      const slow = blindKey(generic, pk, r);
      expect(G.g1.toBytes(fast.p1)).toEqual(G.g1.toBytes(slow.p1));
      expect(G.g2.toBytes(fast.p2)).toEqual(G.g2.toBytes(slow.p2));
      const bad: MxPairingKey = { kind: 'pairing', p1: pk.p1, p2: pp.g2Exp(G.zr.random(rng)) };
      expect(() => blindKey(pp, bad, r)).toThrow(VerificationError);
      expect(() => blindKey(generic, bad, r)).toThrow(VerificationError);
    }
  });
});
