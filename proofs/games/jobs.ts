/**
 * A unit of a full run that any thread can play: one row of one game on one scheme, whole or a range of its trials.
 * A job names its scheme by where the `Scheme` value lives (a module and a path into its exports, or a file given
 * with --scheme-file), never by the scheme's name, so a worker thread imports exactly the object the caller selected.
 *
 * Determinism: a row draws everything from SeededRng(seed).fork(label) and its trial t from streams of its own, so a
 * job's result depends only on the job. Each thread creates one instance per (scheme, backend) and reuses it for
 * every job of that scheme; that is sound because an instance holds no hidden state (the project's rule: randomness
 * comes only from the Rng passed in). The mutants, some of which break that rule on purpose (cached randomness),
 * are played one whole mutant per job (proofs/mutants/run.ts).
 */
import { pathToFileURL } from 'node:url';
import { createDlogGroup } from '../../core/groups/dlog.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../core/types.js';
import { createBackend } from '../../registry/backends.js';
import { games, type GameName, type RowPlan, type RowResult, type Runner } from './games.js';
import { tapKdf, type TappedGroup } from './instrument.js';
import { GameError } from './types.js';

/** Where a Scheme value lives: `module`'s export reached by `path` (e.g. ['schemes', 3]), or a --scheme-file. */
export type SchemeRef = { module: string; path: (string | number)[] } | { file: string };

/** The Scheme values the games know, and where they live; the strawmen and mutants register themselves here. */
const known = new Map<Scheme, SchemeRef>();

/** Records that the values of `list` (an array exported as `exportName` by the module at `moduleUrl`) live there. */
export function registerSchemeList(moduleUrl: string, exportName: string, list: readonly Scheme[], field?: string) {
  list.forEach((s, i) => known.set(s, { module: moduleUrl, path: field ? [exportName, i, field] : [exportName, i] }));
}

/** Records a scheme loaded from a file (--scheme-file). */
export function registerSchemeFile(path: string, s: Scheme) {
  known.set(s, { file: path });
}

export function refOf(s: Scheme): SchemeRef | undefined {
  return known.get(s);
}

/** Loads the Scheme a ref points at (in whichever thread). */
export async function loadRef(ref: SchemeRef): Promise<Scheme> {
  if ('file' in ref) {
    const { loadSchemeFile } = await import('./scheme-file.js');
    return loadSchemeFile(ref.file);
  }
  let v: unknown = await import(ref.module.startsWith('file:') ? ref.module : pathToFileURL(ref.module).href);
  for (const k of ref.path) v = (v as Record<string | number, unknown>)?.[k];
  if (typeof v !== 'object' || v === null || typeof (v as Scheme).create !== 'function')
    throw new GameError(`no Scheme at ${ref.module} ${ref.path.join('.')}`);
  return v as Scheme;
}

export interface RowJob {
  kind: 'row';
  scheme: SchemeRef;
  /** Checked against the loaded scheme (a stale ref fails loudly instead of playing another scheme). */
  expect: string;
  backend: string;
  seed: string;
  /** The run's per-row trial target. */
  trials: number;
  plan: RowPlan & { game: GameName };
  /** Trials [from, to) of a row whose game can merge ranges; null: the whole row with its stopping rule. */
  range: [number, number] | null;
}

export interface RowJobResult {
  result: RowResult | null;
  error?: string;
  ms: number;
}

/** A full run's sequential stop for CPA rows: chunks of FULL_STEP, settled once decided or conclusively coin-only. */
export const FULL_STEP = 25;
/** Coin-only rows play at least this many trials before they may settle. */
export const COIN_SETTLE_MIN = 100;
/** Early stopping needs at least this many trials. */
export const EARLY_MIN = 32;
/** An interval that contains 0 is conclusive only if it also excludes advantages above this (games.ts CONCLUSIVE). */
const CONCLUSIVE = 0.3;

export function decided(r: Runner): boolean {
  return r.trials >= EARLY_MIN && r.advantage().ci95[0] > 0.5;
}

