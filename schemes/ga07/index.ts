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
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { kdfGT, openCounted, sealCounted } from '../../core/counted.js';
import { UnsupportedError } from '../../core/errors.js';
import { cost, fixedBases, fixedExpOps, ops } from '../../core/fixed-bases.js';
import { preStory } from '../../core/flows/pre-story.js';
import type { G2, GT, PairingGroup } from '../../core/groups/types.js';
import { form, layout, message, pairingElements, schemeCodec, variants, type Infer } from '../../core/layout.js';
import type { InferVariants } from '../../core/layout.js';
import { systemRng, type Rng } from '../../core/rng.js';
import {
  noCapabilities,
  type Recipient,
  type Scheme,
  type SchemeInstance,
  type SchemeParams,
} from '../../core/types.js';
import { ga07Protocol } from './protocol.js';

const MAX_ID = 256;
const idCheck = (v: { id: string }) =>
  v.id.length === 0 || utf8ToBytes(v.id).length > MAX_ID ? `identity must be 1..${MAX_ID} bytes` : undefined;
const PublicKey = layout({ id: 'str' }, idCheck);
const SecretKey = layout({ skId: 'G2' });
/** A Boneh-Franklin ciphertext (A, B) = (g1^r, m·e(mpk, H1(id))^r). */
const Ibe = layout({ A: 'G1', B: 'GT' });
const Ciphertext = variants('level', [
  [1, layout({ c: Ibe, sealed: 'bytes' })],
  [2, layout({ c: Ibe, x: Ibe, sealed: 'bytes' })],
]);
/** R = sk_id1^-1 · H2(X) and x = Encrypt(id2, X). */
const ReKey = layout({ R: 'G2', x: Ibe });
const objects = { publicKey: PublicKey, secretKey: SecretKey, ciphertext: Ciphertext, reKey: ReKey };
export type GaPublicKey = Infer<typeof PublicKey>;
export type GaSecretKey = Infer<typeof SecretKey>;
export type IbeCiphertext = Infer<typeof Ibe>;
export type GaCiphertext = InferVariants<typeof Ciphertext>;
export type GaReKey = Infer<typeof ReKey>;
export type GaInstance = SchemeInstance<GaPublicKey, GaSecretKey, GaCiphertext, GaReKey>;

const DST_H1 = 'GA07/H1/identity';
const DST_H2 = 'GA07/H2/GT-to-G2';

