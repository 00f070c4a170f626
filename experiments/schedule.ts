/**
 * Step 1 of `reproduce`: which backends to measure and in what order, and running the measurement workers (one
 * process per backend, experiments/worker.ts) and the pieces (one process each, experiments/pieces-worker.ts) within
 * the run's time bars, at most `concurrency` processes at a time. Every finished piece of work is reported to the
 * progress module.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParameterError } from '../core/errors.js';
import type { Scheme } from '../core/types.js';
import type { RegisteredBackend } from '../registry/backends.js';
import type { ResultsTransaction } from './lib/atomic.js';
import { WorkerError, runChild, runWorker } from './lib/child.js';
import type { Progress } from './lib/progress.js';
import type { WorkerJob, WorkerResult } from './measure/types.js';
import { PIECES, type PieceJob, type PieceName, type PieceResult } from './pieces.js';
import type { BackendStatus } from './report.js';

const PIECES_WORKER = join(fileURLToPath(new URL('.', import.meta.url)), 'pieces-worker.ts');

/**
 * Measurement budgets, counted from the start of the process (its start-up, under load, is part of the bar): the
 * time after which workers stop starting new series. A worker still running `GRACE_MS` later is killed.
 */
const BUDGET_MS = { quick: 27_000, full: 165_000 };
const GRACE_MS = { quick: 6_000, full: 25_000 };
/** Whole-run bars (from process start) and the time kept for tables, figures and the report after the pieces. */
const RUN_MS = { quick: 47_000, full: 600_000 };
const RENDER_RESERVE_MS = { quick: 8_000, full: 20_000 };

/**
 * The backends to measure, in order (what a deadline cuts last): the first one (it also runs the sweeps), then
 * symmetric low-security backends (their unit costs feed the 80-bit comparison), then the rest. A test instrument
 * (a backend that protects nothing, e.g. `dlog`) is measured only when `named` names it; one reaching this list any
 * other way is refused, so no report can carry its timings unasked.
 */
export function planBackends(
  registered: readonly RegisteredBackend[],
  named?: readonly string[],
  instruments: readonly RegisteredBackend[] = [],
): RegisteredBackend[] {
  const pool = [...registered, ...instruments.filter((b) => named?.includes(b.name))];
  const chosen = pool.filter((b) => !named || named.includes(b.name));
  for (const b of chosen)
    if (b.instrument && !named?.includes(b.name))
      throw new ParameterError(`backend '${b.name}' is a test instrument: reproduce measures it only when named`);
  const low = (b: RegisteredBackend) => b.symmetric && b.securityBits <= 96;
  return [...chosen.slice(0, 1), ...chosen.slice(1).filter(low), ...chosen.slice(1).filter((b) => !low(b))];
}

/** How many pieces of work each backend's worker reports: unit costs, then each scheme's naive and precomputed series. */
export const workPerBackend = (schemes: number): number => 1 + 2 * schemes;

export interface ScheduleOptions {
  quick: boolean;
  seed: string;
  schemes: Scheme[];
  backends: RegisteredBackend[];
  pieces: PieceName[];
  concurrency: number;
  tx: ResultsTransaction;
  progress: Progress;
}

export interface ScheduleResult {
  workers: WorkerResult[];
  backendStatus: BackendStatus[];
  pieces: PieceResult[];
  notes: string[];
}

