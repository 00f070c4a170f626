/**
 * Runs the games over schemes: every scheme of the registry (registry/schemes.ts, picked up automatically as they
 * land) plus the test-only strawmen, each played on every game its declared capabilities admit. Produces the rows
 * the CLI prints and `writeGamesResults` stores.
 *
 * Reproducibility: row r of a run with seed S draws all its randomness from SeededRng(S).fork(label of r), so a row's
 * result does not depend on which other rows ran, and `--seed` reproduces it exactly (given the same trial count).
 *
 * Quick mode (a smoke run that still tests the headline claims): sequential early stopping (once at least EARLY_MIN
 * trials are played, a row whose advantage interval lies entirely above 0.5 is decided and stops), and a
 * wall-clock budget spent in three tiers, decided by declared capabilities and by which list a scheme comes from:
 *   0. the strawmen, QUICK_SMOKE trials per row (their flaws are decided in EARLY_MIN);
 *   1. every registry scheme that declares reverse firewalls, the full trial target (the firewalled ASA claims need
 *      both a leak without and none with firewalls, which takes a few hundred trials to tell from noise);
 *   2. the other registry schemes, QUICK_SMOKE trials per row, with what is left (at least 15% of the budget).
 * Tiers 0 and 2 skip the unfirewalled ASA game in quick mode (every randomized algorithm leaks to a subverter when
 * nothing re-randomizes it; the full run measures it) and report those rows as 'skipped'.
 * Within a tier each row gets an equal share of the tier's remaining time; a row cut by its share reports the trials
 * it did play (fewer than the target). Rows are reported in the usual order whatever order they were played in.
 */
import { createBackend } from '../../registry/backends.js';
import { schemes as registrySchemes } from '../../registry/schemes.js';
import { MedexError, ParameterError } from '../../scheme/errors.js';
import type { PairingGroup } from '../../scheme/groups/types.js';
import { SeededRng } from '../../scheme/rng.js';
import type { Scheme, SchemeInstance } from '../../scheme/types.js';
import { portfolioAdversary } from './adversary.js';
import { asaAlgorithms, AsaSession, findFirewall, type AsaAlgorithm } from './asa.js';
import { cpaVariants, playCpa, type CpaVariant } from './cpa.js';
import { absoluteAdvantage, signedAdvantage } from './stats.js';
import { strawmen } from './strawmen/index.js';
import { GameError, type GameRow, type ProgressFn, type Verdict } from './types.js';

export type GameSelector = 'cpa' | 'asa' | 'all';

export interface RunOptions {
  /** Scheme names (registry or strawmen), or 'all'. */
  schemes: string[] | 'all';
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
  onProgress?: ProgressFn;
}

export const DEFAULT_TRIALS = 500;
export const QUICK_TRIALS = 300;
export const QUICK_BUDGET_MS = 42_000;
/** Early stopping needs at least this many trials, and then looks every EARLY_STEP trials. */
export const EARLY_MIN = 32;
const EARLY_STEP = 16;
/** Quick mode: tiers 0 and 1 play at least this many trials per row whatever the clock says (16 straight wins
 * already put the advantage interval above 0.5). */
export const QUICK_FLOOR = 16;
/** Quick mode's trial target for tiers 0 and 2. */
export const QUICK_SMOKE = 64;

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

interface PlannedRow {
  scheme: Scheme;
  /** Quick-mode tier (see the header). */
  tier: 0 | 1 | 2;
  game: 'cpa' | 'asa';
  variant: string;
  firewall: boolean | null;
  /** null: nothing to play (reported with `verdict`). */
  play: null | ((inst: SchemeInstance, trials: number, rng: SeededRng, deadline: number | undefined, floor: number) => Omit<GameRow, 'backend' | 'seed' | 'ms' | 'scheme'>);
  verdict?: Verdict;
  note?: string;
}

/** An interval that contains 0 is conclusive ("nothing found") only if it also excludes advantages above this. */
export const CONCLUSIVE = 0.3;

function cpaVerdict(adv: number, [lo, hi]: [number, number]): Verdict {
  if (lo > 0 && adv > 0.5) return 'broken';
  if (lo > 0) return 'suspicious';
  return hi <= CONCLUSIVE ? 'no-attack-found' : 'inconclusive';
}

function asaVerdict(adv: number, [lo, hi]: [number, number]): Verdict {
  if (lo > 0 && adv > 0.5) return 'leaks';
  if (lo > 0) return 'suspicious';
  return hi <= CONCLUSIVE ? 'no-leak-found' : 'inconclusive';
}

