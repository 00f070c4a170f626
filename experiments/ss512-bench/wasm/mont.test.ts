import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Q } from '../../../core/groups/ss512/params.js';
import { instantiateMont, MONT_R_INV } from './mont.js';

describe('wasm Montgomery probe', () => {
  test('mont(a, b) = a b R^-1 mod q, below 2q, on random and extreme inputs', async () => {
    const m = await instantiateMont();
    const check = (a: bigint, b: bigint) => {
      m.put(0, a);
      m.put(256, b);
      m.mont(512, 0, 256);
      const t = m.get(512);
      expect(t < 2n * Q).toBe(true);
      expect(t % Q).toBe((((a * b) % Q) * MONT_R_INV) % Q);
    };
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: Q - 1n }), fc.bigInt({ min: 0n, max: Q - 1n }), check), {
      numRuns: 200,
    });
    for (const [a, b] of [
      [0n, 0n],
      [Q - 1n, Q - 1n],
      [2n * Q - 1n, 2n * Q - 1n], // a lazy (below 2q) input, as a chain of products would pass on
      [1n, (1n << 512n) - 1n],
    ] as const)
      check(a, b);
  });
  test('bench(n) chains n products in place', async () => {
    const m = await instantiateMont();
    const x = Q - 5n;
    const y = Q / 3n;
    m.put(0, x);
    m.put(256, y);
    m.bench(3);
    let want = x;
    for (let i = 0; i < 3; i++) want = (want * y * MONT_R_INV) % Q;
    expect(m.get(0) % Q).toBe(want);
  });
});
