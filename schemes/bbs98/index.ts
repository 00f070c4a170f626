/**
 * BBS98: the Blaze-Bleumer-Strauss bidirectional, multi-hop proxy re-encryption on ElGamal (M. Blaze, G. Bleumer,
 * M. Strauss, "Divertible Protocols and Atomic Proxy Cryptography", EUROCRYPT 1998, LNCS 1403, sec. 4, the
 * ElGamal-based "atomic proxy" scheme), on any prime-order group: the G1 of the pairing backend it is given
 * (so it is compared on the same curve as the others), or secp256k1 when it is given none.
 *
 *   KeyGen:        sk = a, pk = g^a
 *   Enc:           c = (m·g^k, g^(a k))
 *   ReKey(A <-> B): pi = b / a  (needs both secrets: bidirectional; pi^-1 re-encrypts from B to A)
 *   ReEnc:         (m·g^k, g^(a k)) -> (m·g^k, (g^(a k))^pi) = (m·g^k, g^(b k))      (repeatable: multi-hop)
 *   Dec:           m = (m·g^k) / (g^(a k))^(1/a)
 *
 * Hybrid use: the scheme is used as a KEM, the hashed-ElGamal way: the key is KDF(g^k) and only g^(a k) is sent (the
 * paper's m·g^k with a random group element m would add one exponentiation and one element and change nothing
 * else); the record is sealed with AES-256-GCM. Re-encryption changes the only KEM component, so the AEAD has no
 * associated data.
 *
 * Delegation is interactive, as in the paper: pi = b/a is computed without anyone but the proxy learning it by
 * the three-message exchange A -> B: r/a, B -> proxy: b·r/a, A -> proxy: r (r random), the proxy taking
 * pi = (b·r/a)·r^-1. Because our `rekeygen` receives only the delegatee's public key, the delegatee's side of the
 * exchange is played by the instance for key pairs it generated (a delegatee that never took part cannot be
 * delegated to: UnsupportedError), which is exactly the interaction the scheme requires.
 */
import { deriveKeyCounted, invZr, openCounted, sealCounted } from '../../core/counted.js';
import { UnsupportedError } from '../../core/errors.js';
import { cost, ops } from '../../core/fixed-bases.js';
import { preStory } from '../../core/flows/pre-story.js';
import { g1AsPrimeGroup } from '../../core/groups/prime-group.js';
import { createSecp256k1Group, type EcPoint, type PrimeGroup } from '../../core/groups/secp256k1.js';
import type { FixedBase, PairingGroup } from '../../core/groups/types.js';
import { bare, layout, message, schemeCodec } from '../../core/layout.js';
import type { Rng } from '../../core/rng.js';
import { byPublicKey, noCapabilities, publicKeyOf, type KeyPair, type Scheme } from '../../core/types.js';
import type { SchemeInstance, SchemeParams } from '../../core/types.js';
import { bbs98Protocol } from './protocol.js';

const PublicKey = bare('pk', 'G1');
const SecretKey = bare('sk', 'Zr*');
/** g^(a k) under the current holder's key a, and the sealed record. */
const Ciphertext = layout({ c: 'G1', sealed: 'bytes' });
const ReKey = bare('pi', 'Zr*');
const objects = { publicKey: PublicKey, secretKey: SecretKey, ciphertext: Ciphertext, reKey: ReKey };
export interface BbsCiphertext {
  c: EcPoint;
  sealed: Uint8Array;
}
export type BbsReKey = bigint;
export type BbsInstance = SchemeInstance<EcPoint, bigint, BbsCiphertext, BbsReKey> & {
  /** The prime-order group in use (G1 of the pairing backend, or secp256k1). */
  readonly primeGroup: PrimeGroup;
  /** The delegation with both parties' key pairs at hand (the interactive protocol run in one place). */
  rekeygenInteractive(from: KeyPair<EcPoint, bigint>, to: KeyPair<EcPoint, bigint>, rng: Rng): BbsReKey;
};

const NO_AAD = new Uint8Array(0);

