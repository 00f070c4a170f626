/**
 * The kill rate: every game against every mutant. A mutant is killed when some row of some game carries an attack
 * that decided the challenge on a real backend (`replayedOn`): an algebraic attack replayed by decryption, or a
 * portfolio strategy that broke the real game. A mutant no game kills is a known blind spot, listed as such.
 */
import type { PairingGroup } from '../../core/groups/types.js';
import { JobEnv } from '../games/jobs.js';
import { runTasks, type Task } from '../games/pool.js';
import { runGames } from '../games/run.js';
import { GameError, type AttackReport, type GameRow, type ProgressFn } from '../games/types.js';
import { mutants as catalogue, type Mutant } from './index.js';

export interface MutantRow {
  mutant: string;
  of: string;
  flaw: string;
  mistake: string;
  killed: boolean;
  /** The game and variant that killed it (null: a blind spot). */
  killedBy: string | null;
  attack: AttackReport | null;
  replayedOn: string | null;
  ms: number;
}

export interface MutantReport {
  mutants: number;
  killed: number;
  killRate: number;
  rows: MutantRow[];
  backend: string;
  seed: string;
  ms: number;
}

export interface MutantOptions {
  seed: string;
  /** Trials per game row (a kill is decided in a few; default 32). */
  trials?: number;
  backend?: string;
  group?: PairingGroup;
  list?: Mutant[];
  /** Worker threads (default 1: this thread); each plays whole mutants. Needs the catalogue (`list` absent). */
  workers?: number;
  onProgress?: ProgressFn;
}

/** One mutant's sweep, as a worker thread plays it: the catalogue's mutant `index` on `backend`. */
export interface MutantJob {
  index: number;
  seed: string;
  trials: number;
  backend: string;
}

export const MUTANT_TRIALS = 12;

function killer(rows: GameRow[]): GameRow | undefined {
  return rows.find((r) => r.attack !== null && r.attack.replayedOn.length > 0);
}

/**
 * Plays every game that can kill the mutant: the CPA games, then (for a claimant of scoped delegation not killed yet)
 * the scope game. A mutant is played whole by one thread, on an instance of its own: some mutants keep hidden state
 * on purpose (cached randomness), so their rows must be played in this order on one instance.
 */
async function sweepOne(m: Mutant, group: PairingGroup, seed: string, trials: number): Promise<MutantRow> {
  const t1 = performance.now();
  const play = (game: 'cpa' | 'scope') =>
    runGames({
      schemes: [],
      list: [m.scheme],
      game,
      trials,
      seed,
      // A full run (every view searched); the small trial count keeps it short, and decided rows stop early.
      group,
    });
  let rows = await play('cpa');
  // Schemes that claim scoped delegation are also held to it; played only if the CPA games did not kill already.
  if (!killer(rows) && m.scheme.capabilities.scopedDelegation) rows = [...rows, ...(await play('scope'))];
  const k = killer(rows);
  return {
    mutant: m.scheme.name,
    of: m.of,
    flaw: m.flaw,
    mistake: m.mistake,
    killed: k !== undefined,
    killedBy: k ? `${k.game}/${k.variant}` : null,
    attack: k?.attack ?? null,
    replayedOn: k?.attack?.replayedOn ?? null,
    ms: Math.round(performance.now() - t1),
  };
}

/** A worker thread's task: the catalogue's mutant `job.index` (the catalogue is the same module in every thread). */
export async function runMutantJob(env: JobEnv, job: MutantJob): Promise<MutantRow> {
  const m = catalogue[job.index];
  if (!m) throw new GameError(`no mutant #${job.index}`);
  return sweepOne(m, await env.group(job.backend), job.seed, job.trials);
}

export async function runMutants(opts: MutantOptions): Promise<MutantReport> {
  const t0 = performance.now();
  const list = opts.list ?? catalogue;
  const workers = opts.workers ?? 1;
  if (opts.list && workers > 1) throw new GameError('worker threads play the catalogue only (no `list`)');
  const env = new JobEnv(opts.group);
  const group = opts.group ?? (await env.group(opts.backend ?? 'bls12-381'));
  const backend = group.name;
  const trials = opts.trials ?? MUTANT_TRIALS;
  const module = new URL('./run.ts', import.meta.url).href;
  const tasks: Task<MutantJob, MutantRow>[] = list.map((m, index) => ({
    module,
    fn: 'runMutantJob',
    arg: { index, seed: opts.seed, trials, backend },
    run: () => sweepOne(m, group, opts.seed, trials),
  }));
  let done = 0;
  opts.onProgress?.(0, list.length, list[0]?.scheme.name ?? 'done');
  const out = await runTasks(tasks, {
    workers,
    env,
    onDone: (i) => opts.onProgress?.(++done, list.length, list[i]!.scheme.name),
  });
  opts.onProgress?.(list.length, list.length, 'done');
  const killed = out.filter((r) => r.killed).length;
  return {
    mutants: out.length,
    killed,
    killRate: out.length ? killed / out.length : 0,
    rows: out,
    backend,
    seed: opts.seed,
    ms: Math.round(performance.now() - t0),
  };
}
