/**
 * The games as values: each `Game` says which rows it plays on a scheme (`rows`, from declared capabilities only) and
 * how to play one (`play`: set-up, its own algebraic search included, then a resumable `Runner`). The scheduler
 * (run.ts) owns everything about time: quick mode's tiers and budgets, the full run's chunks and stopping rules, and
 * which thread plays what. A game never looks at the clock except through the deadline the scheduler hands it.
 *
 * Rows whose trials are independent given their index (the ASA game) also say how disjoint trial ranges of one row
 * add up (`merge`), so the scheduler may play a long row in pieces on several threads with the same result.
 */
import type { DlogGroup } from '../../core/groups/dlog.js';
import { SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../core/types.js';
import { portfolioAdversary } from './adversary.js';
import { searchAttack, type SearchResult } from './algebraic.js';
import { asaAlgorithms, AsaSession, findFirewall, type AsaAlgorithm } from './asa.js';
import { algebraicCpaAdversary, cpaSampler, type AlgebraicTally } from './cpa-algebraic.js';
import { cpaVariants, playCpa, type CpaVariant } from './cpa.js';
import type { TappedGroup } from './instrument.js';
import { playScope, scopeSampler } from './scope.js';
import { clopperPearson, nonCoinAdvantage, oneSidedPValue, signedAdvantage } from './stats.js';
import type { AttackReport, GameRow, Verdict } from './types.js';

export type GameName = 'cpa' | 'asa' | 'scope';

/** One row a game plays on a scheme; `verdict` set means nothing to play (the row is reported as is). */
export interface RowPlan {
  game: GameName;
  variant: string;
  firewall: boolean | null;
  verdict?: Verdict;
  note?: string;
}

/** What a row is played with: the scheme's instance on the real backend (KDF tapped) and the dlog instrument. */
export interface RowContext {
  scheme: Scheme;
  inst: SchemeInstance;
  tap: TappedGroup;
  dlog: DlogGroup;
  /** SeededRng(seed): each row forks its own streams from it by label. */
  root: SeededRng;
  quick: boolean;
  /** The row's trial target (the scope game plays at most SCOPE_TRIALS of it). */
  trials: number;
  /** Quick mode: the algebraic searches' shared budget (ms spent so far, ms allowed). */
  searchBudget?: { spentMs: number; limitMs: number; maxColumns: number };
}

/** What `result` gives: a row without the fields the scheduler fills in. */
export type RowResult = Omit<GameRow, 'backend' | 'seed' | 'ms' | 'scheme'>;

/** A row being played: resumable, so the scheduler can hand out trials in rounds or in ranges. */
export interface Runner {
  trials: number;
  wins: number;
  ms: number;
  /** Plays up to n more trials (fewer if `deadline` passes after the first). */
  step(n: number, deadline?: number): void;
  result(stoppedEarly: boolean): RowResult;
  advantage(): { advantage: number; ci95: [number, number] };
  /** CPA: whether only the coin has decided so far. */
  coinOnly?(): boolean;
}

export interface Game {
  name: GameName;
  /** The rows this game plays on `scheme` (instance `inst`), planned from declared capabilities. */
  rows(scheme: Scheme, inst: SchemeInstance, mode: { quick: boolean; tier: 0 | 1 | 2 }): RowPlan[];
  /** Sets a row up; its trials are numbered from `firstTrial` (only games with `merge` accept one above 0). */
  play(ctx: RowContext, plan: RowPlan, firstTrial?: number): Promise<Runner>;
  /** Adds up results of disjoint trial ranges of one row (games whose trials depend only on their index). */
  merge?(parts: RowResult[]): RowResult;
  /** The trials a row plays for a run's per-row target (default: the target). */
  target?(trials: number): number;
}

/** An interval that contains 0 is conclusive ("nothing found") only if it also excludes advantages above this. */
export const CONCLUSIVE = 0.3;

export function cpaVerdict(adv: number, [lo, hi]: [number, number]): Verdict {
  if (lo > 0 && adv > 0.5) return 'broken';
  if (lo > 0) return 'suspicious';
  return hi <= CONCLUSIVE ? 'no-attack-found' : 'inconclusive';
}

export function asaVerdict(adv: number, [lo, hi]: [number, number]): Verdict {
  if (lo > 0 && adv > 0.5) return 'leaks';
  if (lo > 0) return 'suspicious';
  return hi <= CONCLUSIVE ? 'no-leak-found' : 'inconclusive';
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
  if (!found.attack) return `algebraic: ${s.reason}`.concat(` (${size})`);
  if (tally.failed > 0 || tally.used === 0)
    return `algebraic: a candidate found on dlog did NOT replay on ${backend} (${tally.failed} failed trials; ${size})`;
  return `algebraic: attack found on dlog and replayed on ${backend} in ${tally.used} trials (${size})`;
}

const noSearch = (reason: string): SearchResult => ({
  attack: null,
  stats: { columns: 0, rank: 0, runs: 0, ms: 0, reason },
});

/** The algebraic search for one CPA variant (quick mode: narrowed, size-capped and within the run's budget). */
async function cpaSearch(ctx: RowContext, variant: string): Promise<SearchResult> {
  const { scheme, dlog, quick } = ctx;
  if (!scheme.supports(dlog)) return noSearch('the scheme does not run on the dlog group');
  const b = ctx.searchBudget;
  if (quick && b && b.spentMs > b.limitMs)
    return noSearch(
      `not searched: quick mode's ${b.limitMs / 1000} s search budget is spent (the full run searches every view)`,
    );
  const s0 = performance.now();
  const make = () => scheme.create({ group: dlog, precompute: false, params: scheme.defaultParams() });
  const rng = ctx.root.fork(`${scheme.name}/cpa/${variant}/algebraic`);
  try {
    const maxColumns = quick ? b?.maxColumns : undefined;
    const found = await searchAttack(make, cpaSampler(variant as CpaVariant), rng, { maxColumns, narrowOnly: quick });
    if (quick && maxColumns !== undefined && found.stats.reason.startsWith('view too large'))
      found.stats.reason = `quick mode searches views of at most ${maxColumns} monomials (this one has ${found.stats.columns}); the full run searches it`;
    if (b) b.spentMs += performance.now() - s0;
    return found;
  } catch (e) {
    return noSearch(`search failed: ${(e as Error).message}`);
  }
}

/** The row's own randomness: SeededRng(seed).fork(label), the same whichever thread plays it. */
function rowRng(ctx: RowContext, plan: RowPlan): SeededRng {
  return ctx.root.fork(`${ctx.scheme.name}/${plan.game}/${plan.variant}/${plan.firewall}`);
}

/** IND-CPA (PRE original / re-encrypted, through the firewalls too; selective CP-ABE): cpa.ts. */
export const cpaGame: Game = {
  name: 'cpa',
  rows(_scheme, inst, { quick }) {
    return cpaVariants(inst).map((variant) =>
      quick && variant.endsWith('+firewall')
        ? {
            game: 'cpa',
            variant,
            firewall: null,
            verdict: 'skipped',
            note: 'quick mode plays the CPA game through the firewalls only in the full run',
          }
        : { game: 'cpa', variant, firewall: null },
    );
  },
  async play(ctx, plan, firstTrial = 0) {
    if (firstTrial !== 0) throw new Error('CPA rows are played from their first trial (sequential stopping)');
    const variant = plan.variant as CpaVariant;
    const found = await cpaSearch(ctx, variant);
    const t0 = performance.now();
    const { inst, tap } = ctx;
    const rng = rowRng(ctx, plan);
    const tally: AlgebraicTally = { used: 0, failed: 0 };
    const adversary = algebraicCpaAdversary(found.attack, portfolioAdversary(), tally);
    const byStrategy: Record<string, { used: number; wins: number }> = {};
    const backend = tap.group.name;
    const r: Runner = {
      trials: 0,
      wins: 0,
      ms: performance.now() - t0,
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
        const t1 = performance.now();
        const o = playCpa(inst, variant, adversary, { trials: n, rng, deadline, firstTrial: r.trials, tap });
        for (const [k, v] of Object.entries(o.byStrategy)) {
          const x = (byStrategy[k] ??= { used: 0, wins: 0 });
          x.used += v.used;
          x.wins += v.wins;
        }
        r.trials += o.trials;
        r.wins += o.wins;
        r.ms += performance.now() - t1;
      },
      result(stoppedEarly) {
        const a = r.advantage();
        const top = Object.entries(byStrategy).sort((x, y) => y[1].used - x[1].used)[0];
        const nonCoin = Object.entries(byStrategy).filter(([k]) => k !== 'coin');
        const decidedN = nonCoin.reduce((n, [, v]) => n + v.used, 0);
        const decidedWins = nonCoin.reduce((n, [, v]) => n + v.wins, 0);
        const verdict = cpaVerdict(a.advantage, a.ci95);
        return {
          game: variant === 'policy' ? 'cpa-selective' : 'cpa',
          variant,
          firewall: null,
          trials: r.trials,
          wins: r.wins,
          advantage: a.advantage,
          ci95: a.ci95,
          verdict,
          detail: top ? `${top[0]} decided ${top[1].used}/${r.trials}` : undefined,
          decided: decidedN,
          decidedWins,
          pValue: oneSidedPValue(decidedWins, decidedN),
          attack: attackReport(found, tally, backend) ?? portfolioReport(top, r.wins, r.trials, verdict, backend),
          algebraic: searchNote(found, tally, backend),
          note: stoppedEarly
            ? r.coinOnly!()
              ? 'stopped early: only the coin decided and the interval is conclusive'
              : 'stopped early: decided'
            : undefined,
        };
      },
    };
    // The search is part of the row's cost.
    r.ms += found.stats.ms;
    return r;
  },
};

