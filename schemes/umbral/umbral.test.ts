import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, ParameterError, UnsupportedError, VerificationError } from '../../core/errors.js';
import { SeededRng } from '../../core/rng.js';
import { readFileSync } from 'node:fs';
import { expectCostModelMatchesStory, expectGolden, fuzzDecoder } from '../../core/testkit.js';
import { createUmbralInstance, umbral, type UmbralInstance } from './index.js';

const rng = new SeededRng('umbral-test');
const enc = (s: string) => new TextEncoder().encode(s);

function setup(t: number, n: number) {
  const inst = createUmbralInstance({ threshold: { t, n } });
  const alice = inst.keygen({ id: 'alice' }, rng);
  const bob = inst.keygen({ id: 'bob' }, rng);
  const rk = inst.rekeygen!(alice, { kind: 'pk', pk: bob.pk }, rng);
  return { inst, alice, bob, rk };
}

describe('Umbral', () => {
  test('story runs and every step costs exactly what the cost model declares', async () => {
    for (const threshold of [
      { t: 1, n: 1 },
      { t: 2, n: 3 },
    ]) {
      const inst = await umbral.create({ group: null, params: { threshold } });
      const story = await inst.story({ rng: rng.fork(`story-${threshold.t}`) });
      expect(story.checks.filter((c) => !c.ok)).toEqual([]);
      expect(story.ok).toBe(true);
      expectCostModelMatchesStory(umbral.costModel(inst.params, { precompute: true, symmetric: false }), story);
      expect(story.messages.map((m) => m.id)).toEqual(umbral.messages(inst.params).map((m) => m.id));
    }
  });

  test('any t of n cFrags decrypt; the owner decrypts the original (property)', () => {
    const { inst, alice, bob, rk } = setup(2, 4);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uniqueArray(fc.nat({ max: 3 }), { minLength: 2, maxLength: 4 }),
        (m, which) => {
          const ct = inst.encrypt({ kind: 'pk', pk: alice.pk }, m, rng);
          expect(inst.decrypt(alice, ct)).toEqual(m);
          const cfrags = which.map((i) => inst.reencryptFragment(rk, i, ct, rng));
          expect(inst.decrypt(bob, inst.collect(rk, ct, cfrags))).toEqual(m);
        },
      ),
      { numRuns: 4 },
    );
  });

  test('fewer than t cFrags fail', () => {
    const { inst, bob, rk, alice } = setup(3, 5);
    const ct = inst.encrypt({ kind: 'pk', pk: alice.pk }, enc('record'), rng);
    const two = [0, 4].map((i) => inst.reencryptFragment(rk, i, ct, rng));
    expect(() => inst.decrypt(bob, inst.collect(rk, ct, two))).toThrow(DecryptionError);
  });

  test('a forged cFrag, a tampered proof or a duplicate is rejected by verification', () => {
    const { inst, bob, rk, alice } = setup(2, 3);
    const ct = inst.encrypt({ kind: 'pk', pk: alice.pk }, enc('record'), rng);
    const [f0, f1] = [0, 1].map((i) => inst.reencryptFragment(rk, i, ct, rng)) as [UmbralCFrag, UmbralCFrag];
    const other = setup(2, 3);
    // A cFrag made honestly with a kFrag the delegator did not sign (another delegation).
    const foreign = other.inst.reencryptFragment(other.rk, 0, ct, rng);
    const forgedE1 = { ...f0, E1: f1.E1 };
    const tamperedRho = { ...f0, proof: { ...f0.proof, rho: f0.proof.rho + 1n } };
    for (const bad of [forgedE1, tamperedRho, { ...foreign, XA: f1.XA }])
      expect(() => inst.decrypt(bob, inst.collect(rk, ct, [bad, f1]))).toThrow(VerificationError);
    expect(() => inst.decrypt(bob, inst.collect(rk, ct, [f0, f0]))).toThrow(VerificationError);
  });

  test('a proxy refuses a kFrag not signed by the delegator', () => {
    const { inst, rk, alice } = setup(2, 3);
    const ct = inst.encrypt({ kind: 'pk', pk: alice.pk }, enc('record'), rng);
    const bad = { ...rk, kfrags: rk.kfrags.map((k) => ({ ...k, rk: k.rk + 1n })) };
    expect(() => inst.reencryptFragment(bad, 0, ct, rng)).toThrow(VerificationError);
  });

  test('wrong keys fail', () => {
    const { inst, alice, bob, rk } = setup(2, 3);
    const eve = inst.keygen({ id: 'eve' }, rng);
    const ct = inst.encrypt({ kind: 'pk', pk: alice.pk }, enc('record'), rng);
    expect(() => inst.decrypt(eve, ct)).toThrow(DecryptionError);
    expect(() => inst.decrypt(bob, ct)).toThrow(DecryptionError);
    const ct2 = inst.reencrypt!(rk, ct, rng);
    expect(() => inst.decrypt(eve, ct2)).toThrow(DecryptionError);
    // Eve claiming to be Bob (his public key, her secret) cannot pass the delegatee's own computation.
    expect(() => inst.decrypt({ pk: bob.pk, sk: eve.sk }, ct2)).toThrow(DecryptionError);
  });

  test('bad parameters and recipients are typed errors', () => {
    expect(() => createUmbralInstance({ threshold: { t: 3, n: 2 } })).toThrow(ParameterError);
    expect(() => createUmbralInstance({ threshold: { t: 0, n: 2 } })).toThrow(ParameterError);
    const { inst } = setup(1, 1);
    expect(() => inst.encrypt({ kind: 'policy', policy: 'a' }, enc('x'), rng)).toThrow(UnsupportedError);
  });

  test('every decoder is strict (fuzzed)', () => {
    const { inst, alice, rk } = setup(2, 3);
    const c = inst.codec;
    const ct = inst.encrypt({ kind: 'pk', pk: alice.pk }, enc('record'), rng);
    const ct2 = inst.collect(
      rk,
      ct,
      [0, 2].map((i) => inst.reencryptFragment(rk, i, ct, rng)),
    );
    fuzzDecoder(c.encodePublicKey(alice.pk), c.decodePublicKey, c.encodePublicKey);
    fuzzDecoder(c.encodeSecretKey(alice.sk), c.decodeSecretKey, c.encodeSecretKey);
    fuzzDecoder(c.encodeCiphertext(ct), c.decodeCiphertext, c.encodeCiphertext);
    fuzzDecoder(c.encodeCiphertext(ct2), c.decodeCiphertext, c.encodeCiphertext, 100);
    fuzzDecoder(c.encodeReKey(rk), c.decodeReKey, c.encodeReKey, 100);
  });

  test('golden encodings (seeded, stored in vectors.json) are unchanged', async () => {
    const { seed, vectors } = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
    expectGolden(await umbral.create({ group: null, params: umbral.defaultParams() }), seed, vectors);
  });
});

type UmbralCFrag = ReturnType<UmbralInstance['reencryptFragment']>;
