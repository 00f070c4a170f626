/**
 * What the two CP-ABE baselines (BSW07, Waters 2011) share: the policy of a given size used by their stories and
 * cost models, the subject-to-attributes rule, and the story itself.
 *
 * The story, in the PHR setting: the attribute authority issues Hospital B's key for its n attributes; the IoMT
 * device encrypts a record under an n-attribute AND policy (the cost models are functions of that n); the hospital
 * decrypts. No proxy: CP-ABE shares by policy instead of by re-encryption, which is why these baselines declare no
 * re-encryption capability. The checks cover the negative properties: a key missing one attribute fails, and two
 * keys that each hold part of the policy cannot be combined (collusion).
 */
import { ParameterError, UnsupportedError } from '../errors.js';
import type { OpCounter } from '../ops.js';
import { sampleRecord, StoryRecorder, type ElementSizes, type StoryResult } from '../story.js';
import type { KeyPair, MessageSpec, Recipient, SchemeInstance, SchemeParams, StoryOptions, Subject } from '../types.js';
import { equalBytes } from '@noble/curves/utils.js';
import { refuses } from '../flows/pre-story.js';

export const DEFAULT_ATTRIBUTES = 3;
const NAMED = ['doctor', 'cardiology', 'hospital-b', 'attending', 'emergency', 'icu', 'research', 'nurse'];

/** The n attributes of the story: medical roles first, then attr9, attr10, ... */
export function storyAttributes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => NAMED[i] ?? `attr${i + 1}`);
}

export function attributeCount(params: SchemeParams): number {
  const n = params.attributes ?? DEFAULT_ATTRIBUTES;
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new ParameterError(`CP-ABE policy size must be 1..256 attributes, got ${n}`);
  return n;
}

/** The story's policy: all n attributes required. */
export function storyPolicy(n: number): string {
  return storyAttributes(n).join(' and ');
}

/** An attribute name as the policy syntax writes it (and not a keyword). */
export function isAttributeName(x: unknown): x is string {
  return (
    typeof x === 'string' &&
    x.length <= 256 &&
    /^[A-Za-z_][A-Za-z0-9_.:@-]*$/.test(x) &&
    !['and', 'or', 'of'].includes(x.toLowerCase())
  );
}

export function attributesOf(subject: Subject): string[] {
  const a = subject.attributes;
  if (!a || a.length === 0) throw new ParameterError(`CP-ABE keys need attributes (subject '${subject.id}' has none)`);
  for (const x of a) if (!isAttributeName(x)) throw new ParameterError(`bad attribute name '${String(x)}'`);
  return [...new Set(a)].sort();
}

export function policyOf(to: Recipient<unknown>): string {
  if (to.kind !== 'policy') throw new UnsupportedError(`CP-ABE encrypts under a policy, not to a ${to.kind}`);
  return to.policy;
}

/** Codec entries for the re-encryption keys CP-ABE does not have. */
export function noReKeys(scheme: string) {
  return {
    encodeReKey(): Uint8Array {
      throw new UnsupportedError(`${scheme} has no re-encryption keys`);
    },
    decodeReKey(): never {
      throw new UnsupportedError(`${scheme} has no re-encryption keys`);
    },
  };
}

export interface AbeStoryConfig<PK, SK, CT> {
  inst: SchemeInstance<PK, SK, CT, never>;
  counter: OpCounter;
  sizes: ElementSizes;
  backend: string;
  messages: MessageSpec[];
  /** Merges two users' keys the way colluders would: `base`'s user-bound part, the other's attribute parts. */
  collude(base: KeyPair<PK, SK>, other: KeyPair<PK, SK>): KeyPair<PK, SK>;
}

export async function runAbeStory<PK, SK, CT>(
  cfg: AbeStoryConfig<PK, SK, CT>,
  opts: StoryOptions,
): Promise<StoryResult> {
  const { inst } = cfg;
  const rng = opts.rng;
  const record = opts.record ?? sampleRecord();
  const n = attributeCount(inst.params);
  const attrs = storyAttributes(n);
  const policy = storyPolicy(n);
  const rec = new StoryRecorder(cfg.counter, cfg.sizes);
  const spec = (id: string) => cfg.messages.find((m) => m.id === id)!;
  const c = inst.codec;

  const hospital = rec.step(`authority issues the hospital's key (${n} attributes)`, 'authority', 'keygen', () =>
    inst.keygen({ id: 'hospital-b', attributes: attrs }, rng),
  );
  rec.message(spec('M1'), c.encodeSecretKey(hospital.sk));
  const ct = rec.step(
    `device encrypts under '${policy.length > 60 ? policy.slice(0, 57) + '...' : policy}'`,
    'device',
    'encrypt',
    () => inst.encrypt({ kind: 'policy', policy }, record, rng),
  );
  const wire = c.encodeCiphertext(ct);
  rec.message(spec('M2'), wire);
  // the hospital strictly decodes what it receives inside its step, as every scheme's receiving step does
  // it hands back what it decoded, so the checks below reuse it instead of decoding again
  const { plain, received } = rec.step('hospital decrypts', 'hospital', 'decrypt', () => {
    const decoded = c.decodeCiphertext(wire);
    return { plain: inst.decrypt(hospital, decoded), received: decoded };
  });

  rec.check('hospital recovers the record', () => equalBytes(plain, record));
  const missing = n > 1 ? attrs.slice(1) : ['unrelated'];
  const partial = inst.keygen({ id: 'intern', attributes: missing }, rng);
  rec.check('a key missing one policy attribute fails', () => refuses(() => inst.decrypt(partial, received)));
  if (n > 1) {
    const half = Math.ceil(n / 2);
    const u1 = inst.keygen({ id: 'colluder-1', attributes: attrs.slice(0, half) }, rng);
    const u2 = inst.keygen({ id: 'colluder-2', attributes: attrs.slice(half) }, rng);
    rec.check('two keys holding parts of the policy cannot be combined', () =>
      refuses(() => inst.decrypt(cfg.collude(u1, u2), received)),
    );
  }
  rec.check('key and ciphertext round-trip their codecs', () => {
    const sk = c.encodeSecretKey(hospital.sk);
    return equalBytes(c.encodeSecretKey(c.decodeSecretKey(sk)), sk) && equalBytes(c.encodeCiphertext(received), wire);
  });
  return rec.result(inst.scheme.name, cfg.backend);
}
