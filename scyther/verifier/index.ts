/**
 * The built-in protocol verifier: Scyther's claims on SPDL models, decided in TypeScript under Scyther's bounds
 * (C. Cremers, "The Scyther Tool", CAV 2008; pattern refinement, CCS 2008). `verifyFile`/`verifyText` return one
 * record per claim in the same shape as the Scyther adapter (`scyther/adapter/types.ts`), so callers cannot tell
 * the engines apart except by the status `Unknown` (the per-claim time limit was reached; never a guess).
 *
 * Every `Fail` carries an attack that was replayed by the independent checker in `replay.ts` before it is
 * reported; an attack that does not replay is an internal error, reported as `Unknown`, never as `Fail`.
 */
import { readFileSync } from 'node:fs';
import { parseSpdl } from '../spdl/parse.js';
import type { VerdictRecord, VerdictStatus } from '../adapter/types.js';
import { buildModel, type ClaimSpec, type Model } from './model.js';
import { searchClaim, SearchTimeout } from './search.js';
import { replayAttack } from './replay.js';
import { attackTrace, renderTraceText, type AttackTrace } from './trace.js';
import { MedexError } from '../../core/errors.js';

export { VerifierModelError } from './model.js';
export type { AttackTrace } from './trace.js';
export { renderTraceText, renderTraceSvg } from './trace.js';

/** A verdict of the built-in engine: the adapter's record, plus `Unknown` and the attack trace when asked. */
export type BuiltinVerdict = Omit<VerdictRecord, 'status'> & {
  status: VerdictStatus | 'Unknown';
  trace?: AttackTrace;
  /** Search statistics: refinement steps and wall time (ms). */
  stats?: { nodes: number; ms: number };
};

export interface VerifyOpts {
  /** Scyther's --max-runs (default 5). */
  maxRuns?: number;
  /** Per-claim time limit in seconds (default 10); a claim that reaches it is `Unknown`. */
  timeoutS?: number;
  /** Attach attack traces to `Fail` records. */
  trace?: boolean;
  /** Wall-clock budget for the whole file in seconds (default 90), shared among the claims (see verifyModel). */
  fileBudgetS?: number;
  /**
   * Worker threads to spread the claims over (default 1: all in this thread). Verdicts do not depend on it; with
   * the `debug` callback the claims stay in this thread.
   */
  workers?: number;
  /** With workers: time each claim first gets in this thread (ms, default 300); the claims left open go to them. */
  quickMs?: number;
  /** Debugging aid: receives the first pattern cut by the run bound and any attack that failed to replay. */
  debug?: (text: string) => void;
}

/** The file could not be read. */
export class VerifierInputError extends MedexError {
  constructor(detail: string) {
    super('verifier/input', detail);
  }
}

export async function verifyFile(path: string, opts: VerifyOpts = {}): Promise<BuiltinVerdict[]> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new VerifierInputError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return verifyText(text, path, opts);
}

export async function verifyText(text: string, file = '<input>', opts: VerifyOpts = {}): Promise<BuiltinVerdict[]> {
  const model = buildModel(parseSpdl(text, file));
  const workers = opts.workers ?? 1;
  if (workers <= 1 || opts.debug) return verifyModel(model, opts);
  // Most files are decided in well under a second: those are checked here, as starting worker threads (each
  // loading the verifier) would cost more than it saves. What a quick pass leaves open goes to the workers.
  const t0 = Date.now();
  const maxRuns = opts.maxRuns ?? 5;
  const quick = model.claims.map((c) => verifyClaim(model, c, maxRuns, Date.now() + (opts.quickMs ?? QUICK_MS), opts));
  const todo = quick.flatMap((v, i) => (v.status === 'Unknown' && v.detail === '[time limit]' ? [i] : []));
  if (todo.length === 0) return quick;
  const left = Math.max(0, (opts.fileBudgetS ?? 90) - (Date.now() - t0) / 1000);
  const { verifyInWorkers } = await import('./parallel.js');
  const slow = await verifyInWorkers(text, file, todo, { ...opts, workers, fileBudgetS: left });
  return quick.map((v, i) => slow.get(i) ?? v);
}

/** Time each claim gets in the main thread before the claims still open go to worker threads (ms). */
const QUICK_MS = 300;

