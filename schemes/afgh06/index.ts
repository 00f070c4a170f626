/**
 * AFGH06: the Ateniese-Fu-Green-Hohenberger unidirectional, single-hop proxy re-encryption, the "third attempt"
 * (G. Ateniese, K. Fu, M. Green, S. Hohenberger, "Improved Proxy Re-Encryption Schemes with Applications to Secure
 * Distributed Storage", NDSS 2005 and ACM TISSEC 9(1), 2006, section 3.2 "A Third Attempt"), on an asymmetric
 * pairing e: G1 x G2 -> GT with Z = e(g1, g2).
 *
 *   KeyGen:            sk = (a1, a2),  pk = (Z^a1, g2^a2)
 *   ReKeyGen(A -> B):  rk = (g2^b2)^a1 = g2^(a1 b2)                     (from A's a1 and B's public g2^b2 only)
 *   Enc, 2nd level:    c = (g1^k, m·Z^(a1 k))                           (re-encryptable)
 *   Enc, 1st level:    c = (Z^(a1 k), m·Z^k)                            (for A only)
 *   ReEnc:             (g1^k, beta) -> (e(g1^k, rk), beta) = (Z^(b2 a1 k), m·Z^(a1 k))
 *   Dec, 2nd level:    m = beta / e(alpha, g2)^a1
 *   Dec, 1st level:    m = beta / alpha^(1/a1)       (re-encrypted: m = beta / alpha^(1/b2))
 *
 * The paper's symmetric g in G is placed so that every pairing takes G1 first and G2 second: the second-level
 * component g1^k is in G1 and the re-encryption key in G2; public keys carry g2^a2 so that re-encryption keys can be
 * made from them. Under our interface's names, `encrypt` produces AFGH's second-level (re-encryptable, "original")
 * ciphertext; `encryptFirstLevel` the first-level one; `reencrypt` a first-level ciphertext under b2.
 *
 * Hybrid use (KEM/DEM): m is a uniformly random K in GT (K = Z^rho) and the record is sealed with AES-256-GCM under
 * KDF(K); beta, which re-encryption leaves unchanged, is the associated data.
 */
import { UnsupportedError } from '../../core/errors.js';
import type { G1, G2, GT, PairingGroup } from '../../core/groups/types.js';
import type { Rng } from '../../core/rng.js';
import {
  noCapabilities,
  type CostModel,
  type KeyPair,
  type MessageSpec,
  type Recipient,
  type Scheme,
  type SchemeCodec,
  type SchemeInstance,
  type SchemeParams,
} from '../../core/types.js';
import { open, seal } from '../../core/dem.js';
import { fixedBases, fixedExpOps, ops } from '../../core/fixed-bases.js';
import { runPreStory } from '../../core/flows/pre-story.js';
import { KIND, objectWriter, openObject, schemeTag } from '../../core/wire.js';

export interface AfghPublicKey {
  Za1: GT;
  g2a2: G2;
}
export interface AfghSecretKey {
  a1: bigint;
  a2: bigint;
}
export type AfghCiphertext =
  | { level: 2; c1: G1; beta: GT; sealed: Uint8Array }
  | { level: 1; alpha: GT; beta: GT; sealed: Uint8Array }
  | { level: 'reencrypted'; alpha: GT; beta: GT; sealed: Uint8Array };
export type AfghReKey = G2;

export type AfghInstance = SchemeInstance<AfghPublicKey, AfghSecretKey, AfghCiphertext, AfghReKey> & {
  /** AFGH's first-level encryption: decryptable by the recipient only, not re-encryptable. */
  encryptFirstLevel(to: Recipient<AfghPublicKey>, m: Uint8Array, rng: Rng): AfghCiphertext;
};

const AEAD = 'aes-256-gcm';
const INFO = 'afgh06/dem';

