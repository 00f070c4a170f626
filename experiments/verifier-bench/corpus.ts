/**
 * Whole-corpus agreement of the built-in verifier with the real Scyther's verdicts (`expected.csv`, produced with
 * `scyther-linux --max-runs=5`). Usage: npx tsx experiments/verifier-bench/corpus.ts [--timeout S] [--json OUT]
 * [--quiet] [FILTER]. Prints one line per disagreement or undecided claim, and the totals; progress (one line per
 * file off a terminal) goes to stderr.
 */
import { CORPUS_DIR } from '../../scyther/testdata/index.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyFile, type BuiltinVerdict } from '../../scyther/verifier/index.js';
import { parseCsv } from '../../core/csv.js';
import { createProgress } from '../lib/progress.js';

const corpus = CORPUS_DIR;
const args = process.argv.slice(2);
const timeoutS = args.includes('--timeout') ? Number(args[args.indexOf('--timeout') + 1]) : 10;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const quiet = args.includes('--quiet');
const takesValue = (a: string | undefined) => a !== undefined && a.startsWith('--') && a !== '--quiet';
const filter = args.filter((a, i) => !a.startsWith('--') && !takesValue(args[i - 1]))[0];

const csv = parseCsv(readFileSync(join(corpus, 'expected.csv'), 'utf8'));
// every column as text ('' for an empty field), as the matching below compares strings
const rows = csv.rows.map((r) => Object.fromEntries(csv.columns.map((c) => [c, String(r[c] ?? '')])));
const files = [...new Set(rows.map((r) => r.file!))].filter((f) => !filter || f.includes(filter));
const progress = createProgress(files.length, { task: 'verifier corpus', quiet });
let agree = 0;
let total = 0;
let undecided = 0;
const bad: string[] = [];
const perFile: { file: string; ms: number; claims: number; agree: number; undecided: number }[] = [];
for (const f of files) {
  const want = rows.filter((r) => r.file === f);
  const t0 = Date.now();
  let got: BuiltinVerdict[] | null = null;
  let err = '';
  try {
    got = await verifyFile(join(corpus, f), { maxRuns: 5, timeoutS });
  } catch (e) {
    err = (e as Error).message;
  }
  const ms = Date.now() - t0;
  let fa = 0;
  let fu = 0;
  if (want[0]!.status === 'error') {
    total++;
    if (got === null) {
      agree++;
      fa++;
    } else bad.push(`${f}: accepted a model Scyther rejects`);
  } else {
    for (const r of want) {
      total++;
      const g = got?.find(
        (x) => x.protocol === r.protocol && x.role === r.role && x.claim === r.claim && x.label === r.label,
      );
      const s = g?.status ?? 'missing';
      if (s === r.status) {
        agree++;
        fa++;
      } else if (s === 'missing' || s === 'Unknown') {
        undecided++;
        fu++;
        bad.push(`${f} ${r.protocol} ${r.role} ${r.claim}_${r.label}: ${s} ${g?.detail ?? err}`);
      } else
        bad.push(
          `${f} ${r.protocol} ${r.role} ${r.claim}_${r.label}: got ${s}, Scyther ${r.status} ${g?.detail ?? ''}`,
        );
    }
  }
  perFile.push({ file: f, ms, claims: want.length, agree: fa, undecided: fu });
  progress.step(`${f}: ${fa}/${want.length} agree, ${fu} undecided`, { ms });
}
console.log(bad.join('\n'));
console.log(`corpus agreement: ${agree}/${total} claims, ${undecided} undecided`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ agree, total, undecided, bad, perFile }, null, 2));
