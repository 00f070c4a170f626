/**
 * Running a scheme's story (core/story.ts) repeatedly for timing: a warm-up run that is discarded (JIT, lazily
 * built tables), then timed runs until both a minimum count and a time budget are reached, capped at a maximum
 * count. Each run is the whole flow, so the samples of each step (per algorithm, per party) come from the same runs
 * and the figure's spread is the spread over repeated runs.
 */
import type { PairingGroup } from '../../core/groups/types.js';
import type { SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeParams } from '../../core/types.js';
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