function costModel(_params: SchemeParams, opt: { precompute: boolean }): CostModel {
  const f = fixedExpOps(opt.precompute);
  return {
    algorithms: [
      { algorithm: 'keygen', party: 'patient', ops: ops([f.ET, 1], [f.E2, 1]), note: 'Z^a1, g2^a2' },
      { algorithm: 'keygen', party: 'hospital', ops: ops([f.ET, 1], [f.E2, 1]), note: 'Z^b1, g2^b2' },
      {
        algorithm: 'encrypt',
        party: 'device',
        ops: ops([f.ET, 1], [f.E1, 1], ['expGT', 1], ['mulGT', 1]),
        note: 'K = Z^rho, g1^k, (Z^a1)^k, K·Z^(a1 k)',
      },
      { algorithm: 'rekeygen', party: 'patient', per: 'hospital', ops: ops(['expG2', 1]), note: '(g2^b2)^a1' },
      { algorithm: 'reencrypt', party: 'relay', ops: ops(['millerLoop', 1], ['finalExp', 1]), note: 'e(g1^k, rk)' },
      {
        algorithm: 'decrypt',
        party: 'hospital',
        ops: ops(['expGT', 1], ['mulGT', 1], ['invGT', 1]),
        note: 'beta / alpha^(1/b2)',
      },
    ],
    scaling: 'constant: independent of record count per record; one pairing per re-encryption',
  };
}

function messages(): MessageSpec[] {
  return [
    {
      id: 'M1',
      from: 'device',
      to: 'storage',
      description: 'second-level ciphertext (g1^k, K·Z^(a1 k)) and sealed record',
      elements: [
        { name: 'g1^k', group: 'G1' },
        { name: 'beta', group: 'GT' },
      ],
    },
    {
      id: 'M2',
      from: 'patient',
      to: 'relay',
      description: 're-encryption key g2^(a1 b2)',
      elements: [{ name: 'rk', group: 'G2' }],
    },
    {
      id: 'M3',
      from: 'relay',
      to: 'hospital',
      description: 'first-level ciphertext (Z^(a1 b2 k), beta) and sealed record',
      elements: [
        { name: 'alpha', group: 'GT' },
        { name: 'beta', group: 'GT' },
      ],
    },
  ];
}

