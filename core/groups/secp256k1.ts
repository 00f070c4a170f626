/**
 * secp256k1 as a plain prime-order group (no pairing), for the schemes that need only a discrete-log group:
 * Umbral (Nuñez, "Umbral: a threshold proxy re-encryption scheme", NuCypher 2018, which is specified on secp256k1)
 * and BBS98 when no pairing group is given. Built on @noble/curves; every primitive is counted on an `OpCounter`
 * as `expEC` (variable-base scalar multiplication), `fixedExpEC` (with a precomputed window table), `mulEC`
 * (point addition, the group operation in multiplicative notation), `hashEC` (RFC 9380 hash to curve) and
 * `hashZr` (RFC 9380 hash to scalar).
 *
 * `PrimeGroup` is the small interface these schemes are written against, in the papers' multiplicative notation
 * (g^x is `exp(g, x)`); a pairing backend's G1 can be presented through the same interface (see
 * core/groups/prime-group.ts), which is how BBS98 runs on every backend.
 *
 * Codec: SEC1 compressed points only (33 bytes, prefix 0x02/0x03), x canonical (< p) and on the curve; the point at
 * infinity has no encoding and is refused unless explicitly allowed (then it is 33 zero bytes). secp256k1 has
 * cofactor 1, so every curve point is in the prime-order group.
 */
