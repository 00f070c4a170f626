/**
 * The relay under load: throughput and latency against concurrency.
 * `npx tsx experiments/chain-bench/load-curve.ts [--requests N] [--levels 1,2,4,8,16] [--nodes K] [--out DIR]`
 * runs `chain bench`'s load (chain/load.ts: N honest requests from C hospitals at once, 5 % replayed and 5 % forged
 * ones mixed in, every request checked against both chains afterwards) once per concurrency level, each on a fresh
 * data directory with K chain B nodes (hsd regtest), and writes results/chain-load/load-curve.{csv,json}, load-curve.md and
 * the figure load-curve.{svg,png} atomically, under results/chain-load/ (its own top-level entry: a results
 * transaction replaces whole top-level entries, and results/chain/ belongs to run.ts). A level whose run did not serve every request exactly once is reported
 * as such (the `ok` column), not dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { TopLevelSpec } from 'vega-lite';
import { createBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { systemRng } from '../../core/rng.js';
import { ChainSystem, chooseScheme } from '../../chain/system.js';
import { runLoad } from '../../chain/load.js';
import { ResultsTransaction } from '../lib/atomic.js';
import { machineInfo } from '../lib/machine.js';
import { renderSvg, svgToPng } from '../figures/render.js';
import { withTheme } from '../figures/theme.js';

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      levels: { type: 'string' },
      nodes: { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const n = Number(values.requests ?? 32);
  const levels = (values.levels ?? '1,2,4,8,16').split(',').map(Number);
  const nodes = Number(values.nodes ?? 2);
  if (!Number.isInteger(n) || n < 1) throw new Error('--requests takes a positive integer');
  if (levels.some((c) => !Number.isInteger(c) || c < 1 || c > 64)) throw new Error('--levels: integers in 1..64');
  const scheme = chooseScheme(schemes);
  const instance = await scheme.create({ group: await createBackend('bls12-381'), precompute: true });
  const load0 = loadavg()[0]!;
  const rows: Record<string, string | number | boolean>[] = [];
  for (const c of levels) {
    const dataDir = mkdtempSync(join(tmpdir(), `mx-load-curve-${c}-`));
    const sys = await ChainSystem.open({ dataDir, nodes });
    try {
      const r = await runLoad(sys, instance, { requests: n, concurrency: c, rng: systemRng });
      const row = {
        concurrency: c,
        requests: n,
        ok: r.ok,
        served: r.served,
        lost: r.lost,
        double_served: r.doubleServed,
        adversarial_refused: r.adversarial.refused,
        adversarial_served: r.adversarial.served,
        requests_per_s: r.throughput,
        total_p50_ms: r.latencyMs.total?.p50 ?? 0,
        total_p95_ms: r.latencyMs.total?.p95 ?? 0,
        total_p99_ms: r.latencyMs.total?.p99 ?? 0,
        chainB_request_p50_ms: r.latencyMs['chainB.request']?.p50 ?? 0,
        chainB_audit_p50_ms: r.latencyMs['relay.audit-chainB']?.p50 ?? 0,
        chainA_audit_p50_ms: r.latencyMs['relay.audit-chainA']?.p50 ?? 0,
        reencrypt_p50_ms: r.latencyMs['relay.reencrypt']?.p50 ?? 0,
        chainB_blocks: r.chainB.blocks,
      };
      rows.push(row);
      process.stderr.write(`concurrency ${c}: ${JSON.stringify(row)}\n`);
    } finally {
      await sys.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  instance.dispose?.();
  const meta = {
    date: new Date().toISOString(),
    command: `tsx experiments/chain-bench/load-curve.ts ${process.argv.slice(2).join(' ')}`.trim(),
    scheme: scheme.name,
    backend: 'bls12-381',
    chainB: `hsd regtest, ${nodes} nodes in process`,
    machine: machineInfo(),
    loadAverage1m: { before: +load0.toFixed(2), after: +loadavg()[0]!.toFixed(2) },
  };
  const long = rows.flatMap((r) => [
    { concurrency: r.concurrency, series: 'requests/s (left)', value: r.requests_per_s },
  ]);
  const lat = rows.flatMap((r) => [
    { concurrency: r.concurrency, series: 'p50', value: r.total_p50_ms },
    { concurrency: r.concurrency, series: 'p95', value: r.total_p95_ms },
    { concurrency: r.concurrency, series: 'p99', value: r.total_p99_ms },
  ]);
  const x = {
    field: 'concurrency',
    type: 'quantitative',
    scale: { type: 'log', base: 2 },
    axis: { values: levels },
    title: 'hospitals at once',
  };
  const spec = withTheme({
    title: `Relay under load: ${n} requests per level (+5 % replayed, +5 % forged), chain B on hsd (${nodes} nodes)`,
    hconcat: [
      {
        width: 300,
        height: 220,
        data: { values: long },
        mark: { type: 'line', point: true },
        encoding: { x, y: { field: 'value', type: 'quantitative', title: 'served requests per second' } },
      },
      {
        width: 300,
        height: 220,
        data: { values: lat },
        mark: { type: 'line', point: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', title: 'end-to-end latency (ms)' },
          color: { field: 'series', type: 'nominal', title: 'percentile' },
        },
      },
    ],
  } as TopLevelSpec);
  const svg = await renderSvg(spec);
  const cols = Object.keys(rows[0]!);
  const md = [
    '# Relay under load: throughput and latency against concurrency (measured)',
    '',
    `${meta.date}; ${meta.machine.cpu}, ${meta.machine.cores} cores, Node ${meta.machine.node}; 1-minute load average ${meta.loadAverage1m.before} before, ${meta.loadAverage1m.after} after (a shared machine).`,
    `Scheme ${meta.scheme} on ${meta.backend}; chain A in process (@ethereumjs/vm); chain B ${meta.chainB}, a block mined whenever a transaction is pending; ${n} honest requests per level plus 5 % replayed and 5 % forged; records uploaded beforehand (not timed).`,
    '',
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((k) => String(r[k])).join(' | ')} |`),
    '',
    '![throughput and latency against concurrency](load-curve.svg)',
    '',
  ].join('\n');
  const tx = await ResultsTransaction.open(values.out ?? 'results');
  await tx.writeTable('chain-load/load-curve', rows as never, cols);
  await tx.writeJson('chain-load/load-curve.meta.json', meta);
  await tx.writeText('chain-load/load-curve.md', md);
  await tx.writeText('chain-load/load-curve.svg', svg);
  await tx.writeText('chain-load/load-curve.png', svgToPng(svg));
  await tx.commit();
  process.stdout.write(md);
}

main().catch((e) => {
  process.stderr.write(`load-curve: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
