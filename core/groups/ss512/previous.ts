/**
 * The SS512 arithmetic as it was before the speed-ups of issue 19 (deliverable 5), frozen here for the
 * differential tests only (speedups.test.ts): the new code must return byte-identical results. Self-contained on
 * purpose (its own F_q2 helpers), so later changes to field.ts or pairing.ts cannot change what it computes. Not
 * used by the backend.
 */
import { H, Q } from './params.js';
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
