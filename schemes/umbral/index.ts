/**
 * Umbral (Nuñez, NuCypher 2018) behind the `Scheme` interface: threshold, unidirectional, single-hop PRE on
 * secp256k1 with a KEM/DEM split (the algorithms and their equations are in ./umbral.ts). A record is sealed with
 * ChaCha20-Poly1305 under the key a capsule carries; the patient splits a re-encryption key into n kFrags; t of the
 * n proxies each produce a cFrag with its proof; the hospital verifies every cFrag before combining them.
 *
 * The scheme runs on its own curve, so `create` ignores the pairing group it is offered; operation counts are in the
 * plain-curve names (expEC, fixedExpEC, mulEC, hashZr).
 *
 * A re-encrypted ciphertext carries the delegator's and delegatee's public keys, because `decrypt` receives only the
 * delegatee's key pair; the delegatee is expected to know whose data it asked for, and the cFrags' signatures bind
 * them to that delegator's key, so a substituted delegator key fails verification unless its owner signed the kFrags.
 */
import { DecryptionError, ParameterError, UnsupportedError } from '../../core/errors.js';
import { createSecp256k1Group, type EcPoint, type PrimeGroup } from '../../core/groups/secp256k1.js';
import type { PairingGroup } from '../../core/groups/types.js';
import type { OpCounts } from '../../core/ops.js';
import type { Rng } from '../../core/rng.js';
import { sampleRecord, StoryRecorder, type StoryResult } from '../../core/story.js';
import {
  byPublicKey,
  noCapabilities,
  type CostModel,
  type CreateOptions,
  type KeyPair,
  type MessageElement,
  type MessageSpec,
  type Recipient,
  type Scheme,
  type SchemeInstance,
  type SchemeParams,
  type StoryOptions,
} from '../../core/types.js';
import { equalBytes } from '@noble/curves/utils.js';
import { openCounted, sealCounted } from '../../core/counted.js';
import { refuses } from '../../core/flows/pre-story.js';
import { bare, form, implElements, layout, schemeCodec, variants } from '../../core/layout.js';
import { Umbral, type Capsule, type CFrag, type KFrag } from './umbral.js';
import { umbralProtocol } from './protocol.js';

export type { Capsule, CFrag, KFrag } from './umbral.js';

export interface UmbralCiphertext1 {
  level: 1;
  capsule: Capsule;
  sealed: Uint8Array;
}

export interface UmbralCiphertext2 {
  level: 2;
  capsule: Capsule;
  delegator: EcPoint;
  delegatee: EcPoint;
  cfrags: CFrag[];
  sealed: Uint8Array;
}

export type UmbralCiphertext = UmbralCiphertext1 | UmbralCiphertext2;

export interface UmbralReKey {
  delegator: EcPoint;
  delegatee: EcPoint;
  t: number;
  kfrags: KFrag[];
}

export type UmbralInstance = SchemeInstance<EcPoint, bigint, UmbralCiphertext, UmbralReKey> & {
  /** One proxy's work: re-encrypts the capsule with kFrag `index` (checks the kFrag and capsule first). */
  reencryptFragment(rk: UmbralReKey, index: number, ct: UmbralCiphertext, rng: Rng): CFrag;
  /** The second-level ciphertext the delegatee receives, from the cFrags it collected. */
  collect(rk: Pick<UmbralReKey, 'delegator' | 'delegatee'>, ct: UmbralCiphertext, cfrags: CFrag[]): UmbralCiphertext2;
};

const AEAD = 'chacha20-poly1305';
const DEFAULT_THRESHOLD = { t: 2, n: 3 };

function threshold(params: SchemeParams): { t: number; n: number } {
  const th = params.threshold ?? DEFAULT_THRESHOLD;
  const { t, n } = th;
  if (!Number.isInteger(t) || !Number.isInteger(n) || t < 1 || n < t || n > 255)
    throw new ParameterError(`Umbral threshold must satisfy 1 <= t <= n <= 255, got ${t}/${n}`);
  return { t, n };
}