export const ga07: Scheme = {
  name: 'ga07',
  title: 'GA07 identity-based PRE (Green-Ateniese IBP1)',
  family: 'ib-pre',
  citation:
    'M. Green, G. Ateniese, "Identity-Based Proxy Re-encryption", ACNS 2007, LNCS 4521, sec. 4.1 (IBP1: Setup, ' +
    'KeyGen, Encrypt, RKGen, Reencrypt, Decrypt), on Boneh-Franklin IBE',
  capabilities: { ...noCapabilities(), unidirectional: true, identityBased: true, reencryption: true },
  parties: ['authority', 'device', 'patient', 'relay', 'hospital', 'storage'],
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  costModel(_params, opt) {
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
    const rekeygen = ops([f.ET, 1], ['hashG2', 1], ['mulG2', 1], ...ibeEnc());
    // strict decodes: the re-encrypted record (A, B') with the IBE-wrapped X (one G1, one GT each)
    const decrypt = ops(
      ['decodeG1', 2],
      ['decodeGT', 2],
      ['millerLoop', 2],
      ['finalExp', 2],
      ['mulGT', 2],
      ['invGT', 2],
      ['hashG2', 1],
      ['kdf', 1],
      ['aead', 1],
    );
    return {
      algorithms: [
        cost('keygen', 'authority', extract, 'PKG extracts H1(id_P)^s'),
        cost('keygen', 'authority', extract, 'PKG extracts H1(id_B)^s', 'hospital'),
        cost(
          'encrypt',
          'device',
          ops([f.ET, 1], ...ibeEnc(), ['kdf', 1], ['aead', 1]),
          'K = Z^rho; g1^r, e(mpk, H1(id))^r; KDF, AEAD seal',
        ),
        cost('rekeygen', 'patient', rekeygen, 'X = Z^rho, sk^-1·H2(X), Encrypt(id_B, X)', 'hospital'),
        cost(
          'reencrypt',
          'relay',
          ops(['decodeG1', 2], ['decodeG2', 1], ['decodeGT', 2], ['millerLoop', 1], ['finalExp', 1], ['mulGT', 1]),
          'strict decodes of (A, B) and of the re-key (R, IBE-wrapped X); B·e(A, R)',
        ),
        cost('decrypt', 'hospital', decrypt, "X = Decrypt(sk_B, .), H2(X), B' / e(A, H2(X)); KDF, AEAD open"),
      ],
      scaling: 'constant; encryption needs a pairing per record (e(mpk, H1(id)) depends on the recipient)',
    };
  },
  messages: () => [
    message(
      'M1',
      'device',
      'storage',
      'IBE ciphertext (g1^r, K·e(mpk, H1(id_P))^r), sealed record',
      form(Ciphertext, 1),
    ),
    message('M2', 'patient', 'relay', 're-encryption key (sk^-1·H2(X), Encrypt(id_B, X))', ReKey),
    message('M3', 'relay', 'hospital', "second-level (A, B', Encrypt(id_B, X)), sealed record", form(Ciphertext, 2)),
  ],
  protocol: () => ga07Protocol,
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('GA07 needs a pairing group');
    return createGa07(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

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
  // PKG setup (one-time, not part of the flow's cost).
  const { s, mpk } = group.ops.measure(() => {
    const s = zr.random(setupRng);
    return { s, mpk: group.g1.exp(group.g1.generator(), s) };
  }).result;
  const H1 = (id: string) => g2.hash(utf8ToBytes(id), DST_H1);
  const H2 = (X: GT) => g2.hash(gt.toBytes(X), DST_H2);
  const key = (K: GT) => kdfGT(group.ops, gt, K, 'ga07/dem');
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
    codec: schemeCodec('ga07', pairingElements(group), objects),
    recipientFor: (subject) => ({ kind: 'identity', id: subject.id }),
    keygen(subject) {
      const id = identityOf({ kind: 'identity', id: subject.id });
      return { pk: { id }, sk: { skId: g2.exp(H1(id), s) } };
    },
    encrypt(to, m, rng) {
      const K = fb.randomGT(rng);
      const c = ibeEncrypt(identityOf(to), K, rng);
      return { level: 1, c, sealed: sealCounted(group.ops, key(K), m, aad(c), rng) };
    },
    decrypt(kp, ct) {
      const K =
        ct.level === 1
          ? ibeDecrypt(kp.sk.skId, ct.c)
          : gt.div(ct.c.B, group.pair(ct.c.A, H2(ibeDecrypt(kp.sk.skId, ct.x))));
      return openCounted(group.ops, key(K), ct.sealed, aad(ct.c));
    },
    rekeygen(from, to, rng) {
      const X = fb.randomGT(rng);
      const R = g2.mul(g2.inv(from.sk.skId), H2(X));
      return { R, x: ibeEncrypt(identityOf(to), X, rng) };
    },
    reencrypt(rk, ct) {
      if (ct.level !== 1) throw new UnsupportedError('this GA07 instance re-encrypts first-level ciphertexts only');
      return { level: 2, c: { A: ct.c.A, B: gt.mul(ct.c.B, group.pair(ct.c.A, rk.R)) }, x: rk.x, sealed: ct.sealed };
    },
    story: (opts) => preStory(inst, opts, { keygenParty: { patient: 'authority', hospital: 'authority' } }),
  };
  return inst;
}
