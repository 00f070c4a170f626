/**
 * Arithmetic in F_q and F_q2 = F_q[i]/(i^2 + 1) for SS512, on native bigint.
 *
 * Representation (why it is "loose"): V8's bigint `%` costs about 6x a 512x512-bit multiplication, so the hot
 * code reduces once per product (often once per sum of products, "lazy reduction") and never normalizes sums.
 * Internally an F_q value is any bigint congruent to it with a small magnitude (the JS `%` of a negative number is
 * negative); `canon` brings it into [0, q) before anything compares, encodes or branches on it.
 *
 * GT lives in the norm-1 ("unitary") subgroup of F_q2^*: r divides q + 1, and x^(q+1) = N(x) = 1 there, so
 * inversion is conjugation and squaring needs two base-field squarings (Stam-Lenstra 2002, "Efficient subgroup
 * exponentiation in quadratic and sixth degree extensions", section 3.2).
 */
import { ParameterError } from '../../errors.js';
import { Q, SQRT_EXP } from './params.js';

/** The canonical representative in [0, q). */
export function canon(a: bigint): bigint {
  // Most callers hand over an already reduced value in (-q, q): two comparisons instead of a division.
  if (a >= 0n) return a < Q ? a : a % Q;
  if (a > -Q) return a + Q;
  const t = a % Q;
  return t < 0n ? t + Q : t;
}

/** 2^50: Lehmer's single-precision digits stay below it, so every sum in the inner loop is exact in a double. */
const LEHMER_DIGIT = 2 ** 50;

/**
 * a^-1 mod q by Lehmer's extended Euclidean algorithm (Knuth, TAOCP vol. 2, section 4.5.2, Algorithm L; Jebelean's
 * and Collins' refinements are not needed at this size). Each round runs Euclid on the leading 50 bits of (u, v) in
 * doubles, stopping at the first quotient the leading bits cannot decide (Knuth's test on both ends of the interval),
 * and applies the resulting 2x2 matrix to u, v and their cofactors in one go: about 20 rounds of small-by-512-bit
 * products instead of about 300 bigint divisions (measured 3x faster than the plain extended Euclid here; Fermat
 * would cost about 600 multiplications). Invariant: su * a = u and sv * a = v (mod q).
 */
export function inv(a: bigint): bigint {
  let u = Q;
  let v = canon(a);
  if (v === 0n) throw new ParameterError('ss512: inverse of zero in F_q');
  let su = 0n;
  let sv = 1n;
  for (;;) {
    const un = Number(u);
    if (un < LEHMER_DIGIT) break;
    // Number(u) may round up past a power of two: the shift is then one too large and the digits one bit shorter.
    const shift = BigInt(Math.floor(Math.log2(un)) - 49);
    let uh = Number(u >> shift);
    let vh = Number(v >> shift);
    let A = 1;
    let B = 0;
    let C = 0;
    let D = 1;
    for (;;) {
      const y1 = vh + C;
      const y2 = vh + D;
      if (y1 === 0 || y2 === 0) break;
      const qd = Math.floor((uh + A) / y1);
      if (qd !== Math.floor((uh + B) / y2)) break;
      let t = A - qd * C;
      A = C;
      C = t;
      t = B - qd * D;
      B = D;
      D = t;
      t = uh - qd * vh;
      uh = vh;
      vh = t;
    }
    if (B === 0) {
      // The leading digits decided nothing (a very large quotient): one full-precision step.
      const qb = u / v;
      const t = u - qb * v;
      u = v;
      v = t;
      const ts = su - qb * sv;
      su = sv;
      sv = ts;
      if (v === 0n) break;
      continue;
    }
    const bA = BigInt(A);
    const bB = BigInt(B);
    const bC = BigInt(C);
    const bD = BigInt(D);
    const nu = bA * u + bB * v;
    v = bC * u + bD * v;
    u = nu;
    const nsu = bA * su + bB * sv;
    sv = bC * su + bD * sv;
    su = nsu;
  }
  while (v !== 0n) {
    const qb = u / v;
    const t = u - qb * v;
    u = v;
    v = t;
    const ts = su - qb * sv;
    su = sv;
    sv = ts;
  }
  // u = gcd(q, a) = 1 for a prime q and a != 0 (mod q); |su| < q.
  return su < 0n ? su + Q : su;
}

