/**
 * Cold-call timing: how long a primitive takes when a flow calls it once between other work, as opposed to in a
 * hot loop of the same call (experiments/lib/timing.ts). A hot loop keeps the primitive's code, tables and operands
 * in cache and lets the JIT specialise on one call site; a flow calls a signature after pairings, a GT fixed-base
 * exponentiation after everything else has evicted its table. Here every round runs each task exactly once, in an
 * order shuffled afresh per round (seeded), and times that single call by CPU time (experiments/lib/cputime.ts says
 * why not the wall clock); the figure is the median over rounds.
 */
import { ParameterError } from '../../core/errors.js';
import { randomBelow, type Rng } from '../../core/rng.js';
import { cpuNow } from './cputime.js';
import { medianInterval, type Interval } from './interval.js';

export interface ColdOptions {
  /** At least this many rounds. */
  minRounds: number;
  /** At most this many rounds. */
  maxRounds: number;
  /** Stop adding rounds (beyond minRounds) once this much CPU time was spent. */
  budgetMs: number;
}

export const QUICK_COLD: ColdOptions = { minRounds: 4, maxRounds: 10, budgetMs: 150 };
export const FULL_COLD: ColdOptions = { minRounds: 25, maxRounds: 200, budgetMs: 4000 };

export function timeCold(
  tasks: Record<string, () => unknown>,
  opts: ColdOptions,
  rng: Rng,
): Record<string, Interval & { samples: number[] }> {
  const names = Object.keys(tasks);
  if (names.length === 0) throw new ParameterError('timeCold: no tasks');
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  const t0 = cpuNow();
  let sink: unknown = null;
  for (let round = 0; round < opts.maxRounds; round++) {
    if (round >= opts.minRounds && cpuNow() - t0 > opts.budgetMs) break;
    const order = [...names];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Number(randomBelow(rng, BigInt(i + 1)));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const n of order) {
      const f = tasks[n]!;
      const s = cpuNow();
      sink = f();
      samples[n]!.push(cpuNow() - s);
    }
  }
  void sink;
  const out: Record<string, Interval & { samples: number[] }> = {};
  for (const n of names) out[n] = { ...medianInterval(samples[n]!, rng, 0.95, 1000), samples: samples[n]! };
  return out;
}