export const afgh06: Scheme = {
  name: 'afgh06',
  title: 'AFGH06 unidirectional single-hop PRE (third attempt)',
  family: 'pre',
  citation:
    'G. Ateniese, K. Fu, M. Green, S. Hohenberger, "Improved Proxy Re-Encryption Schemes with Applications to ' +
    'Secure Distributed Storage", NDSS 2005 / ACM TISSEC 9(1) 2006, sec. 3.2 (third attempt): KeyGen, ReKeyGen, ' +
    'first- and second-level Enc, ReEnc, Dec',
  capabilities: { ...noCapabilities(), unidirectional: true, reencryption: true },
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  costModel,
  messages: () => messages(),
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('AFGH06 needs a pairing group');
    return createAfgh06(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

function makeCodec(group: PairingGroup): SchemeCodec<AfghPublicKey, AfghSecretKey, AfghCiphertext, AfghReKey> {
  const tag = schemeTag('afgh06');
  const { zr, g1, g2, gt } = group;
  const ctKinds = [KIND.ciphertext2, KIND.ciphertext1, KIND.reencrypted];
  return {
    encodePublicKey: (pk) =>
      objectWriter(tag, KIND.publicKey).fixed(gt.toBytes(pk.Za1)).fixed(g2.toBytes(pk.g2a2)).finish(),
    decodePublicKey(b) {
      const { r } = openObject(b, tag, [KIND.publicKey], 'AFGH06 public key');
      const pk = {
        Za1: r.field(gt.size, (x) => gt.fromBytes(x), 'Z^a1'),
        g2a2: r.field(g2.size, (x) => g2.fromBytes(x), 'g2^a2'),
      };
      r.end();
      return pk;
    },
    encodeSecretKey: (sk) =>
      objectWriter(tag, KIND.secretKey).fixed(zr.toBytes(sk.a1)).fixed(zr.toBytes(sk.a2)).finish(),
    decodeSecretKey(b) {
      const { r } = openObject(b, tag, [KIND.secretKey], 'AFGH06 secret key');
      const sk = {
        a1: r.field(zr.size, (x) => zr.fromBytes(x), 'a1'),
        a2: r.field(zr.size, (x) => zr.fromBytes(x), 'a2'),
      };
      r.end();
      return sk;
    },
    encodeCiphertext(ct) {
      if (ct.level === 2)
        return objectWriter(tag, KIND.ciphertext2)
          .fixed(g1.toBytes(ct.c1))
          .fixed(gt.toBytes(ct.beta))
          .bytes(ct.sealed)
          .finish();
      const kind = ct.level === 1 ? KIND.ciphertext1 : KIND.reencrypted;
      return objectWriter(tag, kind).fixed(gt.toBytes(ct.alpha)).fixed(gt.toBytes(ct.beta)).bytes(ct.sealed).finish();
    },
    decodeCiphertext(b) {
      const { r, kind } = openObject(b, tag, ctKinds, 'AFGH06 ciphertext');
      let ct: AfghCiphertext;
      if (kind === KIND.ciphertext2) {
        const c1 = r.field(g1.size, (x) => g1.fromBytes(x), 'g1^k');
        const beta = r.field(gt.size, (x) => gt.fromBytes(x), 'beta');
        ct = { level: 2, c1, beta, sealed: r.bytes() };
      } else {
        const alpha = r.field(gt.size, (x) => gt.fromBytes(x), 'alpha');
        const beta = r.field(gt.size, (x) => gt.fromBytes(x), 'beta');
        ct = { level: kind === KIND.ciphertext1 ? 1 : 'reencrypted', alpha, beta, sealed: r.bytes() };
      }
      r.end();
      return ct;
    },
    encodeReKey: (rk) => objectWriter(tag, KIND.reKey).fixed(g2.toBytes(rk)).finish(),
    decodeReKey(b) {
      const { r } = openObject(b, tag, [KIND.reKey], 'AFGH06 re-encryption key');
      const rk = r.field(g2.size, (x) => g2.fromBytes(x), 'rk');
      r.end();
      return rk;
    },
  };
}

function pkOf(to: Recipient<AfghPublicKey>): AfghPublicKey {
  if (to.kind !== 'pk') throw new UnsupportedError(`AFGH06 encrypts to public keys, not to a ${to.kind}`);
  return to.pk;
}

export function createAfgh06(group: PairingGroup, precompute: boolean, params: SchemeParams): AfghInstance {
  const { zr, gt } = group;
  const fb = fixedBases(group, precompute);
  const codec = makeCodec(group);
  const g2gen = group.g2.generator();
  const key = (K: GT) => gt.kdf(K, INFO);
  const aad = (beta: GT) => gt.toBytes(beta);

  const inst: AfghInstance = {
    scheme: afgh06,
    group,
    params,
    codec,
    keygen(_subject, rng) {
      const a1 = zr.random(rng);
      const a2 = zr.random(rng);
      return { pk: { Za1: fb.z(a1), g2a2: fb.g2(a2) }, sk: { a1, a2 } };
    },
    encrypt(to, m, rng) {
      const pk = pkOf(to);
      const K = fb.randomGT(rng);
      const k = zr.random(rng);
      const c1 = fb.g1(k);
      const beta = gt.mul(K, gt.exp(pk.Za1, k));
      return { level: 2, c1, beta, sealed: seal(key(K), m, aad(beta), rng, AEAD) };
    },
    encryptFirstLevel(to, m, rng) {
      const pk = pkOf(to);
      const K = fb.randomGT(rng);
      const k = zr.random(rng);
      const alpha = gt.exp(pk.Za1, k);
      const beta = gt.mul(K, fb.z(k));
      return { level: 1, alpha, beta, sealed: seal(key(K), m, aad(beta), rng, AEAD) };
    },
    decrypt(kp: KeyPair<AfghPublicKey, AfghSecretKey>, ct) {
      let K: GT;
      if (ct.level === 2) K = gt.div(ct.beta, gt.exp(group.pair(ct.c1, g2gen), kp.sk.a1));
      else K = gt.div(ct.beta, gt.exp(ct.alpha, zr.inv(ct.level === 1 ? kp.sk.a1 : kp.sk.a2)));
      return open(key(K), ct.sealed, aad(ct.beta), AEAD);
    },
    rekeygen(from, to) {
      return group.g2.exp(pkOf(to).g2a2, from.sk.a1);
    },
    reencrypt(rk, ct) {
      if (ct.level !== 2) throw new UnsupportedError('AFGH06 is single-hop: only second-level ciphertexts re-encrypt');
      return { level: 'reencrypted', alpha: group.pair(ct.c1, rk), beta: ct.beta, sealed: ct.sealed };
    },
    story: (opts) =>
      runPreStory(
        {
          inst,
          counter: group.ops,
          sizes: group.sizes,
          backend: group.name,
          messages: messages(),
          recipient: (kp) => ({ kind: 'pk', pk: kp.pk }),
        },
        opts,
      ),
  };
  return inst;
}
