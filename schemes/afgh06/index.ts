/**
 * AFGH06: the Ateniese-Fu-Green-Hohenberger unidirectional, single-hop proxy re-encryption, the "third attempt"
 * (G. Ateniese, K. Fu, M. Green, S. Hohenberger, "Improved Proxy Re-Encryption Schemes with Applications to Secure
 * Distributed Storage", NDSS 2005 and ACM TISSEC 9(1), 2006, section 3.2), on e: G1 x G2 -> GT with Z = e(g1, g2).
 *
 *   KeyGen:            sk = (a1, a2),  pk = (Z^a1, g2^a2)
 *   ReKeyGen(A -> B):  rk = (g2^b2)^a1 = g2^(a1 b2)                     (from A's a1 and B's public g2^b2 only)
 *   Enc, 2nd level:    c = (g1^k, m·Z^(a1 k))                           (re-encryptable)
 *   Enc, 1st level:    c = (Z^(a1 k), m·Z^k)                            (for A only)
 *   ReEnc:             (g1^k, beta) -> (e(g1^k, rk), beta) = (Z^(b2 a1 k), m·Z^(a1 k))
 *   Dec:               2nd level m = beta / e(alpha, g2)^a1; 1st level m = beta / alpha^(1/a1) (re-encrypted: 1/b2)
 *
 * Every pairing takes G1 first: g1^k is in G1, the re-encryption key in G2, and public keys carry g2^a2 so that
 * re-encryption keys can be made from them. `encrypt` gives AFGH's second-level ("original") ciphertext. Hybrid use:
 * m is a random K = Z^rho and the record is sealed under KDF(K); beta, which re-encryption keeps, is the AEAD's data.
 */
import { invZr, kdfGT, openCounted, sealCounted } from '../../core/counted.js';
import { UnsupportedError } from '../../core/errors.js';
import { cost, fixedBases, fixedExpOps, ops } from '../../core/fixed-bases.js';
import { preStory } from '../../core/flows/pre-story.js';
import type { GT, PairingGroup } from '../../core/groups/types.js';
import { form, layout, message, pairingElements, schemeCodec, variants, type Infer } from '../../core/layout.js';
import type { InferVariants } from '../../core/layout.js';
import type { OpName } from '../../core/ops.js';
import type { Rng } from '../../core/rng.js';
import { byPublicKey, noCapabilities, publicKeyOf } from '../../core/types.js';
import type { Recipient, Scheme, SchemeInstance } from '../../core/types.js';
import { afgh06Protocol } from './protocol.js';

const PublicKey = layout({ Za1: 'GT', g2a2: 'G2' });
const SecretKey = layout({ a1: 'Zr*', a2: 'Zr*' });
const Ciphertext = variants('level', [
  [2, layout({ c1: 'G1', beta: 'GT', sealed: 'bytes' })],
  [1, layout({ alpha: 'GT', beta: 'GT', sealed: 'bytes' })],
  ['reencrypted', layout({ alpha: 'GT', beta: 'GT', sealed: 'bytes' })],
]);
const ReKey = layout({ rk: 'G2' });
const objects = { publicKey: PublicKey, secretKey: SecretKey, ciphertext: Ciphertext, reKey: ReKey };
export type AfghPublicKey = Infer<typeof PublicKey>;
export type AfghSecretKey = Infer<typeof SecretKey>;
export type AfghCiphertext = InferVariants<typeof Ciphertext>;
export type AfghReKey = Infer<typeof ReKey>;
export type AfghInstance = SchemeInstance<AfghPublicKey, AfghSecretKey, AfghCiphertext, AfghReKey> & {
  /** AFGH's first-level encryption: decryptable by the recipient only, not re-encryptable. */
  encryptFirstLevel(to: Recipient<AfghPublicKey>, m: Uint8Array, rng: Rng): AfghCiphertext;
};

