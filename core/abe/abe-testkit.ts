/**
 * The tests both CP-ABE baselines must pass (imported by their *.test.ts files): the story and cost model at
 * several policy sizes, decryption exactly when the attributes satisfy random policies (fast-check), collusion
 * resistance, policy errors, and strict decoders.
 */
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecryptionError, UnsupportedError } from '../errors.js';
import type { PairingGroup } from '../groups/types.js';
import { SeededRng } from '../rng.js';
import type { KeyPair, Scheme, SchemeInstance } from '../types.js';
import { expectStoryMatchesCostModel, fuzzDecoder } from '../testkit.js';
import { formatPolicy, PolicyError, type PolicyNode } from './policy.js';

const NAMES = ['doctor', 'cardiology', 'nurse', 'icu', 'research'];
const treeArb: fc.Arbitrary<PolicyNode> = fc.letrec<{ node: PolicyNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', maxDepth: 2 },
    fc.constantFrom(...NAMES).map((name) => ({ kind: 'attr' as const, name })),
    fc
      .array(tie('node'), { minLength: 2, maxLength: 3 })
      .chain((children) =>
        fc.integer({ min: 1, max: children.length }).map((k) => ({ kind: 'gate' as const, k, children })),
      ),
  ),
})).node;

function holds(n: PolicyNode, s: Set<string>): boolean {
  return n.kind === 'attr' ? s.has(n.name) : n.children.filter((c) => holds(c, s)).length >= n.k;
}

export function abeSuite<SK>(
  scheme: Scheme,
  getGroup: () => PairingGroup,
  make: (group: PairingGroup) => SchemeInstance<{ attributes: string[] }, SK, unknown, never>,
  collude: (
    a: KeyPair<{ attributes: string[] }, SK>,
    b: KeyPair<{ attributes: string[] }, SK>,
  ) => KeyPair<{ attributes: string[] }, SK>,
): void {
  const rng = new SeededRng(`${scheme.name}-abe-suite`);
  const m = new TextEncoder().encode('ecg record');

  test.each([1, 3, 6])(
    'story passes and counted ops equal the cost model with %i attributes (both modes)',
    async (n) => {
      await expectStoryMatchesCostModel(scheme, getGroup(), { attributes: n }, `${scheme.name}/${n}`);
    },
  );

  test('decrypts exactly when the key attributes satisfy a random policy (property)', () => {
    const inst = make(getGroup());
    fc.assert(
      fc.property(treeArb, fc.subarray(NAMES, { minLength: 1 }), (tree, attrs) => {
        const policy = formatPolicy(tree);
        const kp = inst.keygen({ id: 'u', attributes: attrs }, rng);
        const ct = inst.encrypt({ kind: 'policy', policy }, m, rng);
        if (holds(tree, new Set(attrs))) expect(inst.decrypt(kp, ct)).toEqual(m);
        else expect(() => inst.decrypt(kp, ct)).toThrow(DecryptionError);
      }),
      { numRuns: 12 },
    );
  });

  test('collusion: two keys that each hold half of the policy cannot be combined', () => {
    const inst = make(getGroup());
    const ct = inst.encrypt(
      { kind: 'policy', policy: '(doctor and cardiology) or 2 of (nurse, icu, research)' },
      m,
      rng,
    );
    const a = inst.keygen({ id: 'a', attributes: ['doctor', 'nurse'] }, rng);
    const b = inst.keygen({ id: 'b', attributes: ['cardiology', 'icu'] }, rng);
    for (const kp of [a, b, collude(a, b), collude(b, a)]) expect(() => inst.decrypt(kp, ct)).toThrow(DecryptionError);
    // The same union in one honest key decrypts.
    const both = inst.keygen({ id: 'ab', attributes: ['doctor', 'nurse', 'cardiology', 'icu'] }, rng);
    expect(inst.decrypt(both, ct)).toEqual(m);
  });

  test('bad policies, recipients and subjects are typed errors', () => {
    const inst = make(getGroup());
    expect(() => inst.encrypt({ kind: 'policy', policy: 'doctor and (cardiology' }, m, rng)).toThrow(PolicyError);
    expect(() => inst.encrypt({ kind: 'policy', policy: '3 of (a, b)' }, m, rng)).toThrow(PolicyError);
    expect(() => inst.encrypt({ kind: 'identity', id: 'x' }, m, rng)).toThrow(UnsupportedError);
    expect(() => inst.keygen({ id: 'nobody' }, rng)).toThrow();
    expect(() => inst.codec.encodeReKey(undefined as never)).toThrow(UnsupportedError);
  });

  test('every decoder is strict (fuzzed)', () => {
    const inst = make(getGroup());
    const c = inst.codec;
    const kp = inst.keygen({ id: 'u', attributes: ['doctor', 'icu'] }, rng);
    const ct = inst.encrypt({ kind: 'policy', policy: 'doctor and (icu or nurse)' }, m, rng);
    fuzzDecoder(c.encodePublicKey(kp.pk), c.decodePublicKey, c.encodePublicKey);
    fuzzDecoder(c.encodeSecretKey(kp.sk), c.decodeSecretKey, c.encodeSecretKey, 60);
    fuzzDecoder(c.encodeCiphertext(ct), c.decodeCiphertext, c.encodeCiphertext, 60);
  });
}
