/**
 * Run once, not in CI: the real Scyther on every hard model (scyther/testdata/spdl-hard, the shipped models it does
 * not finish within 30 s at --max-runs=5) with a long wall-clock budget, recording its verdicts as test data for the
 * built-in engine. A file Scyther still does not finish gets one row with status `timeout`, so the data says where
 * no reference verdict exists. Files are run one at a time (the machine is shared).
 *
 * Usage: npx tsx experiments/verifier-bench/scyther-long.ts [--budget S] [--max-runs N] [--out FILE] [FILTER]
 * Default out: scyther/testdata/spdl-hard/expected-long.csv (columns as spdl-corpus/expected.csv, plus seconds).
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HARD_DIR } from '../../scyther/testdata/index.js';
import { runScyther, findScyther, ScytherRunError } from '../../scyther/adapter/scyther.js';

const args = process.argv.slice(2);
const opt = (n: string, d: string): string => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const budgetS = Number(opt('--budget', '600'));
const maxRuns = Number(opt('--max-runs', '5'));
const out = opt('--out', join(HARD_DIR, 'expected-long.csv'));
const filter = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'))[0];

function models(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) return models(p);
      return f.endsWith('.spdl') ? [p] : [];
    });
}

/** One CSV field, quoted when it holds a comma or a quote (Scyther's parameters do: `h(g(r),i)`). */
const csv = (x: string): string => (/[",]/.test(x) ? `"${x.replace(/"/g, '""')}"` : x);

const binary = findScyther();
const rows = ['file,protocol,role,claim,label,param,status,detail,seconds'];
for (const path of models(HARD_DIR)) {
  const file = relative(HARD_DIR, path);
  if (filter && !file.includes(filter)) continue;
  const t0 = Date.now();
  try {
    const run = await runScyther(path, { maxRuns, timeoutS: budgetS, binary });
    const s = ((Date.now() - t0) / 1000).toFixed(1);
    for (const r of run.records)
      rows.push([file, r.protocol, r.role, r.claim, r.label, r.param, r.status, r.detail, s].map(csv).join(','));
  } catch (e) {
    if (!(e instanceof ScytherRunError) || e.reason !== 'timeout') throw e;
    rows.push([file, '', '', '', '', '', 'timeout', `[not finished in ${budgetS} s]`, String(budgetS)].join(','));
  }
  writeFileSync(out, rows.join('\n') + '\n');
  process.stderr.write(`${file}: ${rows[rows.length - 1]}\n`);
}
