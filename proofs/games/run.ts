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
import { SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../core/types.js';
import { portfolioAdversary } from './adversary.js';
import { searchAttack, type SearchResult } from './algebraic.js';
import { algebraicCpaAdversary, cpaSampler, type AlgebraicTally } from './cpa-algebraic.js';
import { tapKdf, type TappedGroup } from './instrument.js';
import { playScope, scopeSampler } from './scope.js';
import { createDlogGroup, type DlogGroup } from '../../core/groups/dlog.js';
import type { AttackReport } from './types.js';
import { asaAlgorithms, AsaSession, findFirewall, type AsaAlgorithm } from './asa.js';
import { cpaVariants, playCpa, type CpaVariant } from './cpa.js';
import { clopperPearson, holm, nonCoinAdvantage, oneSidedPValue, signedAdvantage } from './stats.js';
import { strawmen } from './strawmen/index.js';
import { GameError, type GameRow, type ProgressFn, type Verdict } from './types.js';

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
/** Quick mode: the algebraic search skips views larger than this (a full run searches every view). */
export const QUICK_MAX_COLUMNS = 160;
/** Quick mode: the algebraic searches of one run stop starting once they have taken this long in all. */
export const QUICK_SEARCH_MS = 6_000;
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
  start: null | ((inst: SchemeInstance, rng: SeededRng) => Runner);
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

/** A row being played: resumable, so the scheduler can hand out trials in rounds. */
interface Runner {
  trials: number;
  wins: number;
  ms: number;
  /** Plays up to n more trials (fewer if `deadline` passes after the first). */
  step(n: number, deadline?: number): void;
  result(stoppedEarly: boolean): Omit<GameRow, 'backend' | 'seed' | 'ms' | 'scheme'>;
  advantage(): { advantage: number; ci95: [number, number] };
  /** CPA: whether only the coin has decided so far. */
  coinOnly?(): boolean;
}

/** A full run plays CPA rows in chunks of FULL_STEP and stops a row once it is settled (see `settled`). */
export const FULL_STEP = 25;
/** Coin-only rows play at least this many trials before they may settle. */
export const COIN_SETTLE_MIN = 100;

/**
 * A full run's sequential stop: a row is settled once it is decided (as in quick mode), or once it has played
 * COIN_SETTLE_MIN trials on which only the coin decided and its advantage interval is already conclusive (at most
 * CONCLUSIVE): under the non-coin test further coin flips cannot change its verdict.
 */
function settled(r: Runner): boolean {
  if (decided(r)) return true;
  return r.coinOnly?.() === true && r.trials >= COIN_SETTLE_MIN && r.advantage().ci95[1] <= CONCLUSIVE;
}

/** Early stopping: at least EARLY_MIN trials and the whole advantage interval above 0.5. */
function decided(r: Runner): boolean {
  return r.trials >= EARLY_MIN && r.advantage().ci95[0] > 0.5;
}

/** What the algebraic adversary needs beside the real instance: the scheme on dlog, and the real group's KDF tap. */
interface AlgebraicContext {
  /** The search's result per CPA variant (absent: not searched). */
  searches: Map<string, SearchResult>;
  tap: TappedGroup;
}

/** The row's `attack` field from a search and the trials that replayed it. */
export function attackReport(found: SearchResult, tally: AlgebraicTally, backend: string): AttackReport | null {
  const a = found.attack;
  if (!a || tally.used === 0 || tally.failed > 0) return null;
  return {
    words: a.words,
    replayedOn: backend,
    keys: a.keys.map((k) => ({
      info: k.info,
      terms: k.terms.map((t) => ({
        coef: t.coef[1] === 1n ? String(t.coef[0]) : `${t.coef[0]}/${t.coef[1]}`,
        monomial: t.monomial,
      })),
    })),
    columns: a.columns,
    rank: a.rank,
    runs: a.runs,
    replayedTrials: tally.used,
  };
}

/**
 * A CPA row the portfolio adversary broke on the real backend (a measured advantage above 0.5 whose interval excludes
 * 0, decided by a strategy other than the coin) carries that attack too: it was played on the real backend.
 */
function portfolioReport(
  top: [string, { used: number; wins: number }] | undefined,
  wins: number,
  trials: number,
  verdict: Verdict,
  backend: string,
): AttackReport | null {
  if (verdict !== 'broken' || !top || top[0] === 'coin') return null;
  return {
    words: `portfolio strategy '${top[0]}' decided ${top[1].used}/${trials} trials (${wins} wins)`,
    replayedOn: backend,
    keys: [],
    strategy: top[0],
  };
}

export function searchNote(found: SearchResult, tally: AlgebraicTally, backend: string): string {
  const s = found.stats;
  const size = `${s.columns} monomials, rank ${s.rank}, ${s.runs} dlog runs`;
  if (!found.attack) return `algebraic: ${s.reason} (${size})`;
  if (tally.failed > 0 || tally.used === 0)
    return `algebraic: a candidate found on dlog did NOT replay on ${backend} (${tally.failed} failed trials; ${size})`;
  return `algebraic: attack found on dlog and replayed on ${backend} in ${tally.used} trials (${size})`;
}

function planRows(
  scheme: Scheme,
  inst: SchemeInstance | null,
  game: GameSelector,
  early: boolean,
  tier: 0 | 1 | 2,
  ctx: AlgebraicContext,
): PlannedRow[] {
  const rows: PlannedRow[] = [];
  if (!inst) return rows;
  if (game === 'cpa' || game === 'all') {
    for (const variant of cpaVariants(inst)) {
      if (early && variant.endsWith('+firewall')) {
        rows.push({
          scheme,
          tier,
          game: 'cpa',
          variant,
          firewall: null,
          start: null,
          verdict: 'skipped',
          note: 'quick mode plays the CPA game through the firewalls only in the full run',
        });
        continue;
      }
      rows.push({
        scheme,
        tier,
        game: 'cpa',
        variant,
        firewall: null,
        start(inst, rng) {
          const t0 = performance.now();
          const found: SearchResult = ctx.searches.get(variant) ?? {
            attack: null,
            stats: { columns: 0, rank: 0, runs: 0, ms: 0, reason: 'the scheme does not run on the dlog group' },
          };
          const tally: AlgebraicTally = { used: 0, failed: 0 };
          const adversary = algebraicCpaAdversary(found.attack, portfolioAdversary(), tally);
          const byStrategy: Record<string, { used: number; wins: number }> = {};
          const r: Runner = {
            trials: 0,
            wins: 0,
            ms: performance.now() - t0 + found.stats.ms,
            advantage: () => {
              const nc = Object.entries(byStrategy).filter(([k]) => k !== 'coin');
              const d = nc.reduce((n, [, v]) => n + v.used, 0);
              return nonCoinAdvantage(
                nc.reduce((n, [, v]) => n + v.wins, 0),
                d,
                r.trials,
              );
            },
            coinOnly: () => Object.keys(byStrategy).every((k) => k === 'coin'),
            step(n, deadline) {
              const t0 = performance.now();
              const o = playCpa(inst, variant as CpaVariant, adversary, {
                trials: n,
                rng,
                deadline,
                firstTrial: r.trials,
                tap: ctx.tap,
              });
              for (const [k, v] of Object.entries(o.byStrategy)) {
                const x = (byStrategy[k] ??= { used: 0, wins: 0 });
                x.used += v.used;
                x.wins += v.wins;
              }
              r.trials += o.trials;
              r.wins += o.wins;
              r.ms += performance.now() - t0;
            },
            result(stoppedEarly) {
              const a = r.advantage();
              const top = Object.entries(byStrategy).sort((x, y) => y[1].used - x[1].used)[0];
              const nonCoin = Object.entries(byStrategy).filter(([k]) => k !== 'coin');
              const decidedN = nonCoin.reduce((n, [, v]) => n + v.used, 0);
              const decidedWins = nonCoin.reduce((n, [, v]) => n + v.wins, 0);
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
                decided: decidedN,
                decidedWins,
                pValue: oneSidedPValue(decidedWins, decidedN),
                attack:
                  attackReport(found, tally, ctx.tap.group.name) ??
                  portfolioReport(top, r.wins, r.trials, cpaVerdict(a.advantage, a.ci95), ctx.tap.group.name),
                algebraic: searchNote(found, tally, ctx.tap.group.name),
                note: stoppedEarly
                  ? r.coinOnly!()
                    ? 'stopped early: only the coin decided and the interval is conclusive'
                    : 'stopped early: decided'
                  : undefined,
              };
            },
          };
          return r;
        },
      });
    }
  }
  if (game === 'asa' || game === 'all') {
    for (const alg of asaAlgorithms(inst)) {
      for (const firewall of [false, true]) {
        const base = { scheme, tier, game: 'asa' as const, variant: alg, firewall };
        if (firewall && !scheme.capabilities.firewalls) {
          rows.push({ ...base, start: null, verdict: 'no-firewall', note: 'the scheme declares no reverse firewalls' });
          continue;
        }
        if (!firewall && early && tier !== 1) {
          // Quick mode: without firewalls every randomized algorithm leaks to a subverter; the full run measures it.
          rows.push({
            ...base,
            start: null,
            verdict: 'skipped',
            note: 'quick mode plays the unfirewalled ASA game only for schemes with firewalls',
          });
          continue;
        }
        if (firewall && !guarded(inst, alg)) {
          rows.push({ ...base, start: null, verdict: 'no-firewall', note: `no firewall of the scheme guards ${alg}` });
          continue;
        }
        rows.push({
          ...base,
          start(inst, rng) {
            const t0 = performance.now();
            const session = new AsaSession(inst, alg as AsaAlgorithm, { rng, firewall, checkFunctionality: 2 });
            const r: Runner = {
              trials: 0,
              wins: 0,
              ms: performance.now() - t0,
              advantage: () => signedAdvantage(r.wins, r.trials),
              step(n, deadline) {
                const t1 = performance.now();
                const o = session.play(n, deadline);
                r.trials += o.trials;
                r.wins += o.wins;
                r.ms += performance.now() - t1;
              },
              result(stoppedEarly) {
                const i = session.outcome();
                const a = r.advantage();
                return {
                  game: 'asa',
                  variant: alg,
                  firewall,
                  trials: r.trials,
                  wins: r.wins,
                  advantage: a.advantage,
                  ci95: a.ci95,
                  verdict: asaVerdict(a.advantage, a.ci95),
                  detail: `channel: ${i.channel}${i.randomized ? '' : ' (deterministic algorithm: nothing to bias)'}${i.firewallParty ? `; firewall ${i.firewallParty}` : ''}`,
                  functional: i.functional,
                  attack: null,
                  note: stoppedEarly ? 'stopped early: decided' : undefined,
                };
              },
            };
            return r;
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
  const selected = opts.list ?? selectSchemes(opts.schemes);
  const quick = opts.quick === true;
  const trials = opts.trials ?? (quick ? QUICK_TRIALS : DEFAULT_TRIALS);
  if (!Number.isInteger(trials) || trials < 1) throw new GameError(`trials must be a positive integer, got ${trials}`);
  const start = performance.now(); // the quick budget includes backend and instance set-up
  let searchMs = 0; // quick mode: time the algebraic searches have taken so far
  const tap = tapKdf(opts.group ?? (await createBackend(opts.backend ?? 'bls12-381')));
  const group = tap.group;
  const dlog: DlogGroup = createDlogGroup();
  const root = new SeededRng(opts.seed);
  const budget = opts.budgetMs ?? QUICK_BUDGET_MS;
  const tierOf = (s: Scheme): 0 | 1 | 2 => (strawmen.includes(s) ? 0 : s.capabilities.firewalls ? 1 : 2);
  // Quick mode plays tier by tier (instances are created when their tier starts); a full run is one pass in order.
  const tiers: Scheme[][] = quick ? [0, 1, 2].map((t) => selected.filter((s) => tierOf(s) === t)) : [selected];
  const tierEnd = [start + 0.15 * budget, start + 0.85 * budget, start + budget];
  const bySchemes = new Map<Scheme, GameRow[]>();
  const instances: SchemeInstance[] = [];
  const total = { planned: 0, done: 0 };
  const label = (p: PlannedRow) =>
    `${p.scheme.name} ${p.game} ${p.variant}${p.firewall === null ? '' : p.firewall ? ' +firewall' : ''}`;
  const staticRow = (p: PlannedRow, verdict: Verdict, note?: string, ms = 0): GameRow => ({
    scheme: p.scheme.name,
    game: p.game,
    variant: p.variant,
    firewall: p.firewall,
    trials: 0,
    wins: 0,
    advantage: null,
    ci95: null,
    verdict,
    attack: null,
    backend: group.name,
    seed: opts.seed,
    ms,
    note,
  });

  for (let ti = 0; ti < tiers.length; ti++) {
    const end = quick ? tierEnd[ti]! : undefined;
    const floor = quick && ti !== 2 ? QUICK_FLOOR : 1;
    const target = quick && ti !== 1 ? Math.min(trials, QUICK_SMOKE) : trials;
    const live: {
      plan: PlannedRow;
      runner: Runner;
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
      const searches = new Map<string, SearchResult>();
      if ((opts.game === 'cpa' || opts.game === 'all') && scheme.supports(dlog))
        for (const variant of cpaVariants(inst)) {
          if (quick && variant.endsWith('+firewall')) continue;
          if (quick && searchMs > QUICK_SEARCH_MS) {
            searches.set(variant, {
              attack: null,
              stats: {
                columns: 0,
                rank: 0,
                runs: 0,
                ms: 0,
                reason: `not searched: quick mode's ${QUICK_SEARCH_MS / 1000} s search budget is spent (the full run searches every view)`,
              },
            });
            continue;
          }
          const s0 = performance.now();
          const make = () => scheme.create({ group: dlog, precompute: false, params: scheme.defaultParams() });
          const rng = root.fork(`${scheme.name}/cpa/${variant}/algebraic`);
          try {
            const maxColumns = quick ? QUICK_MAX_COLUMNS : undefined;
            const found = await searchAttack(make, cpaSampler(variant), rng, { maxColumns, narrowOnly: quick });
            if (quick && found.stats.reason.startsWith('view too large'))
              found.stats.reason = `quick mode searches views of at most ${QUICK_MAX_COLUMNS} monomials (this one has ${found.stats.columns}); the full run searches it`;
            searches.set(variant, found);
            searchMs += performance.now() - s0;
          } catch (e) {
            searches.set(variant, {
              attack: null,
              stats: { columns: 0, rank: 0, runs: 0, ms: 0, reason: `search failed: ${(e as Error).message}` },
            });
          }
        }
      if (opts.game === 'scope' || (opts.game === 'all' && scheme.capabilities.scopedDelegation))
        out.push(await scopeRow(scheme, inst, dlog, tap, root, opts.seed, Math.min(trials, SCOPE_TRIALS)));
      for (const plan of planRows(scheme, inst, opts.game, quick, tierOf(scheme), { searches, tap })) {
        total.planned++;
        if (!plan.start) {
          out.push(staticRow(plan, plan.verdict ?? 'not-applicable', plan.note));
          total.done++;
          continue;
        }
        const rng = root.fork(`${plan.scheme.name}/${plan.game}/${plan.variant}/${plan.firewall}`);
        const index = out.length;
        out.push(staticRow(plan, 'error', 'not played'));
        try {
          live.push({ plan, runner: plan.start(inst, rng), out, index, stopped: false });
        } catch (e) {
          out[index] = staticRow(plan, 'error', (e as Error).message);
          total.done++;
        }
      }
    }
    // Rounds: every live row plays a chunk in turn, so cheap rows reach their target and expensive ones share the rest.
    // A full run plays each row to its target in one step.
    const active = () => live.filter((l) => !l.error && !l.stopped && l.runner.trials < target);
    let round = 0;
    for (;;) {
      const rows = active();
      if (rows.length === 0) break;
      const pastEnd = end !== undefined && performance.now() > end;
      let progressed = false;
      for (const l of rows) {
        const below = l.runner.trials < floor;
        if (pastEnd && !below) continue;
        const want = !quick
          ? l.runner.coinOnly
            ? FULL_STEP
            : target
          : below
            ? floor - l.runner.trials
            : round === 0 || l.runner.trials < EARLY_MIN
              ? EARLY_MIN - l.runner.trials
              : EARLY_STEP;
        const n = Math.max(1, Math.min(want, target - l.runner.trials));
        opts.onProgress?.(total.done, total.planned, label(l.plan));
        try {
          l.runner.step(n, below || !quick ? undefined : end);
          progressed = true;
        } catch (e) {
          l.error = (e as Error).message;
        }
        if (quick ? decided(l.runner) : settled(l.runner)) l.stopped = true;
      }
      round++;
      if (!progressed) break;
    }
    for (const l of live) {
      if (l.error) l.out[l.index] = staticRow(l.plan, 'error', l.error, Math.round(l.runner.ms));
      else
        l.out[l.index] = {
          scheme: l.plan.scheme.name,
          ...l.runner.result(l.stopped && l.runner.trials < target),
          backend: group.name,
          seed: opts.seed,
          ms: Math.round(l.runner.ms),
        };
      total.done++;
    }
  }
  opts.onProgress?.(total.done, total.planned, 'done');
  for (const inst of instances) inst.dispose?.();
  const rows = selected.flatMap((s) => bySchemes.get(s) ?? []);
  applyHolm(rows);
  return rows;
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

/** Trials of the delegation-scope game (each trial is decided by decryption; one failure already means no attack). */
export const SCOPE_TRIALS = 8;

async function scopeRow(
  scheme: Scheme,
  inst: SchemeInstance,
  dlog: DlogGroup,
  tap: TappedGroup,
  root: SeededRng,
  seed: string,
  trials: number,
): Promise<GameRow> {
  const base = {
    scheme: scheme.name,
    game: 'scope',
    variant: 'rk(R1) -> record R2',
    firewall: null,
    backend: tap.group.name,
    seed,
  };
  if (!scheme.capabilities.scopedDelegation || !inst.rekeygen || !inst.reencrypt)
    return {
      ...base,
      trials: 0,
      wins: 0,
      advantage: null,
      ci95: null,
      verdict: 'not-applicable',
      attack: null,
      ms: 0,
      note: 'the scheme does not claim scoped delegation',
    };
  const t0 = performance.now();
  const rng = root.fork(`${scheme.name}/scope`);
  const found: SearchResult = scheme.supports(dlog)
    ? await searchAttack(
        () => scheme.create({ group: dlog, precompute: false, params: scheme.defaultParams() }),
        scopeSampler,
        rng.fork('algebraic'),
      )
    : { attack: null, stats: { columns: 0, rank: 0, runs: 0, ms: 0, reason: 'the scheme does not run on dlog' } };
  const o = playScope(inst, trials, rng.fork('real'), found, tap);
  const wins = Math.max(o.directWins, o.algebraicWins);
  // No coin here: the advantage is the rate at which record R2 is recovered, so its interval is the win rate's.
  const ci = o.trials ? clopperPearson(wins, o.trials) : null;
  return {
    ...base,
    trials: o.trials,
    wins,
    advantage: o.trials ? wins / o.trials : null,
    ci95: ci ? [ci.lo, ci.hi] : null,
    verdict: o.attack ? 'broken' : 'no-attack-found',
    attack: o.attack,
    ms: Math.round(performance.now() - t0),
    note: o.note,
  };
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
