/**
 * Order statistics for timing samples. Medians and quartiles by linear interpolation between closest ranks (the
 * "type 7" estimator of Hyndman and Fan 1996, the default of R and numpy), so a figure's median and spread mean the
 * same thing as in the usual tools.
 */
import { ParameterError } from '../../core/errors.js';

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) throw new ParameterError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new ParameterError(`quantile level ${q} outside [0, 1]`);
  const s = [...xs].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

export interface Summary {
  n: number;
  median: number;
  p25: number;
  p75: number;
  min: number;
  max: number;
  mean: number;
}

export function summarize(xs: readonly number[]): Summary {
  if (xs.length === 0) throw new ParameterError('summary of an empty sample');
  return {
    n: xs.length,
    median: quantile(xs, 0.5),
    p25: quantile(xs, 0.25),
    p75: quantile(xs, 0.75),
    min: Math.min(...xs),
    max: Math.max(...xs),
    mean: xs.reduce((a, b) => a + b, 0) / xs.length,
  };
}
