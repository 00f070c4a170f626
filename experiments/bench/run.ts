/**
 * `npm run bench [-- --backend a,b] [--scheme a,b] [--quick] [--json]`: per backend, per scheme and per algorithm,
 * the measured time (median over repeated whole-flow runs), the primitive operations counted in that algorithm, the
 * counted cost (counts x unit costs measured on the same backend in the same process), and their ratio; then each
 * scheme's whole flow naive vs precomputed. Targets (reported, never asserted in tests): ratio <= 1.10 per
 * algorithm, precomputation >= 1.5x on the full flow on BLS12-381.
 *
 * Each backend runs in its own child process (mcl-wasm holds one curve per process). Results also go to
 * results/bench/<backend>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backends, createBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { costOf, normalizeOps, type OpCounts } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import { FULL_TIMING, QUICK_TIMING } from '../lib/timing.js';
import { FULL_REPEAT, QUICK_REPEAT, repeatStory } from '../measure/stories.js';
import { measureEcUnitCosts, measurePairingUnitCosts, unitCostMap } from '../measure/unitcosts.js';
import { measureNativeUnitCosts } from './native.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

interface AlgorithmRow {
  algorithm: string;
  party: string;
  measuredMs: number;
  ops: OpCounts;
  countedMs: number;
  /** measured / counted; null when nothing was counted (an algorithm of scalar arithmetic only). */
  ratio: number | null;
}
interface SchemeBench {
  scheme: string;
  precompute: boolean;
  runs: number;
  totalMs: number;
  countedTotalMs: number;
  algorithms: AlgorithmRow[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function child(backend: string, schemeFilter: string[] | null, quick: boolean) {
  const group = await createBackend(backend);
  const timing = quick ? QUICK_TIMING : FULL_TIMING;
  const units = [
    ...(await measurePairingUnitCosts(group, timing)),
    ...(await measureEcUnitCosts(timing)),
    ...(await measureNativeUnitCosts(timing)),
  ];
  const unit = unitCostMap(units);
  const out: SchemeBench[] = [];
  for (const scheme of schemes) {
    if (schemeFilter && !schemeFilter.includes(scheme.name)) continue;
    if (!scheme.supports(group)) continue;
    for (const precompute of [false, true]) {
      const runs = await repeatStory(scheme, group, {
        precompute,
        params: scheme.defaultParams(),
        rng: new SeededRng(`bench-${scheme.name}-${precompute}`),
        policy: quick ? QUICK_REPEAT : FULL_REPEAT,
      });
      const flow = (r: (typeof runs)[number]) => r.steps.filter((s) => s.phase === 'flow');
      const first = flow(runs[0]!);
      const algorithms: AlgorithmRow[] = first.map((s, i) => {
        const measuredMs = median(runs.map((r) => flow(r)[i]!.ms));
        const countedMs = costOf(s.ops, unit).ms;
        return {
          algorithm: s.algorithm,
          party: s.party,
          measuredMs,
          ops: normalizeOps(s.ops),
          countedMs,
          ratio: countedMs > 0 ? measuredMs / countedMs : null,
        };
      });
      out.push({
        scheme: scheme.name,
        precompute,
        runs: runs.length,
        totalMs: median(runs.map((r) => r.totalMs)),
        countedTotalMs: algorithms.reduce((s, a) => s + a.countedMs, 0),
        algorithms,
      });
    }
  }
  return { backend, units, schemes: out };
}

function print(r: Awaited<ReturnType<typeof child>>) {
  const lines = [
    `\n== ${r.backend} ==`,
    'unit costs (ms): ' + r.units.map((u) => `${u.op} ${u.ms.toFixed(4)}`).join(', '),
  ];
  for (const s of r.schemes) {
    lines.push(
      `\n${s.scheme} (${s.precompute ? 'precomputed' : 'naive'}; ${s.runs} runs): flow ${s.totalMs.toFixed(2)} ms, counted ${s.countedTotalMs.toFixed(2)} ms`,
    );
    lines.push(
      `  ${'algorithm'.padEnd(18)} ${'party'.padEnd(18)} ${'measured'.padStart(9)} ${'counted'.padStart(9)} ${'ratio'.padStart(6)}  ops`,
    );
    for (const a of s.algorithms)
      lines.push(
        `  ${a.algorithm.padEnd(18)} ${a.party.padEnd(18)} ${a.measuredMs.toFixed(3).padStart(9)} ${a.countedMs.toFixed(3).padStart(9)} ${(a.ratio === null ? '-' : a.ratio.toFixed(2)).padStart(6)}  ${Object.entries(
          a.ops,
        )
          .map(([k, v]) => `${v}x${k}`)
          .join(' ')}`,
      );
  }
  const by = new Map<string, SchemeBench[]>();
  for (const s of r.schemes) by.set(s.scheme, [...(by.get(s.scheme) ?? []), s]);
  lines.push('\nprecomputation speed-up (naive / precomputed flow):');
  for (const [name, [naive, pre]] of by)
    if (naive && pre)
      lines.push(
        `  ${name.padEnd(20)} ${(naive.totalMs / pre.totalMs).toFixed(2)}x  (${naive.totalMs.toFixed(1)} -> ${pre.totalMs.toFixed(1)} ms)`,
      );
  process.stdout.write(lines.join('\n') + '\n');
}

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    scheme: { type: 'string' },
    quick: { type: 'boolean' },
    child: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  strict: true,
});
const schemeFilter = values.scheme ? values.scheme.split(',') : null;
if (values.child) {
  const r = await child(values.backend!, schemeFilter, values.quick === true);
  process.stdout.write(JSON.stringify(r));
} else {
  const names = values.backend ? values.backend.split(',') : backends.map((b) => b.name);
  mkdirSync(join(root, 'results', 'bench'), { recursive: true });
  const all = [];
  for (const b of names) {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--backend', b];
    if (values.quick) args.push('--quick');
    if (values.scheme) args.push('--scheme', values.scheme);
    const p = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (p.status !== 0) {
      process.stderr.write(`bench: backend ${b} failed:\n${p.stderr}\n`);
      process.exitCode = 1;
      continue;
    }
    const r = JSON.parse(p.stdout) as Awaited<ReturnType<typeof child>>;
    writeFileSync(join(root, 'results', 'bench', `${b}.json`), JSON.stringify(r, null, 2) + '\n');
    all.push(r);
    if (!values.json) print(r);
  }
  if (values.json) process.stdout.write(JSON.stringify(all, null, 2) + '\n');
}
