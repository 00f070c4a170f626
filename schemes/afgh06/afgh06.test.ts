import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, UnsupportedError } from '../../core/errors.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng } from '../../core/rng.js';
import { readFileSync } from 'node:fs';
import { expectGolden, expectStoryMatchesCostModel, fuzzDecoder } from '../../core/testkit.js';
import { afgh06, createAfgh06, type AfghInstance } from './index.js';

const rng = new SeededRng('afgh06-test');
let group: PairingGroup;
let inst: AfghInstance;
beforeAll(async () => {
  group = await createMclGroup('bls12-381');
  inst = createAfgh06(group, true);
});

describe('AFGH06 on BLS12-381', () => {
  test('story passes and counted operations equal the cost model (both precompute modes)', async () => {
    await expectStoryMatchesCostModel(afgh06, group, {}, 'afgh06');
  });

  test('second level, re-encrypted and first level all decrypt (property)', () => {
    const alice = inst.keygen({ id: 'alice' }, rng);
    const bob = inst.keygen({ id: 'bob' }, rng);
    const rk = inst.rekeygen!(alice, { kind: 'pk', pk: bob.pk }, rng);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (m) => {
        const ct2 = inst.encrypt({ kind: 'pk', pk: alice.pk }, m, rng);
        expect(inst.decrypt(alice, ct2)).toEqual(m);
        expect(inst.decrypt(bob, inst.reencrypt!(rk, ct2, rng))).toEqual(m);
        expect(inst.decrypt(alice, inst.encryptFirstLevel({ kind: 'pk', pk: alice.pk }, m, rng))).toEqual(m);
      }),
      { numRuns: 8 },
    );
  });

  test('wrong keys fail on every level; first-level and re-encrypted ciphertexts do not re-encrypt', () => {
    const [alice, bob, eve] = ['alice', 'bob', 'eve'].map((id) => inst.keygen({ id }, rng));
    const m = new TextEncoder().encode('record');
    const ct2 = inst.encrypt({ kind: 'pk', pk: alice!.pk }, m, rng);
    const rk = inst.rekeygen!(alice!, { kind: 'pk', pk: bob!.pk }, rng);
    const re = inst.reencrypt!(rk, ct2, rng);
    const first = inst.encryptFirstLevel({ kind: 'pk', pk: alice!.pk }, m, rng);
    for (const [kp, ct] of [
      [eve, ct2],
      [bob, ct2],
      [eve, re],
      [alice, re],
      [eve, first],
      [bob, first],
    ] as const)
      expect(() => inst.decrypt(kp!, ct)).toThrow(DecryptionError);
    expect(() => inst.reencrypt!(rk, re, rng)).toThrow(UnsupportedError);
    expect(() => inst.reencrypt!(rk, first, rng)).toThrow(UnsupportedError);
    // A re-encryption key for Eve does not let Bob decrypt.
    const rkEve = inst.rekeygen!(alice!, { kind: 'pk', pk: eve!.pk }, rng);
    expect(() => inst.decrypt(bob!, inst.reencrypt!(rkEve, ct2, rng))).toThrow(DecryptionError);
    expect(() => inst.encrypt({ kind: 'identity', id: 'x' }, m, rng)).toThrow(UnsupportedError);
  });

  test('every decoder is strict (fuzzed)', () => {
    const c = inst.codec;
    const alice = inst.keygen({ id: 'alice' }, rng);
    const m = new TextEncoder().encode('record');
    const ct2 = inst.encrypt({ kind: 'pk', pk: alice.pk }, m, rng);
    const rk = inst.rekeygen!(alice, { kind: 'pk', pk: alice.pk }, rng);
    fuzzDecoder(c.encodePublicKey(alice.pk), c.decodePublicKey, c.encodePublicKey, 60);
    fuzzDecoder(c.encodeSecretKey(alice.sk), c.decodeSecretKey, c.encodeSecretKey);
    fuzzDecoder(c.encodeCiphertext(ct2), c.decodeCiphertext, c.encodeCiphertext, 60);
    fuzzDecoder(c.encodeCiphertext(inst.reencrypt!(rk, ct2, rng)), c.decodeCiphertext, c.encodeCiphertext, 60);
    fuzzDecoder(c.encodeReKey(rk), c.decodeReKey, c.encodeReKey);
  });

  test('refuses to run without a pairing group', async () => {
    expect(afgh06.supports(null)).toBe(false);
    await expect(afgh06.create({ group: null })).rejects.toThrow(UnsupportedError);
  });

  test('golden encodings (seeded, stored in vectors.json) are unchanged', async () => {
    const { seed, vectors } = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
    const fresh = await afgh06.create({ group, precompute: true, params: afgh06.defaultParams() });
    expectGolden(fresh, seed, vectors);
  });
});