/** Plays a row in chunks so that early stopping can look at the interval between chunks. */
function chunked(
  total: number,
  deadline: number | undefined,
  floor: number,
  early: boolean,
  playChunk: (from: number, n: number, deadline: number | undefined) => { trials: number; wins: number },
  advantage: (wins: number, trials: number) => { advantage: number; ci95: [number, number] },
): { trials: number; wins: number; stoppedEarly: boolean } {
  let trials = 0;
  let wins = 0;
  while (trials < total) {
    if (trials >= Math.max(1, floor) && deadline !== undefined && performance.now() > deadline) break;
    const chunk = early ? (trials < floor ? floor - trials : trials < EARLY_MIN ? EARLY_MIN - trials : EARLY_STEP) : total;
    // Below the floor the deadline does not cut (the chunk's own deadline applies only past the floor).
    const r = playChunk(trials, Math.min(chunk, total - trials), trials < floor ? undefined : deadline);
    trials += r.trials;
    wins += r.wins;
    if (r.trials === 0) break;
    if (early && trials >= EARLY_MIN && trials < total) {
      const a = advantage(wins, trials);
      if (a.ci95[0] > 0.5) return { trials, wins, stoppedEarly: true };
    }
  }
  return { trials, wins, stoppedEarly: false };
}

function planRows(scheme: Scheme, inst: SchemeInstance | null, game: GameSelector, early: boolean, tier: 0 | 1 | 2): PlannedRow[] {
  const rows: PlannedRow[] = [];
  if (!inst) return rows;
  if (game !== 'asa') {
    for (const variant of cpaVariants(inst)) {
      rows.push({
        scheme,
        tier,
        game: 'cpa',
        variant,
        firewall: null,
        play(inst, trials, rng, deadline, floor) {
          const adversary = portfolioAdversary();
          const byStrategy: Record<string, { used: number; wins: number }> = {};
          const r = chunked(
            trials,
            deadline,
            floor,
            early,
            (from, n, dl) => {
              const o = playCpa(inst, variant as CpaVariant, adversary, { trials: n, rng: rng.fork(`from-${from}`), deadline: dl });
              for (const [k, v] of Object.entries(o.byStrategy)) {
                const s = (byStrategy[k] ??= { used: 0, wins: 0 });
                s.used += v.used;
                s.wins += v.wins;
              }
              return o;
            },
            absoluteAdvantage,
          );
          const a = absoluteAdvantage(r.wins, r.trials);
          const top = Object.entries(byStrategy).sort((x, y) => y[1].used - x[1].used)[0];
          return {
            game: variant === 'policy' ? 'cpa-selective' : 'cpa',
            variant,
            firewall: null,
            trials: r.trials,
            wins: r.wins,
            advantage: a.advantage,
            ci95: a.ci95,
            verdict: cpaVerdict(a.advantage, a.ci95),
            detail: top ? `${top[0]} decided ${top[1].used}/${r.trials}` : undefined,
            note: r.stoppedEarly ? 'stopped early: decided' : undefined,
          };
        },
      });
    }
  }
  if (game !== 'cpa') {
    for (const alg of asaAlgorithms(inst)) {
      for (const firewall of [false, true]) {
        const base = { scheme, tier, game: 'asa' as const, variant: alg, firewall };
        if (firewall && !scheme.capabilities.firewalls) {
          rows.push({ ...base, play: null, verdict: 'no-firewall', note: 'the scheme declares no reverse firewalls' });
          continue;
        }
        if (!firewall && early && tier !== 1) {
          // Quick mode: without firewalls every randomized algorithm leaks to a subverter; the full run measures it.
          rows.push({ ...base, play: null, verdict: 'skipped', note: 'quick mode plays the unfirewalled ASA game only for schemes with firewalls' });
          continue;
        }
        if (firewall && !guarded(inst, alg)) {
          rows.push({ ...base, play: null, verdict: 'no-firewall', note: `no firewall of the scheme guards ${alg}` });
          continue;
        }
        rows.push({
          ...base,
          play(inst, trials, rng, deadline, floor) {
            const session = new AsaSession(inst, alg as AsaAlgorithm, { rng, firewall, checkFunctionality: 2 });
            const r = chunked(trials, deadline, floor, early, (_from, n, dl) => session.play(n, dl), signedAdvantage);
            const info = session.outcome();
            const a = signedAdvantage(r.wins, r.trials);
            const i = info;
            return {
              game: 'asa',
              variant: alg,
              firewall,
              trials: r.trials,
              wins: r.wins,
              advantage: a.advantage,
              ci95: a.ci95,
              verdict: asaVerdict(a.advantage, a.ci95),
              detail: i
                ? `channel: ${i.channel}${i.randomized ? '' : ' (deterministic algorithm: nothing to bias)'}${i.firewallParty ? `; firewall ${i.firewallParty}` : ''}`
                : undefined,
              functional: i?.functional ?? null,
              note: r.stoppedEarly ? 'stopped early: decided' : undefined,
            };
          },
        });
      }
    }
  }
  return rows;
}

