/**
 * Unit costs of the counted primitives (core/ops.ts) on one backend, measured through the `PairingGroup`
 * interface only, so the same code measures mcl, noble and SS512 alike. Together with a scheme's declared operation
 * counts these give the "theoretical" cost of an algorithm (counts times unit costs), the way the paper's
 * comparison tables are built.
 *
 * Everything is timed directly: the Miller loop, the precomputed Miller loop and the final exponentiation through
 * the backend's `parts` (core/groups/types.ts), not derived from differences of other timings (a difference of two
 * noisy medians once gave a final exponentiation of 0 ms and a Miller loop longer than the pairing). Because the
 * parts are timed apart from the pairing, "Miller loop + final exponentiation = pairing" is a measured check
 * (`checkUnitCosts`), and a run whose unit costs are inconsistent (a part longer than its whole, a non-positive
 * time) stops with a `UnitCostError` instead of producing a table. Only the cost of one multi-exponentiation term is
 * derived (an 8-term multi-exponentiation divided by 8), and it says so.
 *
 * Two figures per primitive, both in CPU time (experiments/lib/cputime.ts: on this shared machine the wall clock
 * inflates every call longer than a scheduler slice): `ms`, the median of a hot loop of the same call, and `cold`,
 * the median of single calls interleaved with every other primitive in shuffled order (experiments/lib/cold.ts),
 * which is how a flow calls them: after other work has evicted the primitive's tables from cache.
 */
import { MedexError } from '../../core/errors.js';
import type { OpName } from '../../core/ops.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng, randomBytes, type Rng } from '../../core/rng.js';
import { FULL_COLD, QUICK_COLD, timeCold, type ColdOptions } from '../lib/cold.js';
import type { Interval } from '../lib/interval.js';
import { cpuNow, timeHotCpu } from '../lib/cputime.js';
import type { TimingOptions } from '../lib/timing.js';
import { nativeTasks } from './native.js';

/** How the unit costs are measured, in one sentence for reports and captions. */
export const UNIT_COST_METHOD =
  'process CPU time, each primitive timed directly (Miller loop and final exponentiation through the backend, not ' +
  'derived): median per call of a hot loop, and cold: median of single calls interleaved with every other ' +
  'primitive in a shuffled order; multi-exponentiation terms are an 8-term multi-exponentiation divided by 8';

export interface UnitCost {
  op: OpName | 'pairing';
  /** Median CPU time per operation in a hot loop, ms. */
  ms: number;
  /** How it was obtained: timed directly, or derived from another timing (see the header). */
  how: 'timed' | 'derived';
  rme: number;
  samples: number;
  /** Median of single calls interleaved with other primitives (the way a flow calls it), with its interval. */
  cold?: { ms: number; lo: number; hi: number; samples: number };
}

/** A run's unit costs do not hang together. */
export class UnitCostError extends MedexError {
  constructor(detail: string) {
    super('unit-costs', `inconsistent unit costs: ${detail}`);
  }
}

export interface UnitCostConsistency {
  /** (millerLoop + finalExp) / pairing, all timed directly in the same run; 1 when the parts add up. */
  partsOverPairing: number | null;
  /** (millerLoopPre + finalExp) / precomputed pairing. */
  prePartsOverPrePairing: number | null;
  /** (4 millerLoop + finalExp) / product of 4 pairings. */
  prod4OverCounted: number | null;
}

/** The band outside which the parts and the whole are too far apart to be the same computation. */
const GROSS_BAND: readonly [number, number] = [0.7, 1.3];

/**
 * Refuses unit costs that cannot be right, and returns the measured consistency ratios. Checks: every time finite
 * and positive (hot and cold); no part of a pairing longer than the pairing; the directly timed parts within
 * GROSS_BAND of the timed pairing (the target, 0.85-1.15, is reported, not enforced: load can widen it).
 */
export function checkUnitCosts(
  costs: readonly UnitCost[],
  extra: { prePairingMs?: number; pairProd4Ms?: number } = {},
): UnitCostConsistency {
  for (const c of costs) {
    if (!(Number.isFinite(c.ms) && c.ms > 0)) throw new UnitCostError(`${c.op} = ${c.ms} ms (hot)`);
    if (c.cold && !(Number.isFinite(c.cold.ms) && c.cold.ms > 0))
      throw new UnitCostError(`${c.op} = ${c.cold.ms} ms (cold)`);
  }
  const by = new Map(costs.map((c) => [c.op, c.ms]));
  const pairing = by.get('pairing');
  const ml = by.get('millerLoop');
  const fe = by.get('finalExp');
  const mlPre = by.get('millerLoopPre');
  if (pairing !== undefined)
    for (const [op, v] of [
      ['millerLoop', ml],
      ['finalExp', fe],
      ['millerLoopPre', mlPre],
    ] as const)
      if (v !== undefined && v > pairing)
        throw new UnitCostError(
          `${op} (${v.toFixed(4)} ms) is longer than the whole pairing (${pairing.toFixed(4)} ms)`,
        );
  const partsOverPairing = pairing !== undefined && ml !== undefined && fe !== undefined ? (ml + fe) / pairing : null;
  if (partsOverPairing !== null && (partsOverPairing < GROSS_BAND[0] || partsOverPairing > GROSS_BAND[1]))
    throw new UnitCostError(
      `millerLoop + finalExp = ${partsOverPairing.toFixed(3)} x the timed pairing (outside ${GROSS_BAND.join('-')})`,
    );
  return {
    partsOverPairing,
    prePartsOverPrePairing:
      extra.prePairingMs !== undefined && mlPre !== undefined && fe !== undefined
        ? (mlPre + fe) / extra.prePairingMs
        : null,
    prod4OverCounted:
      extra.pairProd4Ms !== undefined && ml !== undefined && fe !== undefined
        ? extra.pairProd4Ms / (4 * ml + fe)
        : null,
  };
}

