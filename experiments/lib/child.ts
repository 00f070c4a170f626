/**
 * Per-backend process isolation: each backend's measurements run in a fresh Node process (experiments/worker.ts,
 * TypeScript loaded by tsx), because mcl-wasm holds one curve per process and a second curve silently invalidates
 * the first one's elements (notes/dependencies.md, pitfall 8). A fresh process also gives each backend the same
 * cold start, so one backend's JIT and garbage do not leak into another's timings.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MedexError } from '../../core/errors.js';
import type { WorkerJob, WorkerResult } from '../measure/types.js';

export class WorkerError extends MedexError {
  constructor(what: string, detail: string) {
    super('worker', `worker process for '${what}' failed: ${detail}`);
  }
}

const here = dirname(fileURLToPath(import.meta.url));
export const WORKER_PATH = join(here, '..', 'worker.ts');

/**
 * tsx's full loader (the package's main export: CommonJS and ESM hooks) as an absolute URL, so the child finds it
 * whatever its working directory. `tsx/esm` alone would not transform an entry file that Node loads as CommonJS.
 */
function tsxImport(): string {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('tsx/package.json'));
  const main = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> })
    .exports['.'];
  return pathToFileURL(join(dir, typeof main === 'string' ? main : 'dist/loader.mjs')).href;
}

export interface ChildOptions {
  /** Called with each progress label the worker reports. */
  onProgress?: (label: string) => void;
  /** Kill the worker after this long. */
  timeoutMs?: number;
  /** The worker script (tests substitute a fake). */
  script?: string;
}

export interface ChildPartialOptions<R> extends ChildOptions {
  /** If the child dies after a checkpoint, resolve with its last partial result, amended by this function. */
  acceptPartial?: (partial: R, reason: string) => R;
}

/** Messages any child script sends back over IPC. */
export type ChildMessage<R> =
  | { type: 'progress'; label: string }
  /** What the child has so far, sent at checkpoints: if it is killed later, this is what survives. */
  | { type: 'partial'; result: R }
  | { type: 'result'; result: R }
  | { type: 'error'; message: string };

/** Runs one job in its own process and resolves with its result; rejects with WorkerError on any failure. */
export function runWorker(job: WorkerJob, opts: ChildOptions = {}): Promise<WorkerResult> {
  return runChild<WorkerResult>(opts.script ?? WORKER_PATH, job, job.backend, {
    ...opts,
    acceptPartial: (r, reason) => ({
      ...r,
      notes: [...r.notes, `worker for ${job.backend} stopped early (${reason}): its results are partial`],
    }),
  });
}

/** Runs `script` (TypeScript, via tsx) with `job` as JSON in argv[2] and waits for its `result` message. */
export function runChild<R>(script: string, job: unknown, name: string, opts: ChildPartialOptions<R> = {}): Promise<R> {
  return new Promise((resolveP, rejectP) => {
    const child = fork(script, [JSON.stringify(job)], {
      execArgv: ['--import', tsxImport()],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    let result: R | undefined;
    let partial: R | undefined;
    let failure: string | undefined;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          failure = `timed out after ${opts.timeoutMs} ms`;
          child.kill('SIGKILL');
        }, opts.timeoutMs)
      : undefined;
    child.on('message', (m: ChildMessage<R>) => {
      if (m.type === 'progress') opts.onProgress?.(m.label);
      else if (m.type === 'result') result = m.result;
      else if (m.type === 'partial') partial = m.result;
      else if (m.type === 'error') failure = m.message;
    });
    child.on('error', (e) => {
      failure ??= e.message;
    });
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (result !== undefined && !failure) return resolveP(result);
      const lastErr = stderr
        .trim()
        .split('\n')
        .filter((l) => !/ExperimentalWarning|--trace-warnings/.test(l))
        .slice(-1)[0];
      const reason = failure ?? `exited with ${signal ?? code}${lastErr ? `: ${lastErr}` : ''}`;
      if (partial !== undefined && opts.acceptPartial) return resolveP(opts.acceptPartial(partial, reason));
      rejectP(new WorkerError(name, reason));
    });
  });
}
