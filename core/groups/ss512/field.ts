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
  const t = a % Q;
  return t < 0n ? t + Q : t;
}

/** a^-1 mod q by the extended Euclidean algorithm (about 100 multiplications' worth; Fermat would be ~600). */
export function inv(a: bigint): bigint {
  let r0 = Q;
  let r1 = canon(a);
  if (r1 === 0n) throw new ParameterError('ss512: inverse of zero in F_q');
  let s0 = 0n;
  let s1 = 1n;
  while (r1 !== 0n) {
    const t = r0 / r1;
    const r2 = r0 - t * r1;
    r0 = r1;
    r1 = r2;
    const s2 = s0 - t * s1;
    s0 = s1;
    s1 = s2;
  }
  return s0 < 0n ? s0 + Q : s0;
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
