/**
 * The common core of the games' strawmen: a small, working single-hop unidirectional pairing PRE in the style of
 * Ateniese, Fu, Green and Hohenberger (NDSS 2005 / ACM TISSEC 2006, "third attempt" scheme, Sec. 3.3) used as a KEM,
 * with a ChaCha20-Poly1305 DEM so that it encrypts byte records like every other scheme in the harness:
 *
 *   KeyGen:   x <- Zr*, pk = (g1^x, g2^x), sk = x
 *   Enc:      t, k <- Zr*, K = Z^t, C1 = pk.1^k, C2 = K * Z^k, C_M = AEAD(KDF(K), m)          (Z = e(g1, g2))
 *   ReKeyGen: rk = pk_B.2^(1/x_A)
 *   ReEnc:    C1' = e(C1, rk) = Z^(x_B k), C2 unchanged
 *   Dec:      K = C2 / e(C1, g2)^(1/x)  (original)   or   K = C2 / C1'^(1/x)  (re-encrypted)
 *
 * Each strawman (one file each in this folder) swaps exactly one of these algorithms for a flawed one through
 * `KemPreFlaws`; the games never see that object, only the resulting `Scheme`. The DEM key is fresh per record, so
 * the AEAD nonce is fixed (all zero) without nonce reuse.
 *
 * These schemes are test-only: they live in `proofs/games/strawmen/` with their own registry and are never added to
 * `registry/schemes.ts`.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { concatBytes as concat } from '@noble/hashes/utils.js';
import {
  DecodeError,
  DecryptionError,
  ParameterError,
  UnsupportedError,
  VerificationError,
} from '../../../core/errors.js';
import type { G1, G2, GT, PairingGroup } from '../../../core/groups/types.js';
import type { Rng } from '../../../core/rng.js';
import { StoryRecorder, sampleRecord } from '../../../core/story.js';
import type {
  Capabilities,
  CostModel,
  KeyPair,
  MessageSpec,
  Party,
  Recipient,
  ReverseFirewall,
  Scheme,
  SchemeCodec,
  SchemeInstance,
  SchemeParams,
  StoryOptions,
  Subject,
} from '../../../core/types.js';
import { noCapabilities } from '../../../core/types.js';
import type { StoryResult } from '../../../core/story.js';

export interface KemPk {
  p1: G1;
  p2: G2;
}
export type KemSk = bigint;

/** level 1: original (C1 in G1); level 2: re-encrypted (C1' in GT). `tag` is an optional extra field (strawmen). */
export type KemCt =
  | { level: 1; c1: G1; c2: GT; cm: Uint8Array; tag: Uint8Array }
  | { level: 2; c1: GT; c2: GT; cm: Uint8Array; tag: Uint8Array };

/** kind 'g2': the AFGH key pk_B.2^(1/x_A). kind 'scalar': a key that carries a scalar and the delegatee's key. */
export type KemRk = { kind: 'g2'; r: G2 } | { kind: 'scalar'; s: bigint; to: KemPk };

export interface KemEnv {
  group: PairingGroup;
  /** Z = e(g1, g2). */
  Z: GT;
  /** The honest encapsulation of a fresh random K to pk with randomness from rng. */
  encapsulate(pk: KemPk, rng: Rng): { K: GT; c1: G1; c2: GT };
  /** Honest owner decapsulation of an original ciphertext. */
  decapsulate(x: bigint, ct: KemCt): GT;
  dem(K: GT, m: Uint8Array): Uint8Array;
}

