/**
 * Backend-neutral pieces every group backend shares: fixed-length big-endian scalar encoding, hash to Zr
 * (RFC 9380 hash_to_field with expand_message_xmd/SHA-256, so all backends agree bit for bit), the GT key
 * derivation, the message framing used to domain-separate hash-to-curve on libraries without a DST setter, and a
 * generic fixed-base window table.
 */
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DecodeError, ParameterError } from '../errors.js';
import type { OpCounter } from '../ops.js';
import { randomScalar, type Rng } from '../rng.js';
import type { FixedBase, GT, ScalarField, TargetGroup } from './types.js';

const te = new TextEncoder();

export function bigintToBytes(x: bigint, len: number): Uint8Array {
  if (x < 0n) throw new RangeError('negative');
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError('integer too large for its encoding');
  return out;
}

export function bytesToBigint(b: Uint8Array): bigint {
  let x = 0n;
  for (const v of b) x = (x << 8n) | BigInt(v);
  return x;
}

/** Modular inverse by the extended Euclidean algorithm. */
export function modInv(a: bigint, m: bigint): bigint {
  a %= m;
  if (a < 0n) a += m;
  if (a === 0n) throw new ParameterError('inverse of zero');
  let [r0, r1, s0, s1] = [m, a, 0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new ParameterError('not invertible');
  return s0 < 0n ? s0 + m : s0;
}

/**
 * Hash to Zr as RFC 9380 section 5 (hash_to_field, one element): expand_message_xmd with SHA-256 to
 * L = ceil((ceil(log2 r) + 128) / 8) bytes, reduced mod r. The statistical distance from uniform is < 2^-128.
 */
export function hashToScalar(data: Uint8Array, dst: string, order: bigint): bigint {
  const L = Math.ceil((order.toString(2).length + 128) / 8);
  const u = expand_message_xmd(data, te.encode(dst), L, sha256);
  return bytesToBigint(u) % order;
}

/**
 * Frames (dst, data) into one message, length-prefixed, for libraries whose hash-to-curve has a fixed DST
 * (mcl-wasm): hash(frame(dst, data)) is then domain-separated. Backends that share a curve use the same framing so
 * they agree.
 */
export function frameForHash(dst: string, data: Uint8Array): Uint8Array {
  const d = te.encode(dst);
  const out = new Uint8Array(2 + d.length + data.length);
  out[0] = d.length >> 8;
  out[1] = d.length & 0xff;
  out.set(d, 2);
  out.set(data, 2 + d.length);
  return out;
}

/** The KDF H1: GT -> 32-byte key, HKDF-SHA256 over the element's canonical encoding. */
export function kdfFromBytes(gtBytes: Uint8Array, info: string): Uint8Array {
  return hkdf(sha256, gtBytes, te.encode('medexchain/H1'), te.encode(info), 32);
}

/** A prime-order scalar field over bigint with strict decoding. */
export function makeScalarField(order: bigint, size: number, ops: OpCounter): ScalarField {
  const reduce = (a: bigint) => {
    const r = a % order;
    return r < 0n ? r + order : r;
  };
  return {
    order,
    size,
    random: (rng: Rng) => randomScalar(rng, order),
    add: (a, b) => reduce(a + b),
    sub: (a, b) => reduce(a - b),
    mul: (a, b) => reduce(a * b),
    neg: (a) => reduce(-a),
    inv: (a) => modInv(a, order),
    reduce,
    hash(data, dst) {
      ops.add('hashZr');
      return hashToScalar(data, dst, order);
    },
    toBytes: (a) => bigintToBytes(reduce(a), size),
    fromBytes(bytes, opts) {
      if (bytes.length !== size) throw new DecodeError('length', 'Zr', `${bytes.length} bytes, want ${size}`);
      const x = bytesToBigint(bytes);
      if (x >= order) throw new DecodeError('non-canonical', 'Zr', 'scalar >= group order');
      if (x === 0n && !opts?.allowZero) throw new DecodeError('identity', 'Zr', 'zero scalar');
      return x;
    },
  };
}

/**
 * A fixed-base window table: base^(j * 2^(w*i)) for every window i and digit j, so that an exponentiation is
 * ceil(bits / w) multiplications and no squarings. Generic over the group (used for GT on mcl, and by backends
 * whose library has no fixed-base API).
 */
export function windowTable<E>(
  base: E,
  bits: number,
  w: number,
  mul: (a: E, b: E) => E,
  one: E,
  reduceExp: (k: bigint) => bigint,
): FixedBase<E> {
  const windows = Math.ceil(bits / w);
  const size = 1 << w;
  const table: E[][] = [];
  let b = base;
  for (let i = 0; i < windows; i++) {
    const row: E[] = new Array(size);
    row[0] = one;
    row[1] = b;
    for (let j = 2; j < size; j++) row[j] = mul(row[j - 1]!, b);
    table.push(row);
    b = mul(row[size - 1]!, b); // b^(2^w)
  }
  const mask = BigInt(size - 1);
  const wb = BigInt(w);
  return {
    exp(k: bigint): E {
      let e = reduceExp(k);
      let acc: E | undefined;
      for (let i = 0; i < windows && e > 0n; i++) {
        const d = Number(e & mask);
        e >>= wb;
        if (d !== 0) acc = acc === undefined ? table[i]![d]! : mul(acc, table[i]![d]!);
      }
      return acc ?? one;
    },
  };
}

/** The raw arithmetic of a target group (the order-r subgroup of F_{p^k}^*) as a library offers it, uncounted. */
export interface RawTarget<T> {
  /** Encoded size in bytes. */
  size: number;
  one(): T;
  mul(a: T, b: T): T;
  inv(a: T): T;
  div(a: T, b: T): T;
  /** a^k for 0 <= k < r. */
  pow(a: T, k: bigint): T;
  eq(a: T, b: T): boolean;
  isOne(a: T): boolean;
  isZero(a: T): boolean;
  /** Parses an encoding of the right length; throws on a coordinate that is not a canonical field element. */
  parse(b: Uint8Array): T;
  encode(a: T): Uint8Array;
  /** a^r = 1. */
  hasOrderR(a: T): boolean;
}

/**
 * A `TargetGroup` over a library's raw arithmetic: every operation counted, fixed-base window tables, the KDF, and
 * the one strict decoder (length, canonical re-encoding, non-zero, identity only if allowed, x^r = 1) that every
 * backend must apply the same way.
 */
export function countedTargetGroup<T>(raw: RawTarget<T>, ops: OpCounter, zr: ScalarField): TargetGroup {
  const u = (x: GT) => x as unknown as T;
  const w = (x: T) => x as unknown as GT;
  const bits = zr.order.toString(2).length;
  return {
    size: raw.size,
    one: () => w(raw.one()),
    mul(a, b) {
      ops.add('mulGT');
      return w(raw.mul(u(a), u(b)));
    },
    inv(a) {
      ops.add('invGT');
      return w(raw.inv(u(a)));
    },
    div(a, b) {
      ops.add('mulGT');
      ops.add('invGT');
      return w(raw.div(u(a), u(b)));
    },
    exp(a, k) {
      ops.add('expGT');
      return w(raw.pow(u(a), zr.reduce(k)));
    },
    eq: (a, b) => raw.eq(u(a), u(b)),
    isOne: (a) => raw.isOne(u(a)),
    precompute(base) {
      const t = windowTable<T>(u(base), bits, 8, (x, y) => raw.mul(x, y), raw.one(), zr.reduce);
      return {
        exp(k) {
          ops.add('fixedExpGT');
          return w(t.exp(k));
        },
      };
    },
    toBytes: (a) => raw.encode(u(a)),
    fromBytes(bytes, opts) {
      ops.add('decodeGT');
      if (!(bytes instanceof Uint8Array) || bytes.length !== raw.size)
        throw new DecodeError('length', 'GT', `${bytes?.length} bytes, want ${raw.size}`);
      let x: T;
      try {
        x = raw.parse(bytes);
      } catch {
        throw new DecodeError('non-canonical', 'GT', 'a coordinate is not a canonical field element');
      }
      const again = raw.encode(x);
      if (again.length !== bytes.length || again.some((v, i) => v !== bytes[i]))
        throw new DecodeError('non-canonical', 'GT');
      if (raw.isZero(x)) throw new DecodeError('not-in-subgroup', 'GT', 'zero is not in the multiplicative group');
      if (raw.isOne(x)) {
        if (!opts?.allowIdentity) throw new DecodeError('identity', 'GT');
        return w(x);
      }
      if (!raw.hasOrderR(x)) throw new DecodeError('not-in-subgroup', 'GT', 'x^r != 1');
      return w(x);
    },
    kdf: (a, info) => kdfFromBytes(raw.encode(u(a)), info),
  };
}
