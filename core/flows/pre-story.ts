/**
 * The story every single-proxy PRE baseline tells (BBS98, AFGH06, GA07): patient Alice's device encrypts a record
 * for her; she delegates to Hospital B; the relay re-encrypts; the hospital decrypts. Each step is timed and
 * op-counted by the scheme's backend counter; each message crosses the wire through the scheme's own codec (the
 * receiver decodes what was sent, so the codec is exercised end to end) and is measured against the scheme's
 * declared element list. The checks are the end-to-end properties: the hospital and the owner recover the record,
 * and a third key fails on both ciphertext levels.
 *
 * Each step encodes what its party sends and decodes what it receives (inside the timing and the op count).
 * Steps (and the cost-model algorithms they are instances of, in this order): keygen (patient), keygen (hospital),
 * encrypt (device), rekeygen (patient), reencrypt (relay), decrypt (hospital).
 */
import { DecryptionError, ParameterError, VerificationError } from '../errors.js';
import type { OpCounter } from '../ops.js';
import { sampleRecord, StoryRecorder, type ElementSizes, type StoryResult } from '../story.js';
import {
  addressOf,
  type KeyPair,
  type MessageSpec,
  type Party,
  type Recipient,
  type SchemeInstance,
  type StoryOptions,
  type Subject,
} from '../types.js';
import { equalBytes } from '@noble/curves/utils.js';

export interface PreStoryConfig<PK, SK, CT, RK> {
  inst: SchemeInstance<PK, SK, CT, RK>;
  counter: OpCounter;
  sizes: ElementSizes;
  backend: string;
  /** The scheme's declared messages; M1 (record to storage), M2 (re-encryption key), M3 (re-encrypted record). */
  messages: MessageSpec[];
  /** Who runs keygen (an identity-based scheme's PKG extracts for both). */
  keygenParty?: { patient: Party; hospital: Party };
  /** How a key pair is addressed; the instance's `recipientFor` when absent. */
  recipient?(kp: KeyPair<PK, SK>, subject: Subject): Recipient<PK>;
}

/** The PRE story of a scheme on a pairing group, with everything taken from the instance and its declarations. */
export function preStory<PK, SK, CT, RK>(
  inst: SchemeInstance<PK, SK, CT, RK>,
  opts: StoryOptions,
  over: Partial<PreStoryConfig<PK, SK, CT, RK>> = {},
): Promise<StoryResult> {
  const g = inst.group;
  if (!g && !(over.counter && over.sizes && over.backend))
    throw new ParameterError('a PRE story without a pairing group needs its counter, sizes and backend');
  return runPreStory(
    {
      inst,
      counter: g?.ops as OpCounter,
      sizes: g?.sizes as ElementSizes,
      backend: g?.name as string,
      messages: inst.scheme.messages(inst.params),
      ...over,
    },
    opts,
  );
}

/** True iff `fn` refuses with a typed decryption or verification error. */
export function refuses(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (e) {
    return e instanceof DecryptionError || e instanceof VerificationError;
  }
}

export async function runPreStory<PK, SK, CT, RK>(
  cfg: PreStoryConfig<PK, SK, CT, RK>,
  opts: StoryOptions,
): Promise<StoryResult> {
  const { inst, rng } = { inst: cfg.inst, rng: opts.rng };
  const record = opts.record ?? sampleRecord();
  const rec = new StoryRecorder(cfg.counter, cfg.sizes);
  const spec = (id: string) => {
    const s = cfg.messages.find((m) => m.id === id);
    if (!s) throw new Error(`scheme declares no message ${id}`);
    return s;
  };
  const c = inst.codec;
  const parties = cfg.keygenParty ?? { patient: 'patient', hospital: 'hospital' };
  const address = (kp: KeyPair<PK, SK>, s: Subject) => (cfg.recipient ? cfg.recipient(kp, s) : addressOf(inst, s, kp));
  const alice: Subject = { id: 'alice' };
  const hospitalB: Subject = { id: 'hospital-b' };

  const patient = rec.step('patient keygen', parties.patient, 'keygen', () => inst.keygen(alice, rng));
  const hospital = rec.step('hospital keygen', parties.hospital, 'keygen', () => inst.keygen(hospitalB, rng));
  // Each step is what its party does: it encodes what it sends and strictly decodes what it receives, as
  // MedExChain's steps do, so flows of different schemes are timed and counted alike.
  const ctWire = rec.step('device encrypts the record for the patient', 'device', 'encrypt', () =>
    c.encodeCiphertext(inst.encrypt(address(patient, alice), record, rng)),
  );
  rec.message(spec('M1'), ctWire);
  const rkWire = rec.step('patient delegates to the hospital', 'patient', 'rekeygen', () =>
    c.encodeReKey(inst.rekeygen!(patient, address(hospital, hospitalB), rng)),
  );
  rec.message(spec('M2'), rkWire);
  // The receiving steps hand back what they decoded, so the checks below reuse it instead of decoding again.
  const { ct2Wire, atRelay } = rec.step('relay re-encrypts', 'relay', 'reencrypt', () => {
    const received = c.decodeCiphertext(ctWire);
    return { ct2Wire: c.encodeCiphertext(inst.reencrypt!(c.decodeReKey(rkWire), received, rng)), atRelay: received };
  });
  rec.message(spec('M3'), ct2Wire);
  const { plain, atHospital } = rec.step('hospital decrypts', 'hospital', 'decrypt', () => {
    const received = c.decodeCiphertext(ct2Wire);
    return { plain: inst.decrypt(hospital, received), atHospital: received };
  });

  rec.check('hospital recovers the record', () => equalBytes(plain, record));
  rec.check('patient decrypts the original', () => equalBytes(inst.decrypt(patient, atRelay), record));
  const eve = inst.keygen({ id: 'eve' }, rng);
  rec.check('a third key cannot open the original', () => refuses(() => inst.decrypt(eve, atRelay)));
  rec.check('a third key cannot open the re-encryption', () => refuses(() => inst.decrypt(eve, atHospital)));
  rec.check('keys round-trip their codecs', () => {
    const pk = c.encodePublicKey(patient.pk);
    const sk = c.encodeSecretKey(patient.sk);
    return (
      equalBytes(c.encodePublicKey(c.decodePublicKey(pk)), pk) &&
      equalBytes(c.encodeSecretKey(c.decodeSecretKey(sk)), sk)
    );
  });
  return rec.result(inst.scheme.name, cfg.backend);
}