export const bbs98: Scheme = {
  name: 'bbs98',
  title: 'BBS98 bidirectional multi-hop ElGamal PRE',
  family: 'pre',
  citation:
    'M. Blaze, G. Bleumer, M. Strauss, "Divertible Protocols and Atomic Proxy Cryptography", EUROCRYPT 1998, ' +
    'LNCS 1403, sec. 4 (ElGamal-based atomic proxy function: KeyGen, Enc, pi = b/a, ReEnc, Dec)',
  capabilities: { ...noCapabilities(), bidirectional: true, multiHop: true, reencryption: true },
  parties: ['device', 'patient', 'relay', 'hospital', 'storage'],
  supports: () => true,
  defaultParams: () => ({}),
  /**
   * Declared in the names of a pairing backend's G1 (the comparison setting). On secp256k1 (no group given) the same
   * counts appear under expEC / fixedExpEC.
   */
  costModel(_params, opt) {
    const fixed = opt.precompute ? 'fixedExpG1' : 'expG1';
    return {
      algorithms: [
        cost('keygen', 'patient', ops([fixed, 1]), 'g^a'),
        cost('keygen', 'hospital', ops([fixed, 1]), 'g^b'),
        cost(
          'encrypt',
          'device',
          ops(['expG1', 1], [fixed, 1], ['kdf', 1], ['aead', 1]),
          'pk^k, g^k, KDF(g^k), AEAD seal',
        ),
        cost(
          'rekeygen',
          'patient',
          ops(['invZr', 2]),
          'pi = b/a by the interactive exchange: scalars only (1/a, 1/r)',
          'hospital',
        ),
        cost('reencrypt', 'relay', ops(['decodeG1', 1], ['expG1', 1]), 'strict decode of g^(a k); (g^(a k))^pi'),
        cost(
          'decrypt',
          'hospital',
          ops(['decodeG1', 1], ['invZr', 1], ['expG1', 1], ['kdf', 1], ['aead', 1]),
          'strict decode of g^(b k); (g^(b k))^(1/b), KDF, AEAD open',
        ),
      ],
      scaling: 'constant; each further hop costs one exponentiation',
    };
  },
  messages: () => [
    message('M1', 'device', 'storage', 'KEM element g^(a k) and sealed record', Ciphertext),
    message('M2', 'patient', 'relay', 're-encryption key pi = b/a (from the interactive exchange)', ReKey),
    message('M3', 'relay', 'hospital', 're-encrypted KEM element g^(b k) and sealed record', Ciphertext),
  ],
  protocol: () => bbs98Protocol,
  async create(opts) {
    return createBbs98(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

export function createBbs98(group: PairingGroup | null, precompute: boolean, params: SchemeParams): BbsInstance {
  const grp = group ? g1AsPrimeGroup(group) : createSecp256k1Group();
  const { zr } = grp;
  const gen = grp.generator();
  const gTable: FixedBase<EcPoint> = precompute ? grp.precompute(gen) : { exp: (k) => grp.exp(gen, k) };
  const key = (gk: EcPoint) => deriveKeyCounted(grp.ops, grp.toBytes(gk), 'bbs98/dem');
  // Key pairs generated here: the parties that can take part in the interactive delegation. Found by the key object
  // keygen returned (the usual case), else by group equality; never by an encoding of the key: the exchange never
  // encodes a public key, and an encoding (a field inversion on SS512) would be uncounted work in a timed step.
  const byObject = new WeakMap<EcPoint, bigint>();
  const participants: { pk: EcPoint; sk: bigint }[] = [];

  const inst: BbsInstance = {
    scheme: bbs98,
    group,
    params,
    codec: schemeCodec('bbs98', { G1: grp, Zr: grp.zr }, objects),
    recipientFor: byPublicKey,
    primeGroup: grp,
    keygen(_subject, rng) {
      const sk = zr.random(rng);
      const pk = gTable.exp(sk);
      participants.push({ pk, sk });
      byObject.set(pk, sk);
      return { pk, sk };
    },
    encrypt(to, m, rng) {
      const k = zr.random(rng);
      const c = grp.exp(publicKeyOf(to, 'BBS98'), k);
      return { c, sealed: sealCounted(grp.ops, key(gTable.exp(k)), m, NO_AAD, rng) };
    },
    decrypt(kp, ct) {
      return openCounted(grp.ops, key(grp.exp(ct.c, invZr(grp.ops, zr, kp.sk))), ct.sealed, NO_AAD);
    },
    rekeygenInteractive(from, to, rng) {
      const r = zr.random(rng);
      const toDelegatee = zr.mul(r, invZr(grp.ops, zr, from.sk)); // A -> B: r/a
      const toProxyFromB = zr.mul(to.sk, toDelegatee); // B -> proxy: b·r/a
      return zr.mul(toProxyFromB, invZr(grp.ops, zr, r)); // A -> proxy: r; proxy: pi = b/a
    },
    rekeygen(from, to, rng) {
      const pkB = publicKeyOf(to, 'BBS98');
      const b = byObject.get(pkB) ?? participants.find((p) => grp.eq(p.pk, pkB))?.sk;
      if (b === undefined)
        throw new UnsupportedError('BBS98 delegation is interactive: the delegatee must take part (unknown key pair)');
      return inst.rekeygenInteractive(from, { pk: pkB, sk: b }, rng);
    },
    reencrypt(rk, ct) {
      return { c: grp.exp(ct.c, rk), sealed: ct.sealed };
    },
    story: (opts) =>
      preStory(inst, opts, {
        counter: grp.ops,
        sizes: group ? group.sizes : { Zr: grp.zr.size, G1: grp.size, G2: grp.size, GT: 0 },
        backend: grp.name,
      }),
  };
  return inst;
}
