/**
 * Both engines, model by model, over the shipped corpus (scyther/testdata/spdl-corpus) at the same bound: the real
 * Scyther binary (SCYTHER_BIN) and `medexchain scyther --engine builtin`, each run as the whole command a user runs,
 * one file at a time with the two engines back to back (so load changes hit both alike). Per model: both verdicts
 * and whether they agree, Scyther's time (its start-up is a few ms, so its process time is its engine time), the
 * built-in engine's own time (from `--time`) and the whole command's time (wall and CPU, GNU time), and the ratios.
 * A model Scyther does not finish within the per-file timeout is marked so (killed, no verdicts).
 *
 * The built-in command runs from the prebuilt bundle (built here first, `npm run build:cli`); its start-up through
 * tsx is measured separately by startup.ts. Run once, by hand (not in CI): the corpus takes minutes.
 *
 * Usage: SCYTHER_BIN=... npx tsx experiments/verifier-bench/both.ts [--max-runs N] [--timeout S] [--out DIR] [FILTER]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR } from '../../scyther/testdata/index.js';
import { findScyther, parseScytherOutput } from '../../scyther/adapter/scyther.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const opt = (n: string, d: string): string => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const maxRuns = Number(opt('--max-runs', '5'));
const timeoutS = Number(opt('--timeout', '30'));
const outDir = opt('--out', join(root, 'experiments/verifier-bench/results'));
const filter = args.filter((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'))[0];
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) throw new Error('needs GNU time at /usr/bin/time for child CPU time');
const scyther = findScyther();

const files = readdirSync(CORPUS_DIR, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.spdl') && (!filter || f.includes(filter)))
  .sort();
execFileSync(process.execPath, [join(root, 'bin/build-bundle.mjs')], { stdio: 'inherit' });
const tmp = mkdtempSync(join(tmpdir(), 'both-'));

/** Runs argv under GNU time: exit code, output, wall and CPU (user+system, children included; 10 ms steps) in ms. */
function timed(argv: string[]) {
  const f = join(tmp, 'time');
  const w0 = performance.now();
  const p = spawnSync(TIME, ['-o', f, '-f', '%e %U %S', ...argv], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const [wall, user, sys] = readFileSync(f, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  // wall from our own clock (GNU time's %e has 10 ms steps, coarser than Scyther on small models)
  const wallMs = wall! >= 1 ? wall! * 1000 : performance.now() - w0;
  return { code: p.status, out: p.stdout, err: p.stderr, wallMs, cpuMs: (user! + sys!) * 1000 };
}

type Verdicts = Map<string, string>;
const key = (r: { protocol: string; role: string; claim: string; label: string }) =>
  `${r.protocol} ${r.role} ${r.claim}_${r.label}`;
const tally = (v: Verdicts | undefined) => {
  if (!v) return '';
  const n = (s: string) => [...v.values()].filter((x) => x === s).length;
  return `${n('Ok')} Ok, ${n('Fail')} Fail${n('Unknown') ? `, ${n('Unknown')} Unknown` : ''}`;
};

const load0 = loadavg();
const t0 = Date.now();
const rows = [];
for (const [i, f] of files.entries()) {
  const path = join(CORPUS_DIR, f);
  const s = timed(['timeout', '-s', 'KILL', String(timeoutS), scyther, `--max-runs=${maxRuns}`, path]);
  const scytherFinished = s.code !== 137 && s.code !== 124;
  const sv: Verdicts | undefined = scytherFinished
    ? new Map(parseScytherOutput(s.out, path).map((r) => [key(r), r.status]))
    : undefined;
  const b = timed([
    process.execPath,
    join(root, 'bin/medexchain.mjs'),
    'scyther',
    '--engine',
    'builtin',
    '--max-runs',
    String(maxRuns),
    '--timeout',
    String(timeoutS),
    '--json',
    '--time',
    path,
  ]);
  const engine = /time: engine \(builtin\) ([\d.]+) ms wall, ([\d.]+) ms cpu/.exec(b.err);
  let bv: Verdicts | undefined;
  let builtinError: string | undefined;
  try {
    bv = new Map(
      (JSON.parse(b.out) as { protocol: string; role: string; claim: string; label: string; status: string }[]).map(
        (r) => [key(r), r.status],
      ),
    );
  } catch {
    builtinError = b.err
      .trim()
      .split('\n')
      .filter((l) => !/ExperimentalWarning|trace-warnings/.test(l))[0];
  }
  const compared = sv && bv ? [...sv.keys()].filter((k) => bv.has(k)) : [];
  const row = {
    file: f,
    claims: Math.max(sv?.size ?? 0, bv?.size ?? 0),
    scyther: { finished: scytherFinished, verdicts: tally(sv), wallMs: s.wallMs, cpuMs: s.cpuMs },
    builtin: {
      verdicts: tally(bv),
      error: builtinError,
      engineMs: engine ? Number(engine[1]) : undefined,
      engineCpuMs: engine ? Number(engine[2]) : undefined,
      commandWallMs: b.wallMs,
      commandCpuMs: b.cpuMs,
    },
    agree: compared.filter((k) => sv!.get(k) === bv!.get(k)).length,
    compared,
    unmatched:
      sv && bv
        ? [...sv.keys()].filter((k) => !bv.has(k)).length + [...bv.keys()].filter((k) => !sv.has(k)).length
        : undefined,
    disagree: compared
      .filter((k) => sv!.get(k) !== bv!.get(k))
      .map((k) => `${k}: Scyther ${sv!.get(k)}, built-in ${bv!.get(k)}`),
  };
  rows.push(row);
  process.stderr.write(
    `[${i + 1}/${files.length}] ${f}: Scyther ${scytherFinished ? `${s.wallMs.toFixed(0)} ms` : 'did not finish'}, built-in engine ${row.builtin.engineMs ?? '-'} ms, command ${b.wallMs.toFixed(0)} ms\n`,
  );
}
rmSync(tmp, { recursive: true, force: true });
const load1 = loadavg();

const fmt = (x: number | undefined) => (x === undefined ? '-' : x < 10 ? x.toFixed(1) : x.toFixed(0));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || !b ? '-' : (a / b).toFixed(2));
const both = rows.filter((r) => r.scyther.finished && r.builtin.engineMs !== undefined);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const summary = {
  command: `SCYTHER_BIN=${scyther} npx tsx experiments/verifier-bench/both.ts --max-runs ${maxRuns} --timeout ${timeoutS}${filter ? ` ${filter}` : ''}`,
  date: new Date().toISOString(),
  node: process.version,
  loadBefore: load0,
  loadAfter: load1,
  seconds: (Date.now() - t0) / 1000,
  files: rows.length,
  scytherDidNotFinish: rows.filter((r) => !r.scyther.finished).map((r) => r.file),
  builtinErrors: rows.filter((r) => r.builtin.error).map((r) => `${r.file}: ${r.builtin.error}`),
  claimsCompared: sum(rows.map((r) => r.compared.length)),
  claimsAgree: sum(rows.map((r) => r.agree)),
  bothFinished: both.length,
  engineFasterOn: both.filter((r) => r.builtin.engineMs! <= r.scyther.wallMs).length,
  commandFasterOn: both.filter((r) => r.builtin.commandWallMs <= r.scyther.wallMs).length,
  medianEngineRatio: median(both.map((r) => r.builtin.engineMs! / Math.max(r.scyther.wallMs, 1))),
  medianCommandRatio: median(both.map((r) => r.builtin.commandWallMs / Math.max(r.scyther.wallMs, 1))),
  totals: {
    scytherWallMs: sum(both.map((r) => r.scyther.wallMs)),
    builtinEngineMs: sum(both.map((r) => r.builtin.engineMs!)),
    builtinCommandWallMs: sum(both.map((r) => r.builtin.commandWallMs)),
  },
};
mkdirSync(outDir, { recursive: true });
writeFileSync(
  join(outDir, 'both-engines.json'),
  JSON.stringify({ summary, rows: rows.map(({ compared: _c, ...r }) => r) }, null, 1) + '\n',
);
const md = [
  `# Both engines per model (spdl-corpus, --max-runs=${maxRuns}, ${timeoutS} s per file)`,
  '',
  `Command: \`${summary.command}\`, ${summary.date}, node ${summary.node}, ${summary.seconds.toFixed(0)} s in all.`,
  `Load average (1/5/15 min) before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')} (2 cores shared by several agents: wall times are inflated; the ratios are paired per file).`,
  '',
  `- ${rows.length} models; Scyther did not finish ${summary.scytherDidNotFinish.length} within ${timeoutS} s${summary.scytherDidNotFinish.length ? ` (${summary.scytherDidNotFinish.join(', ')})` : ''}; the built-in command refused or crashed on ${summary.builtinErrors.length}${summary.builtinErrors.length ? ` (${summary.builtinErrors.join('; ')})` : ''}.`,
  `- Verdicts: ${summary.claimsAgree} of ${summary.claimsCompared} claims present in both outputs agree.`,
  `- On the ${both.length} models both finished: built-in engine time <= Scyther's on ${summary.engineFasterOn}, whole built-in command <= Scyther on ${summary.commandFasterOn}; median ratio engine/Scyther ${summary.medianEngineRatio.toFixed(2)}, command/Scyther ${summary.medianCommandRatio.toFixed(2)}; totals Scyther ${(summary.totals.scytherWallMs / 1000).toFixed(1)} s, built-in engine ${(summary.totals.builtinEngineMs / 1000).toFixed(1)} s, built-in command ${(summary.totals.builtinCommandWallMs / 1000).toFixed(1)} s.`,
  '',
  'Times in ms. Scyther: its process (wall, CPU). Built-in: engine = in-process time of the verifier on the file (`--time`); command = the whole `medexchain scyther` process (wall, CPU), node start-up included. Ratios are built-in / Scyther wall.',
  '',
  '| model | claims | Scyther verdicts | built-in verdicts | agree | Scyther wall | Scyther CPU | engine wall | engine CPU | command wall | command CPU | engine ratio | command ratio |',
  '| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) =>
    [
      r.file,
      r.claims,
      r.scyther.finished ? r.scyther.verdicts : `did not finish in ${timeoutS} s`,
      r.builtin.error ? `error: ${r.builtin.error}` : r.builtin.verdicts,
      r.scyther.finished && !r.builtin.error
        ? `${r.agree}/${r.compared.length}${r.unmatched ? ` (${r.unmatched} unmatched)` : ''}`
        : '-',
      fmt(r.scyther.wallMs),
      fmt(r.scyther.cpuMs),
      fmt(r.builtin.engineMs),
      fmt(r.builtin.engineCpuMs),
      fmt(r.builtin.commandWallMs),
      fmt(r.builtin.commandCpuMs),
      r.scyther.finished ? ratio(r.builtin.engineMs, r.scyther.wallMs) : '-',
      r.scyther.finished ? ratio(r.builtin.commandWallMs, r.scyther.wallMs) : '-',
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .replace(/$/, ' |'),
  ),
  ...(rows.some((r) => r.disagree.length)
    ? ['', '## Disagreements', '', ...rows.flatMap((r) => r.disagree.map((d) => `- ${r.file}: ${d}`))]
    : []),
];
writeFileSync(join(outDir, 'both-engines.md'), md.join('\n') + '\n');
process.stdout.write(md.slice(0, 8).join('\n') + '\n');