/** The one place where a strawman departs from the honest core. Every hook is optional. */
export interface KemPreFlaws {
  /** Replaces the encapsulation randomness (e.g. derived from the message: deterministic encryption). */
  encRandomness?(env: KemEnv, pk: KemPk, m: Uint8Array, rng: Rng): { t: bigint; k: bigint };
  /** Replaces the blinding Z^k of C2 (the honest core multiplies K by Z^k). */
  blind?(env: KemEnv, k: bigint): GT;
  /** Replaces the owner's decapsulation (both levels). */
  decapsulate?(env: KemEnv, x: bigint, ct: KemCt): GT;
  /** An extra field the ciphertext carries (e.g. a digest of the plaintext). */
  ctTag?(m: Uint8Array): Uint8Array;
  /** Replaces ReKeyGen (and ReEnc must understand what it returns). */
  rekeygen?(env: KemEnv, from: KeyPair<KemPk, KemSk>, to: KemPk, rng: Rng): KemRk;
  /** Replaces ReEnc for the keys `rekeygen` returns. */
  reencrypt?(env: KemEnv, rk: KemRk, ct: KemCt, rng: Rng): KemCt;
  /** A reverse firewall implementation (the scheme then declares capability `firewalls`). */
  firewall?(env: KemEnv, party: Party, rng: Rng): ReverseFirewall<KemPk, KemCt, KemRk>;
}

export interface KemPreSpec {
  name: string;
  title: string;
  flaw: string;
  flaws: KemPreFlaws;
}

const VERSION = 1;
const TAG_PK = 0x50; // 'P'
const TAG_SK = 0x53; // 'S'
const TAG_CT = 0x43; // 'C'
const TAG_RK = 0x52; // 'R'
const DEM_NONCE = new Uint8Array(12);

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}

/** A cursor over a byte string that throws DecodeError on any overrun. */
class Reader {
  private o = 0;
  constructor(
    private readonly b: Uint8Array,
    private readonly what: string,
  ) {}
  take(n: number): Uint8Array {
    if (n < 0 || this.o + n > this.b.length) throw new DecodeError('length', this.what, `need ${n} bytes at ${this.o}`);
    const s = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return s;
  }
  byte(): number {
    return this.take(1)[0]!;
  }
  u32(): number {
    return new DataView(this.take(4).slice().buffer).getUint32(0, false);
  }
  header(tag: number): void {
    const v = this.byte();
    if (v !== VERSION) throw new DecodeError('version', this.what, `version ${v}`);
    const t = this.byte();
    if (t !== tag) throw new DecodeError('version', this.what, `tag ${t}`);
  }
  end(): void {
    if (this.o !== this.b.length)
      throw new DecodeError('length', this.what, `${this.b.length - this.o} trailing bytes`);
  }
}

