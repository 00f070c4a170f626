/**
 * GA07: Green-Ateniese identity-based proxy re-encryption, the CPA-secure scheme IBP1 (M. Green, G. Ateniese,
 * "Identity-Based Proxy Re-encryption", ACNS 2007, LNCS 4521, sec. 4.1), built on Boneh-Franklin IBE, on an
 * asymmetric pairing e: G1 x G2 -> GT.
 *
 *   Setup (PKG):        s <- Zq, mpk = g1^s
 *   KeyGen/Extract(id): sk_id = H1(id)^s                      (H1: identities -> G2)
 *   Encrypt(id, m):     r <- Zq, c = (g1^r, m·e(mpk, H1(id))^r)
 *   RKGen(sk_id1, id2): X <- GT, rk = (Encrypt(id2, X), sk_id1^-1 · H2(X))     (H2: GT -> G2)
 *   Reencrypt(c, rk):   (A, B) -> (A, B·e(A, sk_id1^-1 · H2(X)), Encrypt(id2, X)) = (A, m·e(A, H2(X)), ...)
 *   Decrypt level 1:    m = B / e(A, sk_id)
 *   Decrypt level 2:    X = Decrypt(sk_id2, Encrypt(id2, X)), m = B' / e(A, H2(X))
 *
 * Correctness: e(mpk, H1(id1))^r · e(g1^r, H1(id1)^-s) = 1. The paper's symmetric group elements are placed so that
 * every pairing takes G1 first: ciphertext components in G1, identity keys and the re-encryption key in G2.
 * Identities are the recipients (`{ kind: 'identity', id }`); public keys are identities too. The PKG's master
 * secret lives in the instance (the scheme's trusted authority, with its key escrow).
 *
 * Only the single-hop use is implemented (a second-level ciphertext is not re-encrypted again), so the
 * capability `multiHop` is not declared.
 *
 * Hybrid use: m is a random K in GT (K = Z^rho); the record is sealed with AES-256-GCM under KDF(K), with g1^r
 * (unchanged by re-encryption) as associated data.
 */
import { DecodeError, UnsupportedError } from '../../core/errors.js';
import type { G1, G2, GT, PairingGroup } from '../../core/groups/types.js';
import { systemRng, type Rng } from '../../core/rng.js';
import {
  noCapabilities,
  type CostModel,
  type MessageSpec,
  type Recipient,
  type Scheme,
  type SchemeCodec,
  type SchemeInstance,
  type SchemeParams,
} from '../../core/types.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { open, seal } from '../../core/dem.js';
import { fixedBases, fixedExpOps, ops } from '../../core/fixed-bases.js';
import { runPreStory } from '../../core/flows/pre-story.js';
import { KIND, objectWriter, openObject, schemeTag, type Reader, type Writer } from '../../core/wire.js';

export interface GaPublicKey {
  id: string;
}
export type GaSecretKey = G2;
/** A Boneh-Franklin ciphertext (A, B) = (g1^r, m·e(mpk, H1(id))^r). */
export interface IbeCiphertext {
  A: G1;
  B: GT;
}
export type GaCiphertext =
  | { level: 1; c: IbeCiphertext; sealed: Uint8Array }
  | { level: 2; c: IbeCiphertext; x: IbeCiphertext; sealed: Uint8Array };
export interface GaReKey {
  /** sk_id1^-1 · H2(X) */
  R: G2;
  /** Encrypt(id2, X) */
  x: IbeCiphertext;
}
export type GaInstance = SchemeInstance<GaPublicKey, GaSecretKey, GaCiphertext, GaReKey>;

const AEAD = 'aes-256-gcm';
const DST_H1 = 'GA07/H1/identity';
const DST_H2 = 'GA07/H2/GT-to-G2';
const MAX_ID = 256;