function umbralCost(params: SchemeParams): CostModel {
  const { t, n } = threshold(params);
  const keygen: OpCounts = { fixedExpEC: 1 };
  const reencrypt: OpCounts = { fixedExpEC: 4, expEC: 6, mulEC: 2, hashZr: 3 };
  return {
    algorithms: [
      { algorithm: 'keygen', party: 'patient', ops: keygen, note: 'pk = g^a (fixed base)' },
      { algorithm: 'keygen', party: 'hospital', ops: keygen, note: 'pk = g^b (fixed base)' },
      {
        algorithm: 'encrypt',
        party: 'device',
        ops: { fixedExpEC: 2, expEC: 1, hashZr: 1, kdf: 1, aead: 1 },
        note: 'E = g^r, V = g^u (fixed), s = u + r·H2(E,V), pk^(r+u), KDF, AEAD seal (ChaCha20-Poly1305)',
      },
      {
        algorithm: 'rekeygen',
        party: 'patient',
        per: 'hospital',
        ops: { fixedExpEC: 1 + 2 * n, expEC: 2, hashZr: 2 + 2 * n, invZr: 1 },
        note: `X_A = g^x, pk_B^x, pk_B^a, f(0) = a/d, then per kFrag (n = ${n}): U^rk, g^y, H5, H4`,
      },
      ...Array.from({ length: t }, (_, i) => ({
        algorithm: 'reencrypt',
        party: 'relay' as const,
        ops: reencrypt,
        note: `proxy ${i + 1} of t = ${t}: U1 = U^rk, kFrag signature, CheckCapsule, E^rk, V^rk, proof (E^t, V^t, U^t)`,
      })),
      {
        algorithm: 'decrypt',
        party: 'hospital',
        ops: {
          expEC: 8 * t + 3,
          fixedExpEC: 2 * t,
          mulEC: 6 * t - 1,
          hashZr: 3 * t + 2,
          invZr: t * (t - 1),
          kdf: 1,
          aead: 1,
        },
        note:
          'per cFrag: proof (5 exp, U^rho fixed) and kFrag signature; combine: t(t-1) inversions for the Lagrange ' +
          'coefficients, 2t exp, pk_A^b, X_A^b, ^d; KDF, AEAD open',
      },
    ],
    scaling: 'ReKeyGen: 2n+1 fixed-base exp for n kFrags; each of t proxies: 6 exp + 4 fixed; Dec: 8t+3 exp + 2t fixed',
  };
}

const G = (name: string): MessageElement => ({ name, group: 'G1' });
const Z = (name: string): MessageElement => ({ name, group: 'Zr' });

function umbralMessages(params: SchemeParams): MessageSpec[] {
  const { t, n } = threshold(params);
  const capsule = [G('E'), G('V'), Z('s')];
  const kfrag = (i: number) => [Z(`id${i}`), Z(`rk${i}`), G(`X_A`), G(`U1_${i}`), Z(`z1_${i}`), Z(`z2_${i}`)];
  const cfrag = (i: number) => [
    G(`E1_${i}`),
    G(`V1_${i}`),
    Z(`id${i}`),
    G(`X_A`),
    G(`E2_${i}`),
    G(`V2_${i}`),
    G(`U2_${i}`),
    G(`U1_${i}`),
    Z(`rho${i}`),
    Z(`z1_${i}`),
    Z(`z2_${i}`),
  ];
  // What the codec really sends: the same capsule, kFrags and cFrags, and in M2 and M3 also both public keys (the
  // proxy and the delegatee check the kFrag signature against them); the threshold t and the lengths are framing.
  return [
    {
      id: 'M1',
      from: 'device',
      to: 'storage',
      description: 'capsule and sealed record',
      elements: capsule,
      impl: implElements(Capsule),
    },
    {
      id: 'M2',
      from: 'patient',
      to: 'relay',
      description: `n = ${n} kFrags (one per proxy)`,
      elements: Array.from({ length: n }, (_, i) => kfrag(i)).flat(),
      impl: implElements(objects.reKey, { kfrags: n }),
    },
    {
      id: 'M3',
      from: 'relay',
      to: 'hospital',
      description: `capsule and t = ${t} verified-before-use cFrags with proofs`,
      elements: [...capsule, ...Array.from({ length: t }, (_, i) => cfrag(i)).flat()],
      impl: implElements(form(objects.ciphertext, 2), { cfrags: t }),
    },
  ];
}

