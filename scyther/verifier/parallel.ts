/**
 * The claims of one file checked on several worker threads (`VerifyOpts.workers`): each claim is an independent
 * search, so they spread over the cores with no change to any verdict. The file's budget is shared as in
 * `verifyModel`: a first pass gives each claim a fair share of the time left (per worker), and a second pass retries
 * the claims that ran out of it with what the quick ones left over.
 */
import { Worker } from 'node:worker_threads';
import type { BuiltinVerdict, VerifyOpts } from './index.js';

export interface WorkerInput {
  text: string;
  file: string;
  maxRuns: number;
  opts: { trace?: boolean };
}
export interface ClaimJob {
  claim: number;
  deadline: number;
}

/**
 * The worker module runs TypeScript in place, as the command does: the thread registers tsx's loader first. The
 * loader's entry is resolved here, so the worker finds it wherever the package is installed.
 */
function startWorker(input: WorkerInput): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: input });
}

/** Claims `todo` (indices into the model's claims) of the file, checked on worker threads; one verdict each. */
export async function verifyInWorkers(
  text: string,
  file: string,
  todo: number[],
  opts: VerifyOpts & { workers: number },
): Promise<Map<number, BuiltinVerdict>> {
  const maxRuns = opts.maxRuns ?? 5;
  const claimMs = (opts.timeoutS ?? 10) * 1000;
  const end = Date.now() + (opts.fileBudgetS ?? 90) * 1000;
  const n = Math.min(opts.workers, todo.length);
  const input: WorkerInput = { text, file, maxRuns, opts: { trace: opts.trace ?? false } };
  const workers = Array.from({ length: n }, () => startWorker(input));
  const out = new Map<number, BuiltinVerdict>();
  const given = new Map<number, number>();
  try {
    // One queue of jobs per pass; each worker takes the next job when it is done with one.
    const pass = async (queue: number[], minGain: number): Promise<void> => {
      let next = 0;
      // A fair share per worker, never past the file's end (with fewer claims left than workers, a claim could
      // otherwise be given more time than remains).
      const share = (): number => {
        const left = Math.max(0, end - Date.now());
        return Math.min(claimMs, left, (left * n) / (queue.length - next));
      };
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              const take = (): void => {
                while (next < queue.length) {
                  const claim = queue[next]!;
                  const ms = share();
                  next++;
                  if (ms < minGain * (given.get(claim) ?? 0)) continue;
                  given.set(claim, ms);
                  w.postMessage({ claim, deadline: Date.now() + ms } satisfies ClaimJob);
                  return;
                }
                w.off('message', done);
                w.off('error', reject);
                resolve();
              };
              const done = (m: { claim: number; verdict: BuiltinVerdict }): void => {
                const spent = out.get(m.claim)?.stats;
                const s = m.verdict.stats;
                const merged =
                  spent && s
                    ? { ...m.verdict, stats: { nodes: spent.nodes + s.nodes, ms: spent.ms + s.ms } }
                    : m.verdict;
                out.set(m.claim, merged);
                take();
              };
              w.on('message', done);
              w.on('error', reject);
              take();
            }),
        ),
      );
    };
    await pass(todo, 0);
    const retry = todo.filter((i) => out.get(i)!.status === 'Unknown' && out.get(i)!.detail === '[time limit]');
    if (retry.length > 0) await pass(retry, 1.5);
    return out;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
