/**
 * Binomial confidence intervals for the games' win rates, and the map from a win-rate interval to an advantage
 * interval.
 *
 * - Wilson score interval: E. B. Wilson, "Probable inference, the law of succession, and statistical inference",
 *   JASA 22 (1927); closed form p~ = (k + z^2/2) / (n + z^2), half-width z sqrt(k(n-k)/n + z^2/4) / (n + z^2).
 * - Clopper-Pearson ("exact") interval: C. J. Clopper and E. S. Pearson, Biometrika 26 (1934): the lower end p_L
 *   solves P[X >= k | p_L] = alpha/2 and the upper end p_U solves P[X <= k | p_U] = alpha/2 for X ~ Bin(n, p).
 *   We solve both by bisection on the exact binomial tail (summed in log space), which is exact up to the bisection
 *   tolerance and needs no incomplete-beta code.
 *
 * The default reported interval is Clopper-Pearson: it is conservative (coverage never below 95%), which is the
 * right side to err on when the claim is "the interval contains 0".
 */
import { ParameterError } from '../../core/errors.js';

export interface Interval {
  lo: number;
  hi: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

function checkCounts(k: number, n: number): void {
  if (!Number.isInteger(n) || n <= 0) throw new ParameterError(`trials must be a positive integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n)
    throw new ParameterError(`successes must be an integer in [0, ${n}], got ${k}`);
}

/** Wilson score interval for k successes in n trials. */
export function wilson(k: number, n: number, z = Z95): Interval {
  checkCounts(k, n);
  const z2 = z * z;
  const centre = (k + z2 / 2) / (n + z2);
  const half = (z * Math.sqrt((k * (n - k)) / n + z2 / 4)) / (n + z2);
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}

/** log Gamma by the Lanczos approximation (g = 7, 9 terms), accurate to ~1e-15 relative for x > 0. */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const xx = x - 1;
  let a = c[0]!;
  const t = xx + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (xx + i);
  return 0.5 * Math.log(2 * Math.PI) + (xx + 0.5) * Math.log(t) - t + Math.log(a);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** P[X <= k] for X ~ Bin(n, p), summed from the pmf in log space (no underflow for n up to millions). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  // log-sum-exp over i = 0..k
  let max = -Infinity;
  const terms: number[] = new Array(k + 1);
  for (let i = 0; i <= k; i++) {
    const t = logChoose(n, i) + i * lp + (n - i) * lq;
    terms[i] = t;
    if (t > max) max = t;
  }
  let s = 0;
  for (const t of terms) s += Math.exp(t - max);
  return Math.min(1, Math.exp(max) * s);
}

/** Finds p in [0, 1] with f(p) = target for f decreasing in p, by bisection. */
function bisectDecreasing(f: (p: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper-Pearson exact interval for k successes in n trials at confidence 1 - alpha. */
export function clopperPearson(k: number, n: number, alpha = 0.05): Interval {
  checkCounts(k, n);
  if (!(alpha > 0 && alpha < 1)) throw new ParameterError(`alpha must be in (0, 1), got ${alpha}`);
  // Lower end: P[X >= k | p] = 1 - P[X <= k-1 | p] increases in p; solve P[X <= k-1 | p] = 1 - alpha/2.
  const lo = k === 0 ? 0 : bisectDecreasing((p) => binomialCdf(k - 1, n, p), 1 - alpha / 2);
  // Upper end: P[X <= k | p] decreases in p; solve = alpha/2.
  const hi = k === n ? 1 : bisectDecreasing((p) => binomialCdf(k, n, p), alpha / 2);
  return { lo, hi };
}

export type IntervalMethod = 'clopper-pearson' | 'wilson';

export function winRateInterval(k: number, n: number, method: IntervalMethod = 'clopper-pearson'): Interval {
  return method === 'wilson' ? wilson(k, n) : clopperPearson(k, n);
}

/**
 * Distinguishing advantage |2p - 1| and its interval from a win-rate interval: |2p - 1| is not monotone in p, so an
 * interval for p that straddles 1/2 maps to [0, max(|2 lo - 1|, |2 hi - 1|)].
 */
export function absoluteAdvantage(
  k: number,
  n: number,
  method: IntervalMethod = 'clopper-pearson',
): { advantage: number; ci95: [number, number] } {
  const p = winRateInterval(k, n, method);
  const a = Math.abs((2 * k) / n - 1);
  const lo = 2 * p.lo - 1;
  const hi = 2 * p.hi - 1;
  if (lo <= 0 && hi >= 0) return { advantage: a, ci95: [0, Math.max(-lo, hi)] };
  return { advantage: a, ci95: lo > 0 ? [lo, hi] : [-hi, -lo] };
}

/**
 * Extraction advantage 2p - 1 (signed: an extractor that is wrong more often than not has a negative advantage) and
 * its interval, monotone in p.
 */
export function signedAdvantage(
  k: number,
  n: number,
  method: IntervalMethod = 'clopper-pearson',
): { advantage: number; ci95: [number, number] } {
  const p = winRateInterval(k, n, method);
  return { advantage: (2 * k) / n - 1, ci95: [2 * p.lo - 1, 2 * p.hi - 1] };
}

/**
 * One-sided exact binomial test of H0: p <= 1/2 against p > 1/2 on `wins` of `decided` non-coin decisions: the
 * p-value P[X >= wins | X ~ Bin(decided, 1/2)]. No decisions: 1 (a coin flip is never evidence).
 */
export function oneSidedPValue(wins: number, decided: number): number {
  if (decided === 0) return 1;
  checkCounts(wins, decided);
  if (wins === 0) return 1;
  return Math.min(1, Math.max(0, 1 - binomialCdf(wins - 1, decided, 0.5)));
}

/**
 * Holm's step-down correction (S. Holm, "A simple sequentially rejective multiple test procedure", Scand. J.
 * Statist. 6 (1979)): which of the hypotheses are rejected at family-wise level alpha.
 */
export function holm(pValues: number[], alpha = 0.05): boolean[] {
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<boolean>(pValues.length).fill(false);
  const m = pValues.length;
  for (let k = 0; k < m; k++) {
    const [p, i] = order[k]!;
    if (p > alpha / (m - k)) break;
    out[i] = true;
  }
  return out;
}

/**
 * The CPA advantage with the coin's share replaced by its known expectation (Rao-Blackwell): trials decided by the
 * coin contribute exactly 0, so the estimate is |wins - losses| over the non-coin decisions, divided by all trials,
 * and coin flips add no noise. Interval: the decision rate's Clopper-Pearson interval times the non-coin win rate's
 * advantage interval (each at 95%, so the product is conservative); with no non-coin decision it is
 * [0, upper end of the decision rate], an honest bound on how often a strategy could decide.
 */
export function nonCoinAdvantage(
  decidedWins: number,
  decided: number,
  trials: number,
): { advantage: number; ci95: [number, number] } {
  if (trials === 0) return { advantage: 0, ci95: [0, 1] };
  const rate = clopperPearson(decided, trials);
  if (decided === 0) return { advantage: 0, ci95: [0, rate.hi] };
  const q = clopperPearson(decidedWins, decided);
  const advLo = Math.max(0, 2 * q.lo - 1, 1 - 2 * q.hi);
  const advHi = Math.max(Math.abs(2 * q.hi - 1), Math.abs(2 * q.lo - 1));
  return {
    advantage: Math.abs(2 * decidedWins - decided) / trials,
    ci95: [rate.lo * advLo, Math.min(1, rate.hi * advHi)],
  };
}