const Capsule = layout({ E: 'G1', V: 'G1', s: 'Zr' });
const KFragL = layout({ XA: 'G1', U1: 'G1', id: 'Zr*', rk: 'Zr', z1: 'Zr', z2: 'Zr' });
const CFragL = layout({
  E1: 'G1',
  V1: 'G1',
  XA: 'G1',
  id: 'Zr*',
  proof: layout({ E2: 'G1', V2: 'G1', U2: 'G1', U1: 'G1', rho: 'Zr', z1: 'Zr', z2: 'Zr' }),
});
const objects = {
  publicKey: bare('pk', 'G1'),
  secretKey: bare('sk', 'Zr*'),
  ciphertext: variants('level', [
    [1, layout({ capsule: Capsule, sealed: 'bytes' })],
    [
      2,
      layout({
        capsule: Capsule,
        delegator: 'G1',
        delegatee: 'G1',
        cfrags: { list: CFragL, min: 1, max: 255 },
        sealed: 'bytes',
      }),
    ],
  ]),
  reKey: layout({ delegator: 'G1', delegatee: 'G1', t: 'u8', kfrags: { list: KFragL, min: 1, max: 255 } }, (rk) =>
    rk.t < 1 || rk.kfrags.length < rk.t ? `threshold ${rk.t}-of-${rk.kfrags.length}` : undefined,
  ),
};

function pkOf(to: Recipient<EcPoint>): EcPoint {
  if (to.kind !== 'pk') throw new UnsupportedError(`Umbral encrypts to public keys, not to a ${to.kind}`);
  return to.pk;
}

export const umbral: Scheme = {
  name: 'umbral',
  title: 'Umbral threshold proxy re-encryption (secp256k1)',
  family: 'threshold-pre',
  citation:
    'D. Nuñez, "Umbral: A Threshold Proxy Re-Encryption Scheme", NuCypher technical report, 2018: KEM sec. 3.2, ' +
    'ReKeyGen sec. 3.3, ReEncapsulate sec. 3.4, DecapsulateFrags sec. 3.5, cFrag correctness proofs sec. 4',
  capabilities: { ...noCapabilities(), unidirectional: true, threshold: true, reencryption: true },
  parties: ['device', 'patient', 'relay', 'hospital', 'storage'],
  supports: () => true,
  defaultParams: () => ({ threshold: { ...DEFAULT_THRESHOLD } }),
  costModel: (params) => umbralCost(params),
  messages: (params) => umbralMessages(params),
  protocol: () => umbralProtocol,
  async create(opts: CreateOptions): Promise<SchemeInstance> {
    return createUmbralInstance(opts.params ?? {});
  },
};

export function createUmbralInstance(paramsIn: SchemeParams): UmbralInstance {
  const params: SchemeParams = { ...paramsIn, threshold: threshold(paramsIn) };
  const { t, n } = params.threshold!;
  const grp = createSecp256k1Group();
  const um = new Umbral(grp);
  const codec = schemeCodec<EcPoint, bigint, UmbralCiphertext, UmbralReKey>('umbral', { G1: grp, Zr: grp.zr }, objects);

  const inst: UmbralInstance = {
    scheme: umbral,
    group: null as PairingGroup | null,
    params,
    codec,
    recipientFor: byPublicKey,
    keygen: (_subject, rng) => um.keygen(rng),
    encrypt(to, m, rng) {
      const { capsule, key } = um.encapsulate(pkOf(to), rng);
      return { level: 1, capsule, sealed: sealCounted(grp.ops, key, m, capsuleAad(capsule), rng, AEAD) };
    },
    decrypt(key: KeyPair<EcPoint, bigint>, ct) {
      if (ct.level === 1)
        return openCounted(grp.ops, um.decapsulate(key.sk, ct.capsule), ct.sealed, capsuleAad(ct.capsule), AEAD);
      if (!grp.eq(ct.delegatee, key.pk)) throw new DecryptionError('re-encrypted for another public key');
      const k = um.decapsulateFrags(key.sk, key.pk, ct.delegator, ct.capsule, ct.cfrags);
      return openCounted(grp.ops, k, ct.sealed, capsuleAad(ct.capsule), AEAD);
    },
    rekeygen(from, to, rng) {
      const pkB = pkOf(to);
      return { delegator: from.pk, delegatee: pkB, t, kfrags: um.generateKFrags(from.sk, from.pk, pkB, t, n, rng) };
    },
    reencryptFragment(rk, index, ct, rng) {
      if (ct.level !== 1) throw new UnsupportedError('Umbral is single-hop: only first-level ciphertexts re-encrypt');
      const k = rk.kfrags[index];
      if (!k) throw new ParameterError(`no kFrag ${index} (have ${rk.kfrags.length})`);
      return um.reencapsulate(k, ct.capsule, rk.delegator, rk.delegatee, rng);
    },
    collect(rk, ct, cfrags) {
      return {
        level: 2,
        capsule: ct.capsule,
        delegator: rk.delegator,
        delegatee: rk.delegatee,
        cfrags,
        sealed: ct.sealed,
      };
    },
    reencrypt(rk, ct, rng) {
      const cfrags = rk.kfrags.map((_, i) => inst.reencryptFragment(rk, i, ct, rng));
      return inst.collect(rk, ct, cfrags);
    },
    story: (opts) => umbralStory(inst, grp, opts),
  };
  function capsuleAad(c: Capsule): Uint8Array {
    return codec.encodeCiphertext({ level: 1, capsule: c, sealed: new Uint8Array(0) });
  }
  return inst;
}

