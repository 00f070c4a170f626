/**
 * The scheduler: plays the games (games.ts: each a `Game {name, rows, play}`) over schemes: every scheme of the
 * registry (registry/schemes.ts, picked up automatically as they land) plus the test-only strawmen, each on every
 * game its declared capabilities admit. It owns time and threads; the games own only what a row is. Produces the
 * rows the CLI prints and `writeGamesResults` stores.
 *
 * Reproducibility: row r of a run with seed S draws all its randomness from SeededRng(S).fork(label of r), and trial t
 * of a row from streams of its own, so a row's result does not depend on which other rows ran, on which thread, or in
 * what order; `--seed` reproduces it exactly (given the same trial count).
 *
 * A full run is a list of jobs (jobs.ts): one per row, except that the rows of a game whose trials depend only on
 * their index (the ASA game: `Game.merge`) are cut into ranges of RANGE_TRIALS trials. With `workers` above 1 the
 * jobs run on that many worker threads (pool.ts), each job naming its scheme by module path, never by name; the rows
 * are the same byte for byte whatever the number of workers (a test holds it). CPA rows stop sequentially (chunks of
 * FULL_STEP, settled once decided or conclusively coin-only) inside their job.
 *
 * Quick mode (a smoke run that still tests the headline claims) runs in this thread: sequential early stopping (once
 * at least EARLY_MIN trials are played, a row whose advantage interval lies entirely above 0.5 is decided and stops),
 * and a wall-clock budget spent in three tiers, decided by declared capabilities and by which list a scheme comes
 * from:
 *   0. the strawmen, QUICK_SMOKE trials per row (their flaws are decided in EARLY_MIN);
 *   1. every registry scheme that declares reverse firewalls, the full trial target (the firewalled ASA claims need
 *      both a leak without and none with firewalls, which takes a few hundred trials to tell from noise);
 *   2. the other registry schemes, QUICK_SMOKE trials per row, with what is left (at least 15% of the budget).
 * Tiers 0 and 2 skip the unfirewalled ASA game in quick mode (every randomized algorithm leaks to a subverter when
 * nothing re-randomizes it; the full run measures it) and report those rows as 'skipped'.
 * Within a tier rows play in rounds (first QUICK_FLOOR trials each, whatever the clock says, then chunks of
 * EARLY_STEP in turn), so cheap rows reach their target and expensive ones share what is left until the tier's end;
 * a row cut by the clock reports the trials it did play. Trial t of a row always draws the same randomness, so the
 * same trial count gives the same result however the rounds fell. Instances are created when their tier starts.
 * Rows are reported in the usual order whatever order they were played in.
 */
