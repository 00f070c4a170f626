/**
 * Run once, not in CI: the real Scyther on every hard model (scyther/testdata/spdl-hard, the shipped models it does
 * not finish within 30 s at --max-runs=5) with a long wall-clock budget, recording its verdicts as test data for the
 * built-in engine. A file Scyther still does not finish gets one row with status `timeout`, so the data says where
 * no reference verdict exists. Files are run one at a time (the machine is shared).
 *
 * Usage: npx tsx experiments/verifier-bench/scyther-long.ts [--budget S] [--max-runs N] [--out FILE] [FILTER...]
 * Default out: scyther/testdata/spdl-hard/expected-long.csv (columns as spdl-corpus/expected.csv, plus seconds).
 * With filters (substrings of the file paths), only the matching files run and their rows replace the ones already
 * in the output, so a second run on a few files keeps what an earlier run recorded for the others.
 *
 * Recorded runs (2-core machine shared with other jobs; the budget is wall-clock time; the second run was at nice 19
 * and load average 15-20, so its 300 s were much less CPU time, and none of its 8 files finished):
 *   npx tsx experiments/verifier-bench/scyther-long.ts --budget 240              (every file)
 *   nice -n 19 npx tsx experiments/verifier-bench/scyther-long.ts --budget 300 ikev1-pk2-m.spdl ikev2-eap.spdl \
 *     ikev2-eap2.spdl ikev2-sig-child.spdl ikev2-sig-child-composed.spdl ikev2-sig-child2.spdl \
 *     ikev2-sig-child2-composed.spdl oakley-c.spdl
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { HARD_DIR } from '../../scyther/testdata/index.js';
import { runScyther, findScyther, ScytherRunError } from '../../scyther/adapter/scyther.js';

const args = process.argv.slice(2);
const opt = (n: string, d: string): string => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const budgetS = Number(opt('--budget', '600'));
const maxRuns = Number(opt('--max-runs', '5'));
const out = opt('--out', join(HARD_DIR, 'expected-long.csv'));
const filters = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const selected = (file: string): boolean => filters.length === 0 || filters.some((f) => file.includes(f));

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
const header = 'file,protocol,role,claim,label,param,status,detail,seconds';
// Rows of files not run this time are kept (the file name is the first field and never quoted).
const kept =
  filters.length > 0 && existsSync(out)
    ? readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .filter((l) => !selected(l.slice(0, l.indexOf(','))))
    : [];
const rows: string[] = [];
const write = (): void => {
  const byFile = (l: string): string => l.slice(0, l.indexOf(','));
  const all = [...kept, ...rows].sort((a, b) => (byFile(a) < byFile(b) ? -1 : byFile(a) > byFile(b) ? 1 : 0));
  writeFileSync(out, [header, ...all].join('\n') + '\n');
};
for (const path of models(HARD_DIR)) {
  const file = relative(HARD_DIR, path);
  if (!selected(file)) continue;
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
  write();
  process.stderr.write(`${file}: ${rows[rows.length - 1]}\n`);
}