async function umbralStory(inst: UmbralInstance, grp: PrimeGroup, opts: StoryOptions): Promise<StoryResult> {
  const { rng } = opts;
  const record = opts.record ?? sampleRecord();
  const { t, n } = inst.params.threshold!;
  const specs = umbralMessages(inst.params);
  const spec = (id: string) => specs.find((s) => s.id === id)!;
  const rec = new StoryRecorder(grp.ops, { Zr: grp.zr.size, G1: grp.size, G2: grp.size, GT: 0 });
  const c = inst.codec;

  const patient = rec.step('patient keygen', 'patient', 'keygen', () => inst.keygen({ id: 'alice' }, rng));
  const hospital = rec.step('hospital keygen', 'hospital', 'keygen', () => inst.keygen({ id: 'hospital-b' }, rng));
  const ct = rec.step('device encrypts the record', 'device', 'encrypt', () =>
    inst.encrypt({ kind: 'pk', pk: patient.pk }, record, rng),
  );
  const ctWire = c.encodeCiphertext(ct);
  rec.message(spec('M1'), ctWire);
  const rk = rec.step(`patient splits the re-encryption key (${t}-of-${n})`, 'patient', 'rekeygen', () =>
    inst.rekeygen!({ ...patient }, { kind: 'pk', pk: hospital.pk }, rng),
  );
  const rkWire = c.encodeReKey(rk);
  rec.message(spec('M2'), rkWire);
  // Proxies that are online: the last t of the n (so the first kFrags are not special).
  const online = Array.from({ length: t }, (_, i) => n - t + i);
  // Each proxy decodes the capsule it re-encrypts inside its step, as every scheme's receiving step does. M2 carries
  // all n kFrags in one wire, so it is decoded once here rather than charging each proxy for the other kFrags.
  const rkProxy = c.decodeReKey(rkWire);
  const cfrags = online.map((i) =>
    rec.step(`proxy ${i + 1} re-encrypts`, 'relay', 'reencrypt', () =>
      inst.reencryptFragment(rkProxy, i, c.decodeCiphertext(ctWire), rng),
    ),
  );
  const ct1 = c.decodeCiphertext(ctWire);
  const ct2 = inst.collect(rk, ct1, cfrags);
  const ct2Wire = c.encodeCiphertext(ct2);
  rec.message(spec('M3'), ct2Wire);
  const plain = rec.step('hospital verifies the cFrags and decrypts', 'hospital', 'decrypt', () =>
    inst.decrypt(hospital, c.decodeCiphertext(ct2Wire)),
  );

  rec.check('hospital recovers the record', () => equalBytes(plain, record));
  rec.check('patient decrypts the original', () => equalBytes(inst.decrypt(patient, ct1), record));
  rec.check('public key round-trips its codec', () =>
    grp.eq(c.decodePublicKey(c.encodePublicKey(patient.pk)), patient.pk),
  );
  rec.check('hospital cannot open the first-level ciphertext', () => refuses(() => inst.decrypt(hospital, ct1)));
  if (t > 1)
    rec.check(`${t - 1} cFrags are not enough`, () =>
      refuses(() => inst.decrypt(hospital, inst.collect(rk, ct1, cfrags.slice(1)))),
    );
  rec.check('a forged cFrag is rejected', () => {
    const forged = { ...cfrags[0]!, E1: grp.mul(cfrags[0]!.E1, grp.generator()) };
    return refuses(() => inst.decrypt(hospital, inst.collect(rk, ct1, [forged, ...cfrags.slice(1)])));
  });
  return rec.result('umbral', grp.name);
}
