/**
 * The pieces other modules contribute to the report: the BAN verdicts (proofs/ban), Fig. 4's Scyther verdicts
 * (scyther/fig4) and the security games (proofs/games). Each writer is imported through this typed static map, so the
 * type checker sees every module and export it names. Each writes into its own results subfolder; `reproduce` runs it
 * in a child process (experiments/pieces-worker.ts) with the subfolder inside the staging folder, so a failing or slow
 * piece cannot take the run down and a crash leaves the committed results alone.
 */
import { availableParallelism } from 'node:os';

/** What every piece's writer is called as: (its results subfolder, its options) -> a JSON-able summary. */
export type PieceWriter = (outDir: string, options: PieceOptions) => unknown;

export type PieceOptions = {
  quick: boolean;
  seed: string;
  /** The piece's own time budget (ms), where it has one. */
  budgetMs?: number;
  /** Worker threads the piece may use (the games' full run). */
  workers?: number;
};

export interface PieceSpec {
  title: string;
  /** Loads the writer (a static import, so a renamed module or export fails the type check, not the run). */
  load: () => Promise<PieceWriter>;
  /** Time limit in each mode (ms). */
  timeoutMs: { quick: number; full: number };
  /** The writer's options in each mode. */
  options: (quick: boolean, seed: string) => PieceOptions;
}

export const PIECES = {
  ban: {
    title: 'BAN logic verdicts',
    load: async () => (await import('../proofs/ban/report.js')).writeBanReport,
    timeoutMs: { quick: 15_000, full: 60_000 },
    options: (quick, seed) => ({ quick, seed }),
  },
  fig4: {
    title: 'Fig. 4: Scyther verification results',
    load: async () => (await import('../scyther/fig4/index.js')).writeFig4,
    timeoutMs: { quick: 20_000, full: 60_000 },
    options: (quick, seed) => ({ quick, seed }),
  },
  games: {
    title: 'Security games (IND-CPA, ASA with and without reverse firewalls)',
    load: async () => (await import('../proofs/games/results.js')).writeGamesResults,
    timeoutMs: { quick: 28_000, full: 480_000 },
    // A quick run plays the games' own time-boxed quick mode (7 s of play, wider intervals, a narrowed algebraic
    // search) to keep its time bar; a full run plays every row in full (about 3 minutes on 2 idle cores), since a
    // full run's security rows are the ones a reader takes as evidence. A full run plays on one worker thread per core
    // (rows are the same whatever the number of workers; proofs/games/test/workers.test.ts); the quick mode's budget
    // is wall-clock time, so it stays on one thread.
    options: (quick, seed) => ({
      quick,
      ...(quick ? { budgetMs: 7_000 } : { workers: availableParallelism() }),
      seed,
    }),
  },
} satisfies Record<string, PieceSpec>;

export type PieceName = keyof typeof PIECES;
export const PIECE_NAMES = Object.keys(PIECES) as PieceName[];

export function isPieceName(s: string): s is PieceName {
  return Object.hasOwn(PIECES, s);
}

export interface PieceJob {
  piece: PieceName;
  outDir: string;
  quick: boolean;
  seed: string;
}

export interface PieceResult {
  piece: PieceName;
  present: boolean;
  /** Which writer supplied it, or why it is missing. */
  detail: string;
  /** Files written, relative to outDir. */
  files: string[];
  /** Whatever the writer returned, if it is JSON-serializable (for the report). */
  returned?: unknown;
}
