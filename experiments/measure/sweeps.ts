/**
 * The parameter sweeps of the scalability figure, and which schemes each applies to, decided by declared
 * capabilities only: the number of ABE attributes for attribute-based schemes, the Umbral-style t-of-n threshold for
 * threshold schemes, and the number of records and of hospitals requesting the same record for every scheme.
 */
import type { AlgorithmCost, Party, Scheme, SchemeParams } from '../../core/types.js';

export type SweepParameter = 'attributes' | 'threshold' | 'records' | 'hospitals';

export const SWEEP_PARAMETERS: readonly SweepParameter[] = ['attributes', 'threshold', 'records', 'hospitals'];

/** Whether a scheme's costs can depend on the parameter at all. */
export function sweepApplies(scheme: Scheme, p: SweepParameter): boolean {
  if (p === 'attributes') return scheme.capabilities.attributeBased;
  if (p === 'threshold') return scheme.capabilities.threshold;
  return true;
}

/** The scheme's default parameters with one parameter set to `value` (threshold: n = value, t = ceil(n/2)). */
export function paramsWith(scheme: Scheme, p: SweepParameter, value: number): SchemeParams {
  const base = scheme.defaultParams();
  if (p === 'threshold') return { ...base, threshold: { t: Math.ceil(value / 2), n: value } };
  return { ...base, [p]: value };
}

/** Values evaluated with the cost model (cheap: no crypto runs). */
export function modelValues(p: SweepParameter): number[] {
  if (p === 'threshold') return [1, 2, 3, 5, 8, 12, 16, 24, 32];
  return [1, 2, 4, 8, 16, 32, 64];
}

/**
 * Parameters that change what one story run does (attributes, threshold): measured by running the story at each
 * value. Records and hospitals do not change a single story (one record shared with one hospital); their cost is
 * composed from how often each algorithm runs (`multiplicity`), from the cost model and from measured step times.
 */
export function storyParameter(p: SweepParameter): boolean {
  return p === 'attributes' || p === 'threshold';
}

/** Values measured by running the story (quick runs fewer). Empty for composed parameters. */
export function measuredValues(p: SweepParameter, quick: boolean): number[] {
  if (p === 'threshold') return quick ? [3, 5] : [2, 3, 5, 8, 12];
  if (p === 'attributes') return quick ? [2, 8] : [2, 4, 8, 16];
  return [];
}

const PER_RECORD_PARTIES: readonly Party[] = ['device', 'firewall-device'];
const PER_HOSPITAL_PARTIES: readonly Party[] = ['hospital', 'firewall-hospital', 'relay', 'firewall-relay', 'chain-b'];

/** How often an algorithm runs per flow: declared (`per`), or inferred from its party (see AlgorithmCost.per). */
export function runsPer(a: Pick<AlgorithmCost, 'party' | 'per'>): 'flow' | 'record' | 'hospital' {
  if (a.per) return a.per;
  if (PER_RECORD_PARTIES.includes(a.party)) return 'record';
  if (PER_HOSPITAL_PARTIES.includes(a.party)) return 'hospital';
  return 'flow';
}

/** How many times the algorithm runs when the composed parameter `p` has `value` (the other one at 1). */
export function multiplicity(
  a: Pick<AlgorithmCost, 'party' | 'per'>,
  p: 'records' | 'hospitals',
  value: number,
): number {
  const per = runsPer(a);
  return (p === 'records' && per === 'record') || (p === 'hospitals' && per === 'hospital') ? value : 1;
}