function guarded(inst: SchemeInstance, alg: AsaAlgorithm): boolean {
  const hook = (
    {
      keygen: 'keygen',
      encrypt: 'encrypt',
      rekeygen: 'rekeygen',
      'rekeygen-foreign': 'rekeygen',
      reencrypt: 'reencrypt',
    } as const
  )[alg];
  return findFirewall(inst, [hook], new SeededRng('probe-firewall')) !== null;
}

/** The ASA game with and without the scheme's reverse firewalls, per substitutable algorithm: asa.ts. */
export const asaGame: Game = {
  name: 'asa',
  rows(scheme, inst, { quick, tier }) {
    const rows: RowPlan[] = [];
    for (const alg of asaAlgorithms(inst))
      for (const firewall of [false, true]) {
        const base = { game: 'asa' as const, variant: alg, firewall };
        if (firewall && !scheme.capabilities.firewalls)
          rows.push({ ...base, verdict: 'no-firewall', note: 'the scheme declares no reverse firewalls' });
        else if (!firewall && quick && tier !== 1)
          // Quick mode: without firewalls every randomized algorithm leaks to a subverter; the full run measures it.
          rows.push({
            ...base,
            verdict: 'skipped',
            note: 'quick mode plays the unfirewalled ASA game only for schemes with firewalls',
          });
        else if (alg === 'rekeygen-foreign' && !inst.foreignKeygen)
          rows.push({
            ...base,
            verdict: 'not-applicable',
            note: 'the scheme declares foreignDelegatee, but its instance offers no foreignKeygen to make such a delegatee',
          });
        else if (firewall && !guarded(inst, alg))
          rows.push({ ...base, verdict: 'no-firewall', note: `no firewall of the scheme guards ${alg}` });
        else rows.push(base);
      }
    return rows;
  },
  async play(ctx, plan, firstTrial = 0) {
    const t0 = performance.now();
    const alg = plan.variant as AsaAlgorithm;
    const firewall = plan.firewall === true;
    const session = new AsaSession(ctx.inst, alg, {
      rng: rowRng(ctx, plan),
      firewall,
      checkFunctionality: 2,
      firstTrial,
    });
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
  merge(parts) {
    const first = parts[0]!;
    const trials = parts.reduce((n, p) => n + p.trials, 0);
    const wins = parts.reduce((n, p) => n + p.wins, 0);
    const checked = parts.map((p) => p.functional).filter((f): f is boolean => f !== null && f !== undefined);
    const a = signedAdvantage(wins, trials);
    return {
      ...first,
      trials,
      wins,
      advantage: a.advantage,
      ci95: a.ci95,
      verdict: asaVerdict(a.advantage, a.ci95),
      functional: checked.length ? checked.every(Boolean) : null,
    };
  },
};

/** Trials of the delegation-scope game (each trial is decided by decryption; one failure already means no attack). */
export const SCOPE_TRIALS = 8;

/** The delegation-scope game (rk for record R1 against record R2): scope.ts. Played once, as one piece. */
export const scopeGame: Game = {
  name: 'scope',
  target: (trials) => Math.min(trials, SCOPE_TRIALS),
  rows(scheme, inst) {
    const base = { game: 'scope' as const, variant: 'rk(R1) -> record R2', firewall: null };
    return scheme.capabilities.scopedDelegation && inst.rekeygen && inst.reencrypt
      ? [base]
      : [{ ...base, verdict: 'not-applicable', note: 'the scheme does not claim scoped delegation' }];
  },
  async play(ctx, _plan, firstTrial = 0) {
    if (firstTrial !== 0) throw new Error('the scope row is played in one piece');
    const { scheme, inst, tap, dlog } = ctx;
    const t0 = performance.now();
    const rng = ctx.root.fork(`${scheme.name}/scope`);
    const found: SearchResult = scheme.supports(dlog)
      ? await searchAttack(
          () => scheme.create({ group: dlog, precompute: false, params: scheme.defaultParams() }),
          scopeSampler,
          rng.fork('algebraic'),
        )
      : noSearch('the scheme does not run on dlog');
    let out: RowResult | null = null;
    const r: Runner = {
      trials: 0,
      wins: 0,
      ms: performance.now() - t0,
      advantage: () => {
        const ci = r.trials ? clopperPearson(r.wins, r.trials) : { lo: 0, hi: 1 };
        return { advantage: r.trials ? r.wins / r.trials : 0, ci95: [ci.lo, ci.hi] };
      },
      step(n) {
        if (out) return;
        const t1 = performance.now();
        const o = playScope(inst, Math.min(n, SCOPE_TRIALS), rng.fork('real'), found, tap);
        // No coin here: the advantage is the rate at which record R2 is recovered, so its interval is the win rate's.
        r.trials = o.trials;
        r.wins = Math.max(o.directWins, o.algebraicWins);
        const ci = o.trials ? clopperPearson(r.wins, o.trials) : null;
        out = {
          game: 'scope',
          variant: 'rk(R1) -> record R2',
          firewall: null,
          trials: o.trials,
          wins: r.wins,
          advantage: o.trials ? r.wins / o.trials : null,
          ci95: ci ? [ci.lo, ci.hi] : null,
          verdict: o.attack ? 'broken' : 'no-attack-found',
          attack: o.attack,
          note: o.note,
        };
        r.ms += performance.now() - t1;
      },
      result() {
        if (!out) throw new Error('the scope row was not played');
        return out;
      },
    };
    return r;
  },
};

/** Every game, in the order a scheme's rows are reported. */
export const games: readonly Game[] = [scopeGame, cpaGame, asaGame];