function guarded(inst: SchemeInstance, alg: AsaAlgorithm): boolean {
  const hook = ({ keygen: 'keygen', encrypt: 'encrypt', rekeygen: 'rekeygen', reencrypt: 'reencrypt' } as const)[alg];
  return findFirewall(inst, [hook], new SeededRng('probe-firewall')) !== null;
}

/** Plays the selected games. Rows come back in a fixed order: scheme order, then CPA variants, then ASA. */
export async function runGames(opts: RunOptions): Promise<GameRow[]> {
  const selected = selectSchemes(opts.schemes);
  const quick = opts.quick === true;
  const trials = opts.trials ?? (quick ? QUICK_TRIALS : DEFAULT_TRIALS);
  if (!Number.isInteger(trials) || trials < 1) throw new GameError(`trials must be a positive integer, got ${trials}`);
  const start = performance.now(); // the quick budget includes backend and instance set-up
  const group = opts.group ?? (await createBackend(opts.backend ?? 'bls12-381'));
  const root = new SeededRng(opts.seed);
  const rows: GameRow[] = [];
  const plans: { plan: PlannedRow; inst: SchemeInstance | null; error?: string }[] = [];
  const instances: SchemeInstance[] = [];
  for (const scheme of selected) {
    if (!scheme.supports(group)) {
      rows.push(errorRow(scheme.name, group.name, opts.seed, 'not-applicable', `does not run on ${group.name}`));
      continue;
    }
    let inst: SchemeInstance;
    try {
      inst = await scheme.create({ group, precompute: true, params: scheme.defaultParams() });
    } catch (e) {
      rows.push(errorRow(scheme.name, group.name, opts.seed, 'error', `create failed: ${(e as Error).message}`));
      continue;
    }
    instances.push(inst);
    const tier = strawmen.includes(scheme) ? 0 : scheme.capabilities.firewalls ? 1 : 2;
    for (const plan of planRows(scheme, inst, opts.game, quick, tier)) plans.push({ plan, inst });
  }
  const budget = opts.budgetMs ?? QUICK_BUDGET_MS;
  const tierEnd = [start + 0.15 * budget, start + 0.85 * budget, start + budget];
  const left: [number, number, number] = [0, 0, 0];
  for (const p of plans) if (p.plan.play) left[p.plan.tier]++;
  const order = quick ? [...plans.keys()].sort((a, b) => plans[a]!.plan.tier - plans[b]!.plan.tier || a - b) : [...plans.keys()];
  const played = new Map<number, GameRow>();
  let done = 0;
  for (const index of order) {
    const { plan, inst } = plans[index]!;
    const label = `${plan.scheme.name} ${plan.game} ${plan.variant}${plan.firewall === null ? '' : plan.firewall ? ' +firewall' : ''}`;
    opts.onProgress?.(done, plans.length, label);
    const t0 = performance.now();
    const common = { scheme: plan.scheme.name, backend: group.name, seed: opts.seed };
    const push = (row: GameRow, i: number) => played.set(i, row);
    if (!plan.play || !inst) {
      push({
        ...common,
        game: plan.game,
        variant: plan.variant,
        firewall: plan.firewall,
        trials: 0,
        wins: 0,
        advantage: null,
        ci95: null,
        verdict: plan.verdict ?? 'not-applicable',
        ms: 0,
        note: plan.note,
      }, index);
      done++;
      continue;
    }
    let deadline: number | undefined;
    let target = trials;
    if (quick) {
      deadline = t0 + Math.max(0, tierEnd[plan.tier]! - t0) / Math.max(1, left[plan.tier]!);
      if (plan.tier !== 1) target = Math.min(trials, QUICK_SMOKE);
    }
    left[plan.tier]--;
    const rng = root.fork(`${plan.scheme.name}/${plan.game}/${plan.variant}/${plan.firewall}`);
    try {
      const r = plan.play(inst, target, rng, deadline, quick && plan.tier !== 2 ? QUICK_FLOOR : 0);
      push({ ...common, ...r, ms: Math.round(performance.now() - t0) }, index);
    } catch (e) {
      if (!(e instanceof MedexError) && !(e instanceof Error)) throw e;
      push({
        ...common,
        game: plan.game,
        variant: plan.variant,
        firewall: plan.firewall,
        trials: 0,
        wins: 0,
        advantage: null,
        ci95: null,
        verdict: 'error',
        ms: Math.round(performance.now() - t0),
        note: (e as Error).message,
      }, index);
    }
    done++;
  }
  opts.onProgress?.(done, plans.length, 'done');
  for (let i = 0; i < plans.length; i++) rows.push(played.get(i)!);
  for (const inst of instances) inst.dispose?.();
  return rows;
}

function errorRow(scheme: string, backend: string, seed: string, verdict: Verdict, note: string): GameRow {
  return { scheme, game: 'all', variant: '-', firewall: null, trials: 0, wins: 0, advantage: null, ci95: null, verdict, backend, seed, ms: 0, note };
}
