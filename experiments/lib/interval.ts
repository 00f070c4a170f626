/**
 * Intervals for medians of timing samples, and rankings that say "tied" where the intervals do not separate.
 *
 * The median's interval is a percentile bootstrap (Efron and Tibshirani 1993, ch. 13): resample the runs with
 * replacement, take the median of each resample, report the 2.5 % and 97.5 % quantiles. Resampling is driven by an
 * explicit seeded `Rng`, so a report regenerated from the same samples gives the same interval. A ratio of two
 * medians measured in interleaved rounds (A, B, A, B, ...) resamples the rounds as pairs, so load that hits both
 * in one round stays paired.
 */
import { ParameterError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { quantile } from './stats.js';

export interface Interval {
  /** Point estimate (the median of the sample, or the ratio of the medians). */
  value: number;
  lo: number;
  hi: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  /** Number of runs it rests on. */
  n: number;
  method: 'bootstrap-percentile';
}

const BOOT = 2000;

/**
 * A fast index source for resampling, seeded from the caller's `Rng` (xoshiro128**, Blackman and Vigna 2018): the
 * bootstrap draws tens of thousands of indices, and the harness's cryptographic `Rng` is needlessly slow for that.
 * The tiny modulo bias for n far below 2^32 is irrelevant to a resampling interval.
 */
export function indexSource(rng: Rng): (n: number) => number {
  const seed = new Uint32Array(4);
  rng.fill(new Uint8Array(seed.buffer));
  if (seed.every((v) => v === 0)) seed[0] = 1;
  let [a, b, c, d] = [seed[0]!, seed[1]!, seed[2]!, seed[3]!];
  return (n: number) => {
    const r = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c = (c ^ t) >>> 0;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    return r % n;
  };
}

/** Median with a bootstrap interval. */
export function medianInterval(xs: readonly number[], rng: Rng, level = 0.95, reps = BOOT): Interval {
  if (xs.length === 0) throw new ParameterError('median interval of an empty sample');
  const resampleIndex = indexSource(rng);
  const meds: number[] = [];
  const buf = new Array<number>(xs.length);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < xs.length; i++) buf[i] = xs[resampleIndex(xs.length)]!;
    meds.push(quantile(buf, 0.5));
  }
  const a = (1 - level) / 2;
  return {
    value: quantile(xs, 0.5),
    lo: quantile(meds, a),
    hi: quantile(meds, 1 - a),
    level,
    n: xs.length,
    method: 'bootstrap-percentile',
  };
}

/** median(num) / median(den) for samples taken in the same rounds (num[i] and den[i] from round i). */
export function pairedRatioInterval(
  num: readonly number[],
  den: readonly number[],
  rng: Rng,
  level = 0.95,
  reps = BOOT,
): Interval {
  if (num.length === 0 || num.length !== den.length)
    throw new ParameterError(`paired ratio needs two samples of one length (got ${num.length} and ${den.length})`);
  const n = num.length;
  const resampleIndex = indexSource(rng);
  const ratios: number[] = [];
  const a = new Array<number>(n);
  const b = new Array<number>(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) {
      const j = resampleIndex(n);
      a[i] = num[j]!;
      b[i] = den[j]!;
    }
    ratios.push(quantile(a, 0.5) / quantile(b, 0.5));
  }
  const q = (1 - level) / 2;
  return {
    value: quantile(num, 0.5) / quantile(den, 0.5),
    lo: quantile(ratios, q),
    hi: quantile(ratios, 1 - q),
    level,
    n,
    method: 'bootstrap-percentile',
  };
}

export interface Ranked<T> {
  item: T;
  /** 1-based rank by point estimate (smallest first). */
  rank: number;
  /** Items whose interval overlaps this one's: the rank does not separate them. */
  tiedWith: T[];
}

/** Ranks by the point estimate, smallest first, and names every item whose interval overlaps. */
export function rankWithTies<T>(items: readonly T[], interval: (t: T) => Interval): Ranked<T>[] {
  const sorted = [...items].sort((x, y) => interval(x).value - interval(y).value);
  return sorted.map((item, i) => {
    const me = interval(item);
    const tiedWith = sorted.filter((o) => o !== item && interval(o).lo <= me.hi && me.lo <= interval(o).hi);
    return { item, rank: i + 1, tiedWith };
  });
}

/** "rank 2 of 8" or "rank 2 of 8 (tied with a, b)". */
export function rankText<T>(r: Ranked<T>, total: number, name: (t: T) => string): string {
  return `rank ${r.rank} of ${total}${r.tiedWith.length ? ` (tied with ${r.tiedWith.map(name).join(', ')})` : ''}`;
}
