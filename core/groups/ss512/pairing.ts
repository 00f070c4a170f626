/**
 * The reduced Tate pairing of SS512 with the distortion map, and the target group GT.
 *
 *   e(P, Q) = f_{r,P}(phi(Q))^((q^2 - 1)/r),   phi(x, y) = (-x, i y),
 *
 * (Frey-Rueck; Galbraith-Harrison-Soldera 2002 "Implementing the Tate pairing"; Barreto-Kim-Lynn-Scott 2002
 * "Efficient algorithms for pairing-based cryptosystems", Theorem 1 and Algorithm 1, which is the algorithm PBC's
 * Type-A pairing follows). The Miller loop runs over the bits of r = 2^159 + 2^107 + 1 on the first argument in
 * Jacobian coordinates.
 *
 * Denominator elimination (BKLS, section 4): every vertical line x - x_T evaluated at phi(Q) = (-x_Q, i y_Q) is
 * -x_Q - x_T in F_q, and the final exponent is a multiple of q - 1, which maps F_q^* to 1, so verticals and any F_q
 * factor by which a line is scaled (to clear the Jacobian denominators) disappear. For the same reason the last
 * step of the loop (adding P to (r - 1)P = -P, a vertical line) is skipped.
 *
 * Final exponentiation: (q^2 - 1)/r = (q - 1) * h with h = (q + 1)/r. The (q - 1) power is conj(f)/f (the
 * q-Frobenius of F_q2 is conjugation) = conj(f)^2 / N(f), one F_q inversion; the result has norm 1, so the power h
 * uses norm-1 squarings and a width-5 NAF (inverses are conjugates).
 *
 * Every Miller step produces a line as three F_q coefficients (A, B, C) with value (A x + B) + (C y) i at
 * phi((x, y)): the same code serves the direct pairing (evaluated on the fly) and the precomputed second argument
 * (the pairing is symmetric, e(P, Q) = e(Q, P), so a fixed Q can play the role of the loop's point).
 *
 * The output equals PBC's Type-A pairing bit for bit: test/pbc-vectors.test.ts checks PBC's published vectors
 * (blynn/pbc, guru/pairing_test.c), and test/reference.ts recomputes it the naive way.
 */
import { canon, conj, FQ2_ONE, type Fq2, fq2Mul, fq2Sqr, inv, unitarySqr } from './field.js';
import type { Affine } from './curve.js';
import { H, Q, R, R_EXP1, R_EXP2 } from './params.js';
import { signedWindows, wnaf } from './wnaf.js';

/** Receives each Miller step's line; `square` says whether f is squared first (doubling step) or not (addition). */
type LineSink = (A: bigint, B: bigint, C: bigint, square: boolean) => void;

/** Runs Miller's loop for f_{r,P} on P (affine, of order r), handing every line to `sink`. */
function millerSteps(P: Affine, sink: LineSink): void {
  const xP = P.x;
  const yP = P.y;
  let X = xP;
  let Y = yP;
  let Z = 1n;
  for (let i = R_EXP2 - 1; i >= 0; i--) {
    // Tangent at T = (X, Y, Z), scaled by 2 Y Z^3: (M (x ZZ + X) - 2 YY) + (2 Y Z ZZ) y i, M = 3 X^2 + Z^4.
    const YY = (Y * Y) % Q;
    const ZZ = (Z * Z) % Q;
    const M = (3n * X * X + ZZ * ZZ) % Q;
    const Z3 = (2n * Y * Z) % Q;
    sink((M * ZZ) % Q, M * X - 2n * YY, (Z3 * ZZ) % Q, true);
    if (i === 0) break; // T = (r-1)P next; the remaining line (through -P and P) is vertical
    const S = (4n * X * YY) % Q;
    const X3 = (M * M - 2n * S) % Q;
    Y = (M * (S - X3) - 8n * YY * YY) % Q;
    X = X3;
    Z = Z3;
    if (i === R_EXP1) {
      // Chord through T and P, scaled by Z3 = Z H: (Rr x + Rr xP - yP Z3) + (Z3) y i.
      const ZZ2 = (Z * Z) % Q;
      const U2 = (xP * ZZ2) % Q;
      const S2 = (((yP * Z) % Q) * ZZ2) % Q;
      const Hh = canon(U2 - X);
      const Rr = canon(S2 - Y);
      // Here T = 2^52 P, never +-P for P of order r, so Hh != 0 (checked anyway: a point outside G must not
      // produce a wrong pairing silently).
      if (Hh === 0n) throw new RangeError('ss512 Miller loop: degenerate addition (point not of order r)');
      const HH = (Hh * Hh) % Q;
      const HHH = (Hh * HH) % Q;
      const V = (X * HH) % Q;
      const Zn = (Z * Hh) % Q;
      sink(Rr, Rr * xP - yP * Zn, Zn, false);
      const Xn = (Rr * Rr - HHH - 2n * V) % Q;
      Y = (Rr * (V - Xn) - Y * HHH) % Q;
      X = Xn;
      Z = Zn;
    }
  }
}

