/** A scheme can be one file importing only the package's entry point: its story, costs and codec all work. */
import { describe, expect, test } from '@jest/globals';
import { createMclGroup } from './groups/mcl.js';
import { SeededRng } from './rng.js';
import { expectStoryMatchesCostModel, fuzzDecoder } from './testkit.js';
import { oneFileScheme } from './one-file-scheme.fixture.js';

describe('a one-file scheme on the public entry point', () => {
  test('its story passes, its counted operations equal its cost rows, its decoders are strict', async () => {
    const group = await createMclGroup('bls12-381');
    await expectStoryMatchesCostModel(oneFileScheme, group, {}, 'one-file');
    const inst = await oneFileScheme.create({ group, precompute: true });
    const rng = new SeededRng('one-file');
    const kp = inst.keygen({ id: 'alice' }, rng);
    const ct = inst.encrypt({ kind: 'pk', pk: kp.pk }, Uint8Array.of(1, 2, 3), rng);
    expect(inst.decrypt(kp, ct)).toEqual(Uint8Array.of(1, 2, 3));
    fuzzDecoder(inst.codec.encodeCiphertext(ct), inst.codec.decodeCiphertext, inst.codec.encodeCiphertext, 40);
    fuzzDecoder(inst.codec.encodePublicKey(kp.pk), inst.codec.decodePublicKey, inst.codec.encodePublicKey, 40);
  });
});
