/**
 * The group G: the order-r subgroup of E(F_q), E: y^2 = x^3 + x (a = 1, b = 0), for SS512.
 *
 * Points are kept in Jacobian coordinates (x, y) = (X/Z^2, Y/Z^3), infinity as Z = 0 exactly; formulas are the
 * a-general ones of the Explicit-Formulas Database (Bernstein-Lange, hyperelliptic.org/EFD, g1p/shortw/jacobian:
 * "dbl-2007-bl", "add-2007-bl", "madd-2007-bl"), written with one bigint reduction per product or sum of products
 * (see field.ts). A point's affine form is computed once on demand and cached on the (immutable) point.
 *
 * Scalar multiplication: width-5 signed windows (wNAF) for a variable base; signed fixed windows over an affine
 * table for a fixed base; Straus' interleaving with one shared doubling chain for multi-exponentiation.
 * Membership in G uses r's Solinas form: rP = 2^159 P + 2^107 P + P, so 159 doublings and two additions.
 */
import { batchInv, canon, inv, sqrtOrNegSqrt } from './field.js';
import { H, Q, R, R_EXP1, R_EXP2 } from './params.js';
import { signedWindows, wnaf } from './wnaf.js';
import { S, ss512Wasm } from './wasm.js';

export interface Affine {
  readonly x: bigint;
  readonly y: bigint;
}

/** A point in Jacobian coordinates. Immutable; `aff` caches the affine form (null for infinity). */
export class Jac {
  aff: Affine | null | undefined;
  constructor(
    readonly X: bigint,
    readonly Y: bigint,
    readonly Z: bigint,
  ) {}
  static fromAffine(p: Affine): Jac {
    const j = new Jac(p.x, p.y, 1n);
    j.aff = p;
    return j;
  }
  isInfinity(): boolean {
    return this.Z === 0n;
  }
}

export const INFINITY = new Jac(1n, 1n, 0n);
INFINITY.aff = null;

/** The affine form, canonical coordinates (one inversion, cached). */
export function toAffine(p: Jac): Affine | null {
  if (p.aff !== undefined) return p.aff;
  if (p.Z === 0n) return (p.aff = null);
  const zi = inv(p.Z);
  const zi2 = (zi * zi) % Q;
  p.aff = { x: canon(p.X * zi2), y: canon(((p.Y * zi2) % Q) * zi) };
  return p.aff;
}

/** Normalizes many points with one inversion (Montgomery's trick). Infinity maps to null. */
export function batchAffine(ps: readonly Jac[]): (Affine | null)[] {
  const idx: number[] = [];
  const zs: bigint[] = [];
  ps.forEach((p, i) => {
    if (p.aff === undefined && p.Z !== 0n) {
      idx.push(i);
      zs.push(p.Z);
    }
  });
  const zis = batchInv(zs);
  idx.forEach((i, k) => {
    const p = ps[i]!;
    const zi = zis[k]!;
    const zi2 = (zi * zi) % Q;
    p.aff = { x: canon(p.X * zi2), y: canon(((p.Y * zi2) % Q) * zi) };
  });
  return ps.map((p) => toAffine(p));
}

export function isOnCurve(x: bigint, y: bigint): boolean {
  return canon(y * y - x * x * x - x) === 0n;
}

export function neg(p: Jac): Jac {
  if (p.Z === 0n) return p;
  const n = new Jac(p.X, -p.Y, p.Z);
  if (p.aff) n.aff = { x: p.aff.x, y: canon(-p.aff.y) };
  return n;
}

/** 2P (dbl-2007-bl with a = 1): 7 reductions. A point with y = 0 has order 2 and doubles to infinity. */
export function dbl(p: Jac): Jac {
  const { X, Y, Z } = p;
  if (Z === 0n || Y === 0n) return INFINITY;
  const YY = (Y * Y) % Q;
  const ZZ = (Z * Z) % Q;
  const M = (3n * X * X + ZZ * ZZ) % Q;
  const S = (4n * X * YY) % Q;
  const X3 = (M * M - 2n * S) % Q;
  const Y3 = (M * (S - X3) - 8n * YY * YY) % Q;
  const Z3 = (2n * Y * Z) % Q;
  return new Jac(X3, Y3, Z3);
}