export const afgh06: Scheme = {
  name: 'afgh06',
  title: 'AFGH06 unidirectional single-hop PRE (third attempt)',
  family: 'pre',
  citation:
    'G. Ateniese, K. Fu, M. Green, S. Hohenberger, "Improved Proxy Re-Encryption Schemes with Applications to ' +
    'Secure Distributed Storage", NDSS 2005 / ACM TISSEC 9(1) 2006, sec. 3.2 (third attempt): KeyGen, ReKeyGen, ' +
    'first- and second-level Enc, ReEnc, Dec',
  capabilities: { ...noCapabilities(), unidirectional: true, reencryption: true },
  parties: ['device', 'patient', 'relay', 'hospital', 'storage'],
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  costModel(_params, opt) {
    const f = fixedExpOps(opt.precompute);
    const keygen = ops([f.ET, 1], [f.E2, 1]);
    // each sealing or opening of the record: one KDF of K and one AEAD call
    const dem: [OpName, number][] = [
      ['kdf', 1],
      ['aead', 1],
    ];
    const enc = ops([f.ET, 1], [f.E1, 1], ['expGT', 1], ['mulGT', 1], ...dem);
    return {
      algorithms: [
        cost('keygen', 'patient', keygen, 'Z^a1, g2^a2'),
        cost('keygen', 'hospital', keygen, 'Z^b1, g2^b2'),
        cost('encrypt', 'device', enc, 'K = Z^rho, g1^k, (Z^a1)^k, K·Z^(a1 k), KDF, AEAD seal'),
        cost('rekeygen', 'patient', ops(['expG2', 1]), '(g2^b2)^a1', 'hospital'),
        cost(
          'reencrypt',
          'relay',
          ops(['decodeG1', 1], ['decodeGT', 1], ['decodeG2', 1], ['millerLoop', 1], ['finalExp', 1]),
          'strict decodes of (g1^k, K·Z^(a1 k)) and rk; e(g1^k, rk)',
        ),
        cost(
          'decrypt',
          'hospital',
          ops(['decodeGT', 2], ['invZr', 1], ['expGT', 1], ['mulGT', 1], ['invGT', 1], ...dem),
          'strict decodes of (alpha, beta); beta / alpha^(1/b2), KDF, AEAD open',
        ),
      ],
      scaling: 'constant: independent of record count per record; one pairing per re-encryption',
    };
  },
  messages: () => [
    message('M1', 'device', 'storage', 'second-level (g1^k, K·Z^(a1 k)), sealed record', form(Ciphertext, 2)),
    message('M2', 'patient', 'relay', 're-encryption key g2^(a1 b2)', ReKey),
    message('M3', 'relay', 'hospital', 'first-level (alpha, beta), sealed record', form(Ciphertext, 'reencrypted')),
  ],
  protocol: () => afgh06Protocol,
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('AFGH06 needs a pairing group');
    return createAfgh06(opts.group, opts.precompute ?? true);
  },
};

export function createAfgh06(group: PairingGroup, precompute: boolean): AfghInstance {
  const { zr, gt } = group;
  const fb = fixedBases(group, precompute);
  const g2gen = group.g2.generator();
  const key = (K: GT) => kdfGT(group.ops, gt, K, 'afgh06/dem');
  const pkOf = (to: Recipient<AfghPublicKey>) => publicKeyOf(to, 'AFGH06');
  const inst: AfghInstance = {
    scheme: afgh06,
    group,
    params: {},
    codec: schemeCodec('afgh06', pairingElements(group), objects),
    recipientFor: byPublicKey,
    keygen(_subject, rng) {
      const [a1, a2] = [zr.random(rng), zr.random(rng)];
      return { pk: { Za1: fb.z(a1), g2a2: fb.g2(a2) }, sk: { a1, a2 } };
    },
    encrypt(to, m, rng) {
      const [K, k] = [fb.randomGT(rng), zr.random(rng)];
      const beta = gt.mul(K, gt.exp(pkOf(to).Za1, k));
      return { level: 2, c1: fb.g1(k), beta, sealed: sealCounted(group.ops, key(K), m, gt.toBytes(beta), rng) };
    },
    encryptFirstLevel(to, m, rng) {
      const [K, k] = [fb.randomGT(rng), zr.random(rng)];
      const [alpha, beta] = [gt.exp(pkOf(to).Za1, k), gt.mul(K, fb.z(k))];
      return { level: 1, alpha, beta, sealed: sealCounted(group.ops, key(K), m, gt.toBytes(beta), rng) };
    },
    decrypt({ sk }, ct) {
      const blind =
        ct.level === 2
          ? gt.exp(group.pair(ct.c1, g2gen), sk.a1)
          : gt.exp(ct.alpha, invZr(group.ops, zr, ct.level === 1 ? sk.a1 : sk.a2));
      return openCounted(group.ops, key(gt.div(ct.beta, blind)), ct.sealed, gt.toBytes(ct.beta));
    },
    rekeygen: (from, to) => ({ rk: group.g2.exp(pkOf(to).g2a2, from.sk.a1) }),
    reencrypt({ rk }, ct) {
      if (ct.level !== 2) throw new UnsupportedError('AFGH06 is single-hop: only second-level ciphertexts re-encrypt');
      return { level: 'reencrypted', alpha: group.pair(ct.c1, rk), beta: ct.beta, sealed: ct.sealed };
    },
    story: (opts) => preStory(inst, opts),
  };
  return inst;
}
