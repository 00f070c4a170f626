/**
 * The BAN verdict table for the report, read from what the BAN module wrote (results/ban/*.json: an array of
 * records with at least `protocol`, `goal` and `derived`, and optionally `expected` and `asExpected`). Summarized
 * per protocol: goals, goals derived, and how many verdicts agree with what was expected. Other shapes give no rows.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvRow } from '../../core/csv.js';

export function banSummary(records: unknown[]): CsvRow[] {
  const by = new Map<string, { goals: number; derived: number; agree: number; checked: number }>();
  for (const r of records) {
    if (!r || typeof r !== 'object') continue;
    const x = r as Record<string, unknown>;
    if (typeof x['protocol'] !== 'string' || typeof x['goal'] !== 'string' || typeof x['derived'] !== 'boolean')
      continue;
    const e = by.get(x['protocol']) ?? { goals: 0, derived: 0, agree: 0, checked: 0 };
    e.goals++;
    if (x['derived']) e.derived++;
    if (typeof x['asExpected'] === 'boolean') {
      e.checked++;
      if (x['asExpected']) e.agree++;
    }
    by.set(x['protocol'], e);
  }
  return [...by].map(([protocol, e]) => ({
    protocol,
    goals: e.goals,
    derived: e.derived,
    verdicts_as_expected: e.checked ? `${e.agree} of ${e.checked}` : null,
  }));
}

export async function banRowsFromDir(dir: string): Promise<CsvRow[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  for (const f of files) {
    try {
      const v = JSON.parse(await readFile(join(dir, f), 'utf8')) as unknown;
      const rows = Array.isArray(v) ? banSummary(v) : [];
      if (rows.length) return rows;
    } catch {
      // not JSON: try the next file
    }
  }
  return [];
}
