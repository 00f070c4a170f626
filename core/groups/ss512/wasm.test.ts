/**
 * The WebAssembly field layer (wasm.ts) on its own: its Montgomery product against bigint, including inputs at the
 * largest lazy bounds the step programs use, and the Montgomery round trip. The Miller and Lucas steps are checked
 * against the frozen bigint code in speedups.test.ts and against PBC's vectors in pbc-vectors.test.ts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Q } from './params.js';
import { S, ss512Wasm } from './wasm.js';

const w = ss512Wasm();
const R = 1n << 522n;
const Rinv = (() => {
  let [r0, r1, s0, s1] = [Q, R % Q, 0n, 1n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % Q) + Q) % Q;
})();
const SLOT_BYTES = 8 * 18;

function mont(a: bigint, b: bigint): bigint {
  w.putRaw(S.TMP, a);
  w.putRaw(S.TMP + 1, b);
  w.ex.mont(SLOT_BYTES * (S.TMP + 2), SLOT_BYTES * S.TMP, SLOT_BYTES * (S.TMP + 1));
  return w.getRaw(S.TMP + 2);
}

describe('ss512 wasm field layer', () => {
  test('mont(a, b) = a b / R mod q and stays below 2q, up to the lazy bounds of the step programs', () => {
    // (a/q, b/q) bound pairs that occur in wasm.ts: 18 x 18, 8 x 40, 20 x 20, 10 x 12
    const bounds: [bigint, bigint][] = [
      [18n, 18n],
      [8n, 40n],
      [20n, 20n],
      [10n, 12n],
    ];
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
        (s, t) => {
          for (const [ka, kb] of bounds) {
            const a = (s * (ka * Q)) >> 64n; // spread over [0, ka q)
            const b = (t * (kb * Q)) >> 64n;
            const m = mont(a, b);
            expect(m < 2n * Q).toBe(true);
            expect(m % Q).toBe((((a * b) % Q) * Rinv) % Q);
          }
        },
      ),
      { numRuns: 200 },
    );
    for (const [ka, kb] of bounds) {
      const m = mont(ka * Q - 1n, kb * Q - 1n);
      expect(m < 2n * Q).toBe(true);
      expect(m % Q).toBe(((((ka * Q - 1n) * (kb * Q - 1n)) % Q) * Rinv) % Q);
    }
  });
  test('put / get round-trip any (loose) F_q value through Montgomery form', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(Q * Q), max: Q * Q }), (x) => {
        w.put(S.TMP, x);
        expect(w.get(S.TMP)).toBe(((x % Q) + Q) % Q);
      }),
      { numRuns: 100 },
    );
  });
});
