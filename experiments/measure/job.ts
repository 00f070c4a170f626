/**
 * The measurements of one backend, run inside its own process (see experiments/worker.ts): the unit cost of every
 * counted primitive, then every registered scheme that supports the backend, its story with precomputation on and
 * off, all in interleaved rounds (Fig. 5 and the ablation) and, if asked, at swept parameters (scalability).
 */
import { findBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { SeededRng } from '../../core/rng.js';
import type { Scheme } from '../../core/types.js';
import {
  FULL_REPEAT,
  interleaveStories,
  QUICK_REPEAT,
  repeatStory,
  type FlowEntry,
  type InterleavedResult,
  type RepeatPolicy,
} from './stories.js';
import { SWEEP_PARAMETERS, measuredValues, paramsWith, sweepApplies } from './sweeps.js';
import type { StorySeries, WorkerJob, WorkerResult } from './types.js';
import { measureUnitCosts } from './unitcosts.js';

export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs the job. `checkpoint` receives the results so far after the unit costs and after every series, so that a
 * worker killed at its deadline still hands back what it measured.
 */
export async function runJob(
  job: WorkerJob,
  progress: (label: string) => void,
  checkpoint?: (r: WorkerResult) => void,
): Promise<WorkerResult> {
  const t0 = performance.now();
  const factory = findBackend(job.backend);
  const group = await factory.create();
  const notes: string[] = [];
  const seed = new SeededRng(`${job.seed}/${job.backend}`);
  progress(`${job.backend}: unit costs`);
  // Throws UnitCostError on inconsistent unit costs: the run stops rather than build tables on them.
  const { costs: unitCosts, consistency } = await measureUnitCosts(group, {
    quick: job.quick,
    seed: `${job.seed}/unit`,
  });

  const { create: _c, ...info } = factory;
  const snapshot = (): WorkerResult => ({
    backend: info,
    job,
    unitCosts,
    consistency,
    series: [...series],
    notes: [...notes],
    elapsedMs: performance.now() - t0,
  });
  const chosen: Scheme[] = schemes.filter((s) => (!job.schemes || job.schemes.includes(s.name)) && s.supports(group));
  const series: StorySeries[] = [];
  const skipped: string[] = [];
  checkpoint?.(snapshot());
  const run = async (
    s: Scheme,
    precompute: boolean,
    params: ReturnType<Scheme['defaultParams']>,
    policy: RepeatPolicy,
    sweep?: StorySeries['sweep'],
  ) => {
    const label = sweep ? `${sweep.parameter}=${sweep.value}` : precompute ? 'precomputed' : 'naive';
    if (job.deadline !== undefined && Date.now() > job.deadline) {
      skipped.push(`${s.name} (${label})`);
      return;
    }
    progress(`${job.backend}: ${s.name} ${label}`);
    const rng = seed.fork(`${s.name}/${label}`);
    try {
      const runs = await repeatStory(s, group, { precompute, params, rng, policy, deadline: job.deadline });
      const failed = runs.filter((r) => !r.ok);
      if (failed.length)
        notes.push(`${s.name} on ${job.backend} (${label}): ${failed.length} of ${runs.length} stories failed a check`);
      series.push({ scheme: s.name, precompute, params, sweep, runs, warmup: policy.warmup });
      checkpoint?.(snapshot());
    } catch (e) {
      notes.push(`${s.name} on ${job.backend} (${label}): ${errText(e)}`);
      series.push({ scheme: s.name, precompute, params, sweep, runs: [], warmup: 0, error: errText(e) });
    }
  };
  const policy = job.quick ? QUICK_REPEAT : FULL_REPEAT;
  // Quick runs measure the naive path (the ablation) only on the sweep backend, to stay within their time bar.
  const naiveToo = !job.quick || job.sweep;
  // Every scheme's default flow, precomputed and (unless quick) naive, in interleaved rounds (stories.ts): Fig. 5's
  // comparison and the ablation's speed-ups then come from runs that shared the machine's load round by round, and
  // a deadline costs every flow the same rounds instead of dropping the last flows. The sweeps come after.
  const entries: FlowEntry[] = chosen.flatMap((s) =>
    (naiveToo ? [true, false] : [true]).map((precompute) => ({
      scheme: s,
      precompute,
      params: s.defaultParams(),
      rng: seed.fork(`${s.name}/${precompute ? 'precomputed' : 'naive'}`),
    })),
  );
  const toSeries = (r: InterleavedResult): StorySeries[] =>
    entries.map((e, i) => ({
      scheme: e.scheme.name,
      precompute: e.precompute,
      params: e.params,
      runs: r.runs[i]!,
      warmup: policy.warmup,
      ...(r.errors[i] !== undefined ? { error: r.errors[i] } : {}),
    }));
  progress(`${job.backend}: ${entries.length} flows in interleaved rounds`);
  const block = await interleaveStories(group, entries, {
    policy,
    order: seed.fork('round-order'),
    deadline: job.deadline,
    onRound: (rounds, partial) => {
      progress(`${job.backend}: round ${rounds} of the default flows`);
      series.splice(0, series.length, ...toSeries(partial));
      checkpoint?.(snapshot());
    },
  });
  series.splice(0, series.length, ...toSeries(block));
  for (const [i, e] of entries.entries()) {
    const label = `${e.scheme.name} on ${job.backend} (${e.precompute ? 'precomputed' : 'naive'})`;
    if (block.errors[i] !== undefined) notes.push(`${label}: ${block.errors[i]}`);
    const failed = block.runs[i]!.filter((r) => !r.ok).length;
    if (failed) notes.push(`${label}: ${failed} of ${block.runs[i]!.length} stories failed a check`);
  }
  checkpoint?.(snapshot());

  if (job.sweep) {
    // One run per point after one warm-up at the scheme's defaults (already done above): the sweep shows growth,
    // and its spread is given by the default-parameter series.
    const sweepPolicy: RepeatPolicy = job.quick
      ? { warmup: 0, minRuns: 1, maxRuns: 1, budgetMs: 0 }
      : { warmup: 0, minRuns: 2, maxRuns: 2, budgetMs: 0 };
    for (const s of chosen)
      for (const p of SWEEP_PARAMETERS) {
        if (!sweepApplies(s, p)) continue;
        for (const v of measuredValues(p, job.quick))
          await run(s, true, paramsWith(s, p, v), sweepPolicy, { parameter: p, value: v });
      }
  }
  if (skipped.length) notes.push(`time budget reached on ${job.backend}: skipped ${skipped.join(', ')}`);
  return { backend: info, job, unitCosts, consistency, series, notes, elapsedMs: performance.now() - t0 };
}
