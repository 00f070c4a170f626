/**
 * Running a scheme's story (core/story.ts) repeatedly for timing: a warm-up run that is discarded (JIT, lazily
 * built tables), then timed runs until both a minimum count and a time budget are reached, capped at a maximum
 * count. Each run is the whole flow, so the samples of each step (per algorithm, per party) come from the same runs
 * and the figure's spread is the spread over repeated runs.
 */
import type { PairingGroup } from '../../core/groups/types.js';
import type { Rng, SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeInstance, SchemeParams } from '../../core/types.js';
import { indexSource } from '../lib/interval.js';
import type { StoryResult } from '../../core/story.js';

export interface RepeatPolicy {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  /** Stop adding runs (beyond minRuns) once this much time was spent on timed runs. */
  budgetMs: number;
}

export const QUICK_REPEAT: RepeatPolicy = { warmup: 1, minRuns: 2, maxRuns: 7, budgetMs: 250 };
export const FULL_REPEAT: RepeatPolicy = { warmup: 2, minRuns: 5, maxRuns: 40, budgetMs: 2500 };

export async function repeatStory(
  scheme: Scheme,
  group: PairingGroup | null,
  opts: { precompute: boolean; params: SchemeParams; rng: SeededRng; policy: RepeatPolicy; deadline?: number },
): Promise<StoryResult[]> {
  const inst = await scheme.create({ group, precompute: opts.precompute, params: opts.params });
  try {
    const { policy } = opts;
    for (let i = 0; i < policy.warmup && !(opts.deadline !== undefined && Date.now() > opts.deadline); i++)
      await inst.story({ rng: opts.rng.fork(`warmup-${i}`) });
    const runs: StoryResult[] = [];
    const t0 = performance.now();
    const late = () => opts.deadline !== undefined && Date.now() > opts.deadline;
    while (runs.length < policy.maxRuns && (runs.length < policy.minRuns || performance.now() - t0 < policy.budgetMs)) {
      // past the run's deadline, one timed run is enough
      if (runs.length >= 1 && late()) break;
      runs.push(await inst.story({ rng: opts.rng.fork(`run-${runs.length}`) }));
    }
    return runs;
  } finally {
    inst.dispose?.();
  }
}

/** How flows are measured, in one sentence for reports and captions. */
export const FLOW_METHOD =
  'every default flow (precomputed and naive) once per round in a shuffled order after a warm-up of each; ' +
  'medians over rounds; steps carry wall-clock and process CPU time';

/** One flow to interleave: a scheme in one mode at one parameter setting, with its own randomness. */
export interface FlowEntry {
  scheme: Scheme;
  precompute: boolean;
  params: SchemeParams;
  rng: SeededRng;
}

export interface InterleavedResult {
  /** Per entry, its timed runs; run i of every live entry comes from round i. */
  runs: StoryResult[][];
  /** Per entry, why it dropped out (creation or a story threw), if it did. */
  errors: (string | undefined)[];
  rounds: number;
}

/**
 * Runs several flows in interleaved rounds: after a warm-up of each, every round runs every live flow once, in an
 * order shuffled afresh per round (seeded by `order`). A burst of machine load then falls on all flows of a round
 * instead of on one flow's whole series, and two flows' runs pair up by round for ratios. Stops after maxRuns
 * rounds, or after minRuns once `budgetMs` per flow has been spent in all, or (after at least one round) at the
 * deadline. A flow that throws drops out of later rounds and keeps the runs it completed.
 */
export async function interleaveStories(
  group: PairingGroup | null,
  entries: readonly FlowEntry[],
  opts: {
    policy: RepeatPolicy;
    order: Rng;
    deadline?: number;
    /** Called after each round with the number of rounds done. */
    onRound?: (rounds: number, partial: InterleavedResult) => void;
  },
): Promise<InterleavedResult> {
  const { policy } = opts;
  const runs: StoryResult[][] = entries.map(() => []);
  const errors: (string | undefined)[] = entries.map(() => undefined);
  const late = () => opts.deadline !== undefined && Date.now() > opts.deadline;
  const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
  const insts: (SchemeInstance | null)[] = [];
  for (const [i, e] of entries.entries()) {
    try {
      insts.push(await e.scheme.create({ group, precompute: e.precompute, params: e.params }));
    } catch (err) {
      insts.push(null);
      errors[i] = message(err);
    }
  }
  const once = async (i: number, label: string): Promise<StoryResult | null> => {
    try {
      return await insts[i]!.story({ rng: entries[i]!.rng.fork(label) });
    } catch (err) {
      errors[i] = message(err);
      return null;
    }
  };
  const live = () => entries.map((_, i) => i).filter((i) => errors[i] === undefined);
  let rounds = 0;
  try {
    for (let w = 0; w < policy.warmup && !late(); w++) for (const i of live()) await once(i, `warmup-${w}`);
    const pick = indexSource(opts.order);
    const t0 = performance.now();
    const budget = policy.budgetMs * entries.length;
    while (rounds < policy.maxRuns && (rounds < policy.minRuns || performance.now() - t0 < budget)) {
      if (rounds >= 1 && late()) break;
      const order = live();
      for (let i = order.length - 1; i > 0; i--) {
        const j = pick(i + 1);
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const i of order) {
        const r = await once(i, `run-${rounds}`);
        if (r) runs[i]!.push(r);
      }
      rounds++;
      opts.onRound?.(rounds, { runs, errors, rounds });
    }
  } finally {
    for (const inst of insts) inst?.dispose?.();
  }
  return { runs, errors, rounds };
}
