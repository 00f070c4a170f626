/**
 * Step 2 of `reproduce`: from what the schedule produced (one WorkerResult per measured backend, and the pieces'
 * folders) to every table of the run, written as CSV and JSON, and gathered in one `RunTables` value that the
 * figures (experiments/figures/) and the report (experiments/report.ts) read. The row derivations themselves are
 * pure functions in experiments/analysis/.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scheme } from '../core/types.js';
import { type Fig4Recording } from '../scyther/fig4/index.js';
import { banRowsFromDir } from './analysis/ban.js';
import { gamesRowsFromDir } from './analysis/games.js';
import { isPaperSubject } from './analysis/paper.js';
import {
  ABLATION_COLUMNS,
  COMM_COLUMNS,
  COMPUTE_COLUMNS,
  GAP_COLUMNS,
  RANK_COLUMNS,
  SCALE_COLUMNS,
  THEORY_COLUMNS,
  UNIT_COLUMNS,
  ablationRows,
  commRows,
  computeRows,
  modelGapRows,
  pickUnitCostSource,
  rankingRows,
  scalabilityRows,
  theoryRows,
  unitCostRows,
  type UnitCostSource,
} from './analysis/tables.js';
import type { ResultsTransaction } from './lib/atomic.js';
import type { CsvRow } from '../core/csv.js';
import type { WorkerResult } from './measure/types.js';
import type { PieceName, PieceResult } from './pieces.js';

export const GAMES_COLUMNS = ['scheme', 'game', 'firewall', 'advantage', 'lo', 'hi', 'trials'];

/** Everything the figures and the report read. */
export interface RunTables {
  quick: boolean;
  schemes: Scheme[];
  /** The scheme the paper's headline numbers are attached to, if one is registered. */
  subject?: Scheme;
  workers: WorkerResult[];
  compute: CsvRow[];
  comm: CsvRow[];
  units: CsvRow[];
  /** Where the theoretical comparison's unit costs come from. */
  src: UnitCostSource | null;
  theory: CsvRow[];
  scale: CsvRow[];
  /** The backend the sweeps ran on. */
  sweepBackend?: string;
  ablation: CsvRow[];
  /** Rankings from the interleaved rounds, with paired bootstrap ties and equal-security labels. */
  rankings: CsvRow[];
  /** Per algorithm: measured against counted (cold unit costs). */
  gaps: CsvRow[];
  games: CsvRow[];
  /** The games rows are the committed ones (the piece did not run or failed). */
  gamesFromPrevious: boolean;
  ban: CsvRow[];
  banFromRun: boolean;
  /** Fig. 4's recording as its piece wrote it in this run. */
  fig4?: Fig4Recording & { caption: string; source: string };
  /** Relative paths of the data files written (CSV and JSON). */
  written: string[];
}

async function readFig4(dir: string): Promise<RunTables['fig4']> {
  try {
    return JSON.parse(await readFile(join(dir, 'fig4.json'), 'utf8')) as RunTables['fig4'];
  } catch {
    return undefined;
  }
}

/** Derives every table, writes each as CSV and JSON under data/, and returns them. */
export async function buildTables(
  tx: ResultsTransaction,
  o: { quick: boolean; schemes: Scheme[]; workers: WorkerResult[]; pieces: PieceResult[]; notes: string[] },
): Promise<RunTables> {
  const { schemes, workers } = o;
  const written: string[] = [];
  const table = async (base: string, rows: CsvRow[], cols: string[]) => {
    await tx.writeTable(base, rows, cols);
    written.push(`${base}.csv`, `${base}.json`);
  };
  const ran = (name: PieceName) => o.pieces.some((p) => p.piece === name && p.present);

  const compute = computeRows(workers);
  await table('data/compute', compute, COMPUTE_COLUMNS);
  const comm = commRows(schemes, workers);
  await table('data/communication', comm, COMM_COLUMNS);
  const units = unitCostRows(workers);
  await table('data/unit-costs', units, UNIT_COLUMNS);
  const src = pickUnitCostSource(workers);
  const theory = src ? theoryRows(schemes, src) : [];
  await table('data/theory-80bit', theory, THEORY_COLUMNS);
  const scale = scalabilityRows(schemes, workers);
  await table('data/scalability', scale, SCALE_COLUMNS);
  const ablation = ablationRows(schemes, workers);
  await table('data/ablation', ablation, ABLATION_COLUMNS);
  const rankings = rankingRows(workers);
  await table('data/rankings', rankings, RANK_COLUMNS);
  const gaps = modelGapRows(workers);
  await table('data/model-gaps', gaps, GAP_COLUMNS);

  // Games: from this run if the piece ran; otherwise the committed results/games/ (kept untouched), labelled so.
  let games = ran('games') ? await gamesRowsFromDir(join(tx.staging, 'games')) : [];
  let gamesFromPrevious = false;
  if (games.length === 0) {
    games = await gamesRowsFromDir(join(tx.root, 'games'));
    gamesFromPrevious = games.length > 0;
    if (gamesFromPrevious)
      o.notes.push('security games not regenerated in this run: the games figure uses the committed results/games/');
  }
  if (games.length) await table('data/games', games, GAMES_COLUMNS);

  // BAN verdicts: this run's if the piece ran, else the committed results/ban/
  const banFromRun = ran('ban');
  const ban = await banRowsFromDir(join(banFromRun ? tx.staging : tx.root, 'ban'));

  const sweepBackend = workers.find((w) => w.job.sweep)?.backend.name ?? workers[0]?.backend.name;
  return {
    quick: o.quick,
    schemes,
    subject: schemes.find(isPaperSubject),
    workers,
    compute,
    comm,
    units,
    src,
    theory,
    scale,
    sweepBackend,
    ablation,
    rankings,
    gaps,
    games,
    gamesFromPrevious,
    ban,
    banFromRun,
    fig4: ran('fig4') ? await readFig4(join(tx.staging, 'fig4')) : undefined,
    written,
  };
}
