/**
 * Runs tasks on worker threads (node:worker_threads), or in this thread when one worker is asked for. A task is a
 * function exported by a module, applied to the thread's JobEnv and a structured-clonable argument; the same function
 * runs in both cases, so a run's results do not depend on the number of workers as long as each task's result
 * depends only on its argument (jobs.ts says why the games' tasks do). Results come back in task order.
 */
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

export type TaskReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

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

export async function runTasks<A, R>(
  tasks: Task<A, R>[],
  opts: { workers: number; env: JobEnv; onDone?: (index: number, value: R) => void },
): Promise<R[]> {
  const out: R[] = new Array(tasks.length);
  const n = Math.min(checkWorkers(opts.workers), tasks.length);
  if (n <= 1) {
    for (let i = 0; i < tasks.length; i++) {
      out[i] = await tasks[i]!.run(opts.env, tasks[i]!.arg);
      opts.onDone?.(i, out[i]!);
    }
    return out;
  }
  const workers: Worker[] = [];
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
      for (let k = 0; k < n; k++) {
        const w = new Worker(BOOT, { workerData: { entry: ENTRY } });
        workers.push(w);
        w.on('message', (m: TaskReply) => {
          if (!m.ok) return reject(new GameError(`a worker's task ${m.id} failed: ${m.error}`));
          out[m.id] = m.value as R;
          opts.onDone?.(m.id, out[m.id]!);
          if (++done === tasks.length) resolve();
          else feed(w);
        });
        w.on('error', (e) => reject(new GameError(`a games worker thread died: ${e.message}`)));
        w.on('exit', (code) => {
          if (done < tasks.length) reject(new GameError(`a games worker thread exited (code ${code}) before the end`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
