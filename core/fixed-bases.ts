/**
 * Exponentiations with the pairing group's fixed bases (g1, g2 and Z = e(g1, g2)), shared by the pairing
 * baselines. With `precompute` they use window tables (counted as fixedExpG1/G2/GT), without it plain
 * exponentiations (expG1/G2/GT), so a scheme's cost model can name the right counter from the same flag.
 */
import type { FixedBase, G1, G2, GT, PairingGroup } from './groups/types.js';
import type { OpCounts, OpName } from './ops.js';
import type { AlgorithmCost, Party } from './types.js';
import type { Rng } from './rng.js';

export interface FixedBases {
  readonly Z: GT;
  g1(k: bigint): G1;
  g2(k: bigint): G2;
  z(k: bigint): GT;
  /** A table (or plain exponentiation) for another base that is fixed for the instance's life (e.g. a public key). */
  g1Base(b: G1): FixedBase<G1>;
  g2Base(b: G2): FixedBase<G2>;
  gtBase(b: GT): FixedBase<GT>;
  /** A uniformly random GT element Z^rho: the key a KEM carries in the pairing schemes. */
  randomGT(rng: Rng): GT;
}

export function fixedBases(group: PairingGroup, precompute: boolean): FixedBases {
  const Z = group.ops.measure(() => group.pair(group.g1.generator(), group.g2.generator())).result;
  const g1Base = (b: G1): FixedBase<G1> => (precompute ? group.g1.precompute(b) : { exp: (k) => group.g1.exp(b, k) });
  const g2Base = (b: G2): FixedBase<G2> => (precompute ? group.g2.precompute(b) : { exp: (k) => group.g2.exp(b, k) });
  const gtBase = (b: GT): FixedBase<GT> => (precompute ? group.gt.precompute(b) : { exp: (k) => group.gt.exp(b, k) });
  const t1 = g1Base(group.g1.generator());
  const t2 = g2Base(group.g2.generator());
  const tz = gtBase(Z);
  return {
    Z,
    g1: (k) => t1.exp(k),
    g2: (k) => t2.exp(k),
    z: (k) => tz.exp(k),
    g1Base,
    g2Base,
    gtBase,
    randomGT: (rng) => tz.exp(group.zr.random(rng)),
  };
}

/** The counter names of fixed-base exponentiations in either mode. */
export function fixedExpOps(precompute: boolean): { E1: OpName; E2: OpName; ET: OpName } {
  return precompute
    ? { E1: 'fixedExpG1', E2: 'fixedExpG2', ET: 'fixedExpGT' }
    : { E1: 'expG1', E2: 'expG2', ET: 'expGT' };
}

/** Builds an OpCounts from [name, count] pairs, adding repeated names. */
export function ops(...entries: [OpName, number][]): Partial<Record<OpName, number>> {
  const out: Partial<Record<OpName, number>> = {};
  for (const [k, v] of entries) if (v) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** One cost-model row: `algorithm` run by `party` performs `counts`; `note` says why (shown in reports). */
export function cost(
  algorithm: string,
  party: Party,
  counts: OpCounts,
  note?: string,
  per?: AlgorithmCost['per'],
): AlgorithmCost {
  return { algorithm, party, ops: counts, ...(note ? { note } : {}), ...(per ? { per } : {}) };
}
