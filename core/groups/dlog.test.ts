import { describe, expect, test } from '@jest/globals';
import { pairingGroupContract } from './contract.js';
import { createDlogGroup } from './dlog.js';
import { schemes } from '../../registry/schemes.js';
import { SeededRng } from '../rng.js';

pairingGroupContract('dlog (transparent)', async () => createDlogGroup(), { runs: 20, fuzz: 2_000 });

describe('dlog: a faithful group for every registered scheme', () => {
  for (const scheme of schemes)
    test(`${scheme.name}: the story runs and decrypts on dlog`, async () => {
      const group = createDlogGroup();
      if (!scheme.supports(group)) return;
      const inst = await scheme.create({ group, params: scheme.defaultParams() });
      const r = await inst.story({ rng: new SeededRng(`dlog-${scheme.name}`) });
      inst.dispose?.();
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r.ok).toBe(true);
    });

  test('the log sees the KDF input that became a key', () => {
    const G = createDlogGroup();
    const Z = G.pair(G.g1.generator(), G.g2.generator());
    const K = G.gt.exp(Z, 42n);
    G.gt.kdf(K, 'x');
    expect(G.log.kdf.at(-1)).toEqual({ v: 42n, info: 'x' });
  });
});
