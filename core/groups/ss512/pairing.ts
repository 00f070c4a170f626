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
 * q-Frobenius of F_q2 is conjugation) = conj(f)^2 / N(f); the result has norm 1, so the power h follows from the
 * Lucas sequences of its trace (see finalExp), with one F_q inversion for both divisions.
 *
 * The Miller loop, the evaluation of precomputed lines and the Lucas ladder run in WebAssembly on Montgomery-form
 * limbs (wasm.ts); the rest stays on bigint.
 *
 * Every Miller step produces a line as three F_q coefficients (A, B, C) with value (A x + B) + (C y) i at
 * phi((x, y)): the same code serves the direct pairing (evaluated on the fly) and the precomputed second argument
 * (the pairing is symmetric, e(P, Q) = e(Q, P), so a fixed Q can play the role of the loop's point).
 *
 * The output equals PBC's Type-A pairing bit for bit: test/pbc-vectors.test.ts checks PBC's published vectors
 * (blynn/pbc, guru/pairing_test.c), and test/reference.ts recomputes it the naive way.
 */
import { ParameterError } from '../../errors.js';
import { batchInv, canon, conj, FQ2_ONE, type Fq2, fq2Mul, inv, unitarySqr } from './field.js';
import type { Affine } from './curve.js';
import { H, Q, R, R_EXP1, R_EXP2 } from './params.js';
import { signedWindows } from './wnaf.js';
import { LINE_BYTES, LINES_BASE, lineTable, S, ss512Wasm } from './wasm.js';

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

/**
 * f_{r,P}(phi(Q)) up to F_q factors, canonical coordinates. The steps of millerSteps (same lines, same values), run
 * in WebAssembly (wasm.ts): one call per doubling step (tangent, f = f^2 l, T = 2T), one for the addition at bit 107;
 * f starts at one, so the first step's f^2 l is the first line itself.
 */
export function millerLoop(P: Affine, Qa: Affine): Fq2 {
  const w = ss512Wasm();
  w.put(S.XP, P.x);
  w.put(S.YP, P.y);
  w.put(S.XQ, Qa.x);
  w.put(S.YQ, Qa.y);
  w.put(S.X, P.x);
  w.put(S.Y, P.y);
  w.put(S.Z, 1n);
  w.put(S.FA, 1n);
  w.put(S.FB, 0n);
  for (let i = R_EXP2 - 1; i >= 0; i--) {
    w.ex.dbl();
    if (i === 0) break; // T = (r-1)P next; the remaining line (through -P and P) is vertical
    if (i === R_EXP1) {
      w.ex.addStep();
      // Here T = 2^52 P, never +-P for P of order r, so the chord's H != 0 and Zn = Z H != 0 (checked anyway: a
      // point outside G must not produce a wrong pairing silently).
      if (w.get(S.Z) === 0n) throw new RangeError('ss512 Miller loop: degenerate addition (point not of order r)');
    }
  }
  return { a: w.get(S.FA), b: w.get(S.FB) };
}

/**
 * The lines of f_{r,Q} for a fixed Q, to be evaluated at phi(P) for many P. Each line (A x + B) + (C y) i is stored
 * divided by C (one batch inversion for all of them; C is an F_q factor the final exponentiation removes), so its
 * value at phi(P) is (alpha x_P + beta) + y_P i: one product and one reduction fewer per step than (A, B, C).
 */
export class PrecomputedLines {
  private readonly table: BigUint64Array;
  private readonly square: boolean[] = [];
  constructor(Qa: Affine) {
    const A: bigint[] = [];
    const B: bigint[] = [];
    const C: bigint[] = [];
    millerSteps(Qa, (a, b, c, square) => {
      A.push(a);
      B.push(b);
      C.push(c);
      this.square.push(square);
    });
    const Ci = batchInv(C);
    const alpha = A.map((a, k) => canon(a * Ci[k]!));
    const beta = B.map((b, k) => canon((b % Q) * Ci[k]!));
    this.table = lineTable(alpha, beta);
  }
  /**
   * f_{r,Q}(phi(P)) up to F_q factors, canonical coordinates: the table is copied into the wasm module's memory and
   * each line applied by one call (f starts at one, so the first step's f^2 l is the first line).
   */
  evaluate(P: Affine): Fq2 {
    const w = ss512Wasm();
    w.loadLines(this.table);
    w.put(S.XP, P.x);
    w.put(S.YP, P.y);
    w.put(S.FA, 1n);
    w.put(S.FB, 0n);
    const { square } = this;
    for (let k = 0; k < square.length; k++) {
      const at = LINES_BASE + k * LINE_BYTES;
      if (square[k]) w.ex.evalSq(at);
      else w.ex.evalMul(at);
    }
    return { a: w.get(S.FA), b: w.get(S.FB) };
  }
}

/** The bits of h, most significant first (the Lucas ladder of the final exponentiation walks them). */
const H_BITS = H.toString(2);
/** -1/8 in F_q, for the trace-to-element recovery after a Lucas ladder. */
const NEG_EIGHTH = canon(-inv(8n));

/**
 * The Lucas ladder (V_k, V_{k+1}) for the trace p = x + 1/x of a norm-1 x, over the exponent's binary digits (most
 * significant first, as k.toString(2) writes them): V_0 = 2, V_1 = p, V_2k = V_k^2 - 2, V_2k+1 = V_k V_k+1 - p. One product and one square in F_q
 * per bit, where a norm-1 square-and-multiply needs the same for the square alone plus the window products.
 * Results in [0, q).
 */
function lucasLadder(p: bigint, bits: string): [bigint, bigint] {
  // In WebAssembly (wasm.ts): one call per bit, V_k and V_k+1 in Montgomery form in its memory.
  const w = ss512Wasm();
  w.put(S.P, p);
  w.put(S.V0, 2n);
  w.put(S.V1, p);
  for (let j = 0; j < bits.length; j++) {
    if (bits.charCodeAt(j) === 49) w.ex.lucas1();
    else w.ex.lucas0();
  }
  return [w.get(S.V0), w.get(S.V1)];
}

/** v / 2 in F_q for a canonical v. */
function halve(v: bigint): bigint {
  return (v & 1n) === 0n ? v >> 1n : (v + Q) >> 1n;
}

/**
 * f^((q^2 - 1)/r), canonical. f must be non-zero (a Miller value at phi(Q) never is).
 *
 * As PBC does for Type A (a_tateexp and lucas_odd in ecc/a_param.c of PBC 0.5.14), after Scott-Barreto, "Compressed
 * pairings" (CRYPTO 2004), section 3: the (q - 1) power g = conj(f) / f = conj(f)^2 / N(f) has norm 1, and the
 * remaining power h = (q + 1)/r of a norm-1 g = a + b i follows from the Lucas sequences of its trace 2a:
 * g^h = V_h / 2 + U_h b i with U_h = (2 V_h+1 - 2a V_h) / (4a^2 - 4) and 4a^2 - 4 = -4 b^2. With g = ((fa^2 - fb^2)
 * - 2 fa fb i) / N, the two divisions (by N for g, by b for U_h) share one inversion of N fa fb (PBC spends two).
 */
export function finalExp(f: Fq2): Fq2 {
  const fa = f.a;
  const fb = f.b;
  const n = (fa * fa + fb * fb) % Q;
  const ab = (fa * fb) % Q;
  if (canon(n) === 0n) throw new ParameterError('ss512: final exponentiation of zero');
  // fa fb = 0: g = +-1, and h is even (q + 1 = 0 mod 4, r odd), so g^h = 1.
  if (canon(ab) === 0n) return FQ2_ONE;
  const i = inv(n * ab);
  const invN = (i * ab) % Q;
  const invAb = (i * n) % Q;
  const p = canon(((2n * (fa * fa - fb * fb)) % Q) * invN); // trace of g
  const [vh, vh1] = lucasLadder(p, H_BITS);
  const a = halve(canon(vh));
  // g^h's i-part: (p V_h - 2 V_h+1) / (4 b) with b = -2 fa fb / N, i.e. -(p V_h - 2 V_h+1) N / (8 fa fb).
  const t = ((p * vh - 2n * vh1) % Q) * n;
  const b = canon((((t % Q) * invAb) % Q) * NEG_EIGHTH);
  return { a, b };
}

/**
 * x^k for a norm-1 x and any k >= 0, canonical: the Lucas ladder on the trace 2a of x = a + b i (as in finalExp),
 * then x^k = V_k / 2 + (2a V_k - 2 V_k+1) / (4 b) i, one inversion. Per exponent bit it costs what a norm-1 squaring
 * alone costs, so the window products of a square-and-multiply are saved (about 35 F_q2 products for a 160-bit k)
 * at the price of the inversion. x = +-1 (b = 0) has no such recovery and is answered directly.
 */
export function unitaryPow(x: Fq2, k: bigint): Fq2 {
  if (k < 0n) throw new RangeError('unitaryPow: negative exponent');
  const a = canon(x.a);
  const b = canon(x.b);
  if (b === 0n) return a === 1n || (k & 1n) === 0n ? FQ2_ONE : { a: Q - 1n, b: 0n };
  if (k === 0n) return FQ2_ONE;
  const p = (2n * a) % Q;
  const [vk, vk1] = lucasLadder(p, k.toString(2));
  return { a: halve(canon(vk)), b: canon(((p * vk - 2n * vk1) % Q) * inv(4n * b)) };
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
