/**
 * Checks shared by the baselines' tests (imported only from *.test.ts files):
 *  - `fuzzDecoder`: a strict decoder, fed mutations of a valid encoding (truncation, extension, byte changes,
 *    random strings), either throws DecodeError or returns an object whose encoding is exactly the input
 *    (canonical: no two encodings of one object). Any other exception fails.
 *  - `expectCostModelMatchesStory`: the story's steps are the cost model's algorithms, in order, with the very
 *    operation counts the backend recorded.
 */
import { expect } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError } from './errors.js';
import { normalizeOps } from './ops.js';
import type { StoryResult } from './story.js';
import type { PairingGroup } from './groups/types.js';
import { SeededRng } from './rng.js';
import type { CostModel, Scheme, SchemeInstance, SchemeParams } from './types.js';
import { goldenEncodings } from './golden.js';

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; extra: Uint8Array }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'random'; bytes: Uint8Array };

function mutate(valid: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'truncate':
      return valid.slice(0, m.at % valid.length);
    case 'append': {
      const out = new Uint8Array(valid.length + m.extra.length);
      out.set(valid);
      out.set(m.extra, valid.length);
      return out;
    }
    case 'set': {
      const out = valid.slice();
      out[m.at % valid.length] = m.value;
      return out;
    }
    case 'random':
      return m.bytes;
  }
}

export function fuzzDecoder<T>(
  valid: Uint8Array,
  decode: (b: Uint8Array) => T,
  encode: (t: T) => Uint8Array,
  numRuns = 200,
): void {
  const idx = fc.nat({ max: 1 << 20 });
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: idx }),
    fc.record({ kind: fc.constant('append' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
    fc.record({ kind: fc.constant('set' as const), at: idx, value: fc.nat({ max: 255 }) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat({ max: 3 }), value: fc.nat({ max: 255 }) }),
    fc.record({ kind: fc.constant('random' as const), bytes: fc.uint8Array({ maxLength: 200 }) }),
  );
  // The valid encoding itself decodes and re-encodes to the same bytes.
  expect(encode(decode(valid))).toEqual(valid);
  fc.assert(
    fc.property(mutation, (m) => {
      const b = mutate(valid, m);
      let obj: T;
      try {
        obj = decode(b);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw new Error(`decoder threw ${String(e)} instead of DecodeError`);
        return;
      }
      expect(encode(obj)).toEqual(b);
    }),
    { numRuns },
  );
}

/** Every story step is the cost model's algorithm at the same position, with the counted ops equal to the model. */
export function expectCostModelMatchesStory(model: CostModel, story: StoryResult): void {
  const counted = story.steps
    .filter((s) => s.phase !== 'setup')
    .map((s) => ({ algorithm: s.algorithm, party: s.party, ops: normalizeOps(s.ops) }));
  const declared = model.algorithms.map((a) => ({ algorithm: a.algorithm, party: a.party, ops: normalizeOps(a.ops) }));
  expect(counted).toEqual(declared);
}

/**
 * Runs a scheme's story in both precompute modes on `group` and checks it passed and that every step's counted
 * operations equal the cost model's (the test the issue asks of every scheme).
 */
export async function expectStoryMatchesCostModel(
  scheme: Scheme,
  group: PairingGroup | null,
  params: SchemeParams,
  seed: string,
): Promise<void> {
  for (const precompute of [true, false]) {
    const inst = await scheme.create({ group, precompute, params });
    const story = await inst.story({ rng: new SeededRng(`${seed}/${precompute}`) });
    expect(story.checks.filter((c) => !c.ok)).toEqual([]);
    expect(story.ok).toBe(true);
    expectCostModelMatchesStory(
      scheme.costModel(inst.params, { precompute, symmetric: group?.symmetric ?? false }),
      story,
    );
    expect(story.messages.map((m) => m.id)).toEqual(scheme.messages(inst.params).map((m) => m.id));
    for (const m of story.messages) expect(m.wireBytes).toBeGreaterThan(0);
    inst.dispose?.();
  }
}

/** Checks a scheme's stored golden encodings (see `goldenEncodings`) against a fresh seeded run. */
export function expectGolden(inst: SchemeInstance, seed: string, stored: Record<string, string>): void {
  expect(goldenEncodings(inst, seed)).toEqual(stored);
  const c = inst.codec;
  const back = (k: string, dec: (b: Uint8Array) => unknown, enc: (x: never) => Uint8Array) => {
    if (stored[k] === undefined) return;
    const b = Uint8Array.from(Buffer.from(stored[k]!, 'hex'));
    expect(enc(dec(b) as never)).toEqual(b);
  };
  back('publicKey', c.decodePublicKey, c.encodePublicKey);
  back('secretKey', c.decodeSecretKey, c.encodeSecretKey);
  back('ciphertext', c.decodeCiphertext, c.encodeCiphertext);
  back('reKey', c.decodeReKey, c.encodeReKey);
  back('reencrypted', c.decodeCiphertext, c.encodeCiphertext);
}
