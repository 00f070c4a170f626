/**
 * The search's pruning lemmas and goal choice, each on a model where it matters: without it the test fails.
 * Budgets are refinement steps (`maxNodes`), not time, so the tests do not depend on the machine's load.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARD_DIR } from '../../testdata/index.js';
import { buildModel, type Model } from '../model.js';
import { parseSpdl } from '../../spdl/parse.js';
import { HiddenFresh } from '../hidelevel.js';
import { searchClaim, SearchTimeout, type SearchOptions } from '../search.js';
import type { Unifier } from '../unify.js';
import { verifyText, type BuiltinVerdict } from '../index.js';

/** A Diffie-Hellman-like exponent x that I sends only inside hashes; y is also sent in the clear by R. */
const DH = `
hashfunction g, h;
protocol dh(I,R)
{
  role I
  {
    fresh x: Nonce;
    var Gy: Ticket;
    send_1(I,R, g(x));
    recv_2(R,I, Gy);
    claim_i1(I, SKR, h(Gy,x));
  }
  role R
  {
    fresh y: Nonce;
    var Gx: Ticket;
    recv_1(I,R, Gx);
    send_2(R,I, g(y), y);
    claim_r1(R, SKR, h(Gx,y));
  }
}`;

/** As DH, plus a helper that pattern-matches under the hash and sends the variable in the clear. */
const LEAKY = DH.replace(
  'protocol dh(I,R)',
  `protocol @leak(L)
{
  role L
  {
    var z: Nonce;
    recv_!L1(L,L, g(z));
    send_!L2(L,L, z);
  }
}
protocol dh(I,R)`,
);

/** The same helper, but it first receives z in the clear: it can only repeat what the intruder already had. */
const ECHO = LEAKY.replace('recv_!L1(L,L, g(z));', 'recv_!L1(L,L, z, g(z));');

const model = (text: string, file = 'x.spdl'): Model => buildModel(parseSpdl(text, file));

function hiddenNames(m: Model): string[] {
  const h = new HiddenFresh(m);
  // Constants need no substitution: the identity stands in for the unifier.
  const u = { deref: (t: number) => t } as unknown as Unifier;
  const out: string[] = [];
  for (const role of m.roles)
    for (const s of role.slots) {
      if (s.kind !== 'fresh') continue;
      // A run's fresh value as the search makes it: a constant of run 0, a run of this role.
      const c = m.table.constant(s.name, s.types, 0, false);
      if (h.carriesHidden(c, u, () => role)) out.push(`${role.name}.${s.name}`);
    }
  return out.sort();
}

describe('hidden fresh values (hidelevel.ts)', () => {
  test('a value sent only under hashes is hidden; one sent in the clear is not', () => {
    expect(hiddenNames(model(DH))).toEqual(['I.x']);
  });

  test('a helper that binds a variable under a hash and sends it in the clear exposes every fresh value', () => {
    expect(hiddenNames(model(LEAKY))).toEqual([]);
  });

  test('a variable first received in the clear does not count: the intruder had the value already', () => {
    expect(hiddenNames(model(ECHO))).toEqual(['I.x']);
  });

  test('the SKR claims agree with the lemma: proved without it, and proved with it', () => {
    const m = model(DH);
    for (const c of m.claims) {
      for (const hiddenFresh of [true, false]) {
        const r = searchClaim(m, c, { maxRuns: 5, deadline: Date.now() + 60_000, hiddenFresh });
        expect(r.attack === undefined).toBe(c.label !== 'r1'); // y is sent in the clear: R's key is known
      }
    }
  });
});

describe('search budget on IKEv1 public-key mode 2 (a hard model)', () => {
  const file = join(HARD_DIR, 'IKE/ikev1-pk2-m.spdl');
  const m = model(readFileSync(file, 'utf8'), file);
  const claim = m.claims.find((c) => c.role.name === 'R' && c.type === 'SKR')!;
  const run = (o: Partial<SearchOptions>): { nodes: number; done: boolean; proof: boolean } => {
    try {
      const r = searchClaim(m, claim, { maxRuns: 5, deadline: Date.now() + 120_000, ...o });
      return { nodes: r.nodes, done: r.attack === undefined, proof: !r.boundHit };
    } catch (e) {
      if (e instanceof SearchTimeout) return { nodes: e.nodes, done: false, proof: false };
      throw e;
    }
  };

  test('with both the one-step lookahead and the lemma: a proof in a few steps', () => {
    const r = run({});
    expect(r).toEqual({ nodes: r.nodes, done: true, proof: true });
    expect(r.nodes).toBeLessThan(100);
  });

  test('without the lookahead, the lemma still decides it, in far more steps', () => {
    const r = run({ lookahead: false, maxNodes: 200_000 });
    expect(r.done).toBe(true);
    expect(r.nodes).toBeGreaterThan(1000);
  });

  test('without either, 20,000 steps are not enough', () => {
    expect(run({ lookahead: false, hiddenFresh: false, maxNodes: 20_000 }).done).toBe(false);
  });
});

describe('claims on worker threads', () => {
  test('the same verdicts as in one thread, with every claim sent to the workers', async () => {
    const file = join(HARD_DIR, 'IKE/ikev1-pk2-m.spdl');
    const text = readFileSync(file, 'utf8');
    const strip = (vs: BuiltinVerdict[]) => vs.map(({ stats: _s, ...v }) => v);
    const one = await verifyText(text, file, { timeoutS: 60, fileBudgetS: 120 });
    const two = await verifyText(text, file, { timeoutS: 60, fileBudgetS: 120, workers: 2, quickMs: 0 });
    expect(strip(two)).toEqual(strip(one));
    expect(one.filter((v) => v.status === 'Unknown')).toEqual([]);
  });
});
