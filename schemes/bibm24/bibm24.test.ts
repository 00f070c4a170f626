import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, UnsupportedError } from '../../core/errors.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { medexchain } from '../medexchain/index.js';
import { SeededRng } from '../../core/rng.js';
import type { SchemeInstance } from '../../core/types.js';
import { readFileSync } from 'node:fs';
import { expectGolden, expectStoryMatchesCostModel, fuzzDecoder } from '../../core/testkit.js';
import { bibm24 } from './index.js';

const rng = new SeededRng('bibm24-test');
let group: PairingGroup;
let inst: SchemeInstance;
beforeAll(async () => {
  group = await createMclGroup('bn254');
  inst = await bibm24.create({ group, precompute: true });
});

describe('MedExChain-BIBM24 on BN254', () => {
  test('story passes and counted operations equal the cost model (both precompute modes)', async () => {
    await expectStoryMatchesCostModel(bibm24, group, {}, 'bibm24');
  });

  test('it is MedExChain without firewalls and audit: fewer algorithms, capabilities and messages', async () => {
    expect(bibm24.capabilities.firewalls).toBe(false);
    expect(bibm24.capabilities.audit).toBe(false);
    const names = bibm24.costModel({}, { precompute: true, symmetric: false }).algorithms.map((a) => a.algorithm);
    expect(names.some((n) => n.startsWith('CRF-') || n.startsWith('Audit'))).toBe(false);
    const mx = medexchain.messages({}).map((m) => m.id);
    expect(bibm24.messages({}).map((m) => m.id)).toEqual(mx.filter((id) => id !== 'M7'));
    expect(inst.firewall).toBeUndefined();
  });

  test('delegation round trip and owner decryption (property); wrong keys fail', () => {
    const a = inst.keygen({ id: 'a' }, rng);
    const b = inst.keygen({ id: 'b' }, rng);
    const e = inst.keygen({ id: 'e' }, rng);
    const rk = inst.rekeygen!(a, { kind: 'pk', pk: b.pk }, rng);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (m) => {
        const ct = inst.encrypt({ kind: 'pk', pk: a.pk }, m, rng);
        expect(inst.decrypt(a, ct)).toEqual(m);
        const ct2 = inst.reencrypt!(rk, ct, rng);
        expect(inst.decrypt(b, ct2)).toEqual(m);
        expect(() => inst.decrypt(e, ct2)).toThrow(DecryptionError);
        expect(() => inst.decrypt(e, ct)).toThrow(DecryptionError);
      }),
      { numRuns: 5 },
    );
    expect(() =>
      inst.reencrypt!(
        rk,
        inst.reencrypt!(rk, inst.encrypt({ kind: 'pk', pk: a.pk }, new Uint8Array(1), rng), rng),
        rng,
      ),
    ).toThrow(UnsupportedError);
  });

  test('decoders are strict (fuzzed)', () => {
    const c = inst.codec;
    const a = inst.keygen({ id: 'a' }, rng);
    const ct = inst.encrypt({ kind: 'pk', pk: a.pk }, new Uint8Array(20), rng);
    const rk = inst.rekeygen!(a, { kind: 'pk', pk: a.pk }, rng);
    fuzzDecoder(c.encodePublicKey(a.pk), c.decodePublicKey, c.encodePublicKey, 60);
    fuzzDecoder(c.encodeCiphertext(ct), c.decodeCiphertext, c.encodeCiphertext, 60);
    fuzzDecoder(c.encodeReKey(rk), c.decodeReKey, c.encodeReKey, 60);
  });

  test('golden encodings (seeded, stored in vectors.json) are unchanged', async () => {
    const { seed, vectors } = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
    expectGolden(await bibm24.create({ group, precompute: true, params: {} }), seed, vectors);
  });
});