/** f_{r,P}(phi(Q)) up to F_q factors (loose coordinates). */
export function millerLoop(P: Affine, Qa: Affine): Fq2 {
  const xQ = Qa.x;
  const yQ = Qa.y;
  let f: Fq2 = FQ2_ONE;
  let first = true;
  millerSteps(P, (A, B, C, square) => {
    const l: Fq2 = { a: (A * xQ + B) % Q, b: (C * yQ) % Q };
    if (first) {
      f = l; // 1^2 * l
      first = false;
    } else f = fq2Mul(square ? fq2Sqr(f) : f, l);
  });
  return f;
}

/** The lines of f_{r,Q} for a fixed Q, to be evaluated at phi(P) for many P. */
export class PrecomputedLines {
  private readonly A: bigint[] = [];
  private readonly B: bigint[] = [];
  private readonly C: bigint[] = [];
  private readonly square: boolean[] = [];
  constructor(Qa: Affine) {
    millerSteps(Qa, (A, B, C, square) => {
      this.A.push(A);
      this.B.push(B % Q);
      this.C.push(C);
      this.square.push(square);
    });
  }
  /** f_{r,Q}(phi(P)) up to F_q factors. */
  evaluate(P: Affine): Fq2 {
    const { A, B, C, square } = this;
    let f: Fq2 = { a: (A[0]! * P.x + B[0]!) % Q, b: (C[0]! * P.y) % Q };
    for (let k = 1; k < A.length; k++) {
      const l: Fq2 = { a: (A[k]! * P.x + B[k]!) % Q, b: (C[k]! * P.y) % Q };
      f = fq2Mul(square[k] ? fq2Sqr(f) : f, l);
    }
    return f;
  }
}

/** f^((q^2 - 1)/r), canonical. f must be non-zero (a Miller value at phi(Q) never is). */
export function finalExp(f: Fq2): Fq2 {
  // f^(q-1) = conj(f)^2 / N(f)
  const n = inv(f.a * f.a + f.b * f.b);
  const c = fq2Sqr(conj(f));
  const g: Fq2 = { a: (c.a * n) % Q, b: (c.b * n) % Q };
  return unitaryPow(g, H);
}

const GT_WINDOW = 5;

/** x^k for a norm-1 x and any k >= 0 (width-5 NAF; x^-1 = conj(x)). Canonical result. */
export function unitaryPow(x: Fq2, k: bigint): Fq2 {
  if (k === 0n) return FQ2_ONE;
  const digits = wnaf(k, GT_WINDOW);
  const n = 1 << (GT_WINDOW - 2);
  const tbl: Fq2[] = [x];
  const x2 = unitarySqr(x);
  for (let j = 1; j < n; j++) tbl.push(fq2Mul(tbl[j - 1]!, x2));
  let acc: Fq2 | null = null;
  for (let i = digits.length - 1; i >= 0; i--) {
    if (acc) acc = unitarySqr(acc);
    const d = digits[i]!;
    if (d === 0) continue;
    const t = d > 0 ? tbl[(d - 1) >> 1]! : conj(tbl[(-d - 1) >> 1]!);
    acc = acc ? fq2Mul(acc, t) : t;
  }
  return acc ? { a: canon(acc.a), b: canon(acc.b) } : FQ2_ONE;
}

/** x^r = 1 via r = 2^159 + 2^107 + 1: 159 norm-1 squarings and two products. x must have norm 1. */
export function unitaryHasOrderR(x: Fq2): boolean {
  let t = x;
  for (let i = 0; i < R_EXP1; i++) t = unitarySqr(t);
  const t107 = t;
  for (let i = R_EXP1; i < R_EXP2; i++) t = unitarySqr(t);
  const y = fq2Mul(fq2Mul(t, t107), x);
  return canon(y.a) === 1n && canon(y.b) === 0n;
}

/** Fixed-base signed-window table for a norm-1 base: about 27 products per exponentiation at w = 6. */
export class GtFixedBase {
  private readonly rows: Fq2[][];
  private readonly count: number;
  constructor(
    base: Fq2,
    private readonly w: number,
    bits = R.toString(2).length,
  ) {
    this.count = Math.floor(bits / w) + 1;
    const half = 1 << (w - 1);
    this.rows = [];
    let b = base;
    for (let j = 0; j < this.count; j++) {
      const row: Fq2[] = [b];
      for (let d = 2; d <= half; d++) row.push(fq2Mul(row[d - 2]!, b));
      this.rows.push(row.map((e) => ({ a: canon(e.a), b: canon(e.b) })));
      b = unitarySqr(row[half - 1]!);
    }
  }
  pow(k: bigint): Fq2 {
    const digits = signedWindows(k, this.w, this.count);
    let acc: Fq2 | null = null;
    for (let j = 0; j < this.count; j++) {
      const d = digits[j]!;
      if (d === 0) continue;
      const e = this.rows[j]![Math.abs(d) - 1]!;
      const t = d > 0 ? e : conj(e);
      acc = acc ? fq2Mul(acc, t) : t;
    }
    return acc ? { a: canon(acc.a), b: canon(acc.b) } : FQ2_ONE;
  }
}
