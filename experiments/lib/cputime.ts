/**
 * Timing by the process's CPU time (user + system, `process.cpuUsage`, microsecond resolution) instead of the wall
 * clock. Why: this machine's two cores are shared by many processes (load averages of 8-14 are usual), and under
 * that load the wall-clock time of any call longer than a scheduler slice is inflated by the time spent waiting for
 * a core: a BLS12-381 pairing measured 7-10 ms on the wall clock next to 2.8 ms of CPU time, while its Miller loop
 * (1.2 ms) and final exponentiation (1.6 ms), short enough to run within one slice, were not inflated. Wall-clock
 * medians thus penalise long operations and long flows by an amount that depends on the load, and comparisons flip
 * with it. CPU time counts only the work done; it includes V8's helper threads (garbage collection), which is real
 * cost of the code under test. Each reading costs about 1 us (a getrusage call), included in single-call figures.
 */
import { ParameterError } from '../../core/errors.js';
import type { Timing } from './timing.js';

/** The process's CPU time so far, ms. */
export function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface CpuTimingOptions {
  /** Minimum CPU time spent in timed samples per task, ms. */
  timeMs: number;
  /** Minimum number of timed samples per task. */
  iterations: number;
  /** Warm-up CPU time (and at least `warmupIterations` calls). */
  warmupMs: number;
  warmupIterations: number;
}

/** A sample is a batch of calls lasting at least this much CPU time, so the microsecond clock resolves it. */
const MIN_BATCH_MS = 0.5;

/**
 * Hot-loop timing of each task by CPU time: warm-up, then samples of batches of calls (each batch at least
 * MIN_BATCH_MS), until both the minimum time and the minimum sample count are reached. Per-call median, mean and the
 * relative margin of error of the mean at 95 % (normal approximation, as tinybench reports it).
 */
export function timeHotCpu(tasks: Record<string, () => unknown>, opts: CpuTimingOptions): Record<string, Timing> {
  const out: Record<string, Timing> = {};
  let sink: unknown = null;
  for (const [name, f] of Object.entries(tasks)) {
    let w0 = cpuNow();
    let calls = 0;
    while (calls < opts.warmupIterations || cpuNow() - w0 < opts.warmupMs) {
      sink = f();
      calls++;
    }
    // Batch size from the warm-up's per-call time.
    w0 = cpuNow();
    sink = f();
    const one = Math.max(cpuNow() - w0, 0.001);
    const batch = Math.max(1, Math.ceil(MIN_BATCH_MS / one));
    const samples: number[] = [];
    let spent = 0;
    while (samples.length < opts.iterations || spent < opts.timeMs) {
      const c0 = cpuNow();
      for (let i = 0; i < batch; i++) sink = f();
      const d = cpuNow() - c0;
      spent += d;
      samples.push(d / batch);
      if (samples.length > 100_000) break;
    }
    out[name] = summarizeTiming(samples);
  }
  void sink;
  return out;
}

export function summarizeTiming(samples: readonly number[]): Timing {
  if (samples.length === 0) throw new ParameterError('timing summary of no samples');
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  const p50 = n % 2 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
  const mean = s.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(s.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  const rme = mean > 0 ? ((1.96 * sd) / Math.sqrt(n) / mean) * 100 : 0;
  return { p50, mean, rme, samples: n };
}
