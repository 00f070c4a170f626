/**
 * Benchmark (not a test): the algebraic adversary's cost per CPA row on the dlog backend, with the size of its
 * linear systems, for every registered scheme and every mutant, and the whole mutant sweep's wall-clock time.
 *
 *   npx tsx proofs/games/bench/algebraic.ts [--json] [--no-sweep]
 *
 * Target (issue 17): the whole mutant sweep under 60 s on 2 cores. Numbers depend on machine load; the table says
 * what was measured, when.
 */
import { createDlogGroup } from '../../../core/groups/dlog.js';
import { SeededRng } from '../../../core/rng.js';
import type { Scheme } from '../../../core/types.js';
import { schemes } from '../../../registry/schemes.js';
import { mutants } from '../../mutants/index.js';
import { runMutants } from '../../mutants/run.js';
import { searchAttack } from '../algebraic.js';
import { cpaSampler } from '../cpa-algebraic.js';
import { cpaVariants } from '../cpa.js';

interface BenchRow {
  scheme: string;
  variant: string;
  columns: number;
  rank: number;
  runs: number;
  ms: number;
  elimMs: number;
  found: boolean;
  reason: string;
}

async function bench(list: Scheme[]): Promise<BenchRow[]> {
  const out: BenchRow[] = [];
  const dlog = createDlogGroup();
  for (const s of list) {
    if (!s.supports(dlog)) continue;
    const make = () => s.create({ group: dlog, precompute: false, params: s.defaultParams() });
    const inst = await make();
    for (const v of cpaVariants(inst)) {
      const r = await searchAttack(make, cpaSampler(v), new SeededRng(`bench/${s.name}/${v}`));
      out.push({
        scheme: s.name,
        variant: v,
        columns: r.stats.columns,
        rank: r.stats.rank,
        runs: r.stats.runs,
        ms: Math.round(r.stats.ms),
        elimMs: Math.round(r.stats.elimMs ?? 0),
        found: r.attack !== null,
        reason: r.stats.reason,
      });
    }
    inst.dispose?.();
  }
  return out;
}

const args = process.argv.slice(2);
const rows = await bench([...schemes, ...mutants.map((m) => m.scheme)]);
let sweep: { ms: number; killed: number; mutants: number } | null = null;
if (!args.includes('--no-sweep')) {
  const r = await runMutants({ seed: 'bench' });
  sweep = { ms: r.ms, killed: r.killed, mutants: r.mutants };
}
if (args.includes('--json')) process.stdout.write(JSON.stringify({ rows, sweep }, null, 2) + '\n');
else {
  process.stdout.write(
    'scheme                               variant               cols  rank  runs     ms  elim ms  found\n',
  );
  for (const r of rows)
    process.stdout.write(
      `${r.scheme.padEnd(36)} ${r.variant.padEnd(20)} ${String(r.columns).padStart(5)} ${String(r.rank).padStart(5)} ${String(r.runs).padStart(5)} ${String(r.ms).padStart(6)} ${String(r.elimMs).padStart(8)}  ${r.found}\n`,
    );
  if (sweep)
    process.stdout.write(
      `mutant sweep: ${sweep.killed}/${sweep.mutants} killed in ${(sweep.ms / 1000).toFixed(1)} s\n`,
    );
}