/**
 * Hot-loop policies (CPU time). Quick is sized for `reproduce --quick`'s time box: about 0.8 s of CPU for all the
 * unit costs of one backend, which on this shared machine is several seconds of wall clock.
 */
export const UNIT_TIMING: Record<'quick' | 'full', TimingOptions> = {
  quick: { timeMs: 8, iterations: 4, warmupMs: 1, warmupIterations: 1 },
  full: { timeMs: 250, iterations: 40, warmupMs: 50, warmupIterations: 10 },
};

const MSM_TERMS = 8;
/** Ops whose task times several of them at once: op -> how many. */
const DIVIDED: Partial<Record<string, number>> = { msmG1Term: MSM_TERMS, msmG2Term: MSM_TERMS };
/** Tasks timed for the consistency checks only, not unit costs of a counted op. */
const CHECK_ONLY = new Set(['pairPre', 'pairProd4']);

/** The timing tasks of a pairing backend, by op name, plus the cross-check tasks (`CHECK_ONLY`). */
export function pairingTasks(
  g: PairingGroup,
  seed = 'unit-costs',
): { tasks: Record<string, () => unknown>; done(): void } {
  const parts = g.parts;
  if (!parts)
    throw new UnitCostError(
      `backend ${g.name} exposes no Miller loop / final exponentiation (PairingGroup.parts): cannot time them`,
    );
  const rng = new SeededRng(seed);
  const a1 = g.g1.random(rng);
  const b1 = g.g1.random(rng);
  const a2 = g.g2.random(rng);
  const b2 = g.g2.random(rng);
  const quad: [ReturnType<typeof g.g1.random>, ReturnType<typeof g.g2.random>][] = Array.from({ length: 4 }, () => [
    g.g1.random(rng),
    g.g2.random(rng),
  ]);
  const t1 = g.pair(a1, a2);
  const t2 = g.pair(b1, b2);
  const ks = Array.from({ length: 16 }, () => g.zr.random(rng));
  let ki = 0;
  const nextK = () => ks[ki++ & 15]!;
  const fb1 = g.g1.precompute(a1);
  const fb2 = g.g2.precompute(a2);
  const fbt = g.gt.precompute(t1);
  const pre = g.precomputePairing(a2);
  const mlv = parts.millerLoop(a1, a2);
  const bases1 = Array.from({ length: MSM_TERMS }, () => g.g1.random(rng));
  const bases2 = Array.from({ length: MSM_TERMS }, () => g.g2.random(rng));
  const msmKs = Array.from({ length: MSM_TERMS }, () => g.zr.random(rng));
  const bytes1 = g.g1.toBytes(a1);
  const bytes2 = g.g2.toBytes(a2);
  const bytesT = g.gt.toBytes(t1);
  const msg = randomBytes(rng, 32);
  let ctr = 0;
  const fresh = () => {
    msg[0] = ctr & 255;
    msg[1] = (ctr++ >> 8) & 255;
    return msg;
  };
  const tasks: Record<string, () => unknown> = {
    pairing: () => g.pair(a1, a2),
    millerLoop: () => parts.millerLoop(b1, a2),
    finalExp: () => parts.finalExp(mlv),
    millerLoopPre: () => parts.precomputedMillerLoop(b1, pre),
    pairPre: () => pre.pair(b1),
    pairProd4: () => g.pairProd(quad),
    expG1: () => g.g1.exp(a1, nextK()),
    expG2: () => g.g2.exp(a2, nextK()),
    expGT: () => g.gt.exp(t1, nextK()),
    fixedExpG1: () => fb1.exp(nextK()),
    fixedExpG2: () => fb2.exp(nextK()),
    fixedExpGT: () => fbt.exp(nextK()),
    msmG1Term: () => g.g1.multiExp(bases1, msmKs),
    msmG2Term: () => g.g2.multiExp(bases2, msmKs),
    hashG1: () => g.g1.hash(fresh(), 'medexchain-unit-cost'),
    hashG2: () => g.g2.hash(fresh(), 'medexchain-unit-cost'),
    mulG1: () => g.g1.mul(a1, b1),
    mulG2: () => g.g2.mul(a2, b2),
    mulGT: () => g.gt.mul(t1, t2),
    invGT: () => g.gt.inv(t1),
    hashZr: () => g.zr.hash(fresh(), 'medexchain-unit-cost'),
    invZr: () => g.zr.inv(nextK()),
    decodeG1: () => g.g1.fromBytes(bytes1),
    decodeG2: () => g.g2.fromBytes(bytes2),
    decodeGT: () => g.gt.fromBytes(bytesT),
  };
  return { tasks, done: () => pre.destroy() };
}