function makeCodec(g: PairingGroup): SchemeCodec<KemPk, KemSk, KemCt, KemRk> {
  const encPk = (pk: KemPk) => concat(g.g1.toBytes(pk.p1), g.g2.toBytes(pk.p2));
  const readPk = (r: Reader): KemPk => ({
    p1: g.g1.fromBytes(r.take(g.g1.size)),
    p2: g.g2.fromBytes(r.take(g.g2.size)),
  });
  return {
    encodePublicKey: (pk) => concat(Uint8Array.of(VERSION, TAG_PK), encPk(pk)),
    decodePublicKey(b) {
      const r = new Reader(b, 'strawman public key');
      r.header(TAG_PK);
      const pk = readPk(r);
      r.end();
      return pk;
    },
    encodeSecretKey: (sk) => concat(Uint8Array.of(VERSION, TAG_SK), g.zr.toBytes(sk)),
    decodeSecretKey(b) {
      const r = new Reader(b, 'strawman secret key');
      r.header(TAG_SK);
      const x = g.zr.fromBytes(r.take(g.zr.size));
      r.end();
      return x;
    },
    encodeCiphertext(ct) {
      const c1 = ct.level === 1 ? g.g1.toBytes(ct.c1) : g.gt.toBytes(ct.c1);
      return concat(
        Uint8Array.of(VERSION, TAG_CT, ct.level),
        c1,
        g.gt.toBytes(ct.c2),
        u32(ct.tag.length),
        ct.tag,
        u32(ct.cm.length),
        ct.cm,
      );
    },
    decodeCiphertext(b) {
      const r = new Reader(b, 'strawman ciphertext');
      r.header(TAG_CT);
      const level = r.byte();
      if (level !== 1 && level !== 2) throw new DecodeError('format', 'strawman ciphertext', `level ${level}`);
      const c1 = level === 1 ? g.g1.fromBytes(r.take(g.g1.size)) : g.gt.fromBytes(r.take(g.gt.size));
      const c2 = g.gt.fromBytes(r.take(g.gt.size));
      const tag = r.take(r.u32()).slice();
      const cm = r.take(r.u32()).slice();
      r.end();
      return level === 1 ? { level, c1: c1 as G1, c2, cm, tag } : { level, c1: c1 as GT, c2, cm, tag };
    },
    encodeReKey(rk) {
      if (rk.kind === 'g2') return concat(Uint8Array.of(VERSION, TAG_RK, 0), g.g2.toBytes(rk.r));
      return concat(Uint8Array.of(VERSION, TAG_RK, 1), g.zr.toBytes(rk.s), encPk(rk.to));
    },
    decodeReKey(b) {
      const r = new Reader(b, 'strawman re-encryption key');
      r.header(TAG_RK);
      const kind = r.byte();
      let rk: KemRk;
      if (kind === 0) rk = { kind: 'g2', r: g.g2.fromBytes(r.take(g.g2.size)) };
      else if (kind === 1) rk = { kind: 'scalar', s: g.zr.fromBytes(r.take(g.zr.size)), to: readPk(r) };
      else throw new DecodeError('format', 'strawman re-encryption key', `kind ${kind}`);
      r.end();
      return rk;
    },
  };
}

function pkOf(to: Recipient<KemPk>): KemPk {
  if (to.kind !== 'pk') throw new ParameterError(`strawman schemes encrypt to public keys, not to a ${to.kind}`);
  return to.pk;
}

export function makeEnv(g: PairingGroup): KemEnv {
  const Z = g.pair(g.g1.generator(), g.g2.generator());
  const env: KemEnv = {
    group: g,
    Z,
    encapsulate(pk, rng) {
      const t = g.zr.random(rng);
      const k = g.zr.random(rng);
      return { K: g.gt.exp(Z, t), c1: g.g1.exp(pk.p1, k), c2: g.gt.mul(g.gt.exp(Z, t), g.gt.exp(Z, k)) };
    },
    decapsulate(x, ct) {
      const xi = g.zr.inv(x);
      const blind = ct.level === 1 ? g.gt.exp(g.pair(ct.c1, g.g2.generator()), xi) : g.gt.exp(ct.c1, xi);
      return g.gt.div(ct.c2, blind);
    },
    dem(K, m) {
      return chacha20poly1305(g.gt.kdf(K, 'strawman-dem'), DEM_NONCE).encrypt(m);
    },
  };
  return env;
}

class KemPreInstance implements SchemeInstance<KemPk, KemSk, KemCt, KemRk> {
  readonly codec: SchemeCodec<KemPk, KemSk, KemCt, KemRk>;
  private readonly env: KemEnv;

  constructor(
    readonly scheme: Scheme,
    readonly group: PairingGroup,
    readonly params: SchemeParams,
    private readonly flaws: KemPreFlaws,
  ) {
    this.codec = makeCodec(group);
    this.env = makeEnv(group);
    if (flaws.firewall) this.firewall = (party, rng) => flaws.firewall!(this.env, party, rng);
  }

  firewall?: (party: Party, rng: Rng) => ReverseFirewall<KemPk, KemCt, KemRk>;

  keygen(_subject: Subject, rng: Rng): KeyPair<KemPk, KemSk> {
    const g = this.group;
    const x = g.zr.random(rng);
    return { pk: { p1: g.g1.exp(g.g1.generator(), x), p2: g.g2.exp(g.g2.generator(), x) }, sk: x };
  }

