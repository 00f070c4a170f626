/**
 * Timing one operation with tinybench (see experiments/README.md for why tinybench and not benchmark.js): a warm-up
 * phase, then timed iterations until both a minimum time and a minimum sample count are reached. We keep tinybench's
 * own latency statistics (p50, mean, relative margin of error, sample count) in milliseconds.
 */
import { Bench } from 'tinybench';
import { MedexError } from '../../core/errors.js';

export interface TimingOptions {
  /** Minimum timed duration per task in ms. */
  timeMs: number;
  /** Minimum number of timed samples per task. */
  iterations: number;
  /** Warm-up duration in ms (and at least `warmupIterations` calls). */
  warmupMs: number;
  warmupIterations: number;
}

export const QUICK_TIMING: TimingOptions = { timeMs: 25, iterations: 6, warmupMs: 5, warmupIterations: 2 };
export const FULL_TIMING: TimingOptions = { timeMs: 250, iterations: 40, warmupMs: 50, warmupIterations: 10 };

export interface Timing {
  p50: number;
  mean: number;
  /** Relative margin of error of the mean at 95 %, in percent. */
  rme: number;
  samples: number;
}

export class TimingError extends MedexError {
  constructor(task: string, detail: string) {
    super('timing', `timing ${task} failed: ${detail}`);
  }
}

/** Times each task; tasks run one after another in one Bench (same process, same warm JIT). */
export async function timeTasks(
  tasks: Record<string, () => unknown>,
  opts: TimingOptions,
): Promise<Record<string, Timing>> {
  const bench = new Bench({
    time: opts.timeMs,
    iterations: opts.iterations,
    warmupTime: opts.warmupMs,
    warmupIterations: opts.warmupIterations,
    throws: true,
  });
  for (const [name, fn] of Object.entries(tasks)) bench.add(name, fn);
  await bench.run();
  const out: Record<string, Timing> = {};
  for (const task of bench.tasks) {
    const r = task.result;
    if (r.state !== 'completed')
      throw new TimingError(task.name, `state ${r.state}${'error' in r ? `: ${String(r.error)}` : ''}`);
    out[task.name] = {
      p50: r.latency.p50 ?? r.latency.mean,
      mean: r.latency.mean,
      rme: r.latency.rme,
      samples: r.latency.samplesCount,
    };
  }
  return out;
}
