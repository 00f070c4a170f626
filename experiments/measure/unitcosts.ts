/**
 * Unit costs of the counted primitives (core/ops.ts) on one backend, measured through the `PairingGroup`
 * interface only, so the same code measures mcl, noble and SS512 alike. Together with a scheme's declared operation
 * counts these give the "theoretical" cost of an algorithm (counts times unit costs), the way the paper's
 * comparison tables are built.
 *
 * What cannot be timed in isolation is derived: a pairing is one Miller loop plus one final exponentiation and a
 * product of two pairings is two Miller loops plus one final exponentiation, so
 *   millerLoop = (t(pairProd of 4) - t(pair)) / 3,   finalExp = t(pair) - millerLoop,
 *   millerLoopPre = t(pair on a precomputed G2 argument) - finalExp,
 * and a multi-exponentiation term is an n-term multi-exponentiation divided by n. Derived values are clamped at a
 * small positive floor (a noisy difference can come out negative) and marked `derived` in the output.
 */
import type { OpName } from '../../core/ops.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng, randomBytes } from '../../core/rng.js';
import { timeTasks, type Timing, type TimingOptions } from '../lib/timing.js';

export interface UnitCost {
  op: OpName | 'pairing';
  /** Median time per operation, ms. */
  ms: number;
  /** How it was obtained: timed directly, or derived from other timings (see the header). */
  how: 'timed' | 'derived';
  rme: number;
  samples: number;
}

const MSM_TERMS = 8;

/** Measures every primitive a pairing backend counts. */
export async function measurePairingUnitCosts(
  g: PairingGroup,
  opts: TimingOptions,
  seed = 'unit-costs',
): Promise<UnitCost[]> {
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
  const k = () => g.zr.random(rng);
  const ks = Array.from({ length: 16 }, k);
  let ki = 0;
  const nextK = () => ks[ki++ & 15]!;
  const fb1 = g.g1.precompute(a1);
  const fb2 = g.g2.precompute(a2);
  const fbt = g.gt.precompute(t1);
  const pre = g.precomputePairing(a2);
  const bases1 = Array.from({ length: MSM_TERMS }, () => g.g1.random(rng));
  const bases2 = Array.from({ length: MSM_TERMS }, () => g.g2.random(rng));
  const msmKs = Array.from({ length: MSM_TERMS }, k);
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
    pair: () => g.pair(a1, a2),
    pairProd4: () => g.pairProd(quad),
    pairPre: () => pre.pair(b1),
    expG1: () => g.g1.exp(a1, nextK()),
    expG2: () => g.g2.exp(a2, nextK()),
    expGT: () => g.gt.exp(t1, nextK()),
    fixedExpG1: () => fb1.exp(nextK()),
    fixedExpG2: () => fb2.exp(nextK()),
    fixedExpGT: () => fbt.exp(nextK()),
    msmG1: () => g.g1.multiExp(bases1, msmKs),
    msmG2: () => g.g2.multiExp(bases2, msmKs),
    hashG1: () => g.g1.hash(fresh(), 'medexchain-unit-cost'),
    hashG2: () => g.g2.hash(fresh(), 'medexchain-unit-cost'),
    mulG1: () => g.g1.mul(a1, b1),
    mulG2: () => g.g2.mul(a2, b2),
    mulGT: () => g.gt.mul(t1, t2),
    invGT: () => g.gt.inv(t1),
    hashZr: () => g.zr.hash(fresh(), 'medexchain-unit-cost'),
    decodeG1: () => g.g1.fromBytes(bytes1),
    decodeG2: () => g.g2.fromBytes(bytes2),
    decodeGT: () => g.gt.fromBytes(bytesT),
  };
  let t: Record<string, Timing>;
  try {
    t = await timeTasks(tasks, opts);
  } finally {
    pre.destroy();
  }
  // A noisy difference can come out at or below zero; it is clamped to this floor (1 ns) rather than dropped.
  const floor = 1e-6;
  const out: UnitCost[] = [];
  const timed = (op: OpName | 'pairing', name: string, div = 1) => {
    const x = t[name]!;
    out.push({ op, ms: x.p50 / div, how: div === 1 ? 'timed' : 'derived', rme: x.rme, samples: x.samples });
  };
  const pair = t['pair']!;
  const prod4 = t['pairProd4']!;
  const ml = Math.max(floor, (prod4.p50 - pair.p50) / 3);
  const fe = Math.max(floor, pair.p50 - ml);
  const mlPre = Math.max(floor, t['pairPre']!.p50 - fe);
  const rme = Math.max(pair.rme, prod4.rme);
  timed('pairing', 'pair');
  out.push({ op: 'millerLoop', ms: ml, how: 'derived', rme, samples: Math.min(pair.samples, prod4.samples) });
  out.push({ op: 'finalExp', ms: fe, how: 'derived', rme, samples: Math.min(pair.samples, prod4.samples) });
  out.push({ op: 'millerLoopPre', ms: mlPre, how: 'derived', rme: t['pairPre']!.rme, samples: t['pairPre']!.samples });
  for (const op of [
    'expG1',
    'expG2',
    'expGT',
    'fixedExpG1',
    'fixedExpG2',
    'fixedExpGT',
    'hashG1',
    'hashG2',
    'mulG1',
    'mulG2',
    'mulGT',
    'invGT',
    'hashZr',
    'decodeG1',
    'decodeG2',
    'decodeGT',
  ] as const)
    timed(op, op);
  timed('msmG1Term', 'msmG1', MSM_TERMS);
  timed('msmG2Term', 'msmG2', MSM_TERMS);
  return out;
}

/**
 * Unit costs of the non-pairing curve (secp256k1: Umbral, BBS98) through the harness's own prime-order group, when
 * that module is present. Returns [] if it is not.
 */
export async function measureEcUnitCosts(opts: TimingOptions, seed = 'unit-costs-ec'): Promise<UnitCost[]> {
  let mod: { createSecp256k1Group?: () => import('../../core/groups/secp256k1.js').PrimeGroup };
  try {
    mod = await import('../../core/groups/secp256k1.js');
  } catch {
    return [];
  }
  if (!mod.createSecp256k1Group) return [];
  const g = mod.createSecp256k1Group();
  const rng = new SeededRng(seed);
  const a = g.exp(g.generator(), g.zr.random(rng));
  const b = g.exp(g.generator(), g.zr.random(rng));
  const fb = g.precompute(a);
  const ks = Array.from({ length: 16 }, () => g.zr.random(rng));
  let ki = 0;
  const msg = randomBytes(rng, 32);
  let ctr = 0;
  const t = await timeTasks(
    {
      expEC: () => g.exp(a, ks[ki++ & 15]!),
      fixedExpEC: () => fb.exp(ks[ki++ & 15]!),
      mulEC: () => g.mul(a, b),
      hashEC: () => {
        msg[0] = ctr++ & 255;
        return g.hash(msg, 'medexchain-unit-cost');
      },
    },
    opts,
  );
  return Object.entries(t).map(([op, x]) => ({
    op: op as OpName,
    ms: x.p50,
    how: 'timed' as const,
    rme: x.rme,
    samples: x.samples,
  }));
}

/** Unit costs as the map `costOf` (core/ops.ts) takes. */
export function unitCostMap(costs: readonly UnitCost[]): Partial<Record<OpName, number>> {
  const m: Partial<Record<OpName, number>> = {};
  for (const c of costs) if (c.op !== 'pairing') m[c.op] = c.ms;
  return m;
}
