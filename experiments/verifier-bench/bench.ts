/**
 * Benchmark: the built-in verifier against the real Scyther binary on the same SPDL files and bounds
 * (`--max-runs=5`), file by file. Scyther is timed as a process (its own start-up is a few ms); the built-in
 * engine is timed in-process per file after one warm-up file, so node's start-up and JIT warm-up are not counted
 * (they are reported separately). Per-claim timeout of the built-in engine: --timeout S (default 10).
 *
 * Usage: npx tsx experiments/verifier-bench/bench.ts [--timeout S] [--out DIR] [--quiet] [FILTER]
 * Progress (one line per file off a terminal, a bar on one) goes to stderr; --quiet silences it.
 * Writes DIR/bench.json and DIR/bench.md (DIR defaults to results/verifier).
 */
import { CORPUS_DIR } from '../../scyther/testdata/index.js';
import { findScyther } from '../../scyther/adapter/scyther.js';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyFile } from '../../scyther/verifier/index.js';
import { createProgress } from '../lib/progress.js';

const corpus = CORPUS_DIR;
const scyther = findScyther();
const args = process.argv.slice(2);
const opt = (n: string, d: string): string => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const timeoutS = Number(opt('--timeout', '10'));
const outDir = opt('--out', 'results/verifier');
const quiet = args.includes('--quiet');
const takesValue = (a: string | undefined) => a !== undefined && a.startsWith('--') && a !== '--quiet';
const filter = args.filter((a, i) => !a.startsWith('--') && !takesValue(args[i - 1]))[0];

const files = [
  ...new Set(
    readFileSync(join(corpus, 'expected.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!),
  ),
].filter((f) => !filter || f.includes(filter));

const t0 = Date.now();
await verifyFile(join(corpus, 'Demo/ns3.spdl'), { maxRuns: 5, timeoutS }); // warm-up
const warmupMs = Date.now() - t0;

const rows: { file: string; scytherMs: number; builtinMs: number; claims: number; unknown: number }[] = [];
const progress = createProgress(files.length, { task: 'verifier bench', quiet });
for (const f of files) {
  const path = join(corpus, f);
  let s = performance.now();
  try {
    execFileSync(scyther, ['--max-runs=5', path], { stdio: 'pipe', timeout: 120_000 });
  } catch {
    // Scyther exits non-zero when a claim fails or the model is rejected; the time still counts.
  }
  const scytherMs = performance.now() - s;
  s = performance.now();
  let claims = 0;
  let unknown = 0;
  try {
    const r = await verifyFile(path, { maxRuns: 5, timeoutS });
    claims = r.length;
    unknown = r.filter((x) => x.status === 'Unknown').length;
  } catch {
    // a model the built-in engine rejects (as Scyther does)
  }
  const builtinMs = performance.now() - s;
  rows.push({ file: f, scytherMs, builtinMs, claims, unknown });
  progress.step(
    `${f}: scyther ${scytherMs.toFixed(0)} ms, builtin ${builtinMs.toFixed(0)} ms${unknown ? `, ${unknown} Unknown` : ''}`,
    { ms: scytherMs + builtinMs },
  );
}
const sum = (k: 'scytherMs' | 'builtinMs'): number => rows.reduce((a, r) => a + r[k], 0);
const totalS = sum('scytherMs');
const totalB = sum('builtinMs');
const decidedRows = rows.filter((r) => r.unknown === 0);
const summary = {
  files: rows.length,
  scytherTotalMs: Math.round(totalS),
  builtinTotalMs: Math.round(totalB),
  ratio: totalB / totalS,
  ratioFilesFullyDecided:
    decidedRows.reduce((a, r) => a + r.builtinMs, 0) / decidedRows.reduce((a, r) => a + r.scytherMs, 0),
  builtinWarmupMs: warmupMs,
  timeoutS,
  unknownClaims: rows.reduce((a, r) => a + r.unknown, 0),
  machine: `${process.platform} ${process.arch}, node ${process.version}`,
};
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.json'), JSON.stringify({ summary, rows }, null, 2));
const md = [
  '# Built-in verifier vs Scyther: time per file (--max-runs=5)',
  '',
  `Total: Scyther ${(totalS / 1000).toFixed(1)} s, built-in ${(totalB / 1000).toFixed(1)} s (ratio ${summary.ratio.toFixed(2)}x; ` +
    `${summary.ratioFilesFullyDecided.toFixed(2)}x on the files where the built-in engine decided every claim). ` +
    `Built-in per-claim timeout ${timeoutS} s; ${summary.unknownClaims} claims Unknown. Node start-up + warm-up not included (${warmupMs} ms).`,
  '',
  '| file | Scyther ms | built-in ms | claims | Unknown |',
  '|---|---:|---:|---:|---:|',
  ...rows.map(
    (r) => `| ${r.file} | ${r.scytherMs.toFixed(0)} | ${r.builtinMs.toFixed(0)} | ${r.claims} | ${r.unknown} |`,
  ),
  '',
];
writeFileSync(join(outDir, 'bench.md'), md.join('\n'));
console.log(JSON.stringify(summary));
