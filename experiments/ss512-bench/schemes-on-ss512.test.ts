/**
 * Every registered scheme that accepts the SS512 group runs its whole story on it, with and without precomputation,
 * every end-to-end check passes, and the operations the backend counted equal the scheme's declared cost model (issue 11: "every scheme's tests pass on this backend"). Schemes are taken from
 * the registry and selected by `supports(group)`, never by name.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { schemes } from '../../registry/schemes.js';
import { normalizeOps } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import { createSs512Group } from '../../core/groups/ss512/index.js';
import type { PairingGroup } from '../../core/groups/types.js';

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
      test(`${scheme.name}${precompute ? ' (precompute)' : ''}: story ok, every check passes, counts = cost model`, async () => {
        if (!scheme.supports(G)) return;
        const inst = await scheme.create({ group: G, precompute, params: scheme.defaultParams() });
        try {
          const r = await inst.story({ rng: new SeededRng(`ss512-${scheme.name}-${precompute}`) });
          expect(r.checks.filter((c) => !c.ok)).toEqual([]);
          expect(r.checks.length).toBeGreaterThan(0);
          expect(r.ok).toBe(true);
          if (r.backend === G.name) {
            // a scheme that runs on the pairing group reports this backend's sizes in its accounting
            for (const m of r.messages) expect(m.groupBytes).toBeLessThanOrEqual(m.elements * G.sizes.GT);
            // and what the backend counted, step by step, is what the scheme's cost model declares for a
            // symmetric group in this precompute mode
            const model = scheme.costModel(inst.params, { precompute, symmetric: G.symmetric });
            const counted = r.steps
              .filter((st) => st.phase !== 'setup')
              .map((st) => ({ algorithm: st.algorithm, party: st.party, ops: normalizeOps(st.ops) }));
            const declared = model.algorithms.map((al) => ({
              algorithm: al.algorithm,
              party: al.party,
              ops: normalizeOps(al.ops),
            }));
            expect(counted).toEqual(declared);
          }
        } finally {
          inst.dispose?.();
        }
      });
    }
  }
});
