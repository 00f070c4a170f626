import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, UnsupportedError } from '../../core/errors.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng } from '../../core/rng.js';
import { readFileSync } from 'node:fs';
import { expectGolden, expectStoryMatchesCostModel, fuzzDecoder } from '../../core/testkit.js';
import { createGa07, ga07, type GaInstance } from './index.js';

const rng = new SeededRng('ga07-test');
const m = new TextEncoder().encode('record');
let group: PairingGroup;
let inst: GaInstance;
beforeAll(async () => {
  group = await createMclGroup('bls12-381');
  inst = createGa07(group, true, {}, rng.fork('pkg'));
});

describe('GA07 on BLS12-381', () => {
  test('story passes and counted operations equal the cost model (both precompute modes)', async () => {
    await expectStoryMatchesCostModel(ga07, group, {}, 'ga07');
  });

  test('identity encryption, delegation and both decryption levels (property)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 20 }),
        (msg, idA, idB) => {
          const alice = inst.keygen({ id: idA }, rng);
          const bob = inst.keygen({ id: idB }, rng);
          const ct = inst.encrypt({ kind: 'identity', id: idA }, msg, rng);
          expect(inst.decrypt(alice, ct)).toEqual(msg);
          const rk = inst.rekeygen!(alice, { kind: 'identity', id: idB }, rng);
          expect(inst.decrypt(bob, inst.reencrypt!(rk, ct, rng))).toEqual(msg);
        },
      ),
      { numRuns: 5 },
    );
  });

  test('a key for another identity fails; a key from another PKG fails', () => {
    const alice = inst.keygen({ id: 'alice' }, rng);
    const bob = inst.keygen({ id: 'bob' }, rng);
    const eve = inst.keygen({ id: 'eve' }, rng);
    const ct = inst.encrypt({ kind: 'identity', id: 'alice' }, m, rng);
    expect(() => inst.decrypt(bob, ct)).toThrow(DecryptionError);
    // Eve presenting herself as alice with her own key still fails: the key is bound to the identity.
    expect(() => inst.decrypt({ pk: { id: 'alice' }, sk: eve.sk }, ct)).toThrow(DecryptionError);
    const re = inst.reencrypt!(inst.rekeygen!(alice, { kind: 'identity', id: 'bob' }, rng), ct, rng);
    expect(() => inst.decrypt(eve, re)).toThrow(DecryptionError);
    const otherPkg = createGa07(group, false, {}, rng.fork('other-pkg'));
    expect(() => inst.decrypt(otherPkg.keygen({ id: 'alice' }, rng), ct)).toThrow(DecryptionError);
    expect(() => inst.reencrypt!(inst.rekeygen!(alice, { kind: 'identity', id: 'bob' }, rng), re, rng)).toThrow(
      UnsupportedError,
    );
    expect(() => inst.encrypt({ kind: 'policy', policy: 'a' }, m, rng)).toThrow(UnsupportedError);
    expect(() => inst.encrypt({ kind: 'identity', id: '' }, m, rng)).toThrow(UnsupportedError);
  });

  test('every decoder is strict (fuzzed)', () => {
    const c = inst.codec;
    const alice = inst.keygen({ id: 'alice' }, rng);
    const ct = inst.encrypt({ kind: 'identity', id: 'alice' }, m, rng);
    const rk = inst.rekeygen!(alice, { kind: 'identity', id: 'bob' }, rng);
    fuzzDecoder(c.encodePublicKey(alice.pk), c.decodePublicKey, c.encodePublicKey);
    fuzzDecoder(c.encodeSecretKey(alice.sk), c.decodeSecretKey, c.encodeSecretKey, 60);
    fuzzDecoder(c.encodeCiphertext(ct), c.decodeCiphertext, c.encodeCiphertext, 60);
    fuzzDecoder(c.encodeCiphertext(inst.reencrypt!(rk, ct, rng)), c.decodeCiphertext, c.encodeCiphertext, 40);
    fuzzDecoder(c.encodeReKey(rk), c.decodeReKey, c.encodeReKey, 40);
  });

  test('golden encodings (seeded, stored in vectors.json) are unchanged', async () => {
    const { seed, vectors } = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
    // The PKG's master secret is drawn at setup: seeded here too, so the identity keys are reproducible.
    const fresh = createGa07(group, true, {}, new SeededRng('ga07/pkg'));
    expectGolden(fresh, seed, vectors);
  });
});
