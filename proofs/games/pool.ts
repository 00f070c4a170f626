/**
 * Runs tasks on worker threads (node:worker_threads), or in this thread when one worker is asked for. A task is a
 * function exported by a module, applied to the thread's JobEnv and a structured-clonable argument; the same function
 * runs in both cases, so a run's results do not depend on the number of workers as long as each task's result
 * depends only on its argument (jobs.ts says why the games' tasks do). Results come back in task order.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { GameError } from './types.js';
import type { JobEnv } from './jobs.js';

export interface Task<A, R> {
  /** URL of the module that exports `fn` (what a worker imports). */
  module: string;
  fn: string;
  arg: A;
  /** The same function, for this thread. */
  run: (env: JobEnv, arg: A) => Promise<R>;
}

export interface TaskMessage {
  id: number;
  module: string;
  fn: string;
  arg: unknown;
}

export type TaskReply =
  { id: number; ok: true; value: unknown; cpuMs: number | null } | { id: number; ok: false; error: string };

/**
 * CPU time of the calling thread so far, in ms (Linux: /proc/thread-self/stat, utime + stime at 100 ticks/s), or null
 * where that is not available. Node 20 has no per-thread CPU clock; the pool reports it so that a benchmark can tell
 * what two idle cores would take from runs on a loaded machine (process CPU and wall clock alone cannot: with the
 * kernel's autogroup scheduling, more threads do not get more CPU under contention).
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** What a run on worker threads measured: each worker thread's CPU time (ms) when its last task ended. */
export interface PoolStats {
  workerCpuMs: (number | null)[];
}

/** The worker count a CLI run uses by default: the cores Node sees. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

export function checkWorkers(n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new GameError(`workers must be an integer in 1..64, got ${n}`);
  return n;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./worker.ts', import.meta.url).href;

/**
 * Worker threads started ahead of their tasks (they load tsx, the backends and the schemes while the caller plans),
 * or none for one worker: tasks then run in this thread.
 */
export class Pool {
  private readonly workers: Worker[] = [];
  readonly stats: PoolStats = { workerCpuMs: [] };
  constructor(
    readonly size: number,
    private readonly env: JobEnv,
  ) {
    checkWorkers(size);
    if (size > 1) for (let k = 0; k < size; k++) this.workers.push(new Worker(BOOT, { workerData: { entry: ENTRY } }));
    this.stats.workerCpuMs = this.workers.map(() => null);
  }

  async run<A, R>(tasks: Task<A, R>[], onDone?: (index: number, value: R) => void): Promise<R[]> {
    const out: R[] = new Array(tasks.length);
    if (this.workers.length === 0 || tasks.length === 0) {
      for (let i = 0; i < tasks.length; i++) {
        out[i] = await tasks[i]!.run(this.env, tasks[i]!.arg);
        onDone?.(i, out[i]!);
      }
      return out;
    }
    const cleanup: (() => void)[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        let next = 0;
        let done = 0;
        const feed = (w: Worker) => {
          if (next >= tasks.length) return;
          const id = next++;
          const t = tasks[id]!;
          w.postMessage({ id, module: t.module, fn: t.fn, arg: t.arg } satisfies TaskMessage);
        };
        this.workers.forEach((w, k) => {
          const onMessage = (m: TaskReply) => {
            if (!m.ok) return reject(new GameError(`a worker's task ${m.id} failed: ${m.error}`));
            this.stats.workerCpuMs[k] = m.cpuMs;
            out[m.id] = m.value as R;
            onDone?.(m.id, out[m.id]!);
            if (++done === tasks.length) resolve();
            else feed(w);
          };
          const onError = (e: Error) => reject(new GameError(`a games worker thread died: ${e.message}`));
          const onExit = (code: number) =>
            reject(new GameError(`a games worker thread exited (code ${code}) before the end`));
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          cleanup.push(() => {
            w.off('message', onMessage);
            w.off('error', onError);
            w.off('exit', onExit);
          });
        });
        this.workers.forEach(feed);
      });
    } finally {
      for (const c of cleanup) c();
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Runs tasks on a pool of `workers` threads started for them (see Pool). */
export async function runTasks<A, R>(
  tasks: Task<A, R>[],
  opts: { workers: number; env: JobEnv; onDone?: (index: number, value: R) => void },
): Promise<R[]> {
  const pool = new Pool(Math.min(checkWorkers(opts.workers), Math.max(1, tasks.length)), opts.env);
  try {
    return await pool.run(tasks, opts.onDone);
  } finally {
    await pool.close();
  }
}