  encrypt(to: Recipient<KemPk>, m: Uint8Array, rng: Rng): KemCt {
    const g = this.group;
    const pk = pkOf(to);
    let K: GT, c1: G1, c2: GT;
    if (this.flaws.encRandomness) {
      const { t, k } = this.flaws.encRandomness(this.env, pk, m, rng);
      K = g.gt.exp(this.env.Z, t);
      c1 = g.g1.exp(pk.p1, k);
      c2 = g.gt.mul(K, this.flaws.blind ? this.flaws.blind(this.env, k) : g.gt.exp(this.env.Z, k));
    } else if (this.flaws.blind) {
      const t = g.zr.random(rng);
      const k = g.zr.random(rng);
      K = g.gt.exp(this.env.Z, t);
      c1 = g.g1.exp(pk.p1, k);
      c2 = g.gt.mul(K, this.flaws.blind(this.env, k));
    } else ({ K, c1, c2 } = this.env.encapsulate(pk, rng));
    const tag = this.flaws.ctTag ? this.flaws.ctTag(m) : new Uint8Array(0);
    return { level: 1, c1, c2, cm: this.env.dem(K, m), tag };
  }

  decrypt(key: KeyPair<KemPk, KemSk>, ct: KemCt): Uint8Array {
    const K = this.flaws.decapsulate ? this.flaws.decapsulate(this.env, key.sk, ct) : this.env.decapsulate(key.sk, ct);
    try {
      return chacha20poly1305(this.group.gt.kdf(K, 'strawman-dem'), DEM_NONCE).decrypt(ct.cm);
    } catch {
      throw new DecryptionError('AEAD tag mismatch (wrong key or tampered ciphertext)');
    }
  }

  rekeygen(from: KeyPair<KemPk, KemSk>, to: Recipient<KemPk>, rng: Rng): KemRk {
    const pk = pkOf(to);
    if (this.flaws.rekeygen) return this.flaws.rekeygen(this.env, from, pk, rng);
    return { kind: 'g2', r: this.group.g2.exp(pk.p2, this.group.zr.inv(from.sk)) };
  }

  reencrypt(rk: KemRk, ct: KemCt, rng: Rng): KemCt {
    if (ct.level !== 1)
      throw new UnsupportedError('single-hop: a re-encrypted ciphertext cannot be re-encrypted again');
    if (this.flaws.reencrypt) return this.flaws.reencrypt(this.env, rk, ct, rng);
    if (rk.kind !== 'g2') throw new VerificationError('rekey-kind', 'not an AFGH re-encryption key');
    return { level: 2, c1: this.group.pair(ct.c1, rk.r), c2: ct.c2, cm: ct.cm, tag: ct.tag };
  }

  async story(opts: StoryOptions): Promise<StoryResult> {
    const g = this.group;
    const rec = new StoryRecorder(g.ops, g.sizes);
    const m = opts.record ?? sampleRecord();
    const msgs = this.scheme.messages(this.params);
    const alice = rec.step('KeyGen (delegator)', 'patient', 'KeyGen', () => this.keygen({ id: 'alice' }, opts.rng));
    const bob = rec.step('KeyGen (delegatee)', 'hospital', 'KeyGen', () => this.keygen({ id: 'bob' }, opts.rng));
    const ct = rec.step('Enc', 'device', 'Enc', () => this.encrypt({ kind: 'pk', pk: alice.pk }, m, opts.rng));
    rec.message(msgs[0]!, this.codec.encodeCiphertext(ct));
    const rk = rec.step('ReKeyGen', 'patient', 'ReKeyGen', () =>
      this.rekeygen(alice, { kind: 'pk', pk: bob.pk }, opts.rng),
    );
    rec.message(msgs[1]!, this.codec.encodeReKey(rk));
    const ct2 = rec.step('ReEnc', 'relay', 'ReEnc', () => this.reencrypt(rk, ct, opts.rng));
    rec.message(msgs[2]!, this.codec.encodeCiphertext(ct2));
    const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i]);
    rec.check('owner decrypts the original', () =>
      eq(
        rec.step('Dec (owner)', 'patient', 'Dec', () => this.decrypt(alice, ct)),
        m,
      ),
    );
    rec.check('delegatee decrypts the re-encryption', () =>
      eq(
        rec.step('Dec (delegatee)', 'hospital', 'Dec', () => this.decrypt(bob, ct2)),
        m,
      ),
    );
    return rec.result(this.scheme.name, g.name);
  }
}