/**
 * A full run's stop: a row is settled once it is decided, or once it has played COIN_SETTLE_MIN trials on which only
 * the coin decided and its advantage interval is already conclusive: further coin flips cannot change its verdict.
 */
export function settled(r: Runner): boolean {
  if (decided(r)) return true;
  return r.coinOnly?.() === true && r.trials >= COIN_SETTLE_MIN && r.advantage().ci95[1] <= CONCLUSIVE;
}

/** What a thread keeps between jobs: backends, loaded schemes and their instances. */
export class JobEnv {
  private readonly groups = new Map<string, Promise<PairingGroup>>();
  private readonly taps = new Map<string, Promise<TappedGroup>>();
  private readonly schemes = new Map<string, Promise<Scheme>>();
  private readonly instances = new Map<string, Promise<SchemeInstance>>();

  /** `given`: a group the caller already has (in-process runs), used for its backend name. */
  constructor(given?: PairingGroup) {
    if (given) this.groups.set(given.name, Promise.resolve(given));
  }

  /** The backend's group, created once per thread (mcl-wasm holds one curve per thread). */
  group(backend: string): Promise<PairingGroup> {
    let g = this.groups.get(backend);
    if (!g) this.groups.set(backend, (g = createBackend(backend)));
    return g;
  }

  /** The backend's group with its KDF tapped (instances of the games are created on it). */
  tap(backend: string): Promise<TappedGroup> {
    let t = this.taps.get(backend);
    if (!t) this.taps.set(backend, (t = this.group(backend).then(tapKdf)));
    return t;
  }

  scheme(ref: SchemeRef): Promise<Scheme> {
    const k = JSON.stringify(ref);
    let s = this.schemes.get(k);
    if (!s) this.schemes.set(k, (s = loadRef(ref)));
    return s;
  }

  /** One instance per scheme and backend, on the tapped group. */
  async instance(key: string, scheme: Scheme, backend: string): Promise<SchemeInstance> {
    const k = `${key}@${backend}`;
    let i = this.instances.get(k);
    if (!i) {
      const tap = await this.tap(backend);
      this.instances.set(
        k,
        (i = scheme.create({ group: tap.group, precompute: true, params: scheme.defaultParams() })),
      );
    }
    return i;
  }

  async dispose() {
    for (const i of this.instances.values()) (await i.catch(() => null))?.dispose?.();
    this.instances.clear();
  }
}

/** Plays one job. Errors of the game become an error result; errors of the set-up (no such scheme) throw. */
export async function runRowJob(env: JobEnv, job: RowJob, schemeOverride?: Scheme): Promise<RowJobResult> {
  const scheme = schemeOverride ?? (await env.scheme(job.scheme));
  if (scheme.name !== job.expect)
    throw new GameError(`the scheme ref ${JSON.stringify(job.scheme)} gave '${scheme.name}', not '${job.expect}'`);
  const tap = await env.tap(job.backend);
  const inst = await env.instance(JSON.stringify(job.scheme), scheme, job.backend);
  const game = games.find((g) => g.name === job.plan.game);
  if (!game) throw new GameError(`no game '${job.plan.game}'`);
  const t0 = performance.now();
  let runner: Runner | null = null;
  try {
    const ctx = {
      scheme,
      inst,
      tap,
      dlog: createDlogGroup(),
      root: new SeededRng(job.seed),
      quick: false,
      trials: job.trials,
    };
    const [from, to] = job.range ?? [0, game.target ? game.target(job.trials) : job.trials];
    runner = await game.play(ctx, job.plan, from);
    const r = runner;
    const want = to - from;
    if (job.range || !r.coinOnly) r.step(want);
    else
      while (r.trials < want) {
        r.step(Math.min(FULL_STEP, want - r.trials));
        if (settled(r)) break;
      }
    return { result: r.result(job.range === null && r.trials < want), ms: r.ms };
  } catch (e) {
    return { result: null, error: (e as Error).message, ms: runner?.ms ?? performance.now() - t0 };
  }
}