/** P + Q, both Jacobian (add-2007-bl), with the doubling and inverse cases handled. */
export function add(p: Jac, q: Jac): Jac {
  if (p.Z === 0n) return q;
  if (q.Z === 0n) return p;
  if (q.Z === 1n) return addAffine(p, q.X, q.Y);
  if (p.Z === 1n) return addAffine(q, p.X, p.Y);
  // A cached affine form (after an encoding or a pairing) turns the full addition into a mixed one: 10 reductions
  // instead of 16.
  if (q.aff) return addAffine(p, q.aff.x, q.aff.y);
  if (p.aff) return addAffine(q, p.aff.x, p.aff.y);
  const Z1Z1 = (p.Z * p.Z) % Q;
  const Z2Z2 = (q.Z * q.Z) % Q;
  const U1 = (p.X * Z2Z2) % Q;
  const U2 = (q.X * Z1Z1) % Q;
  const S1 = (((p.Y * q.Z) % Q) * Z2Z2) % Q;
  const S2 = (((q.Y * p.Z) % Q) * Z1Z1) % Q;
  const Hh = canon(U2 - U1);
  const Rr = canon(S2 - S1);
  if (Hh === 0n) return Rr === 0n ? dbl(p) : INFINITY;
  const HH = (Hh * Hh) % Q;
  const HHH = (Hh * HH) % Q;
  const V = (U1 * HH) % Q;
  const X3 = (Rr * Rr - HHH - 2n * V) % Q;
  const Y3 = (Rr * (V - X3) - S1 * HHH) % Q;
  const Z3 = (((p.Z * q.Z) % Q) * Hh) % Q;
  return new Jac(X3, Y3, Z3);
}

/** P + (x2, y2) with the second point affine (madd-2007-bl): 10 reductions. */
export function addAffine(p: Jac, x2: bigint, y2: bigint): Jac {
  if (p.Z === 0n) return new Jac(x2, y2, 1n);
  const Z1Z1 = (p.Z * p.Z) % Q;
  const U2 = (x2 * Z1Z1) % Q;
  const S2 = (((y2 * p.Z) % Q) * Z1Z1) % Q;
  const Hh = canon(U2 - p.X);
  const Rr = canon(S2 - p.Y);
  if (Hh === 0n) return Rr === 0n ? dbl(p) : INFINITY;
  const HH = (Hh * Hh) % Q;
  const HHH = (Hh * HH) % Q;
  const V = (p.X * HH) % Q;
  const X3 = (Rr * Rr - HHH - 2n * V) % Q;
  const Y3 = (Rr * (V - X3) - p.Y * HHH) % Q;
  const Z3 = (p.Z * Hh) % Q;
  return new Jac(X3, Y3, Z3);
}

/** Projective equality without inversions: X1 Z2^2 = X2 Z1^2 and Y1 Z2^3 = Y2 Z1^3. */
export function eq(p: Jac, q: Jac): boolean {
  if (p.Z === 0n || q.Z === 0n) return p.Z === 0n && q.Z === 0n;
  const Z1Z1 = (p.Z * p.Z) % Q;
  const Z2Z2 = (q.Z * q.Z) % Q;
  if (canon(p.X * Z2Z2 - q.X * Z1Z1) !== 0n) return false;
  return canon(((p.Y * Z2Z2) % Q) * q.Z - ((q.Y * Z1Z1) % Q) * p.Z) === 0n;
}

/** Odd multiples P, 3P, ..., (2^(w-1) - 1)P for a width-w NAF. */
function oddMultiples(p: Jac, w: number): Jac[] {
  const n = 1 << (w - 2);
  const out: Jac[] = [p];
  const twice = dbl(p);
  for (let j = 1; j < n; j++) out.push(add(out[j - 1]!, twice));
  return out;
}

const VAR_WINDOW = 5;

