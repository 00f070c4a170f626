/**
 * Benchmark (not a test): a full games run (`runGames`, not quick) with 1 and with 2 worker threads, interleaved
 * (1, 2, 1, 2, ...) so that both see the same machine load. The machine is shared: under contention the kernel's
 * autogroup scheduling gives a process the same CPU share whatever its thread count, so wall clock cannot show what
 * two idle cores would do. Each run therefore also reports CPU times: the process's (every thread), each worker
 * thread's (pool.ts `threadCpuMs`), and this thread's (process minus workers). The idle-cores estimate of a run is
 * this thread's CPU plus the busiest worker's CPU (no overlap assumed between planning and playing, so an upper
 * bound); with one worker it is the process CPU. Prints one JSON object.
 *
 *   npx tsx proofs/games/bench/workers.ts [--schemes a,b|all] [--trials N] [--pairs K] [--seed S]
 */
import { parseArgs } from 'node:util';
import { createBackend } from '../../../registry/backends.js';
import type { PoolStats } from '../pool.js';
import { runGames } from '../run.js';

const { values } = parseArgs({
  options: {
    schemes: { type: 'string', default: 'all' },
    trials: { type: 'string', default: '500' },
    pairs: { type: 'string', default: '1' },
    seed: { type: 'string', default: 'medexchain-games' },
  },
});
const schemes = values.schemes === 'all' ? 'all' : values.schemes.split(',');
const trials = Number(values.trials);
const group = await createBackend('bls12-381');
const loadavg = async () => (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3);

const runs: unknown[] = [];
const est: Record<number, number[]> = { 1: [], 2: [] };
for (let p = 0; p < Number(values.pairs); p++)
  for (const workers of [1, 2]) {
    const load = await loadavg();
    const stats: PoolStats = { workerCpuMs: [] };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rows = await runGames({ schemes, game: 'all', trials, seed: values.seed, group, workers, stats });
    const wallMs = performance.now() - t0;
    const c = process.cpuUsage(c0);
    const processCpuMs = (c.user + c.system) / 1000;
    const workerCpuMs = stats.workerCpuMs.map((x) => x ?? 0);
    const mainCpuMs = processCpuMs - workerCpuMs.reduce((a, b) => a + b, 0);
    const idleEstimateMs = workers === 1 ? processCpuMs : mainCpuMs + Math.max(...workerCpuMs);
    est[workers]!.push(idleEstimateMs);
    runs.push({ workers, rows: rows.length, wallMs, processCpuMs, mainCpuMs, workerCpuMs, idleEstimateMs, load });
    process.stderr.write(`${JSON.stringify(runs.at(-1))}\n`);
  }
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
console.log(
  JSON.stringify(
    { schemes, trials, runs, ratio2to1: mean(est[2]!) / mean(est[1]!), loadAfter: await loadavg() },
    null,
    2,
  ),
);
