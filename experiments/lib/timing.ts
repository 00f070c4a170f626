/**
 * How long to time one operation (a warm-up phase, then timed iterations until both a minimum time and a minimum
 * sample count are reached) and the latency statistics kept for it, in milliseconds. The timing itself is in
 * cputime.ts.
 */

export interface TimingOptions {
  /** Minimum timed duration per task in ms. */
  timeMs: number;
  /** Minimum number of timed samples per task. */
  iterations: number;
  /** Warm-up duration in ms (and at least `warmupIterations` calls). */
  warmupMs: number;
  warmupIterations: number;
}

export interface Timing {
  p50: number;
  mean: number;
  /** Relative margin of error of the mean at 95 %, in percent. */
  rme: number;
  samples: number;
}
