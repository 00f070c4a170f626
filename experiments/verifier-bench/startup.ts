/**
 * Start-up of `medexchain scyther`: what each launcher costs before the engine does any work, measured as whole
 * processes (wall and CPU, user+system, from GNU time) on `scyther --help` and on a one-claim file, the launchers
 * interleaved round by round so that load changes hit them alike. Launchers: bare node (the floor), the sources
 * through tsx with its transpile cache (as bin/medexchain.mjs runs without a bundle), the same with the cache off,
 * and the prebuilt bundle (`npm run build:cli`, built here first). Then, through the bundle, the ten corpus models
 * quickest for the built-in engine checked as ten commands against one `--batch` command (Scyther's time on the
 * same files, one process each, beside them): what checking many files in one process saves.
 *
 * Usage: [SCYTHER_BIN=...] npx tsx experiments/verifier-bench/startup.ts [--rounds N] [--out FILE]   (needs
 * /usr/bin/time)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const opt = (n: string, d: string): string => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const rounds = Number(opt('--rounds', '5'));
const out = opt('--out', join(root, 'experiments/verifier-bench/results/startup.md'));
const TIME = '/usr/bin/time';
if (!existsSync(TIME)) {
  process.stderr.write('startup: needs GNU time at /usr/bin/time for child CPU time; not run\n');
  process.exit(1);
}

execFileSync(process.execPath, [join(root, 'bin/build-bundle.mjs')], { stdio: 'inherit' });
// The sources through tsx, whatever dist/ holds: what bin/medexchain.mjs does when there is no fresh bundle.
const viaTsx = `import('tsx/esm/api').then((t) => { t.register(); return import('./cli/main.ts'); })
  .then(async (m) => { process.exitCode = await m.main(process.argv.slice(1)); });`;
const launchers: { name: string; argv: string[]; env?: Record<string, string> }[] = [
  { name: 'node -e 0 (floor)', argv: ['-e', '0'] },
  { name: 'tsx, cache on', argv: ['--input-type=module', '-e', viaTsx] },
  { name: 'tsx, cache off', argv: ['--input-type=module', '-e', viaTsx], env: { TSX_DISABLE_CACHE: '1' } },
  { name: 'bundle (bin/medexchain.mjs)', argv: [join(root, 'bin/medexchain.mjs')] },
];
const tasks: { name: string; argv: string[] }[] = [
  { name: 'scyther --help', argv: ['scyther', '--help'] },
  {
    name: 'scyther --engine builtin ccitt509-1c.spdl',
    argv: ['scyther', '--engine', 'builtin', 'scyther/testdata/spdl-corpus/ccitt509-1c.spdl'],
  },
];

const tmp = mkdtempSync(join(tmpdir(), 'startup-'));
const samples = new Map<string, { wall: number; cpu: number }[]>();
const load0 = loadavg();
for (let r = 0; r < rounds; r++)
  for (const t of tasks)
    for (const l of launchers) {
      const f = join(tmp, 'time');
      const argv = l.name.includes('floor') ? l.argv : [...l.argv, ...t.argv];
      const p = spawnSync(TIME, ['-o', f, '-f', '%e %U %S', process.execPath, ...argv], {
        cwd: root,
        env: { ...process.env, ...l.env },
        encoding: 'utf8',
      });
      if (p.status !== 0 && !l.name.includes('floor'))
        throw new Error(`${l.name} ${t.name} exited ${p.status}: ${p.stderr}`);
      const [wall, user, sys] = readFileSync(f, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
      const k = `${t.name}\u0000${l.name}`;
      samples.set(k, [...(samples.get(k) ?? []), { wall: wall! * 1000, cpu: (user! + sys!) * 1000 }]);
    }
// Ten trivial models (built-in engine under 15 ms each in both-engines.md): start-up dominates each command.
const quick = [
  'ccitt509-1.spdl',
  'ccitt509-1c.spdl',
  'ISO-9798/isoiec-9798-2-1-udkey.spdl',
  'ISO-9798/isoiec-9798-2-2-udkey.spdl',
  'MultiProtocolAttacks/woo-lam-pi-2.spdl',
  'woo-lam-pi-3.spdl',
  'woo-lam-pi.spdl',
  'ISO-9798/isoiec-9798-4-2-udkey.spdl',
  'woo-lam-pi-1.spdl',
  'tmn.spdl',
].map((f) => join('scyther/testdata/spdl-corpus', f));
const bin = join(root, 'bin/medexchain.mjs');
const scytherBin = process.env.SCYTHER_BIN;
const batchSamples = new Map<string, { wall: number; cpu: number }[]>();
const timedRun = (argv: string[]) => {
  const f = join(tmp, 'time');
  const w0 = performance.now();
  spawnSync(TIME, ['-o', f, '-f', '%e %U %S', ...argv], { cwd: root, encoding: 'utf8' });
  const [, user, sys] = readFileSync(f, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall: performance.now() - w0, cpu: (user! + sys!) * 1000 };
};
const add = (k: string, x: { wall: number; cpu: number }) => batchSamples.set(k, [...(batchSamples.get(k) ?? []), x]);
for (let r = 0; r < rounds; r++) {
  const each = quick.map((f) => timedRun([process.execPath, bin, 'scyther', '--engine', 'builtin', f]));
  add('10 commands (bundle)', { wall: each.reduce((a, x) => a + x.wall, 0), cpu: each.reduce((a, x) => a + x.cpu, 0) });
  add(
    'one --batch command (bundle)',
    timedRun([process.execPath, bin, 'scyther', '--engine', 'builtin', '--batch', ...quick]),
  );
  if (scytherBin) {
    const sc = quick.map((f) => timedRun([scytherBin, '--max-runs=5', f]));
    add('Scyther, 10 processes', { wall: sc.reduce((a, x) => a + x.wall, 0), cpu: sc.reduce((a, x) => a + x.cpu, 0) });
  }
}
rmSync(tmp, { recursive: true, force: true });
const load1 = loadavg();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lines = [
  '# `medexchain scyther` start-up',
  '',
  `Command: \`${scytherBin ? `SCYTHER_BIN=${scytherBin} ` : ''}npx tsx experiments/verifier-bench/startup.ts --rounds ${rounds}\` on ${new Date().toISOString()}, node ${process.version}.`,
  `Load average (1/5/15 min) before: ${load0.map((x) => x.toFixed(2)).join(' ')}; after: ${load1.map((x) => x.toFixed(2)).join(' ')} (2 cores shared).`,
  `Medians of ${rounds} interleaved runs each; CPU is user+system of the whole process (GNU time, 10 ms resolution).`,
  '',
  '| task | launcher | wall ms | CPU ms | CPU runs (ms) |',
  '| --- | --- | ---: | ---: | --- |',
];
for (const t of tasks)
  for (const l of launchers) {
    const s = samples.get(`${t.name}\u0000${l.name}`)!;
    const task = l.name.includes('floor') ? '(none)' : t.name;
    lines.push(
      `| ${task} | ${l.name} | ${median(s.map((x) => x.wall)).toFixed(0)} | ${median(s.map((x) => x.cpu)).toFixed(0)} | ${s.map((x) => x.cpu.toFixed(0)).join(' ')} |`,
    );
  }
lines.push(
  '',
  `Ten trivial corpus models (${quick.map((f) => f.split('/').pop()).join(', ')}), --max-runs 5, interleaved by round:`,
  '',
  '| how | wall ms | CPU ms | CPU runs (ms) |',
  '| --- | ---: | ---: | --- |',
);
for (const [k, s] of batchSamples)
  lines.push(
    `| ${k} | ${median(s.map((x) => x.wall)).toFixed(0)} | ${median(s.map((x) => x.cpu)).toFixed(0)} | ${s.map((x) => x.cpu.toFixed(0)).join(' ')} |`,
  );
writeFileSync(out, lines.join('\n') + '\n');
process.stdout.write(lines.join('\n') + '\n');