export async function runSchedule(o: ScheduleOptions): Promise<ScheduleResult> {
  const { progress, tx } = o;
  const processStart = Math.round(performance.timeOrigin);
  const deadline = processStart + (o.quick ? BUDGET_MS.quick : BUDGET_MS.full);
  const hardStop = deadline + (o.quick ? GRACE_MS.quick : GRACE_MS.full);
  const pieceStop =
    processStart + (o.quick ? RUN_MS.quick - RENDER_RESERVE_MS.quick : RUN_MS.full - RENDER_RESERVE_MS.full);
  type Task = () => Promise<void>;
  const workerOut: (WorkerResult | WorkerError)[] = [];
  const pieceOut: PieceResult[] = [];
  const lanes = Math.max(1, o.concurrency);
  const perBackend = workPerBackend(o.schemes.length);
  let started = 0;

  const workerTasks: Task[] = o.backends.map((b, i) => async () => {
    // Each worker gets a fair share of what is left before the deadline: the time left divided by the number of
    // rounds of workers still to come on the lanes (so a slow backend queued last still gets measured).
    const waiting = o.backends.length - started++;
    const rounds = Math.ceil(waiting / lanes);
    const share = Math.max(0, deadline - Date.now()) / Math.max(1, rounds);
    const job: WorkerJob = {
      backend: b.name,
      seed: o.seed,
      quick: o.quick,
      sweep: i === 0,
      schemes: o.schemes.map((s) => s.name),
      deadline: Math.round(Date.now() + share),
    };
    // The worker announces each series as it starts it, so an announcement finishes the one before.
    let current: string | undefined;
    let since = Date.now();
    let finished = 0;
    const finish = (what: string) => {
      progress.step(what, { ms: Date.now() - since });
      since = Date.now();
      finished++;
    };
    try {
      workerOut[i] = await runWorker(job, {
        onProgress: (l) => {
          if (current !== undefined) finish(current);
          current = l;
        },
        timeoutMs: Math.max(1000, hardStop - Date.now()),
      });
      if (current !== undefined) finish(current);
    } catch (e) {
      const err = e instanceof WorkerError ? e : new WorkerError(b.name, String(e));
      workerOut[i] = err;
      finish(`${b.name}: stopped (${err.message.split('\n')[0]})`);
    }
    // series the deadline cut are no longer to come
    progress.grow(-Math.max(0, perBackend - finished));
  });

  const pieceTasks: Task[] = o.pieces.map((name) => async () => {
    const p = PIECES[name];
    const job: PieceJob = { piece: name, outDir: await tx.dir(name), quick: o.quick, seed: o.seed };
    let r: PieceResult;
    try {
      r = await runChild<PieceResult>(PIECES_WORKER, job, name, {
        timeoutMs: Math.max(1000, Math.min(o.quick ? p.timeoutMs.quick : p.timeoutMs.full, pieceStop - Date.now())),
      });
    } catch (e) {
      r = { piece: name, present: false, detail: `failed: ${e instanceof Error ? e.message : String(e)}`, files: [] };
    }
    // A missing or failed piece stages nothing, so the committed results of that module stay as they are.
    if (!r.present || r.files.length === 0) await rm(job.outDir, { recursive: true, force: true });
    pieceOut.push(r);
    progress.step(`${name}: ${r.present ? `${r.files.length} files written` : r.detail}`);
  });

  const pool = async (ts: Task[], n: number) => {
    let next = 0;
    const lane = async () => {
      while (next < ts.length) await ts[next++]!();
    };
    await Promise.all(Array.from({ length: Math.max(1, n) }, lane));
  };
  // Workers share `concurrency` lanes. Pieces get one lane of their own: alongside the workers in a quick run (to
  // meet its time bar), after them in a full run (so they do not disturb the timings).
  if (o.quick) await Promise.all([pool(workerTasks, lanes), pool(pieceTasks, 1)]);
  else {
    await pool(workerTasks, lanes);
    await pool(pieceTasks, 1);
  }

  const workers = workerOut.filter((w): w is WorkerResult => !(w instanceof WorkerError));
  const backendStatus: BackendStatus[] = o.backends.map((b, i) => {
    const w = workerOut[i];
    const { create: _c, instrument: _i, ...info } = b;
    if (!w || w instanceof WorkerError) return { ...info, ok: false, detail: w ? w.message : 'not run' };
    const n = w.series.reduce((a, s) => a + s.runs.length, 0);
    return { ...info, ok: true, detail: `${n} story runs in ${(w.elapsedMs / 1000).toFixed(1)} s` };
  });
  const notes: string[] = [];
  for (const w of workers) notes.push(...w.notes);
  for (const w of workerOut) if (w instanceof WorkerError) notes.push(w.message);
  for (const b of o.backends.filter((x) => x.instrument))
    notes.push(`backend ${b.name} is a test instrument (it protects nothing); measured because it was named`);
  // pieces in their declared order, whatever order they finished in
  const pieces = o.pieces.flatMap((n) => pieceOut.filter((r) => r.piece === n));
  return { workers, backendStatus, pieces, notes };
}
