/**
 * `reproduce`: regenerates every figure and table of the evaluation into the results folder, atomically, in four
 * steps, each in its own module:
 *
 *  1. schedule (experiments/schedule.ts): one child process per backend measures unit costs and repeated stories of
 *     every registered scheme, and one child per piece (BAN, Fig. 4, games) writes its own results;
 *  2. tables (experiments/tables.ts): every table derived and written as CSV and JSON;
 *  3. figures (experiments/figures/, one file per figure, listed in figures/index.ts): each drawn to SVG and PNG;
 *  4. report (experiments/report.ts): report.md and data/run.json.
 *
 * Everything is written into a staging folder and moved into place only at the end (experiments/lib/atomic.ts).
 * Schemes and backends come from the registries; nothing here depends on a scheme's name.
 */
import { backends as registeredBackends, instruments } from '../registry/backends.js';
import { schemes as allSchemes } from '../registry/schemes.js';
import type { Scheme } from '../core/types.js';
import { FIGURES } from './figures/index.js';
import { renderToStrings } from './figures/render.js';
import { ResultsTransaction } from './lib/atomic.js';
import { machineInfo, packageVersions } from './lib/machine.js';
import { createProgress } from './lib/progress.js';
import { UNIT_COST_METHOD } from './measure/unitcosts.js';
import { FLOW_METHOD } from './measure/stories.js';
import { PIECE_NAMES, PIECES } from './pieces.js';
import {
  headlineRows,
  renderReport,
  reportTables,
  type BackendStatus,
  type FigureEntry,
  type HeadlineRow,
  type PieceStatus,
  type ReportInput,
} from './report.js';
import { planBackends, runSchedule, workPerBackend } from './schedule.js';
import { buildTables } from './tables.js';

export interface ReproduceOptions {
  quick: boolean;
  seed: string;
  /** The results folder. */
  out: string;
  /** Restrict to these backends / schemes (registry names); all if absent. A test instrument is measured only here. */
  backends?: string[];
  schemes?: string[];
  /** Run the pieces (games, BAN, Fig. 4). Default true. */
  pieces?: boolean;
  commandLine: string;
  /** No progress on stderr (a bar on a terminal, one line per finished piece elsewhere). */
  quiet?: boolean;
  /** Processes at a time. */
  concurrency?: number;
}

export interface ReproduceSummary {
  out: string;
  elapsedS: number;
  written: string[];
  figures: string[];
  backends: BackendStatus[];
  pieces: PieceStatus[];
  headline: HeadlineRow[];
  notes: string[];
}

export async function reproduce(o: ReproduceOptions): Promise<ReproduceSummary> {
  const t0 = Date.now();
  const schemes: Scheme[] = allSchemes.filter((s) => !o.schemes || o.schemes.includes(s.name));
  const backendList = planBackends(registeredBackends, o.backends, instruments);
  const pieceNames = o.pieces === false ? [] : PIECE_NAMES;
  // Pieces of work, each reported when it finishes: the workers' series, the pieces, the tables, each figure and
  // the report.
  const progress = createProgress(
    backendList.length * workPerBackend(schemes.length) + pieceNames.length + 1 + FIGURES.length + 1,
    { task: 'reproduce', quiet: o.quiet },
  );
  const tx = await ResultsTransaction.open(o.out);
  try {
    // 1. schedule
    const run = await runSchedule({
      quick: o.quick,
      seed: o.seed,
      schemes,
      backends: backendList,
      pieces: pieceNames,
      concurrency: o.concurrency ?? 2,
      tx,
      progress,
    });
    const { workers, backendStatus } = run;
    const notes = [...run.notes];
    const pieces: PieceStatus[] = pieceNames.map((name) => {
      const r = run.pieces.find((x) => x.piece === name);
      return {
        name: PIECES[name].title,
        present: r?.present ?? false,
        detail: r?.detail ?? 'not run',
        files: (r?.files ?? []).map((f) => `${name}/${f}`),
      };
    });

    // 2. tables
    const t = await buildTables(tx, { quick: o.quick, schemes, workers, pieces: run.pieces, notes });
    progress.step(`tables: ${t.written.length / 2} written`);

    // 3. figures
    const figures: FigureEntry[] = [];
    for (const f of FIGURES) {
      const d = f.data(t);
      if (d === undefined) {
        progress.grow(-1);
        continue;
      }
      const { svg, png } = await renderToStrings(f.spec(d, t));
      await tx.writeText(`${f.file}.svg`, svg);
      await tx.writeText(`${f.file}.png`, png);
      figures.push({
        file: f.file,
        title: f.title,
        caption: f.caption(d, t),
        kind: f.kind,
        against: f.against(d, t),
        data: f.dataFiles,
      });
      progress.step(`figure ${f.file}`);
    }
    // a figure drawn into a piece's folder (Fig. 4) is among that piece's files
    pieceNames.forEach((name, i) => {
      for (const f of figures.filter((x) => x.file.startsWith(`${name}/`)))
        pieces[i]!.files!.push(`${f.file}.png`, `${f.file}.svg`);
    });

    // 4. report
    const { subject, src } = t;
    const headline = headlineRows(t);
    if (!subject)
      notes.push(
        'no registered scheme declares what its paper reports (Scheme.reported): the headline comparison with the paper is missing',
      );
    if (src && !src.matchesPaper)
      notes.push(
        `no 80-bit Type-A backend measured: the theoretical comparison uses ${src.backend} unit costs as a stand-in`,
      );
    const elapsedS = (Date.now() - t0) / 1000;
    const input: ReportInput = {
      date: new Date(t0).toISOString(),
      commandLine: o.commandLine,
      seed: o.seed,
      quick: o.quick,
      elapsedS,
      machine: machineInfo(),
      packages: packageVersions([
        'mcl-wasm',
        '@noble/curves',
        'tinybench',
        'vega',
        'vega-lite',
        '@resvg/resvg-js',
        'tsx',
        'typescript',
      ]),
      schemes: schemes.map((s) => ({ name: s.name, title: s.title, citation: s.citation })),
      backends: backendStatus,
      headline,
      figures,
      tables: reportTables(t),
      pieces,
      notes,
      timingMethod: `unit costs: ${UNIT_COST_METHOD}; flows: ${FLOW_METHOD} (${o.quick ? '2–7' : '5–40'} rounds); one process per backend, at most ${o.concurrency ?? 2} at a time`,
    };
    await tx.writeText('report.md', renderReport(input));
    await tx.writeJson('data/run.json', { ...input, tables: undefined, figures: figures.map((f) => f.file) });
    const entries = await tx.commit();
    progress.grow(-Infinity); // the last piece: whatever was estimated and not run is no longer to come
    progress.step(`report written, results committed to ${tx.root} (${entries.length} entries)`);
    progress.done();
    return {
      out: tx.root,
      elapsedS: (Date.now() - t0) / 1000,
      written: entries,
      figures: figures.map((f) => f.file),
      backends: backendStatus,
      pieces,
      headline,
      notes,
    };
  } catch (e) {
    progress.done();
    await tx.abort();
    throw e;
  }
}
