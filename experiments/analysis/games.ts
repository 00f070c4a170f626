/**
 * Reads the security games' results (written by proofs/games into results/games/) into the rows the games figure
 * takes: {scheme, game, firewall, advantage, lo, hi, trials}. The games module owns its file format; this reader
 * accepts any JSON file there holding an array of records (or an object with such an array) whose fields name a
 * scheme, a game, an advantage and a 95 % interval, and ignores everything else.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvRow } from '../../core/csv.js';

type Rec = Record<string, unknown>;

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function pick(r: Rec, names: string[]): unknown {
  for (const n of names) if (r[n] !== undefined) return r[n];
  return undefined;
}

/** One games record to a figure row, or null if it lacks what the figure needs. */
export function gamesRow(r: Rec): CsvRow | null {
  const scheme = pick(r, ['scheme', 'schemeName']);
  const game = pick(r, ['game', 'gameName', 'name']);
  const adv = num(pick(r, ['advantage', 'adv']));
  let lo = num(pick(r, ['lo', 'low', 'ciLow', 'ci_low', 'advantageLo', 'advLo']));
  let hi = num(pick(r, ['hi', 'high', 'ciHigh', 'ci_high', 'advantageHi', 'advHi']));
  const ci = pick(r, ['ci', 'interval', 'ci95', 'advantageCi']);
  if ((lo === null || hi === null) && Array.isArray(ci) && ci.length === 2) [lo, hi] = [num(ci[0]), num(ci[1])];
  if ((lo === null || hi === null) && ci && typeof ci === 'object' && !Array.isArray(ci)) {
    const c = ci as Rec;
    lo = num(pick(c, ['lo', 'low', 'lower']));
    hi = num(pick(c, ['hi', 'high', 'upper']));
  }
  if (typeof scheme !== 'string' || typeof game !== 'string' || adv === null || lo === null || hi === null) return null;
  const fw = pick(r, ['firewall', 'firewalls', 'withFirewall']);
  const variant = pick(r, ['variant', 'target', 'level']);
  return {
    scheme,
    game: typeof variant === 'string' ? `${game} (${variant})` : game,
    firewall: fw === true || fw === 'on' ? 'on' : fw === false || fw === 'off' ? 'off' : 'n/a',
    advantage: adv,
    lo,
    hi,
    trials: num(pick(r, ['trials', 'n', 'runs'])),
  };
}

function records(v: unknown): Rec[] {
  if (Array.isArray(v)) return v.filter((x): x is Rec => !!x && typeof x === 'object');
  if (v && typeof v === 'object') return Object.values(v as Rec).flatMap((x) => (Array.isArray(x) ? records(x) : []));
  return [];
}

export async function gamesRowsFromDir(dir: string): Promise<CsvRow[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const rows: CsvRow[] = [];
  for (const f of files) {
    let v: unknown;
    try {
      v = JSON.parse(await readFile(join(dir, f), 'utf8'));
    } catch {
      continue;
    }
    for (const r of records(v)) {
      const row = gamesRow(r);
      if (row) rows.push(row);
    }
    if (rows.length) break; // the first file that holds rows is the results table
  }
  return rows;
}