import { createBackend } from '../../registry/backends.js';
import { schemes as registrySchemes } from '../../registry/schemes.js';
import { ParameterError } from '../../core/errors.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { createDlogGroup } from '../../core/groups/dlog.js';
import { SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../core/types.js';
import { CONCLUSIVE, games, type Game, type RowContext, type RowPlan, type Runner } from './games.js';
import { tapKdf } from './instrument.js';
import {
  decided,
  EARLY_MIN,
  JobEnv,
  refOf,
  registerSchemeList,
  runRowJob,
  type RowJob,
  type RowJobResult,
  type SchemeRef,
} from './jobs.js';
import { checkWorkers, Pool, type PoolStats, type Task } from './pool.js';
import { holm } from './stats.js';
import { strawmen } from './strawmen/index.js';
import { GameError, type GameRow, type ProgressFn, type Verdict } from './types.js';

registerSchemeList(new URL('../../registry/schemes.ts', import.meta.url).href, 'schemes', registrySchemes);
registerSchemeList(new URL('./strawmen/index.ts', import.meta.url).href, 'strawmen', strawmen);

export type GameSelector = 'cpa' | 'asa' | 'scope' | 'all';

export interface RunOptions {
  /** Scheme names (registry or strawmen), or 'all'. */
  schemes: string[] | 'all';
  /** Play these schemes instead of selecting by name (mutants, a scheme loaded from a file). */
  list?: Scheme[];
  game: GameSelector;
  /** Trials per row (quick mode: a target that the time budget may cut). */
  trials?: number;
  seed: string;
  quick?: boolean;
  /** Backend name (default bls12-381); ignored if `group` is given. */
  backend?: string;
  group?: PairingGroup;
  /** Quick mode: wall-clock budget in ms for playing (default QUICK_BUDGET_MS). */
  budgetMs?: number;
  /**
   * A full run's worker threads (default 1: this thread). Quick mode always plays in this thread (its budget is
   * wall-clock time). Every scheme must come from a known list (registry, strawmen, mutants, --scheme-file).
   */
  workers?: number;
  /** 'firewalled': the ASA game plays only its rows with firewalls (the mutant sweep). Default 'all'. */
  asaRows?: 'all' | 'firewalled';
  /** Filled in by a full run: the worker threads' CPU times (for benchmarks). */
  stats?: PoolStats;
  /** A full run's range size for rows that can be cut (default RANGE_TRIALS). */
  rangeTrials?: number;
  onProgress?: ProgressFn;
}

export const DEFAULT_TRIALS = 500;
export const QUICK_TRIALS = 300;
export const QUICK_BUDGET_MS = 42_000;
const EARLY_STEP = 16;
/** Quick mode: tiers 0 and 1 play at least this many trials per row whatever the clock says (16 straight wins
 * already put the advantage interval above 0.5). */
export const QUICK_FLOOR = 16;
/** Quick mode: the algebraic search skips views larger than this (a full run searches every view). */
export const QUICK_MAX_COLUMNS = 160;
/** Quick mode: the algebraic searches of one run stop starting once they have taken this long in all. */
export const QUICK_SEARCH_MS = 6_000;
/** Quick mode's trial target for tiers 0 and 2. */
export const QUICK_SMOKE = 64;
/** A full run cuts the rows of a game with `merge` (ASA) into jobs of this many trials. */
export const RANGE_TRIALS = 100;

/** Every scheme the games know: the registry's, then the strawmen. */
export function gameSchemes(): Scheme[] {
  return [...registrySchemes, ...strawmen];
}

export function selectSchemes(names: string[] | 'all'): Scheme[] {
  const all = gameSchemes();
  if (names === 'all') return all;
  return names.map((n) => {
    const s = all.find((x) => x.name === n.toLowerCase());
    if (!s) throw new ParameterError(`unknown scheme '${n}' (known: ${all.map((x) => x.name).join(', ')})`);
    return s;
  });
}

/** The games a selector plays on a scheme, in report order (scope only for claimants unless asked for by name). */
function gamesFor(scheme: Scheme, sel: GameSelector): Game[] {
  return games.filter((g) =>
    sel === 'all' ? g.name !== 'scope' || scheme.capabilities.scopedDelegation : g.name === sel,
  );
}

interface Planned {
  scheme: Scheme;
  game: Game;
  plan: RowPlan;
}

function planScheme(scheme: Scheme, inst: SchemeInstance, sel: GameSelector, quick: boolean, tier: 0 | 1 | 2) {
  return gamesFor(scheme, sel).flatMap((game) =>
    game.rows(scheme, inst, { quick, tier }).map((plan): Planned => ({ scheme, game, plan })),
  );
}

/** Plays the selected games. Rows come back in a fixed order: scheme order, then scope, CPA variants, ASA. */
export async function runGames(opts: RunOptions): Promise<GameRow[]> {
  const selected = opts.list ?? selectSchemes(opts.schemes);
  const trials = opts.trials ?? (opts.quick ? QUICK_TRIALS : DEFAULT_TRIALS);
  if (!Number.isInteger(trials) || trials < 1) throw new GameError(`trials must be a positive integer, got ${trials}`);
  const workers = checkWorkers(opts.workers ?? 1);
  const rows = opts.quick ? await runQuick(opts, selected, trials) : await runFull(opts, selected, trials, workers);
  applyHolm(rows);
  return rows;
}

function label(p: Planned): string {
  const fw = p.plan.firewall === null ? '' : p.plan.firewall ? ' +firewall' : '';
  return `${p.scheme.name} ${p.plan.game} ${p.plan.variant}${fw}`;
}

function staticRow(p: Planned, backend: string, seed: string, verdict: Verdict, note?: string, ms = 0): GameRow {
  return {
    scheme: p.scheme.name,
    game: p.plan.game,
    variant: p.plan.variant,
    firewall: p.plan.firewall,
    trials: 0,
    wins: 0,
    advantage: null,
    ci95: null,
    verdict,
    attack: null,
    backend,
    seed,
    ms,
    note,
  };
}

/**
 * A full run: plan every row here (an instance per scheme), cut it into jobs, play them on `workers` threads (or in
 * this one), then put the rows together in report order.
 */
async function runFull(opts: RunOptions, selected: Scheme[], trials: number, workers: number): Promise<GameRow[]> {
  const group = opts.group ?? (await createBackend(opts.backend ?? 'bls12-381'));
  const env = new JobEnv(group);
  // The threads start now: they load tsx, the backend and the schemes while this thread plans.
  const pool = new Pool(workers, env);
  try {
    return await playFull(opts, selected, trials, workers, env, pool, group);
  } finally {
    await pool.close();
    await env.dispose();
    if (opts.stats) opts.stats.workerCpuMs = pool.stats.workerCpuMs;
  }
}

async function playFull(
  opts: RunOptions,
  selected: Scheme[],
  trials: number,
  workers: number,
  env: JobEnv,
  pool: Pool,
  group: PairingGroup,
): Promise<GameRow[]> {
  const backend = group.name;
  const tap = await env.tap(backend);
  const bySchemes = new Map<Scheme, (GameRow | { planned: Planned; parts: number[] })[]>();
  const tasks: Task<RowJob, RowJobResult>[] = [];
  const local = new Map<string, Scheme>();
  const jobsModule = new URL('./jobs.ts', import.meta.url).href;
  for (const [i, scheme] of selected.entries()) {
    const out: (GameRow | { planned: Planned; parts: number[] })[] = [];
    bySchemes.set(scheme, out);
    if (!scheme.supports(group)) {
      out.push(errorRow(scheme.name, backend, opts.seed, 'not-applicable', `does not run on ${backend}`));
      continue;
    }
    const known = refOf(scheme);
    if (!known && workers > 1)
      throw new GameError(
        `scheme '${scheme.name}' comes from no known module (registry, strawmen, mutants, --scheme-file): worker threads cannot load it`,
      );
    const ref: SchemeRef = known ?? { module: 'in-process', path: [i] };
    local.set(JSON.stringify(ref), scheme);
    // Planning needs only the declarations and the firewalls, not the fixed-base tables: the jobs create their own
    // (precomputed) instance, in whichever thread plays them.
    let inst: SchemeInstance;
    try {
      inst = await scheme.create({ group: tap.group, precompute: false, params: scheme.defaultParams() });
    } catch (e) {
      out.push(errorRow(scheme.name, backend, opts.seed, 'error', `create failed: ${(e as Error).message}`));
      continue;
    }
    const plans = planScheme(scheme, inst, opts.game, false, 0);
    inst.dispose?.();
    for (const p of plans) {
      if (opts.asaRows === 'firewalled' && p.plan.game === 'asa' && p.plan.firewall !== true) continue;
      if (p.plan.verdict) {
        out.push(staticRow(p, backend, opts.seed, p.plan.verdict, p.plan.note));
        continue;
      }
      const target = p.game.target ? p.game.target(trials) : trials;
      const ranges: ([number, number] | null)[] = [];
      const size = opts.rangeTrials ?? RANGE_TRIALS;
      if (p.game.merge && target > size)
        for (let a = 0; a < target; a += size) ranges.push([a, Math.min(target, a + size)]);
      else ranges.push(null);
      const parts: number[] = [];
      for (const range of ranges) {
        parts.push(tasks.length);
        const job: RowJob = {
          kind: 'row',
          scheme: ref,
          expect: scheme.name,
          backend,
          seed: opts.seed,
          trials,
          plan: p.plan,
          range,
        };
        tasks.push({
          module: jobsModule,
          fn: 'runRowJob',
          arg: job,
          run: (e, j) => runRowJob(e, j, local.get(JSON.stringify(j.scheme))),
        });
      }
      out.push({ planned: p, parts });
    }
  }
  // Whole rows (CPA with its search, scope) first and the ASA ranges after them, so the threads end together.
  const order = tasks
    .map((_, i) => i)
    .sort((a, b) => Number(tasks[a]!.arg.range !== null) - Number(tasks[b]!.arg.range !== null));
  const rowsOf = new Map<number, { label: string; left: number }>();
  let planned = 0;
  for (const out of bySchemes.values())
    for (const x of out)
      if ('planned' in x) {
        planned++;
        const o = { label: label(x.planned), left: x.parts.length };
        for (const t of x.parts) rowsOf.set(t, o);
      }
  let done = 0;
  const results = await pool.run(
    order.map((i) => tasks[i]!),
    (k) => {
      const o = rowsOf.get(order[k]!)!;
      if (--o.left === 0) opts.onProgress?.(++done, planned, o.label);
    },
  );
  const resultOf = new Map<number, RowJobResult>(order.map((t, k) => [t, results[k]!]));
  const rows: GameRow[] = [];
  for (const scheme of selected)
    for (const x of bySchemes.get(scheme) ?? []) {
      if (!('planned' in x)) {
        rows.push(x);
        continue;
      }
      const parts = x.parts.map((t) => resultOf.get(t)!);
      const ms = Math.round(parts.reduce((n, r) => n + r.ms, 0));
      const failed = parts.find((r) => r.result === null);
      if (failed) {
        rows.push(staticRow(x.planned, backend, opts.seed, 'error', failed.error, ms));
        continue;
      }
      const results = parts.map((r) => r.result!);
      const merged = results.length === 1 ? results[0]! : x.planned.game.merge!(results);
      rows.push({ scheme: scheme.name, ...merged, backend, seed: opts.seed, ms });
    }
  opts.onProgress?.(planned, planned, 'done');
  return rows;
}

/** Quick mode: tiers and rounds under a wall-clock budget, in this thread (see the header). */
async function runQuick(opts: RunOptions, selected: Scheme[], trials: number): Promise<GameRow[]> {
  const start = performance.now(); // the quick budget includes backend and instance set-up
  const tap = tapKdf(opts.group ?? (await createBackend(opts.backend ?? 'bls12-381')));
  const group = tap.group;
  const root = new SeededRng(opts.seed);
  const budget = opts.budgetMs ?? QUICK_BUDGET_MS;
  const searchBudget = { spentMs: 0, limitMs: QUICK_SEARCH_MS, maxColumns: QUICK_MAX_COLUMNS };
  const tierOf = (s: Scheme): 0 | 1 | 2 => (strawmen.includes(s) ? 0 : s.capabilities.firewalls ? 1 : 2);
  const tiers: Scheme[][] = [0, 1, 2].map((t) => selected.filter((s) => tierOf(s) === t));
  const tierEnd = [start + 0.15 * budget, start + 0.85 * budget, start + budget];
  const bySchemes = new Map<Scheme, GameRow[]>();
  const instances: SchemeInstance[] = [];
  const total = { planned: 0, done: 0 };

  for (let ti = 0; ti < tiers.length; ti++) {
    const end = tierEnd[ti]!;
    const floor = ti !== 2 ? QUICK_FLOOR : 1;
    const tierTarget = ti !== 1 ? Math.min(trials, QUICK_SMOKE) : trials;
    const live: {
      p: Planned;
      runner: Runner;
      target: number;
      out: GameRow[];
      index: number;
      error?: string;
      stopped: boolean;
    }[] = [];
    for (const scheme of tiers[ti]!) {
      const out: GameRow[] = [];
      bySchemes.set(scheme, out);
      if (!scheme.supports(group)) {
        out.push(errorRow(scheme.name, group.name, opts.seed, 'not-applicable', `does not run on ${group.name}`));
        continue;
      }
      let inst: SchemeInstance;
      try {
        inst = await scheme.create({ group, precompute: true, params: scheme.defaultParams() });
      } catch (e) {
        out.push(errorRow(scheme.name, group.name, opts.seed, 'error', `create failed: ${(e as Error).message}`));
        continue;
      }
      instances.push(inst);
      const ctx: RowContext = { scheme, inst, tap, dlog: createDlogGroup(), root, quick: true, trials, searchBudget };
      for (const p of planScheme(scheme, inst, opts.game, true, ti as 0 | 1 | 2)) {
        total.planned++;
        if (p.plan.verdict) {
          out.push(staticRow(p, group.name, opts.seed, p.plan.verdict, p.plan.note));
          total.done++;
          continue;
        }
        const index = out.length;
        out.push(staticRow(p, group.name, opts.seed, 'error', 'not played'));
        try {
          const target = p.game.target ? p.game.target(tierTarget) : tierTarget;
          live.push({ p, runner: await p.game.play(ctx, p.plan), target, out, index, stopped: false });
        } catch (e) {
          out[index] = staticRow(p, group.name, opts.seed, 'error', (e as Error).message);
          total.done++;
        }
      }
    }
    // Rounds: every live row plays a chunk in turn, so cheap rows reach their target and expensive ones share the rest.
    const active = () => live.filter((l) => !l.error && !l.stopped && l.runner.trials < l.target);
    let round = 0;
    for (;;) {
      const rows = active();
      if (rows.length === 0) break;
      const pastEnd = performance.now() > end;
      let progressed = false;
      for (const l of rows) {
        const below = l.runner.trials < floor;
        if (pastEnd && !below) continue;
        const want = below
          ? floor - l.runner.trials
          : round === 0 || l.runner.trials < EARLY_MIN
            ? EARLY_MIN - l.runner.trials
            : EARLY_STEP;
        const n = Math.max(1, Math.min(want, l.target - l.runner.trials));
        opts.onProgress?.(total.done, total.planned, label(l.p));
        try {
          l.runner.step(n, below ? undefined : end);
          progressed = true;
        } catch (e) {
          l.error = (e as Error).message;
        }
        if (decided(l.runner)) l.stopped = true;
      }
      round++;
      if (!progressed) break;
    }
    for (const l of live) {
      if (l.error) l.out[l.index] = staticRow(l.p, group.name, opts.seed, 'error', l.error, Math.round(l.runner.ms));
      else
        l.out[l.index] = {
          scheme: l.p.scheme.name,
          ...l.runner.result(l.stopped && l.runner.trials < l.target),
          backend: group.name,
          seed: opts.seed,
          ms: Math.round(l.runner.ms),
        };
      total.done++;
    }
  }
  opts.onProgress?.(total.done, total.planned, 'done');
  for (const inst of instances) inst.dispose?.();
  return selected.flatMap((s) => bySchemes.get(s) ?? []);
}

/**
 * The CPA verdicts of one run: only non-coin decisions count (a coin flip is never evidence), each row's one-sided
 * p-value is corrected across the run's CPA rows by Holm's procedure, and a row is 'broken' only if it is rejected
 * and its non-coin decisions win with an advantage above 0.5 ('suspicious' if rejected with less). A portfolio
 * attack on a row that is not broken is dropped from `attack`; an algebraic attack, decided by decryption on the real
 * backend, stands.
 */
export function applyHolm(rows: GameRow[]): void {
  const cpa = rows.filter((r) => r.pValue !== undefined && r.trials > 0 && r.verdict !== 'error');
  const rejected = holm(cpa.map((r) => r.pValue!));
  cpa.forEach((r, i) => {
    r.holmRejected = rejected[i]!;
    const d = r.decided ?? 0;
    const adv = d > 0 ? (2 * (r.decidedWins ?? 0)) / d - 1 : 0;
    if (rejected[i]) r.verdict = adv > 0.5 ? 'broken' : 'suspicious';
    else r.verdict = r.ci95 && r.ci95[1] <= CONCLUSIVE ? 'no-attack-found' : 'inconclusive';
    if (r.attack?.strategy && r.verdict !== 'broken') r.attack = null;
  });
}

function errorRow(scheme: string, backend: string, seed: string, verdict: Verdict, note: string): GameRow {
  return {
    scheme,
    game: 'all',
    variant: '-',
    firewall: null,
    trials: 0,
    wins: 0,
    advantage: null,
    ci95: null,
    verdict,
    attack: null,
    backend,
    seed,
    ms: 0,
    note,
  };
}