/** Builds a strawman `Scheme` from the honest core and one flaw. */
export function kemPreScheme(spec: KemPreSpec): Scheme {
  const capabilities: Capabilities = {
    ...noCapabilities(),
    unidirectional: true,
    reencryption: true,
    firewalls: spec.flaws.firewall !== undefined,
  };
  const scheme: Scheme = {
    name: spec.name,
    title: spec.title,
    family: 'pre',
    citation:
      'Test-only strawman for the security games. Core: Ateniese, Fu, Green, Hohenberger, "Improved proxy re-encryption ' +
      `schemes with applications to secure distributed storage", NDSS 2005, Sec. 3.3, as a KEM. Deliberate flaw: ${spec.flaw}`,
    capabilities,
    // A strawman's firewall (if it has one) answers for every party with every hook.
    ...(spec.flaws.firewall
      ? {
          firewalls: (['firewall-device', 'firewall-patient', 'firewall-relay', 'firewall-hospital'] as const).map(
            (party) => ({ party, guards: ['keygen', 'encrypt', 'rekeygen', 'reencrypt', 'receive'] as const }),
          ),
        }
      : {}),
    supports: (group) => group !== null,
    defaultParams: () => ({}),
    async create(opts) {
      if (!opts.group) throw new UnsupportedError(`${spec.name} needs a pairing group`);
      return new KemPreInstance(scheme, opts.group, opts.params ?? {}, spec.flaws) as unknown as SchemeInstance;
    },
    costModel(): CostModel {
      return {
        algorithms: [
          { algorithm: 'KeyGen', party: 'patient', ops: { expG1: 1, expG2: 1 } },
          { algorithm: 'Enc', party: 'device', ops: { expG1: 1, expGT: 3, mulGT: 1 } },
          { algorithm: 'ReKeyGen', party: 'patient', ops: { expG2: 1 } },
          { algorithm: 'ReEnc', party: 'relay', ops: { millerLoop: 1, finalExp: 1 } },
          { algorithm: 'Dec', party: 'hospital', ops: { expGT: 1 } },
        ],
        scaling: 'constant; the flawed algorithm may differ (test-only scheme, not benchmarked)',
      };
    },
    messages(): MessageSpec[] {
      return [
        {
          id: 'M1',
          from: 'device',
          to: 'storage',
          description: 'original ciphertext',
          elements: [
            { name: 'C1', group: 'G1' },
            { name: 'C2', group: 'GT' },
          ],
        },
        {
          id: 'M2',
          from: 'patient',
          to: 'relay',
          description: 're-encryption key',
          elements: [{ name: 'rk', group: 'G2' }],
        },
        {
          id: 'M3',
          from: 'relay',
          to: 'hospital',
          description: 're-encrypted ciphertext',
          elements: [
            { name: "C1'", group: 'GT' },
            { name: 'C2', group: 'GT' },
          ],
        },
      ];
    },
  };
  return scheme;
}

/** Domain-separated hash to a non-zero scalar (for the deterministic strawman). */
export function hashScalar(g: PairingGroup, dst: string, ...parts: Uint8Array[]): bigint {
  const s = g.zr.hash(concat(...parts), dst);
  return s === 0n ? 1n : s;
}

export { concat };
