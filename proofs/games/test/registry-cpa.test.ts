/**
 * Every registered scheme (picked up from registry/schemes.ts as baselines land) plays its capability-selected IND-CPA
 * game against the portfolio adversary and survives it: no strategy decides the bit better than chance (the
 * advantage interval contains 0). A scheme that leaked the plaintext, encrypted deterministically or let a key open
 * what it should not would fail here. Small trial counts: this is a regression test, the measurement is the CLI's.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createBackend } from '../../../registry/backends.js';
import { schemes } from '../../../registry/schemes.js';
import type { PairingGroup } from '../../../core/groups/types.js';
import { SeededRng } from '../../../core/rng.js';
import { portfolioAdversary } from '../adversary.js';
import { cpaVariants, playCpa } from '../cpa.js';
import { absoluteAdvantage } from '../stats.js';

let group: PairingGroup;
beforeAll(async () => {
  group = await createBackend('bls12-381');
});

describe.each(schemes.map((s) => [s.name, s] as const))('%s', (_name, scheme) => {
  it('survives the IND-CPA adversary', async () => {
    if (!scheme.supports(group)) return;
    const inst = await scheme.create({ group, precompute: true, params: scheme.defaultParams() });
    for (const variant of cpaVariants(inst)) {
      const o = playCpa(inst, variant, portfolioAdversary(), { trials: 20, rng: new SeededRng(`registry-${variant}`) });
      expect(o.trials).toBe(20);
      expect(absoluteAdvantage(o.wins, o.trials).ci95[0]).toBe(0);
      // nothing but the coin decided: no generic attack applied
      expect(Object.keys(o.byStrategy)).toEqual(['coin']);
    }
    inst.dispose?.();
  });
});
