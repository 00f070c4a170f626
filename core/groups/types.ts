/**
 * The pairing-group abstraction every scheme is written against, in the multiplicative notation of the papers
 * (g^x is `exp(g, x)`, the group operation is `mul`). One interface serves asymmetric (Type-3: BLS12-381, BN254) and
 * symmetric (Type-1: SS512, where G1 = G2) groups: a scheme always passes G1 elements to the first pairing argument
 * and G2 elements to the second, and a symmetric backend simply implements both with the same points. Nothing outside
 * a backend ever asks which kind it is, except to report it.
 *
 * Scalars (Zr) are plain `bigint`s reduced modulo `zr.order`: backend-neutral, cheap, and exact.
 * Group elements are opaque branded values owned by their backend; never mix elements of two backends.
 */
import type { OpCounter } from '../ops.js';
import type { Rng } from '../rng.js';

declare const brand: unique symbol;
/** An element of G1 (opaque; only its backend can read it). */
export type G1 = { readonly [brand]: 'G1' };
/** An element of G2 (opaque). On a symmetric group it is the same kind of point as G1. */
export type G2 = { readonly [brand]: 'G2' };
/** An element of the target group GT (opaque). */
export type GT = { readonly [brand]: 'GT' };
/** The value of a Miller loop before the final exponentiation (opaque; only `finalExp` of its backend reads it). */
export type MillerValue = { readonly [brand]: 'MillerValue' };

export interface DecodeOptions {
  /** Accept the identity element (default false: protocol messages never carry it). */
  allowIdentity?: boolean;
}

/** A fixed-base exponentiation table for one base. */
export interface FixedBase<E> {
  exp(k: bigint): E;
}

/** A precomputed second pairing argument (mcl's PrecomputedG2). Call `destroy()` when done. */
export interface PairingPrecomp {
  /** e(a, Q) for the precomputed Q. */
  pair(a: G1): GT;
  destroy(): void;
}

export interface ScalarField {
  /** The prime group order r. */
  readonly order: bigint;
  /** Serialized size in bytes (big-endian, fixed length). */
  readonly size: number;
  /** A uniform non-zero scalar. */
  random(rng: Rng): bigint;
  add(a: bigint, b: bigint): bigint;
  sub(a: bigint, b: bigint): bigint;
  mul(a: bigint, b: bigint): bigint;
  neg(a: bigint): bigint;
  /** Inverse modulo r; throws ParameterError on 0. */
  inv(a: bigint): bigint;
  /** Reduces any integer into [0, r). */
  reduce(a: bigint): bigint;
  /** Hash to Zr (domain-separated by `dst`). */
  hash(data: Uint8Array, dst: string): bigint;
  toBytes(a: bigint): Uint8Array;
  /** Strict: exact length, canonical (< r); rejects zero unless allowZero. */
  fromBytes(bytes: Uint8Array, opts?: { allowZero?: boolean }): bigint;
}

/** G1 or G2. */
export interface CurveGroup<E> {
  readonly name: 'G1' | 'G2';
  /** Serialized size in bytes (compressed where the backend supports it). */
  readonly size: number;
  generator(): E;
  identity(): E;
  random(rng: Rng): E;
  mul(a: E, b: E): E;
  inv(a: E): E;
  exp(a: E, k: bigint): E;
  /** prod bases[i]^ks[i] in one multi-exponentiation. */
  multiExp(bases: E[], ks: bigint[]): E;
  eq(a: E, b: E): boolean;
  isIdentity(a: E): boolean;
  /** Hash to the group (with cofactor clearing), domain-separated by `dst`. */
  hash(data: Uint8Array, dst: string): E;
  precompute(base: E): FixedBase<E>;
  toBytes(a: E): Uint8Array;
  /** Strict decode: length, canonical coordinates, on curve, in the order-r subgroup, identity only if allowed. */
  fromBytes(bytes: Uint8Array, opts?: DecodeOptions): E;
}

export interface TargetGroup {
  readonly size: number;
  one(): GT;
  mul(a: GT, b: GT): GT;
  inv(a: GT): GT;
  div(a: GT, b: GT): GT;
  exp(a: GT, k: bigint): GT;
  eq(a: GT, b: GT): boolean;
  isOne(a: GT): boolean;
  precompute(base: GT): FixedBase<GT>;
  toBytes(a: GT): Uint8Array;
  /** Strict decode: length, canonical, and membership in the order-r subgroup of the field's multiplicative group. */
  fromBytes(bytes: Uint8Array, opts?: DecodeOptions): GT;
  /** Derives a 32-byte symmetric key from a GT element (the KDF H1 of the reference design). */
  kdf(a: GT, info: string): Uint8Array;
}

export interface BackendInfo {
  /** Registry name, e.g. 'bls12-381', 'bn254', 'noble-bls12-381', 'ss512'. */
  readonly name: string;
  /** Curve name as commonly written. */
  readonly curve: string;
  /** Library implementing it. */
  readonly library: string;
  /** Estimated classical security in bits. */
  readonly securityBits: number;
  /** True for Type-1 groups (G1 = G2). */
  readonly symmetric: boolean;
  /** Serialized element sizes in bytes. */
  readonly sizes: { Zr: number; G1: number; G2: number; GT: number };
}

export interface PairingGroup extends BackendInfo {
  readonly zr: ScalarField;
  readonly g1: CurveGroup<G1>;
  readonly g2: CurveGroup<G2>;
  readonly gt: TargetGroup;
  /** e(a, b). Counts millerLoop + finalExp. */
  pair(a: G1, b: G2): GT;
  /**
   * prod e(a_i, b_i) with one final exponentiation. A second argument may be a `PairingPrecomp` of this group (its
   * Miller loop then uses the precomputed lines). Counts one millerLoop (or millerLoopPre) per term + 1 finalExp.
   */
  pairProd(pairs: ReadonlyArray<readonly [G1, G2 | PairingPrecomp]>): GT;
  /** Precomputes the second argument for repeated pairings. */
  precomputePairing(b: G2): PairingPrecomp;
  /** Counts every primitive operation this backend performs. */
  readonly ops: OpCounter;
  /**
   * Direct access to the Miller loop and the final exponentiation. Every real backend has it (the benchmark refuses
   * one that does not); a test-instrument group that is never benchmarked may leave it out.
   */
  readonly parts?: PairingParts;
}

/**
 * The two halves of a pairing, so that an experiment can time each one directly instead of deriving one from the
 * other: e(a, b) = finalExp(millerLoop(a, b)). Each call counts its own operation (`millerLoop`, `millerLoopPre`,
 * `finalExp`), so a pairing assembled from parts counts the same as `pair`.
 */
export interface PairingParts {
  millerLoop(a: G1, b: G2): MillerValue;
  /** The Miller loop on a precomputed second argument (from this group's `precomputePairing`). */
  precomputedMillerLoop(a: G1, b: PairingPrecomp): MillerValue;
  finalExp(f: MillerValue): GT;
}

/** What a backend module exports: an async factory (wasm backends must initialize). */
export interface BackendFactory extends BackendInfo {
  create(): Promise<PairingGroup>;
}