/** Montgomery's trick: inverts every (non-zero) entry with one inversion and 3(n - 1) multiplications. */
export function batchInv(xs: readonly bigint[]): bigint[] {
  const n = xs.length;
  if (n === 0) return [];
  const prefix: bigint[] = new Array(n);
  let acc = 1n;
  for (let i = 0; i < n; i++) {
    prefix[i] = acc;
    acc = (acc * xs[i]!) % Q;
  }
  let t = inv(acc);
  const out: bigint[] = new Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = canon(t * prefix[i]!);
    t = (t * xs[i]!) % Q;
  }
  return out;
}

/** b^e mod q (e >= 0) by 4-bit fixed windows. */
export function pow(b: bigint, e: bigint): bigint {
  const base = canon(b);
  const tbl: bigint[] = [1n, base];
  for (let j = 2; j < 16; j++) tbl[j] = (tbl[j - 1]! * base) % Q;
  const hex = e.toString(16);
  let acc = 1n;
  for (let k = 0; k < hex.length; k++) {
    if (k > 0) {
      acc = (acc * acc) % Q;
      acc = (acc * acc) % Q;
      acc = (acc * acc) % Q;
      acc = (acc * acc) % Q;
    }
    const d = parseInt(hex[k]!, 16);
    if (d !== 0) acc = (acc * tbl[d]!) % Q;
  }
  return canon(acc);
}

/**
 * s = a^((q+1)/4). Since q = 3 (mod 4): if a is a square then s^2 = a; otherwise s^2 = -a (Euler's criterion gives
 * a^((q-1)/2) = -1). The caller tells the two apart by squaring s.
 */
export function sqrtOrNegSqrt(a: bigint): bigint {
  return pow(a, SQRT_EXP);
}

/** An element a + b i of F_q2, canonical coordinates once it leaves this module. */
export interface Fq2 {
  readonly a: bigint;
  readonly b: bigint;
}

export const FQ2_ONE: Fq2 = { a: 1n, b: 0n };

/** Karatsuba product in F_q2: three multiplications, two reductions. */
export function fq2Mul(x: Fq2, y: Fq2): Fq2 {
  const t0 = x.a * y.a;
  const t1 = x.b * y.b;
  return { a: (t0 - t1) % Q, b: ((x.a + x.b) * (y.a + y.b) - t0 - t1) % Q };
}

/** Square in F_q2 (any element): (a + b)(a - b) + 2ab i. */
export function fq2Sqr(x: Fq2): Fq2 {
  return { a: ((x.a + x.b) * (x.a - x.b)) % Q, b: (2n * x.a * x.b) % Q };
}

/** Square of a norm-1 element: with a^2 + b^2 = 1, (a + bi)^2 = (2a^2 - 1) + ((a + b)^2 - 1) i. */
export function unitarySqr(x: Fq2): Fq2 {
  const s = x.a + x.b;
  return { a: (2n * x.a * x.a - 1n) % Q, b: (s * s - 1n) % Q };
}

/** Conjugate a - b i: the q-power Frobenius, and the inverse of a norm-1 element. */
export function conj(x: Fq2): Fq2 {
  return { a: x.a, b: -x.b };
}

/** Inverse in F_q2: conj(x) / N(x), N(x) = a^2 + b^2 in F_q. */
export function fq2Inv(x: Fq2): Fq2 {
  const n = inv(x.a * x.a + x.b * x.b);
  return { a: (x.a * n) % Q, b: (-x.b * n) % Q };
}
