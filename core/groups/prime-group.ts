/**
 * A pairing backend's G1 seen as a plain prime-order group (`PrimeGroup` of core/groups/secp256k1.ts), so that
 * discrete-log schemes (BBS98) run on every pairing backend as well as on secp256k1. Operations keep the backend's
 * own counters (expG1, fixedExpG1, mulG1, hashG1).
 */
import type { EcPoint, PrimeGroup } from './secp256k1.js';
import type { G1, PairingGroup } from './types.js';

export function g1AsPrimeGroup(group: PairingGroup): PrimeGroup {
  const g1 = group.g1;
  const P = (e: EcPoint) => e as unknown as G1;
  const E = (p: G1) => p as unknown as EcPoint;
  return {
    name: `${group.name}/G1`,
    zr: group.zr,
    size: g1.size,
    ops: group.ops,
    opNames: { exp: 'expG1', fixedExp: 'fixedExpG1', mul: 'mulG1', hash: 'hashG1' },
    generator: () => E(g1.generator()),
    identity: () => E(g1.identity()),
    mul: (a, b) => E(g1.mul(P(a), P(b))),
    inv: (a) => E(g1.inv(P(a))),
    exp: (a, k) => E(g1.exp(P(a), k)),
    eq: (a, b) => g1.eq(P(a), P(b)),
    isIdentity: (a) => g1.isIdentity(P(a)),
    hash: (d, dst) => E(g1.hash(d, dst)),
    precompute(base) {
      const t = g1.precompute(P(base));
      return { exp: (k) => E(t.exp(k)) };
    },
    toBytes: (a) => g1.toBytes(P(a)),
    fromBytes: (b, opts) => E(g1.fromBytes(b, opts)),
  };
}