/** kP for any k >= 0 (not reduced: the cofactor multiplication needs k > r). */
export function mul(p: Jac, k: bigint): Jac {
  if (k === 0n || p.Z === 0n) return INFINITY;
  const digits = wnaf(k, VAR_WINDOW);
  const tbl = oddMultiples(p, VAR_WINDOW);
  let acc = INFINITY;
  for (let i = digits.length - 1; i >= 0; i--) {
    acc = dbl(acc);
    const d = digits[i]!;
    if (d > 0) acc = add(acc, tbl[(d - 1) >> 1]!);
    else if (d < 0) acc = add(acc, neg(tbl[(-d - 1) >> 1]!));
  }
  return acc;
}

/** prod k_i P_i with one shared chain of doublings (Straus' trick over width-5 NAFs). */
export function multiMul(ps: readonly Jac[], ks: readonly bigint[]): Jac {
  const terms = ps
    .map((p, i) => ({ p, k: ks[i]! }))
    .filter((t) => t.k !== 0n && t.p.Z !== 0n)
    .map((t) => ({ digits: wnaf(t.k, VAR_WINDOW), tbl: oddMultiples(t.p, VAR_WINDOW) }));
  const len = Math.max(0, ...terms.map((t) => t.digits.length));
  let acc = INFINITY;
  for (let i = len - 1; i >= 0; i--) {
    acc = dbl(acc);
    for (const t of terms) {
      const d = t.digits[i] ?? 0;
      if (d > 0) acc = add(acc, t.tbl[(d - 1) >> 1]!);
      else if (d < 0) acc = add(acc, neg(t.tbl[(-d - 1) >> 1]!));
    }
  }
  return acc;
}

/** rP = O, computed as 2^159 P + 2^107 P = -P. */
export function inSubgroup(p: Jac): boolean {
  if (p.Z === 0n) return true;
  let t = p;
  for (let i = 0; i < R_EXP1; i++) t = dbl(t);
  const t107 = t;
  for (let i = R_EXP1; i < R_EXP2; i++) t = dbl(t);
  return eq(add(t, t107), neg(p));
}

/**
 * rP = O for an affine point P = (x, y) != O of E(F_q), on x-coordinates only: the same test as inSubgroup at 5
 * reductions per doubling instead of 7, for strict decoding.
 *
 * x-only doubling (Brier-Joye, "Weierstrass elliptic curves and side-channel attacks", PKC 2002; EFD
 * g1p/shortw/xz, dbl-2002-bj with a = 1, b = 0): x(2P) = (x^2 - 1)^2 / (4 x (x^2 + 1)). It gives x(U) for U = 2^159 P
 * and x(V) for V = 2^107 P; the x-coordinates of U + V and U - V are the two roots of
 *   (x_U - x_V)^2 t^2 - 2 (x_U x_V + 1)(x_U + x_V) t + (x_U x_V - 1)^2
 * (the sum and product of x(U + V), x(U - V) on y^2 = x^3 + x, same paper), so x_P is a root iff P = +-(U +- V),
 * i.e. iff kP = O for k = 2^159 +- 2^107 +- 1. Since gcd(k, q + 1) is r, 3, 1, 17 for the four signs (checked by
 * speedups.test.ts), that means P has order r, 3 or 17, and orders 3 and 17 are excluded on the way: 3P = O iff
 * x(2P) = x(P), and 17P = O implies x(16P) = x(P). A chain that meets O (P of 2-power order) or x_U = x_V
 * ((2^159 -+ 2^107) P = O, a multiple r does not divide) is not in G either.
 */
