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
import { UnsupportedError } from '../../core/errors.js';
import { createSecp256k1Group, type EcPoint, type PrimeGroup } from '../../core/groups/secp256k1.js';
import type { FixedBase, PairingGroup } from '../../core/groups/types.js';
import type { OpCounts } from '../../core/ops.js';
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
import { deriveKey, open, seal } from '../../core/dem.js';
import { ops } from '../../core/fixed-bases.js';
import { runPreStory } from '../../core/flows/pre-story.js';
import { g1AsPrimeGroup } from '../../core/groups/prime-group.js';
import { KIND, objectWriter, openObject, schemeTag, type Reader } from '../../core/wire.js';
import { bbs98Protocol } from './protocol.js';

export interface BbsCiphertext {
  /** g^(a k) under the current holder's key a. */
  c: EcPoint;
  sealed: Uint8Array;
}
export type BbsReKey = bigint;
export type BbsInstance = SchemeInstance<EcPoint, bigint, BbsCiphertext, BbsReKey> & {
  /** The prime-order group in use (G1 of the pairing backend, or secp256k1). */
  readonly primeGroup: PrimeGroup;
  /** The delegation with both parties' key pairs at hand (the interactive protocol run in one place). */
  rekeygenInteractive(
    from: KeyPair<EcPoint, bigint>,
    to: KeyPair<EcPoint, bigint>,
    rng: import('../../core/rng.js').Rng,
  ): BbsReKey;
};

const AEAD = 'aes-256-gcm';
const NO_AAD = new Uint8Array(0);

/**
 * Declared in the names of a pairing backend's G1 (the comparison setting). On secp256k1 (no group given) the same
 * counts appear under expEC / fixedExpEC.
 */
function costModel(_params: SchemeParams, opt: { precompute: boolean }): CostModel {
  const fixed = opt.precompute ? 'fixedExpG1' : 'expG1';
  const keygen: OpCounts = ops([fixed, 1]);
  return {
    algorithms: [
      { algorithm: 'keygen', party: 'patient', ops: keygen, note: 'g^a' },
      { algorithm: 'keygen', party: 'hospital', ops: keygen, note: 'g^b' },
      { algorithm: 'encrypt', party: 'device', ops: ops(['expG1', 1], [fixed, 1]), note: 'pk^k, g^k for the KDF' },
      {
        algorithm: 'rekeygen',
        party: 'patient',
        per: 'hospital',
        ops: {},
        note: 'pi = b/a by the interactive exchange: scalars only',
      },
      { algorithm: 'reencrypt', party: 'relay', ops: ops(['expG1', 1]), note: '(g^(a k))^pi' },
      { algorithm: 'decrypt', party: 'hospital', ops: ops(['expG1', 1]), note: '(g^(b k))^(1/b)' },
    ],
    scaling: 'constant; each further hop costs one exponentiation',
  };
}

function messages(): MessageSpec[] {
  return [
    {
      id: 'M1',
      from: 'device',
      to: 'storage',
      description: 'KEM element g^(a k) and sealed record',
      elements: [{ name: 'g^(ak)', group: 'G1' }],
    },
    {
      id: 'M2',
      from: 'patient',
      to: 'relay',
      description: 're-encryption key pi = b/a (the result of the interactive exchange with the hospital)',
      elements: [{ name: 'pi', group: 'Zr' }],
    },
    {
      id: 'M3',
      from: 'relay',
      to: 'hospital',
      description: 're-encrypted KEM element g^(b k) and sealed record',
      elements: [{ name: 'g^(bk)', group: 'G1' }],
    },
  ];
}

