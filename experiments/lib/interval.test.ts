import { describe, expect, test } from '@jest/globals';
import { ParameterError } from '../../core/errors.js';
import { SeededRng } from '../../core/rng.js';
import { indexSource, medianInterval, pairedRatioInterval, rankText, rankWithTies } from './interval.js';

describe('intervals and rankings', () => {
  test('the index source covers its range and is reproducible from the seed', () => {
    const a = indexSource(new SeededRng('i'));
    const b = indexSource(new SeededRng('i'));
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const x = a(7);
      expect(x).toBe(b(7));
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
  test('a median interval contains the median and narrows with more data', () => {
    const rng = new SeededRng('m');
    const noisy = (n: number) => Array.from({ length: n }, (_, i) => 10 + ((i * 7919) % 13) - 6);
    const small = medianInterval(noisy(10), rng);
    const large = medianInterval(noisy(400), rng);
    expect(small.lo).toBeLessThanOrEqual(small.value);
    expect(small.hi).toBeGreaterThanOrEqual(small.value);
    expect(large.hi - large.lo).toBeLessThan(small.hi - small.lo);
    expect(() => medianInterval([], rng)).toThrow(ParameterError);
  });
  test('a paired ratio keeps the rounds together', () => {
    const rng = new SeededRng('r');
    // Load doubles both in odd rounds: the paired ratio stays exactly 3.
    const den = Array.from({ length: 20 }, (_, i) => (i % 2 ? 2 : 1));
    const num = den.map((x) => 3 * x);
    const r = pairedRatioInterval(num, den, rng);
    expect(r.value).toBe(3);
    expect(() => pairedRatioInterval([1], [1, 2], rng)).toThrow(ParameterError);
  });
  test('ranks say "tied" exactly where intervals overlap', () => {
    const iv = (value: number, lo: number, hi: number) => ({
      value,
      lo,
      hi,
      level: 0.95,
      n: 10,
      method: 'bootstrap-percentile' as const,
    });
    const items = { a: iv(1, 0.9, 1.1), b: iv(1.05, 1.0, 1.2), c: iv(5, 4, 6) };
    const ranked = rankWithTies(Object.keys(items) as (keyof typeof items)[], (k) => items[k]);
    expect(ranked.map((r) => [r.item, r.rank, r.tiedWith])).toEqual([
      ['a', 1, ['b']],
      ['b', 2, ['a']],
      ['c', 3, []],
    ]);
    expect(rankText(ranked[0]!, 3, String)).toBe('rank 1 of 3 (tied with b)');
    expect(rankText(ranked[2]!, 3, String)).toBe('rank 3 of 3');
  });
});
