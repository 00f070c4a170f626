/**
 * An independent, deliberately naive SS512 implementation used only by the tests to cross-check the fast code:
 * affine coordinates with a field inversion per operation, textbook double-and-add, a Miller loop that keeps the
 * vertical-line denominators (no elimination, no skipped last step), and the final exponent (q^2 - 1)/r applied
 * as one plain square-and-multiply in F_q2. It shares nothing with the backend but the constants (and those are
 * re-derived in params.test.ts).
 */
import { Q, R } from './params.js';

export type RefPoint = { x: bigint; y: bigint } | null; // null = infinity
export type RefFq2 = [bigint, bigint];

export const md = (a: bigint): bigint => ((a % Q) + Q) % Q;

export function refInv(a: bigint): bigint {
  // Fermat, unlike the backend's Euclid.
  return refPow(md(a), Q - 2n);
}

function refPow(b: bigint, e: bigint): bigint {
  let r = 1n;
  let x = md(b);
  while (e > 0n) {
    if (e & 1n) r = (r * x) % Q;
    x = (x * x) % Q;
    e >>= 1n;
  }
  return r;
}

export function refAdd(p: RefPoint, q: RefPoint): RefPoint {
  if (p === null) return q;
  if (q === null) return p;
  let lambda: bigint;
  if (p.x === q.x) {
    if (md(p.y + q.y) === 0n) return null;
    lambda = md((3n * p.x * p.x + 1n) * refInv(2n * p.y));
  } else lambda = md((q.y - p.y) * refInv(q.x - p.x));
  const x = md(lambda * lambda - p.x - q.x);
  return { x, y: md(lambda * (p.x - x) - p.y) };
}

export function refMul(p: RefPoint, k: bigint): RefPoint {
  let acc: RefPoint = null;
  let base = p;
  while (k > 0n) {
    if (k & 1n) acc = refAdd(acc, base);
    base = refAdd(base, base);
    k >>= 1n;
  }
  return acc;
}

export function refOnCurve(p: RefPoint): boolean {
  return p === null || md(p.y * p.y - p.x * p.x * p.x - p.x) === 0n;
}

const f2mul = (a: RefFq2, b: RefFq2): RefFq2 => [md(a[0] * b[0] - a[1] * b[1]), md(a[0] * b[1] + a[1] * b[0])];
const f2inv = (a: RefFq2): RefFq2 => {
  const n = refInv(a[0] * a[0] + a[1] * a[1]);
  return [md(a[0] * n), md(-a[1] * n)];
};
export function refFq2Pow(a: RefFq2, e: bigint): RefFq2 {
  let r: RefFq2 = [1n, 0n];
  let x = a;
  while (e > 0n) {
    if (e & 1n) r = f2mul(r, x);
    x = f2mul(x, x);
    e >>= 1n;
  }
  return r;
}

/**
 * The reduced Tate pairing e(P, phi(Q)) computed the long way: f_{r,P} by Miller's algorithm with
 * f <- f^2 * l_{T,T} / v_{2T} and f <- f * l_{T,P} / v_{T+P} over all bits of r, evaluated at
 * phi(Q) = (-x_Q, i y_Q) in F_q2, then raised to (q^2 - 1)/r.
 */
export function refPairing(P: { x: bigint; y: bigint }, Qp: { x: bigint; y: bigint }): RefFq2 {
  const xq: RefFq2 = [md(-Qp.x), 0n];
  const yq: RefFq2 = [0n, Qp.y];
  // line through T, S (or tangent) evaluated at phi(Q): y - y_T - lambda (x - x_T); vertical: x - x_T
  const line = (T: { x: bigint; y: bigint }, S: { x: bigint; y: bigint }): RefFq2 => {
    if (T.x === S.x && md(T.y + S.y) === 0n) return [md(xq[0] - T.x), 0n];
    const lambda = T.x === S.x ? md((3n * T.x * T.x + 1n) * refInv(2n * T.y)) : md((S.y - T.y) * refInv(S.x - T.x));
    return [md(-T.y - lambda * (xq[0] - T.x)), yq[1]];
  };
  const vertical = (T: RefPoint): RefFq2 => (T === null ? [1n, 0n] : [md(xq[0] - T.x), 0n]);
  let f: RefFq2 = [1n, 0n];
  let T: RefPoint = P;
  const bits = R.toString(2);
  for (let i = 1; i < bits.length; i++) {
    const t = T!;
    const T2 = refAdd(t, t);
    f = f2mul(f2mul(f, f), f2mul(line(t, t), f2inv(vertical(T2))));
    T = T2;
    if (bits[i] === '1') {
      const t1 = T!;
      const Tn = refAdd(t1, P);
      f = f2mul(f, f2mul(line(t1, P), f2inv(vertical(Tn))));
      T = Tn;
    }
  }
  if (T !== null) throw new Error('reference Miller loop did not end at infinity');
  return refFq2Pow(f, (Q * Q - 1n) / R);
}

export { Q, R };