function costModel(_params: SchemeParams, opt: { precompute: boolean }): CostModel {
  const f = fixedExpOps(opt.precompute);
  const ibeEnc = (): [Parameters<typeof ops>[0][0], number][] => [
    [f.E1, 1],
    ['hashG2', 1],
    ['millerLoop', 1],
    ['finalExp', 1],
    ['expGT', 1],
    ['mulGT', 1],
  ];
  const extract = ops(['hashG2', 1], ['expG2', 1]);
  return {
    algorithms: [
      { algorithm: 'keygen', party: 'authority', ops: extract, note: 'PKG extracts H1(id_P)^s' },
      { algorithm: 'keygen', party: 'authority', per: 'hospital', ops: extract, note: 'PKG extracts H1(id_B)^s' },
      {
        algorithm: 'encrypt',
        party: 'device',
        ops: ops([f.ET, 1], ...ibeEnc()),
        note: 'K = Z^rho; g1^r, e(mpk, H1(id))^r',
      },
      {
        algorithm: 'rekeygen',
        party: 'patient',
        per: 'hospital',
        ops: ops([f.ET, 1], ['hashG2', 1], ['mulG2', 1], ...ibeEnc()),
        note: 'X = Z^rho, sk^-1·H2(X), Encrypt(id_B, X)',
      },
      {
        algorithm: 'reencrypt',
        party: 'relay',
        ops: ops(['millerLoop', 1], ['finalExp', 1], ['mulGT', 1]),
        note: 'B·e(A, R)',
      },
      {
        algorithm: 'decrypt',
        party: 'hospital',
        ops: ops(['millerLoop', 2], ['finalExp', 2], ['mulGT', 2], ['invGT', 2], ['hashG2', 1]),
        note: "X = Decrypt(sk_B, .), H2(X), B' / e(A, H2(X))",
      },
    ],
    scaling: 'constant; encryption needs a pairing per record (e(mpk, H1(id)) depends on the recipient)',
  };
}

function messages(): MessageSpec[] {
  return [
    {
      id: 'M1',
      from: 'device',
      to: 'storage',
      description: 'IBE ciphertext (g1^r, K·e(mpk, H1(id_P))^r) and sealed record',
      elements: [
        { name: 'A', group: 'G1' },
        { name: 'B', group: 'GT' },
      ],
    },
    {
      id: 'M2',
      from: 'patient',
      to: 'relay',
      description: 're-encryption key (sk^-1·H2(X), Encrypt(id_B, X))',
      elements: [
        { name: 'R', group: 'G2' },
        { name: 'X.A', group: 'G1' },
        { name: 'X.B', group: 'GT' },
      ],
    },
    {
      id: 'M3',
      from: 'relay',
      to: 'hospital',
      description: "second-level ciphertext (A, B', Encrypt(id_B, X)) and sealed record",
      elements: [
        { name: 'A', group: 'G1' },
        { name: "B'", group: 'GT' },
        { name: 'X.A', group: 'G1' },
        { name: 'X.B', group: 'GT' },
      ],
    },
  ];
}

