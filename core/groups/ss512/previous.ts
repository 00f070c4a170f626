/**
 * The SS512 arithmetic as it was before the speed-ups of issue 19 (deliverable 5), frozen here for the
 * differential tests only (speedups.test.ts): the new code must return byte-identical results. Self-contained on
 * purpose (its own F_q2 helpers), so later changes to field.ts or pairing.ts cannot change what it computes. Not
 * used by the backend.
 */
import type { Affine } from './curve.js';
import { H, Q, R_EXP1, R_EXP2 } from './params.js';
import { wnaf } from './wnaf.js';

type Fq2 = { a: bigint; b: bigint };

const canon = (a: bigint): bigint => {
  const t = a % Q;
  return t < 0n ? t + Q : t;
};
const mul2 = (x: Fq2, y: Fq2): Fq2 => {
  const t0 = x.a * y.a;
  const t1 = x.b * y.b;
  return { a: (t0 - t1) % Q, b: ((x.a + x.b) * (y.a + y.b) - t0 - t1) % Q };
};
const sqr2 = (x: Fq2): Fq2 => ({ a: ((x.a + x.b) * (x.a - x.b)) % Q, b: (2n * x.a * x.b) % Q });
const usqr = (x: Fq2): Fq2 => {
  const s = x.a + x.b;
  return { a: (2n * x.a * x.a - 1n) % Q, b: (s * s - 1n) % Q };
};
const conj = (x: Fq2): Fq2 => ({ a: x.a, b: -x.b });

/** The plain extended Euclidean inverse (one bigint division per quotient). */
export function prevInv(a: bigint): bigint {
  let r0 = Q;
  let r1 = canon(a);
  if (r1 === 0n) throw new RangeError('prevInv: zero');
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

/** x^k for a norm-1 x by a width-5 NAF square-and-multiply. */
export function prevUnitaryPow(x: Fq2, k: bigint): Fq2 {
  if (k === 0n) return { a: 1n, b: 0n };
  const digits = wnaf(k, 5);
  const tbl: Fq2[] = [x];
  const x2 = usqr(x);
  for (let j = 1; j < 8; j++) tbl.push(mul2(tbl[j - 1]!, x2));
  let acc: Fq2 | null = null;
  for (let i = digits.length - 1; i >= 0; i--) {
    if (acc) acc = usqr(acc);
    const d = digits[i]!;
    if (d === 0) continue;
    const t = d > 0 ? tbl[(d - 1) >> 1]! : conj(tbl[(-d - 1) >> 1]!);
    acc = acc ? mul2(acc, t) : t;
  }
  return acc ? { a: canon(acc.a), b: canon(acc.b) } : { a: 1n, b: 0n };
}

/** f^((q^2 - 1)/r): conj(f)^2 / N(f), then the norm-1 power h. */
export function prevFinalExp(f: Fq2): Fq2 {
  const n = prevInv(f.a * f.a + f.b * f.b);
  const c = sqr2(conj(f));
  return prevUnitaryPow({ a: (c.a * n) % Q, b: (c.b * n) % Q }, H);
}

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
export function prevMillerLoop(P: Affine, Qa: Affine): Fq2 {
  const xQ = Qa.x;
  const yQ = Qa.y;
  let f: Fq2 = { a: 1n, b: 0n };
  let first = true;
  millerSteps(P, (A, B, C, square) => {
    const l: Fq2 = { a: (A * xQ + B) % Q, b: (C * yQ) % Q };
    if (first) {
      f = l; // 1^2 * l
      first = false;
    } else f = mul2(square ? sqr2(f) : f, l);
  });
  return f;
}

/** The lines of f_{r,Q} for a fixed Q, to be evaluated at phi(P) for many P. */
export class PrevPrecomputedLines {
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
      f = mul2(square[k] ? sqr2(f) : f, l);
    }
    return f;
  }
}
