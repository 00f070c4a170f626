/**
 * The kill rate: every game against every mutant. A mutant is killed when some row of some game carries an attack
 * that decided the challenge on a real backend (`replayedOn`): an algebraic attack replayed by decryption, or a
 * portfolio strategy that broke the real game. A mutant no game kills is a known blind spot, listed as such.
 */
import type { PairingGroup } from '../../core/groups/types.js';
import type { Scheme } from '../../core/types.js';
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

/** ASA rows of the sweep play at least this many trials, so a genuine firewall never 'leaks' by chance (< 1e-3). */
export const ASA_SWEEP_TRIALS = 32;

/** A row whose attack decided the challenge on a real backend (CPA, scope). */
function attacked(r: GameRow): boolean {
  return r.attack !== null && r.attack.replayedOn.length > 0;
}

/** A firewalled ASA row that leaks: the subverted algorithm's bits came out through the firewall. */
function leaks(r: GameRow): boolean {
  return r.game === 'asa' && r.firewall === true && r.verdict === 'leaks';
}

function leakReport(row: GameRow): AttackReport {
  return {
    words:
      `ASA ${row.variant} through the firewall: the extractor recovered the secret's bits in ${row.wins}/${row.trials} ` +
      `trials (advantage ${row.advantage?.toFixed(3)}; ${row.detail ?? ''})`,
    replayedOn: row.backend,
    keys: [],
    strategy: 'asa-exfiltration',
    replayedTrials: row.trials,
  };
}

type SweepGame = 'cpa' | 'asa' | 'scope';

/** The genuine schemes' rows, per thread: played once per (scheme, game) when a mutant's kill must be checked. */
const genuineRows = new Map<Scheme, Map<SweepGame, Promise<GameRow[]>>>();

const rowKey = (r: GameRow) => `${r.game}/${r.variant}/${r.firewall}`;

/**
 * Plays every game that can kill the mutant, in turn: the CPA games; for a scheme with reverse firewalls the ASA game
 * with firewalls; for a claimant of scoped delegation the scope game. A row kills when it carries an attack replayed
 * on a real backend (or, ASA, leaks through the firewall) and the same row of the genuine scheme does not: a known
 * weakness of the genuine scheme is no evidence against its mutant. A mutant is played whole by one thread, on an
 * instance of its own: some mutants keep hidden state on purpose (cached randomness), so their rows must be played
 * in this order on one instance.
 */
async function sweepOne(m: Mutant, group: PairingGroup, seed: string, trials: number): Promise<MutantRow> {
  const t1 = performance.now();
  const play = (scheme: Scheme, game: SweepGame) =>
    runGames({
      schemes: [],
      list: [scheme],
      game,
      trials: game === 'asa' ? Math.max(trials, ASA_SWEEP_TRIALS) : trials,
      asaRows: 'firewalled',
      seed,
      // A full run (every view searched); the small trial count keeps it short, and decided rows stop early.
      group,
    });
  const genuine = (game: SweepGame): Promise<GameRow[]> => {
    const base = m.base!;
    let byGame = genuineRows.get(base);
    if (!byGame) genuineRows.set(base, (byGame = new Map()));
    let rows = byGame.get(game);
    if (!rows) byGame.set(game, (rows = play(base, game)));
    return rows;
  };
  const caps = m.scheme.capabilities;
  const order: SweepGame[] = [
    'cpa',
    ...(caps.firewalls ? ['asa' as const] : []),
    ...(caps.scopedDelegation ? ['scope' as const] : []),
  ];
  let kill: { row: GameRow; attack: AttackReport } | undefined;
  for (const game of order) {
    const rows = await play(m.scheme, game);
    let candidates = rows.filter((r) => attacked(r) || leaks(r));
    // The CPA games find nothing on any genuine registered scheme (registry-cpa.test.ts holds it, and the mutants
    // check), so a CPA attack is evidence by itself; the other games' findings are checked against the genuine scheme.
    if (candidates.length && m.base && game !== 'cpa') {
      const known = new Set((await genuine(game)).filter((r) => attacked(r) || leaks(r)).map(rowKey));
      candidates = candidates.filter((r) => !known.has(rowKey(r)));
    }
    const row = candidates[0];
    if (row) {
      kill = { row, attack: attacked(row) ? row.attack! : leakReport(row) };
      break;
    }
  }
  return {
    mutant: m.scheme.name,
    of: m.of,
    flaw: m.flaw,
    mistake: m.mistake,
    killed: kill !== undefined,
    killedBy: kill ? `${kill.row.game}/${kill.row.variant}${kill.row.firewall ? '+firewall' : ''}` : null,
    attack: kill?.attack ?? null,
    replayedOn: kill?.attack.replayedOn ?? null,
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
  // Longest first, so the threads end together: mutants of schemes with more games to play (scope, firewalls) lead.
  // Only the order of play changes; each mutant's row is the same whichever thread plays it, whenever.
  const weight = (m: Mutant) =>
    2 * Number(m.scheme.capabilities.scopedDelegation) + Number(m.scheme.capabilities.firewalls);
  const tasks: Task<MutantJob, MutantRow>[] = list.map((m, index) => ({
    module,
    fn: 'runMutantJob',
    arg: { index, seed: opts.seed, trials, backend },
    run: () => sweepOne(m, group, opts.seed, trials),
  }));
  const order = tasks.map((_, i) => i).sort((a, b) => weight(list[b]!) - weight(list[a]!));
  let done = 0;
  opts.onProgress?.(0, list.length, list[0]?.scheme.name ?? 'done');
  const played = await runTasks(
    order.map((i) => tasks[i]!),
    { workers, env, onDone: (k) => opts.onProgress?.(++done, list.length, list[order[k]!]!.scheme.name) },
  );
  const out: MutantRow[] = new Array(list.length);
  order.forEach((i, k) => (out[i] = played[k]!));
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