export const ga07: Scheme = {
  name: 'ga07',
  title: 'GA07 identity-based PRE (Green-Ateniese IBP1)',
  family: 'ib-pre',
  citation:
    'M. Green, G. Ateniese, "Identity-Based Proxy Re-encryption", ACNS 2007, LNCS 4521, sec. 4.1 (IBP1: Setup, ' +
    'KeyGen, Encrypt, RKGen, Reencrypt, Decrypt), on Boneh-Franklin IBE',
  capabilities: { ...noCapabilities(), unidirectional: true, identityBased: true, reencryption: true },
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  costModel,
  messages: () => messages(),
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('GA07 needs a pairing group');
    return createGa07(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

function makeCodec(group: PairingGroup): SchemeCodec<GaPublicKey, GaSecretKey, GaCiphertext, GaReKey> {
  const tag = schemeTag('ga07');
  const { g1, g2, gt } = group;
  const wIbe = (w: Writer, c: IbeCiphertext) => w.fixed(g1.toBytes(c.A)).fixed(gt.toBytes(c.B));
  const rIbe = (r: Reader, name: string): IbeCiphertext => ({
    A: r.field(g1.size, (b) => g1.fromBytes(b), `${name}.A`),
    B: r.field(gt.size, (b) => gt.fromBytes(b), `${name}.B`),
  });
  return {
    encodePublicKey: (pk) => objectWriter(tag, KIND.publicKey).str(pk.id).finish(),
    decodePublicKey(b) {
      const { r } = openObject(b, tag, [KIND.publicKey], 'GA07 identity');
      const id = r.str(MAX_ID);
      if (id.length === 0) throw new DecodeError('format', 'GA07 identity', 'empty identity');
      r.end();
      return { id };
    },
    encodeSecretKey: (sk) => objectWriter(tag, KIND.secretKey).fixed(g2.toBytes(sk)).finish(),
    decodeSecretKey(b) {
      const { r } = openObject(b, tag, [KIND.secretKey], 'GA07 identity key');
      const sk = r.field(g2.size, (x) => g2.fromBytes(x), 'sk_id');
      r.end();
      return sk;
    },
    encodeCiphertext(ct) {
      const w = objectWriter(tag, ct.level === 1 ? KIND.ciphertext1 : KIND.ciphertext2);
      wIbe(w, ct.c);
      if (ct.level === 2) wIbe(w, ct.x);
      return w.bytes(ct.sealed).finish();
    },
    decodeCiphertext(b) {
      const { r, kind } = openObject(b, tag, [KIND.ciphertext1, KIND.ciphertext2], 'GA07 ciphertext');
      const c = rIbe(r, 'c');
      const ct: GaCiphertext =
        kind === KIND.ciphertext1
          ? { level: 1, c, sealed: r.bytes() }
          : { level: 2, c, x: rIbe(r, 'x'), sealed: r.bytes() };
      r.end();
      return ct;
    },
    encodeReKey: (rk) => wIbe(objectWriter(tag, KIND.reKey).fixed(g2.toBytes(rk.R)), rk.x).finish(),
    decodeReKey(b) {
      const { r } = openObject(b, tag, [KIND.reKey], 'GA07 re-encryption key');
      const R = r.field(g2.size, (x) => g2.fromBytes(x), 'R');
      const rk = { R, x: rIbe(r, 'x') };
      r.end();
      return rk;
    },
  };
}

function identityOf(to: Recipient<GaPublicKey>): string {
  const id = to.kind === 'identity' ? to.id : to.kind === 'pk' ? to.pk.id : null;
  if (id === null) throw new UnsupportedError(`GA07 encrypts to identities, not to a ${to.kind}`);
  if (typeof id !== 'string' || id.length === 0 || utf8ToBytes(id).length > MAX_ID)
    throw new UnsupportedError(`GA07 identities are 1..${MAX_ID} bytes of UTF-8`);
  return id;
}

export function createGa07(
  group: PairingGroup,
  precompute: boolean,
  params: SchemeParams,
  setupRng: Rng = systemRng,
): GaInstance {
  const { zr, g2, gt } = group;
  const fb = fixedBases(group, precompute);
  const codec = makeCodec(group);
  // PKG setup (one-time, not part of the flow's cost).
  const { s, mpk } = group.ops.measure(() => {
    const s = zr.random(setupRng);
    return { s, mpk: group.g1.exp(group.g1.generator(), s) };
  }).result;
  const H1 = (id: string) => g2.hash(utf8ToBytes(id), DST_H1);
  const H2 = (X: GT) => g2.hash(gt.toBytes(X), DST_H2);
  const key = (K: GT) => gt.kdf(K, 'ga07/dem');
  const aad = (c: IbeCiphertext) => group.g1.toBytes(c.A);

  const ibeEncrypt = (id: string, m: GT, rng: Rng): IbeCiphertext => {
    const r = zr.random(rng);
    const A = fb.g1(r);
    return { A, B: gt.mul(m, gt.exp(group.pair(mpk, H1(id)), r)) };
  };
  const ibeDecrypt = (sk: G2, c: IbeCiphertext): GT => gt.div(c.B, group.pair(c.A, sk));

  const inst: GaInstance = {
    scheme: ga07,
    group,
    params,
    codec,
    keygen(subject) {
      const id = identityOf({ kind: 'identity', id: subject.id });
      return { pk: { id }, sk: g2.exp(H1(id), s) };
    },
    encrypt(to, m, rng) {
      const K = fb.randomGT(rng);
      const c = ibeEncrypt(identityOf(to), K, rng);
      return { level: 1, c, sealed: seal(key(K), m, aad(c), rng, AEAD) };
    },
    decrypt(kp, ct) {
      const K =
        ct.level === 1 ? ibeDecrypt(kp.sk, ct.c) : gt.div(ct.c.B, group.pair(ct.c.A, H2(ibeDecrypt(kp.sk, ct.x))));
      return open(key(K), ct.sealed, aad(ct.c), AEAD);
    },
    rekeygen(from, to, rng) {
      const X = fb.randomGT(rng);
      const R = g2.mul(g2.inv(from.sk), H2(X));
      return { R, x: ibeEncrypt(identityOf(to), X, rng) };
    },
    reencrypt(rk, ct) {
      if (ct.level !== 1) throw new UnsupportedError('this GA07 instance re-encrypts first-level ciphertexts only');
      return { level: 2, c: { A: ct.c.A, B: gt.mul(ct.c.B, group.pair(ct.c.A, rk.R)) }, x: rk.x, sealed: ct.sealed };
    },
    story: (opts) =>
      runPreStory(
        {
          inst,
          counter: group.ops,
          sizes: group.sizes,
          backend: group.name,
          messages: messages(),
          keygenParty: { patient: 'authority', hospital: 'authority' },
          recipient: (_kp, subject) => ({ kind: 'identity', id: subject.id }),
        },
        opts,
      ),
  };
  return inst;
}
