/**
 * Stores game rows for the experiments issue to plot: `games.json` (the rows, plus how they were produced) and
 * `games.csv` (one line per row, ci95 split into two columns) in the given directory (results/games/ by default).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv, type CsvValue } from '../../core/csv.js';
import { runGames, type RunOptions } from './run.js';
import type { GameRow } from './types.js';

export const CSV_COLUMNS = [
  'scheme',
  'game',
  'variant',
  'firewall',
  'trials',
  'wins',
  'advantage',
  'ci95_lo',
  'ci95_hi',
  'verdict',
  'detail',
  'functional',
  'backend',
  'seed',
  'ms',
  'note',
] as const;

export function rowsToCsv(rows: GameRow[]): string {
  // six decimals are plenty for an advantage and its interval; the rest would be noise in the file
  const cell = (v: unknown): CsvValue =>
    v === undefined || v === null
      ? null
      : typeof v === 'number'
        ? !Number.isFinite(v)
          ? null
          : Number.isInteger(v)
            ? v
            : Number(v.toFixed(6))
        : typeof v === 'boolean'
          ? v
          : String(v);
  return toCsv(
    rows.map((r) => {
      const rec: Record<string, unknown> = { ...r, ci95_lo: r.ci95?.[0] ?? null, ci95_hi: r.ci95?.[1] ?? null };
      return Object.fromEntries(CSV_COLUMNS.map((c) => [c, cell(rec[c])]));
    }),
    CSV_COLUMNS,
  );
}

export interface WriteGamesOptions extends Partial<RunOptions> {
  /** Rows already played (then nothing is run). */
  rows?: GameRow[];
}

/**
 * Plays the games (all schemes and games by default, seed 'medexchain-games') unless `rows` are given, and writes
 * games.json and games.csv into `outDir`. Returns the rows and the files written.
 */
export async function writeGamesResults(
  outDir: string,
  opts: WriteGamesOptions = {},
): Promise<{ rows: GameRow[]; files: string[] }> {
  const seed = opts.seed ?? 'medexchain-games';
  const rows =
    opts.rows ??
    (await runGames({ schemes: opts.schemes ?? 'all', game: opts.game ?? 'all', seed, ...opts } as RunOptions));
  mkdirSync(outDir, { recursive: true });
  const json = join(outDir, 'games.json');
  const csv = join(outDir, 'games.csv');
  const meta = {
    generated: new Date().toISOString(),
    seed,
    quick: opts.quick === true,
    interval: 'Clopper-Pearson 95% on the win rate, mapped to the advantage',
    advantage: { cpa: '|2 Pr[win] - 1|', asa: '2 Pr[bit recovered] - 1' },
  };
  writeFileSync(json, JSON.stringify({ meta, rows }, null, 2) + '\n');
  writeFileSync(csv, rowsToCsv(rows));
  return { rows, files: [json, csv] };
}