import { secp256k1, secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { DecodeError, ParameterError } from '../errors.js';
import { OpCounter, type OpName } from '../ops.js';
import { randomScalar, type Rng } from '../rng.js';
import type { DecodeOptions, FixedBase, ScalarField } from './types.js';

declare const ecBrand: unique symbol;
/** A point of a prime-order group (opaque; only its group can read it). */
export type EcPoint = { readonly [ecBrand]: 'EcPoint' };

/** Which counter names a prime group's primitives are counted under. */
export interface PrimeGroupOpNames {
  exp: OpName;
  fixedExp: OpName;
  mul: OpName;
  hash: OpName;
}

export interface PrimeGroup {
  /** e.g. 'secp256k1' or 'bls12-381/G1'. */
  readonly name: string;
  readonly zr: ScalarField;
  /** Serialized point size in bytes. */
  readonly size: number;
  readonly ops: OpCounter;
  readonly opNames: PrimeGroupOpNames;
  generator(): EcPoint;
  identity(): EcPoint;
  mul(a: EcPoint, b: EcPoint): EcPoint;
  inv(a: EcPoint): EcPoint;
  exp(a: EcPoint, k: bigint): EcPoint;
  eq(a: EcPoint, b: EcPoint): boolean;
  isIdentity(a: EcPoint): boolean;
  hash(data: Uint8Array, dst: string): EcPoint;
  precompute(base: EcPoint): FixedBase<EcPoint>;
  toBytes(a: EcPoint): Uint8Array;
  fromBytes(bytes: Uint8Array, opts?: DecodeOptions): EcPoint;
}

type NoblePoint = InstanceType<typeof secp256k1.Point>;
const Point = secp256k1.Point;
const N = Point.Fn.ORDER;
const POINT_SIZE = 33;
const SCALAR_SIZE = 32;

const mod = (a: bigint, m: bigint): bigint => {
  const r = a % m;
  return r < 0n ? r + m : r;
};

/** Modular inverse by the extended Euclidean algorithm (the order is prime, so every non-zero value has one). */
function invMod(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  if (r0 === 0n) throw new ParameterError('inverse of zero');
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

function bytesToBig(b: Uint8Array): bigint {
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return v;
}

function bigToBytes(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** A prime-order scalar field with strict fixed-length big-endian codec, shared by the prime groups. */
export function makeScalarField(
  order: bigint,
  size: number,
  ops: OpCounter,
  hashToScalar: (d: Uint8Array, dst: string) => bigint,
): ScalarField {
  return {
    order,
    size,
    random: (rng: Rng) => randomScalar(rng, order),
    add: (a, b) => mod(a + b, order),
    sub: (a, b) => mod(a - b, order),
    mul: (a, b) => mod(a * b, order),
    neg: (a) => mod(-a, order),
    inv: (a) => invMod(a, order),
    reduce: (a) => mod(a, order),
    hash(data, dst) {
      ops.add('hashZr');
      return hashToScalar(data, dst);
    },
    toBytes(a) {
      if (a < 0n || a >= order) throw new ParameterError('scalar out of range');
      return bigToBytes(a, size);
    },
    fromBytes(bytes, opts) {
      if (bytes.length !== size)
        throw new DecodeError('length', 'scalar', `expected ${size} bytes, got ${bytes.length}`);
      const v = bytesToBig(bytes);
      if (v >= order) throw new DecodeError('non-canonical', 'scalar', 'not below the group order');
      if (v === 0n && !opts?.allowZero) throw new DecodeError('identity', 'scalar', 'zero');
      return v;
    },
  };
}

/** Creates a secp256k1 group with its own operation counter. */
export function createSecp256k1Group(): PrimeGroup {
  const ops = new OpCounter();
  const P = (e: EcPoint) => e as unknown as NoblePoint;
  const E = (p: NoblePoint) => p as unknown as EcPoint;
  const zr = makeScalarField(N, SCALAR_SIZE, ops, (d, dst) => secp256k1_hasher.hashToScalar(d, { DST: dst }));
  // noble's multiply refuses 0; the identity is the mathematically right answer for a zero exponent.
  const scalarMul = (p: NoblePoint, k: bigint): NoblePoint => {
    const r = mod(k, N);
    return r === 0n || p.is0() ? Point.ZERO : p.multiply(r);
  };
  return {
    name: 'secp256k1',
    zr,
    size: POINT_SIZE,
    ops,
    opNames: { exp: 'expEC', fixedExp: 'fixedExpEC', mul: 'mulEC', hash: 'hashEC' },
    generator: () => E(Point.BASE),
    identity: () => E(Point.ZERO),
    mul(a, b) {
      ops.add('mulEC');
      return E(P(a).add(P(b)));
    },
    inv: (a) => E(P(a).negate()),
    exp(a, k) {
      ops.add('expEC');
      return E(scalarMul(P(a), k));
    },
    eq: (a, b) => P(a).equals(P(b)),
    isIdentity: (a) => P(a).is0(),
    hash(data, dst) {
      ops.add('hashEC');
      return E(secp256k1_hasher.hashToCurve(data, { DST: dst }) as unknown as NoblePoint);
    },
    precompute(base) {
      // noble caches a window table per point; a copy keeps the table private to this FixedBase.
      const b = P(base);
      const table = b.is0() ? b : Point.fromAffine(b.toAffine());
      if (!table.is0()) table.precompute(8, false); // built now (setup), not on first use
      return {
        exp(k) {
          ops.add('fixedExpEC');
          return E(scalarMul(table, k));
        },
      };
    },
    toBytes(a) {
      const p = P(a);
      return p.is0() ? new Uint8Array(POINT_SIZE) : p.toBytes(true);
    },
    fromBytes(bytes, opts) {
      if (bytes.length !== POINT_SIZE)
        throw new DecodeError('length', 'secp256k1 point', `expected ${POINT_SIZE} bytes, got ${bytes.length}`);
      if (bytes.every((x) => x === 0)) {
        if (opts?.allowIdentity) return E(Point.ZERO);
        throw new DecodeError('identity', 'secp256k1 point');
      }
      if (bytes[0] !== 0x02 && bytes[0] !== 0x03)
        throw new DecodeError('non-canonical', 'secp256k1 point', `prefix 0x${bytes[0]!.toString(16)}`);
      if (bytesToBig(bytes.subarray(1)) >= Point.Fp.ORDER)
        throw new DecodeError('non-canonical', 'secp256k1 point', 'x not below p');
      try {
        const p = Point.fromBytes(bytes);
        p.assertValidity();
        return E(p);
      } catch {
        throw new DecodeError('not-on-curve', 'secp256k1 point');
      }
    },
  };
}
