/**
 * Every registered scheme that accepts the SS512 group runs its whole story on it, with and without precomputation,
 * and every end-to-end check passes (issue 11: "every scheme's tests pass on this backend"). Schemes are taken from
 * the registry and selected by `supports(group)`, never by name.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { schemes } from '../../registry/schemes.js';
import { SeededRng } from '../../scheme/rng.js';
import { createSs512Group } from '../../scheme/groups/ss512/index.js';
import type { PairingGroup } from '../../scheme/groups/types.js';

let G: PairingGroup;
beforeAll(async () => {
  G = await createSs512Group();
});

describe('registered schemes on the ss512 backend', () => {
  test('at least one scheme runs on it', () => {
    expect(schemes.filter((s) => s.supports(G)).length).toBeGreaterThan(0);
  });
  for (const scheme of schemes) {
    for (const precompute of [false, true]) {
      test(`${scheme.name}${precompute ? ' (precompute)' : ''}: story ok, every check passes`, async () => {
        if (!scheme.supports(G)) return;
        const inst = await scheme.create({ group: G, precompute, params: scheme.defaultParams() });
        try {
          const r = await inst.story({ rng: new SeededRng(`ss512-${scheme.name}-${precompute}`) });
          expect(r.checks.filter((c) => !c.ok)).toEqual([]);
          expect(r.checks.length).toBeGreaterThan(0);
          expect(r.ok).toBe(true);
          // a scheme that runs on the pairing group reports this backend's sizes in its accounting
          if (r.backend === G.name)
            for (const m of r.messages) expect(m.groupBytes).toBeLessThanOrEqual(m.elements * G.sizes.GT);
        } finally {
          inst.dispose?.();
        }
      });
    }
  }
});
