/**
 * Honest accounting (issue 18, deliverable 5): every registered scheme's story reports, for every message, the
 * paper accounting, the elements the implementation really sends (`implElements`, named, at real size) and the wire
 * bytes, so the communication table can show all three for every scheme. A scheme whose messages lack them, or whose
 * declared elements exceed what it really sends, fails here.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng } from '../../core/rng.js';
import { findBackend, schemes } from '../../registry/index.js';

let G: PairingGroup;
beforeAll(async () => {
  G = await findBackend('bls12-381').create();
});
const disposers: (() => void)[] = [];
afterAll(() => disposers.forEach((d) => d()));

describe('every registered scheme accounts for what it sends (bls12-381)', () => {
  test.each(schemes.map((s) => [s.name, s] as const))('%s: paper, implementation and wire columns', async (_n, s) => {
    const inst = await s.create({ group: s.supports(G) ? G : null, precompute: true, params: s.defaultParams() });
    if (inst.dispose) disposers.push(() => inst.dispose!());
    const story = await inst.story({ rng: new SeededRng(`accounting/${s.name}`) });
    expect(story.ok).toBe(true);
    expect(story.messages.length).toBeGreaterThan(0);
    for (const m of story.messages) {
      const where = `${s.name} ${m.id}`;
      expect({ where, has: (m.implElements?.length ?? 0) > 0 }).toEqual({ where, has: true });
      const named = m.implElements!.map((e) => e.name);
      expect({ where, unnamed: named.filter((n) => !n) }).toEqual({ where, unnamed: [] });
      // the real elements are part of the real encoding: never more bytes than went over the wire
      expect({ where, fits: m.implBytes! > 0 && m.implBytes! <= m.wireBytes }).toEqual({ where, fits: true });
      // a signature the paper counts as a G1 element is sent as what it is: a 64-byte Ed25519 signature
      const paperSigs = (s.messages(inst.params).find((x) => x.id === m.id)?.elements ?? [])
        .map((e) => e.name)
        .filter((n) => /^sigma_/.test(n));
      const implSigs = m.implElements!.filter((e) => e.kind === 'ed25519-sig');
      for (const sig of paperSigs) {
        const real = implSigs.find((e) => e.name === sig);
        expect({ where, sig, bytes: real?.bytes }).toEqual({ where, sig, bytes: 64 });
      }
    }
  });
});