/**
 * Every claim of the model, within the file's budget: a first pass gives each claim a fair share of what is left
 * (at most `timeoutS`), so one hard claim cannot starve the others; a second pass retries the claims that ran out
 * of time with the time the easy ones left over (a fresh search, so only when the share is clearly larger).
 */
export function verifyModel(model: Model, opts: VerifyOpts = {}): BuiltinVerdict[] {
  const maxRuns = opts.maxRuns ?? 5;
  const claimMs = (opts.timeoutS ?? 10) * 1000;
  const end = Date.now() + (opts.fileBudgetS ?? 90) * 1000;
  const n = model.claims.length;
  const share = (left: number): number => Math.min(claimMs, Math.max(0, end - Date.now()) / left);
  const given = new Array<number>(n).fill(0);
  const out = model.claims.map((c, i) => {
    given[i] = share(n - i);
    return verifyClaim(model, c, maxRuns, Date.now() + given[i]!, opts);
  });
  const retry = out.flatMap((v, i) => (v.status === 'Unknown' && v.detail === '[time limit]' ? [i] : []));
  retry.forEach((i, j) => {
    const ms = share(retry.length - j);
    if (ms < 1.5 * given[i]!) return;
    const again = verifyClaim(model, model.claims[i]!, maxRuns, Date.now() + ms, opts);
    const spent = out[i]!.stats;
    out[i] = spent && again.stats ? { ...again, stats: addStats(spent, again.stats) } : again;
  });
  return out;
}

function addStats(a: { nodes: number; ms: number }, b: { nodes: number; ms: number }): { nodes: number; ms: number } {
  return { nodes: a.nodes + b.nodes, ms: a.ms + b.ms };
}

/** One claim, searched until `deadline` (ms since epoch). */
export function verifyClaim(
  model: Model,
  c: ClaimSpec,
  maxRuns: number,
  deadline: number,
  opts: VerifyOpts,
): BuiltinVerdict {
  const withTrace = opts.trace ?? false;
  const base = {
    file: model.file,
    protocol: c.role.protocol.name,
    role: c.role.name,
    claim: c.type,
    label: c.label,
    param: c.param,
  };
  const t0 = Date.now();
  if (c.alwaysTrue) return { ...base, status: 'Ok', detail: '[proof of correctness]', attacks: 0 };
  if (deadline <= t0) return { ...base, status: 'Unknown', detail: '[time limit]', attacks: 0 };
  try {
    const res = searchClaim(model, c, { maxRuns, deadline, ...(opts.debug ? { onBoundHit: opts.debug } : {}) });
    const stats = { nodes: res.nodes, ms: Date.now() - t0 };
    if (res.attack) {
      const replay = replayAttack(model, res.attack);
      if (!replay.ok) {
        if (opts.debug) {
          // Debugging aid: the unreplayable pattern with every event.
          opts.debug(
            renderTraceText(
              attackTrace(model, res.attack, {
                ...replay,
                order: res.attack.runs.flatMap((r, i) => r.events.map((_, j): [number, number] => [i, j])),
              }),
            ) + `\nedges ${JSON.stringify(res.attack.edges)}\norder ${JSON.stringify(replay.order)}`,
          );
        }
        return { ...base, status: 'Unknown', detail: `[attack did not replay: ${replay.reason}]`, attacks: 0, stats };
      }
      // Reachable: a trace reaching the claim is the expected outcome (claim.c, claimStatusReport: "variant").
      if (c.type === 'Reachable') return { ...base, status: 'Ok', detail: '[at least 1 variant]', attacks: 0, stats };
      return {
        ...base,
        status: 'Fail',
        detail: '[at least 1 attack]',
        attacks: 1,
        stats,
        ...(withTrace ? { trace: attackTrace(model, res.attack, replay) } : {}),
      };
    }
    if (c.type === 'Reachable') return { ...base, status: 'Fail', detail: '[does not occur]', attacks: 0, stats };
    return {
      ...base,
      status: 'Ok',
      detail: res.boundHit ? '[no attack within bounds]' : '[proof of correctness]',
      attacks: 0,
      stats,
    };
  } catch (e) {
    if (e instanceof SearchTimeout)
      return {
        ...base,
        status: 'Unknown',
        detail: '[time limit]',
        attacks: 0,
        stats: { nodes: e.nodes, ms: Date.now() - t0 },
      };
    throw e;
  }
}
