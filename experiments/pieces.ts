/**
 * The optional pieces other modules contribute to the report, each found by dynamic import when present: the
 * security games (proofs/games, `writeGamesResults`), the BAN verdicts (proofs/ban, `writeBanReport`) and Fig. 4
 * (scyther/fig4, `writeFig4`). Each writes into its own results subfolder; `reproduce` runs it in a child process
 * (experiments/pieces-worker.ts) with the subfolder inside the staging folder, so a failing or slow piece cannot
 * take the run down and a crash leaves the committed results alone.
 */
export interface PieceSpec {
  /** Short name, also the results subfolder. */
  name: string;
  title: string;
  /** Module paths to try, relative to the repository root, in order. */
  modules: string[];
  /** The exported writer: (outDir, opts) => Promise<unknown>. */
  exportName: string;
  /** Time limit in each mode (ms). */
  timeoutMs: { quick: number; full: number };
  /** Options passed to the writer after (outDir): the seed, and the piece's own time budget where it has one. */
  options: (quick: boolean, seed: string) => Record<string, unknown>;
}

export const PIECES: PieceSpec[] = [
  {
    name: 'ban',
    title: 'BAN logic verdicts',
    modules: ['proofs/ban/report.ts', 'proofs/ban/index.ts'],
    exportName: 'writeBanReport',
    timeoutMs: { quick: 15_000, full: 60_000 },
    options: () => ({}),
  },
  {
    name: 'fig4',
    title: 'Fig. 4: Scyther verification results',
    modules: ['scyther/fig4/index.ts', 'scyther/fig4/fig4.ts', 'scyther/fig4/write.ts'],
    exportName: 'writeFig4',
    timeoutMs: { quick: 20_000, full: 60_000 },
    options: (quick, seed) => ({ quick, seed }),
  },
  {
    name: 'games',
    title: 'Security games (IND-CPA, ASA with and without reverse firewalls)',
    modules: ['proofs/games/index.ts', 'proofs/games/results.ts', 'proofs/games/write.ts', 'proofs/games/report.ts'],
    exportName: 'writeGamesResults',
    timeoutMs: { quick: 28_000, full: 75_000 },
    // The games' own quick mode plays within a wall-clock budget; reproduce gives it a small one in a quick run
    // (wider intervals) and a larger one in a full run, so the whole run keeps its time bar.
    options: (quick, seed) => ({ quick: true, budgetMs: quick ? 7_000 : 45_000, seed }),
  },
];

export interface PieceJob {
  piece: string;
  outDir: string;
  quick: boolean;
  seed: string;
}

export interface PieceResult {
  piece: string;
  present: boolean;
  /** Which module supplied it, or why it is missing. */
  detail: string;
  /** Files written, relative to outDir. */
  files: string[];
  /** Whatever the writer returned, if it is JSON-serializable (for the report). */
  returned?: unknown;
}
