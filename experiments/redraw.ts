/**
 * Draws every figure of a results folder again from the data that folder already holds (data/*.json, data/run.json,
 * fig4/fig4.json), without measuring anything: for when the drawing changed and the numbers did not (the figures
 * then show exactly the committed numbers). The report's text is left as it is.
 *
 *   npx tsx experiments/redraw.ts [RESULTS_DIR=results]
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CsvRow } from '../core/csv.js';
import { schemes } from '../registry/index.js';
import { isPaperSubject } from './analysis/paper.js';
import { FIGURES } from './figures/index.js';
import { renderToStrings } from './figures/render.js';
import type { RunTables } from './tables.js';

async function json<T>(path: string, fallback: T): Promise<T> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch {
    return fallback;
  }
}

/** The run's tables as the folder holds them. */
export async function tablesFromResults(dir: string): Promise<RunTables> {
  const rows = (name: string) => json<CsvRow[]>(join(dir, 'data', `${name}.json`), []);
  const run = await json<{ quick?: boolean; backends?: { name: string; symmetric: boolean; securityBits: number }[] }>(
    join(dir, 'data', 'run.json'),
    {},
  );
  const theory = await rows('theory-80bit');
  const srcName = theory.find((r) => typeof r['unit_costs_from'] === 'string')?.['unit_costs_from'] as
    string | undefined;
  const srcBackend = run.backends?.find((b) => b.name === srcName);
  return {
    quick: run.quick === true,
    schemes: [],
    // the paper's reported numbers (reference lines) are declared by the scheme they belong to
    subject: schemes.find(isPaperSubject),
    workers: [],
    compute: await rows('compute'),
    comm: await rows('communication'),
    units: await rows('unit-costs'),
    src: srcName
      ? {
          backend: srcName,
          matchesPaper: !!srcBackend && srcBackend.symmetric && srcBackend.securityBits <= 96,
          costs: {},
        }
      : null,
    theory,
    scale: await rows('scalability'),
    // the first backend measured is the one that ran the sweeps
    sweepBackend: run.backends?.[0]?.name,
    ablation: await rows('ablation'),
    rankings: await rows('rankings'),
    gaps: await rows('model-gaps'),
    games: await rows('games'),
    gamesFromPrevious: false,
    ban: [],
    banFromRun: false,
    fig4: await json<RunTables['fig4']>(join(dir, 'fig4', 'fig4.json'), undefined),
    written: [],
  };
}

/** Redraws each figure whose data the folder holds; returns the files written (relative to `dir`). */
export async function redraw(dir: string): Promise<string[]> {
  const t = await tablesFromResults(dir);
  const written: string[] = [];
  for (const f of FIGURES) {
    const d = f.data(t);
    if (d === undefined || (Array.isArray(d) && d.length === 0)) continue;
    const { svg, png } = await renderToStrings(f.spec(d, t));
    await mkdir(dirname(join(dir, f.file)), { recursive: true });
    await writeFile(join(dir, `${f.file}.svg`), svg);
    await writeFile(join(dir, `${f.file}.png`), png);
    written.push(`${f.file}.svg`, `${f.file}.png`);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'results';
  for (const f of await redraw(dir)) process.stdout.write(`redrew ${join(dir, f)}\n`);
}