export const bbs98: Scheme = {
  name: 'bbs98',
  title: 'BBS98 bidirectional multi-hop ElGamal PRE',
  family: 'pre',
  citation:
    'M. Blaze, G. Bleumer, M. Strauss, "Divertible Protocols and Atomic Proxy Cryptography", EUROCRYPT 1998, ' +
    'LNCS 1403, sec. 4 (ElGamal-based atomic proxy function: KeyGen, Enc, pi = b/a, ReEnc, Dec)',
  capabilities: { ...noCapabilities(), bidirectional: true, multiHop: true, reencryption: true },
  supports: () => true,
  defaultParams: () => ({}),
  costModel,
  messages: () => messages(),
  protocol: () => bbs98Protocol,
  async create(opts) {
    return createBbs98(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

function makeCodec(grp: PrimeGroup): SchemeCodec<EcPoint, bigint, BbsCiphertext, BbsReKey> {
  const tag = schemeTag('bbs98');
  const point = (r: Reader, name: string) => r.field(grp.size, (b) => grp.fromBytes(b), name);
  const scalar = (r: Reader, name: string) => r.field(grp.zr.size, (b) => grp.zr.fromBytes(b), name);
  const one = <T>(b: Uint8Array, kind: number, what: string, read: (r: Reader) => T): T => {
    const { r } = openObject(b, tag, [kind], what);
    const v = read(r);
    r.end();
    return v;
  };
  return {
    encodePublicKey: (pk) => objectWriter(tag, KIND.publicKey).fixed(grp.toBytes(pk)).finish(),
    decodePublicKey: (b) => one(b, KIND.publicKey, 'BBS98 public key', (r) => point(r, 'pk')),
    encodeSecretKey: (sk) => objectWriter(tag, KIND.secretKey).fixed(grp.zr.toBytes(sk)).finish(),
    decodeSecretKey: (b) => one(b, KIND.secretKey, 'BBS98 secret key', (r) => scalar(r, 'sk')),
    encodeCiphertext: (ct) => objectWriter(tag, KIND.ciphertext1).fixed(grp.toBytes(ct.c)).bytes(ct.sealed).finish(),
    decodeCiphertext: (b) =>
      one(b, KIND.ciphertext1, 'BBS98 ciphertext', (r) => ({ c: point(r, 'g^(ak)'), sealed: r.bytes() })),
    encodeReKey: (rk) => objectWriter(tag, KIND.reKey).fixed(grp.zr.toBytes(rk)).finish(),
    decodeReKey: (b) => one(b, KIND.reKey, 'BBS98 re-encryption key', (r) => scalar(r, 'pi')),
  };
}

export function createBbs98(group: PairingGroup | null, precompute: boolean, params: SchemeParams): BbsInstance {
  const grp = group ? g1AsPrimeGroup(group) : createSecp256k1Group();
  const { zr } = grp;
  const gen = grp.generator();
  const gTable: FixedBase<EcPoint> = precompute ? grp.precompute(gen) : { exp: (k) => grp.exp(gen, k) };
  const codec = makeCodec(grp);
  const key = (gk: EcPoint) => deriveKey(grp.toBytes(gk), 'bbs98/dem');
  // Key pairs generated here: the parties that can take part in the interactive delegation.
  const participants = new Map<string, bigint>();
  const hex = (p: EcPoint) => Buffer.from(grp.toBytes(p)).toString('hex');

  const pkOf = (to: Recipient<EcPoint>): EcPoint => {
    if (to.kind !== 'pk') throw new UnsupportedError(`BBS98 encrypts to public keys, not to a ${to.kind}`);
    return to.pk;
  };

  const inst: BbsInstance = {
    scheme: bbs98,
    group,
    params,
    codec,
    primeGroup: grp,
    keygen(_subject, rng) {
      const sk = zr.random(rng);
      const pk = gTable.exp(sk);
      participants.set(hex(pk), sk);
      return { pk, sk };
    },
    encrypt(to, m, rng) {
      const k = zr.random(rng);
      const c = grp.exp(pkOf(to), k);
      return { c, sealed: seal(key(gTable.exp(k)), m, NO_AAD, rng, AEAD) };
    },
    decrypt(kp, ct) {
      return open(key(grp.exp(ct.c, zr.inv(kp.sk))), ct.sealed, NO_AAD, AEAD);
    },
    rekeygenInteractive(from, to, rng) {
      const r = zr.random(rng);
      const toDelegatee = zr.mul(r, zr.inv(from.sk)); // A -> B: r/a
      const toProxyFromB = zr.mul(to.sk, toDelegatee); // B -> proxy: b·r/a
      return zr.mul(toProxyFromB, zr.inv(r)); // A -> proxy: r; proxy: pi = b/a
    },
    rekeygen(from, to, rng) {
      const pkB = pkOf(to);
      const b = participants.get(hex(pkB));
      if (b === undefined)
        throw new UnsupportedError('BBS98 delegation is interactive: the delegatee must take part (unknown key pair)');
      return inst.rekeygenInteractive(from, { pk: pkB, sk: b }, rng);
    },
    reencrypt(rk, ct) {
      return { c: grp.exp(ct.c, rk), sealed: ct.sealed };
    },
    story: (opts) =>
      runPreStory(
        {
          inst,
          counter: grp.ops,
          sizes: group ? group.sizes : { Zr: grp.zr.size, G1: grp.size, G2: grp.size, GT: 0 },
          backend: grp.name,
          messages: messages(),
          recipient: (kp) => ({ kind: 'pk', pk: kp.pk }),
        },
        opts,
      ),
  };
  return inst;
}
