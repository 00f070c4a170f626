/**
 * Compares the adapter's reading of real Scyther runs with the recorded verdicts of Scyther's own protocol corpus
 * (`expected.csv` next to the corpus: one row per claim, `file,protocol,role,claim,label,param,status,detail`, or
 * one `error` row for a model Scyther refuses). Used by the adapter's tests on a subset and by
 * `npx tsx scyther/adapter/corpus.ts [CORPUS_DIR]` on the whole corpus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runScyther, ScytherRunError } from './scyther.js';

export interface ExpectedRow {
  file: string;
  protocol: string;
  role: string;
  claim: string;
  label: string;
  param: string;
  status: string;
  detail: string;
}

/** RFC 4180 CSV (quoted fields may hold commas and doubled quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export function readExpected(corpusDir: string): Map<string, ExpectedRow[]> {
  const [head, ...rows] = parseCsv(readFileSync(join(corpusDir, 'expected.csv'), 'utf8'));
  const cols = head!;
  const byFile = new Map<string, ExpectedRow[]>();
  for (const r of rows) {
    if (r.length !== cols.length) continue;
    const o = Object.fromEntries(cols.map((c, i) => [c, r[i]!])) as unknown as ExpectedRow;
    byFile.set(o.file, [...(byFile.get(o.file) ?? []), o]);
  }
  return byFile;
}

export interface CorpusComparison {
  file: string;
  ok: boolean;
  seconds: number;
  mismatches: string[];
}

/** Runs Scyther on one corpus file and compares claim by claim with the expected rows. */
export async function compareFile(
  corpusDir: string,
  file: string,
  expected: ExpectedRow[],
  opts: { binary?: string; timeoutS?: number } = {},
): Promise<CorpusComparison> {
  const mismatches: string[] = [];
  const t0 = Date.now();
  const isError = expected.length === 1 && expected[0]!.status === 'error';
  try {
    const run = await runScyther(join(corpusDir, file), {
      maxRuns: 5,
      timeoutS: opts.timeoutS ?? 120,
      ...(opts.binary ? { binary: opts.binary } : {}),
    });
    if (isError)
      mismatches.push(
        `expected Scyther to refuse the model (${expected[0]!.detail}), got ${run.records.length} claims`,
      );
    else {
      const got = run.records.map((r) => [r.protocol, r.role, r.claim, r.label, r.param, r.status, r.detail].join('|'));
      const want = expected.map((r) => [r.protocol, r.role, r.claim, r.label, r.param, r.status, r.detail].join('|'));
      for (const w of want) if (!got.includes(w)) mismatches.push(`missing: ${w}`);
      for (const g of got) if (!want.includes(g)) mismatches.push(`unexpected: ${g}`);
    }
  } catch (e) {
    if (
      isError &&
      e instanceof ScytherRunError &&
      e.reason === 'rejected' &&
      e.message.includes(expected[0]!.detail.replace(/\.$/, ''))
    ) {
      // the refusal Scyther recorded
    } else mismatches.push(`run failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { file, ok: mismatches.length === 0, seconds: (Date.now() - t0) / 1000, mismatches };
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? new URL('../testdata/spdl-corpus/', import.meta.url).pathname;
  const expected = readExpected(dir);
  let bad = 0;
  for (const [file, rows] of expected) {
    const c = await compareFile(dir, file, rows);
    if (!c.ok) bad++;
    process.stdout.write(
      `${c.ok ? 'ok  ' : 'DIFF'} ${c.seconds.toFixed(2).padStart(7)} s  ${file}${c.ok ? '' : '\n      ' + c.mismatches.join('\n      ')}\n`,
    );
  }
  process.stdout.write(`${expected.size - bad}/${expected.size} corpus files: adapter verdicts equal expected.csv\n`);
  process.exitCode = bad ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
