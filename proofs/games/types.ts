/**
 * What every game reports: one row per (scheme, game, variant, firewall setting), in the shape the CLI prints with
 * `--json` and `writeGamesResults` stores for the experiments issue to plot.
 */
import { MedexError } from '../../core/errors.js';

/**
 * - broken / leaks: the adversary or extractor wins measurably (advantage > 0.5 and the interval excludes 0).
 * - suspicious: the interval excludes 0 but the advantage is at most 0.5; rerun with more trials.
 * - no-attack-found / no-leak-found: the interval contains 0 and excludes advantages above CONCLUSIVE (0.3). This is
 *   evidence about *these* adversaries only, not a proof of security; the strawmen show what the adversaries find.
 * - inconclusive: the interval contains 0 but also large advantages: too few trials to say anything.
 * - skipped: not played in this (quick) run; the full run plays it.
 * - no-firewall: the scheme declares no reverse firewalls, so the firewalled ASA game cannot be played.
 * - not-applicable: the scheme has no such algorithm (e.g. no re-encryption).
 * - error: the game itself failed (message in `note`).
 */
export type Verdict =
  | 'broken'
  | 'leaks'
  | 'suspicious'
  | 'no-attack-found'
  | 'no-leak-found'
  | 'inconclusive'
  | 'skipped'
  | 'no-firewall'
  | 'not-applicable'
  | 'error';

export interface GameRow {
  scheme: string;
  /** 'cpa' for IND-CPA (PRE) or 'cpa-selective' (CP-ABE); 'asa' for the algorithm-substitution game. */
  game: string;
  /** CPA: 'original' or 'reencrypted' challenge (PRE), 'policy' (CP-ABE). ASA: the substituted algorithm. */
  variant: string;
  /** ASA: played with the scheme's reverse firewalls or not. Null for CPA. */
  firewall: boolean | null;
  trials: number;
  wins: number;
  /** CPA: |2 Pr[win] - 1|. ASA: 2 Pr[bit recovered] - 1. Null when no trial was played. */
  advantage: number | null;
  /** 95% interval for the advantage (Clopper-Pearson on the win rate). Null when no trial was played. */
  ci95: [number, number] | null;
  verdict: Verdict;
  /** Which adversary strategy won most often (CPA) or which channel the subverter used (ASA). */
  detail?: string;
  /** ASA: whether the subverted algorithm's (firewalled) output still worked end to end, checked on sampled trials. */
  functional?: boolean | null;
  /**
   * The algebraic adversary's attack on this row, replayed on `replayedOn` (a real backend), or null: no attack of
   * degree 2 in this view (never read as "secure"), or the game has no algebraic adversary.
   */
  attack: AttackReport | null;
  /** CPA: trials decided by a strategy other than the coin, and how many of those it won. */
  decided?: number;
  decidedWins?: number;
  /** CPA: one-sided p-value of "the non-coin decisions win more than half" (exact binomial). */
  pValue?: number;
  /** CPA: whether Holm's correction across this run's CPA rows rejects "no advantage" for this row. */
  holmRejected?: boolean;
  /** What the algebraic search did (system size, runs, time) and what it found, in words. */
  algebraic?: string;
  backend: string;
  seed: string;
  ms: number;
  note?: string;
}

/** Bad game configuration (unknown game, no trials) or a game that cannot be set up. */
export class GameError extends MedexError {
  constructor(detail: string) {
    super('game', detail);
  }
}

/** Progress of a run: `done` of `total` rows, the row being played. */
export type ProgressFn = (done: number, total: number, label: string) => void;

/** An algebraic attack as a row reports it. */
export interface AttackReport {
  /** Which elements, which coefficients. */
  words: string;
  /** The real backend on which the attack decrypted the challenge. */
  replayedOn: string;
  keys: { info: string; terms: { coef: string; monomial: string }[] }[];
  /** Size of the linear system (distinct monomials), its rank, and the dlog runs it took. */
  columns?: number;
  rank?: number;
  runs?: number;
  /** Trials of the real game decided by the attack. */
  replayedTrials?: number;
  /** Free-form detail (e.g. the strategy of a non-algebraic attack). */
  strategy?: string;
}
