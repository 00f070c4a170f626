import { describe, expect, test } from '@jest/globals';
import { SeededRng } from '../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../core/types.js';
import { fakeScheme, story } from '../test/synthetic.js';
import { interleaveStories, type FlowEntry } from './stories.js';

/** A fake scheme whose instances log each story they run, and fail from the `failFrom`-th on if asked. */
function logging(name: string, log: string[], failFrom = Infinity): Scheme {
  return {
    ...fakeScheme(name),
    create: async (): Promise<SchemeInstance> => {
      let n = 0;
      return {
        story: async () => {
          if (n++ >= failFrom) throw new Error(`${name} broke`);
          log.push(name);
          return story(name, 'b', 1);
        },
      } as unknown as SchemeInstance;
    },
  };
}

const entry = (scheme: Scheme): FlowEntry => ({
  scheme,
  precompute: true,
  params: {},
  rng: new SeededRng(scheme.name),
});

describe('interleaved stories', () => {
  test('every round runs every flow once, in a shuffled order', async () => {
    const log: string[] = [];
    const names = ['a', 'b', 'c', 'd'];
    const r = await interleaveStories(
      null,
      names.map((n) => entry(logging(n, log))),
      {
        policy: { warmup: 1, minRuns: 6, maxRuns: 6, budgetMs: 0 },
        order: new SeededRng('order'),
      },
    );
    expect(r.rounds).toBe(6);
    expect(r.runs.map((x) => x.length)).toEqual([6, 6, 6, 6]);
    const rounds = Array.from({ length: 7 }, (_, i) => log.slice(4 * i, 4 * i + 4));
    for (const round of rounds) expect([...round].sort()).toEqual(names);
    // Not always the same order (warm-up is in declaration order, then shuffled rounds).
    expect(new Set(rounds.slice(1).map((x) => x.join(''))).size).toBeGreaterThan(1);
  });
  test('a flow that throws drops out and keeps its runs; the others go on', async () => {
    const log: string[] = [];
    const r = await interleaveStories(null, [entry(logging('ok', log)), entry(logging('bad', log, 3))], {
      policy: { warmup: 1, minRuns: 5, maxRuns: 5, budgetMs: 0 },
      order: new SeededRng('o'),
    });
    expect(r.runs[0]).toHaveLength(5);
    expect(r.runs[1]).toHaveLength(2);
    expect(r.errors).toEqual([undefined, 'bad broke']);
  });
  test('past the deadline, one round and no more', async () => {
    const r = await interleaveStories(null, [entry(logging('a', []))], {
      policy: { warmup: 0, minRuns: 5, maxRuns: 5, budgetMs: 0 },
      order: new SeededRng('o'),
      deadline: Date.now() - 1,
    });
    expect(r.rounds).toBe(1);
  });
});