/** Unit costs of the non-pairing curve (secp256k1: Umbral, BBS98) through the harness's own prime-order group. */
export async function ecTasks(seed = 'unit-costs-ec'): Promise<Record<string, () => unknown>> {
  const { createSecp256k1Group } = await import('../../core/groups/secp256k1.js');
  const g = createSecp256k1Group();
  const rng = new SeededRng(seed);
  const a = g.exp(g.generator(), g.zr.random(rng));
  const b = g.exp(g.generator(), g.zr.random(rng));
  const fb = g.precompute(a);
  const ks = Array.from({ length: 16 }, () => g.zr.random(rng));
  let ki = 0;
  const msg = randomBytes(rng, 32);
  let ctr = 0;
  return {
    expEC: () => g.exp(a, ks[ki++ & 15]!),
    fixedExpEC: () => fb.exp(ks[ki++ & 15]!),
    mulEC: () => g.mul(a, b),
    hashEC: () => {
      msg[0] = ctr++ & 255;
      return g.hash(msg, 'medexchain-unit-cost');
    },
  };
}

/** Times `tasks` hot (a loop of one call, CPU time) and cold (interleaved single calls): one UnitCost per counted op, and the checks. */
async function measureTasksWithChecks(
  tasks: Record<string, () => unknown>,
  hot: TimingOptions,
  cold: ColdOptions,
  rng: Rng,
): Promise<{ costs: UnitCost[]; checks: Record<string, number> }> {
  // Warm every task up together first (round robin, then the cold rounds, which run each task many times in a mixed
  // order), and only then time the hot loops: a hot loop timed first in a fresh process ran before the JIT had
  // optimised the code it shares with later tasks (a quick run once timed the pairing at twice its Miller loop and
  // final exponentiation together).
  const w0 = cpuNow();
  for (let round = 0; round < Math.max(2, hot.warmupIterations) || cpuNow() - w0 < hot.warmupMs; round++)
    for (const f of Object.values(tasks)) f();
  const c = timeCold(tasks, cold, rng);
  const t = timeHotCpu(tasks, hot);
  const costs: UnitCost[] = [];
  const checks: Record<string, number> = {};
  for (const name of Object.keys(tasks)) {
    const x = t[name]!;
    if (CHECK_ONLY.has(name)) {
      checks[name] = x.p50;
      continue;
    }
    const div = DIVIDED[name] ?? 1;
    const k: Interval = c[name]!;
    costs.push({
      op: name as UnitCost['op'],
      ms: x.p50 / div,
      how: div === 1 ? 'timed' : 'derived',
      rme: x.rme,
      samples: x.samples,
      cold: { ms: k.value / div, lo: k.lo / div, hi: k.hi / div, samples: k.n },
    });
  }
  return { costs, checks };
}

export interface UnitCostRun {
  costs: UnitCost[];
  consistency: UnitCostConsistency;
}

/**
 * Every unit cost one backend's flows need: the pairing group's, the secp256k1 group's and the native primitives'
 * (signatures, X25519, AEAD, KDF), timed hot per group of tasks, and cold all mixed together. Throws
 * `UnitCostError` when they are inconsistent.
 */
export async function measureUnitCosts(
  g: PairingGroup,
  opts: { quick: boolean; timing?: TimingOptions; seed?: string },
): Promise<UnitCostRun> {
  const seed = opts.seed ?? 'unit-costs';
  const { tasks, done } = pairingTasks(g, seed);
  try {
    const all = { ...tasks, ...(await ecTasks(`${seed}/ec`)), ...nativeTasks(`${seed}/native`) };
    const { costs, checks } = await measureTasksWithChecks(
      all,
      opts.timing ?? UNIT_TIMING[opts.quick ? 'quick' : 'full'],
      opts.quick ? QUICK_COLD : FULL_COLD,
      new SeededRng(`${seed}/cold`),
    );
    const consistency = checkUnitCosts(costs, { prePairingMs: checks['pairPre'], pairProd4Ms: checks['pairProd4'] });
    return { costs, consistency };
  } finally {
    done();
  }
}

/** Unit costs as the map `costOf` (core/ops.ts) takes: hot figures, or the cold ones. */
export function unitCostMap(
  costs: readonly UnitCost[],
  which: 'hot' | 'cold' = 'hot',
): Partial<Record<OpName, number>> {
  const m: Partial<Record<OpName, number>> = {};
  for (const c of costs)
    if (c.op !== 'pairing') {
      const v = which === 'cold' ? c.cold?.ms : c.ms;
      if (v !== undefined) m[c.op] = v;
    }
  return m;
}
