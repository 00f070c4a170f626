/**
 * The measurements of one backend, run inside its own process (see experiments/worker.ts): the unit cost of every
 * counted primitive, then for each registered scheme that supports the backend its story repeated with
 * precomputation on and off (Fig. 5 and the ablation) and, if asked, at swept parameters (scalability).
 */
import { findBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { SeededRng } from '../../core/rng.js';
import type { Scheme } from '../../core/types.js';
import { FULL_TIMING, QUICK_TIMING } from '../lib/timing.js';
import { FULL_REPEAT, QUICK_REPEAT, repeatStory, type RepeatPolicy } from './stories.js';
import { SWEEP_PARAMETERS, measuredValues, paramsWith, sweepApplies } from './sweeps.js';
import type { StorySeries, WorkerJob, WorkerResult } from './types.js';
import { measureUnitCosts } from './unitcosts.js';
import { isPaperSubject } from '../analysis/paper.js';

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
  const timing = job.quick ? QUICK_TIMING : FULL_TIMING;
  progress(`${job.backend}: unit costs`);
  // Throws UnitCostError on inconsistent unit costs: the run stops rather than build tables on them.
  const { costs: unitCosts, consistency } = await measureUnitCosts(group, {
    timing,
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
  // Every scheme's precomputed flow first (Fig. 5), then the naive flows (ablation), then the sweeps: if the deadline
  // cuts a run short, what is lost is the least important part.
  // The paper's own scheme (declared firewalls and audit) goes first, both paths, so its ablation survives a cut.
  const ordered = [...chosen.filter(isPaperSubject), ...chosen.filter((s) => !isPaperSubject(s))];
  for (const [i, s] of ordered.entries()) {
    await run(s, true, s.defaultParams(), policy);
    if (i === 0 && naiveToo && isPaperSubject(s)) await run(s, false, s.defaultParams(), policy);
  }

  const restNaive = async () => {
    if (naiveToo)
      for (const [i, s] of ordered.entries())
        if (!(i === 0 && isPaperSubject(s))) await run(s, false, s.defaultParams(), policy);
  };
  // On the sweep backend the sweeps (scalability) come before the other schemes' naive paths.
  if (!job.sweep) await restNaive();
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
    await restNaive();
  }
  if (skipped.length) notes.push(`time budget reached on ${job.backend}: skipped ${skipped.join(', ')}`);
  return { backend: info, job, unitCosts, consistency, series, notes, elapsedMs: performance.now() - t0 };
}