export function inSubgroupX(x: bigint): boolean {
  // The 159 doublings run in WebAssembly (wasm.ts, xdbl); the coordinates are read back only where needed. A chain
  // that meets O stays there ((X : 0) doubles to (X^4 : 0)), so one look at the last Z covers every 2^i P = O.
  const w = ss512Wasm();
  w.put(S.X, x);
  w.put(S.Z, 1n);
  let XV = 0n;
  let ZV = 0n;
  for (let i = 1; i <= R_EXP2; i++) {
    w.ex.xdbl();
    if (i === 1 || i === 4) {
      // x(2P) or x(16P) = x(P): P has order 3, 5, 15 or 17 (or 2^i P = O)
      if (canon(w.get(S.X) - x * w.get(S.Z)) === 0n) return false;
    }
    if (i === R_EXP1) {
      XV = w.get(S.X);
      ZV = w.get(S.Z);
    }
  }
  const X = w.get(S.X);
  const Z = w.get(S.Z);
  if (Z === 0n || ZV === 0n) return false; // 2^i P = O for some i
  const diff = canon(X * ZV - XV * Z);
  if (diff === 0n) return false; // x(U) = x(V)
  const sum = (X * ZV + XV * Z) % Q;
  const pXX = X * XV;
  const pZZ = Z * ZV;
  const c1 = ((pXX + pZZ) % Q) * sum;
  const c0 = (pXX - pZZ) % Q;
  // diff^2 x^2 - 2 c1 x + c0^2
  const dx = (diff * x) % Q;
  return canon(dx * dx - ((2n * (c1 % Q)) % Q) * x + c0 * c0) === 0n;
}

/** Fixed-base signed-window table: rows j hold m * 2^(w j) * B for m = 1 .. 2^(w-1), affine. */
export class FixedBaseTable {
  private readonly rows: Affine[][];
  private readonly count: number;
  constructor(
    base: Jac,
    private readonly w: number,
    bits = R.toString(2).length,
  ) {
    this.count = Math.floor(bits / w) + 1;
    this.rows = [];
    if (base.isInfinity()) return; // every multiple is O; mul() returns INFINITY from the empty table
    const half = 1 << (w - 1);
    const all: Jac[] = [];
    let b = base;
    for (let j = 0; j < this.count; j++) {
      let m = b;
      all.push(m);
      for (let d = 2; d <= half; d++) {
        m = add(m, b);
        all.push(m);
      }
      b = dbl(m); // 2 * 2^(w-1) * base_j = base_{j+1}
    }
    const aff = batchAffine(all);
    for (let j = 0; j < this.count; j++) this.rows.push(aff.slice(j * half, (j + 1) * half) as Affine[]);
  }
  /** k B for 0 <= k < 2^(w * count - 1): one mixed addition per non-zero window, no doublings. */
  mul(k: bigint): Jac {
    const digits = signedWindows(k, this.w, this.count);
    let acc = INFINITY;
    for (let j = 0; j < this.rows.length; j++) {
      const d = digits[j]!;
      if (d === 0) continue;
      const pt = this.rows[j]![Math.abs(d) - 1]!;
      acc = addAffine(acc, pt.x, d > 0 ? pt.y : -pt.y);
    }
    return acc;
  }
}

/**
 * Deterministic encoding of u in F_q onto E(F_q): since q = 3 (mod 4) and f(x) = x^3 + x is odd, exactly one of
 * f(u), f(-u) = -f(u) is a square when u != 0, so x = +-u with one square root s = f(u)^((q+1)/4) (a single
 * exponentiation decides which); y is the root whose parity matches u's. u and -u then land on (x, y) and (x, -y),
 * so the map is a bijection from F_q onto the affine points (u = 0 gives the 2-torsion point (0, 0)). This is the
 * classical encoding for supersingular y^2 = x^3 + x with q = 3 mod 4 (cf. Boneh-Franklin's MapToPoint for
 * y^2 = x^3 + 1, and Fouque-Tibouchi's discussion of injective encodings, Latincrypt 2012).
 */
export function mapToCurve(u0: bigint): Affine {
  const u = canon(u0);
  const f = canon(u * u * u + u);
  const s = sqrtOrNegSqrt(f);
  const x = canon((s * s) % Q) === f ? u : canon(-u);
  const y = (s & 1n) === (u & 1n) ? s : canon(-s);
  return { x, y };
}

/** Cofactor clearing: hP lies in G for every P in E(F_q) (#E = h r, gcd(h, r) = 1). */
export function clearCofactor(p: Jac): Jac {
  return mul(p, H);
}
