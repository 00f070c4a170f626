/**
 * The kill rate: every game against every mutant. A mutant is killed when some row of some game carries an attack
 * that decided the challenge on a real backend (`replayedOn`): an algebraic attack replayed by decryption, or a
 * portfolio strategy that broke the real game. A mutant no game kills is a known blind spot, listed as such.
 */
import type { PairingGroup } from '../../core/groups/types.js';
import { createBackend } from '../../registry/backends.js';
import { runGames } from '../games/run.js';
import type { AttackReport, GameRow, ProgressFn } from '../games/types.js';
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
  onProgress?: ProgressFn;
}

export const MUTANT_TRIALS = 12;

function killer(rows: GameRow[]): GameRow | undefined {
  return rows.find((r) => r.attack !== null && r.attack.replayedOn.length > 0);
}

export async function runMutants(opts: MutantOptions): Promise<MutantReport> {
  const t0 = performance.now();
  const list = opts.list ?? catalogue;
  const out: MutantRow[] = [];
  const group = opts.group ?? (await createBackend(opts.backend ?? 'bls12-381'));
  const backend = group.name;
  for (let i = 0; i < list.length; i++) {
    const m = list[i]!;
    opts.onProgress?.(i, list.length, m.scheme.name);
    const t1 = performance.now();
    const play = (game: 'cpa' | 'scope') =>
      runGames({
        schemes: [],
        list: [m.scheme],
        game,
        trials: opts.trials ?? MUTANT_TRIALS,
        seed: opts.seed,
        // A full run (every view searched); the small trial count keeps it short, and decided rows stop early.
        group,
      });
    let rows = await play('cpa');
    // Schemes that claim scoped delegation are also held to it; played only if the CPA games did not kill already.
    if (!killer(rows) && m.scheme.capabilities.scopedDelegation) rows = [...rows, ...(await play('scope'))];
    const k = killer(rows);
    out.push({
      mutant: m.scheme.name,
      of: m.of,
      flaw: m.flaw,
      mistake: m.mistake,
      killed: k !== undefined,
      killedBy: k ? `${k.game}/${k.variant}` : null,
      attack: k?.attack ?? null,
      replayedOn: k?.attack?.replayedOn ?? null,
      ms: Math.round(performance.now() - t1),
    });
  }
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
