import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, UnsupportedError } from '../../core/errors.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { normalizeOps, type OpCounts } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import { readFileSync } from 'node:fs';
import { expectGolden, expectStoryMatchesCostModel, fuzzDecoder } from '../../core/testkit.js';
import { bbs98, createBbs98 } from './index.js';

const rng = new SeededRng('bbs98-test');
const m = new TextEncoder().encode('vital signs');
let group: PairingGroup;
beforeAll(async () => {
  group = await createMclGroup('bls12-381');
});

describe('BBS98', () => {
  test('story passes and counted operations equal the cost model on G1 of BLS12-381', async () => {
    await expectStoryMatchesCostModel(bbs98, group, {}, 'bbs98');
  });

  test('on secp256k1 the counts are the same under the plain-curve names', async () => {
    // The secp256k1 backend does not count decoding (a square root; cofactor 1, so no subgroup check): the strict
    // decodes the pairing-group model declares have no name there and are left out.
    const rename: Record<string, string | null> = {
      decodeG1: null,
      expG1: 'expEC',
      fixedExpG1: 'fixedExpEC',
      mulG1: 'mulEC',
      hashG1: 'hashEC',
    };
    const inst = await bbs98.create({ group: null, precompute: true });
    const story = await inst.story({ rng: rng.fork('secp') });
    expect(story.ok).toBe(true);
    expect(story.backend).toBe('secp256k1');
    const declared = bbs98.costModel({}, { precompute: true, symmetric: false }).algorithms.map((a) => {
      const o: Record<string, number> = {};
      for (const [k, v] of Object.entries(a.ops)) {
        const name = k in rename ? rename[k] : k;
        if (name) o[name] = v!;
      }
      return normalizeOps(o as OpCounts);
    });
    expect(story.steps.map((s) => normalizeOps(s.ops))).toEqual(declared);
  });

  test('bidirectional and multi-hop: A -> B -> C and back B -> A (property)', () => {
    for (const inst of [createBbs98(group, true, {}), createBbs98(null, true, {})]) {
      const [a, b, c] = ['a', 'b', 'c'].map((id) => inst.keygen({ id }, rng));
      const ab = inst.rekeygen!(a!, { kind: 'pk', pk: b!.pk }, rng);
      const bc = inst.rekeygen!(b!, { kind: 'pk', pk: c!.pk }, rng);
      const ba = inst.primeGroup.zr.inv(ab);
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), (msg) => {
          const ct = inst.encrypt({ kind: 'pk', pk: a!.pk }, msg, rng);
          const atB = inst.reencrypt!(ab, ct, rng);
          expect(inst.decrypt(b!, atB)).toEqual(msg);
          expect(inst.decrypt(c!, inst.reencrypt!(bc, atB, rng))).toEqual(msg);
          const ctB = inst.encrypt({ kind: 'pk', pk: b!.pk }, msg, rng);
          expect(inst.decrypt(a!, inst.reencrypt!(ba, ctB, rng))).toEqual(msg);
        }),
        { numRuns: 3 },
      );
    }
  });

  test('wrong keys fail; a delegatee that did not take part cannot be delegated to', () => {
    const inst = createBbs98(group, false, {});
    const other = createBbs98(group, false, {});
    const [a, b, e] = ['a', 'b', 'e'].map((id) => inst.keygen({ id }, rng));
    const ct = inst.encrypt({ kind: 'pk', pk: a!.pk }, m, rng);
    expect(() => inst.decrypt(b!, ct)).toThrow(DecryptionError);
    const re = inst.reencrypt!(inst.rekeygen!(a!, { kind: 'pk', pk: b!.pk }, rng), ct, rng);
    expect(() => inst.decrypt(e!, re)).toThrow(DecryptionError);
    expect(() => inst.decrypt(a!, re)).toThrow(DecryptionError);
    const stranger = other.keygen({ id: 's' }, rng);
    expect(() => inst.rekeygen!(a!, { kind: 'pk', pk: stranger.pk }, rng)).toThrow(UnsupportedError);
  });

  test('every decoder is strict (fuzzed), on both groups', () => {
    for (const inst of [createBbs98(group, true, {}), createBbs98(null, true, {})]) {
      const c = inst.codec;
      const a = inst.keygen({ id: 'a' }, rng);
      const ct = inst.encrypt({ kind: 'pk', pk: a.pk }, m, rng);
      fuzzDecoder(c.encodePublicKey(a.pk), c.decodePublicKey, c.encodePublicKey);
      fuzzDecoder(c.encodeSecretKey(a.sk), c.decodeSecretKey, c.encodeSecretKey);
      fuzzDecoder(c.encodeCiphertext(ct), c.decodeCiphertext, c.encodeCiphertext);
      fuzzDecoder(c.encodeReKey(a.sk), c.decodeReKey, c.encodeReKey);
    }
  });

  test('golden encodings (seeded, stored in vectors.json) are unchanged', async () => {
    const { seed, vectors } = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
    const fresh = await bbs98.create({ group, precompute: true, params: {} });
    expectGolden(fresh, seed, vectors);
  });
});
