/**
 * The counted primitives count exactly one operation per call on the caller's counter and return what the bare
 * primitive returns (the cost-model tests of the schemes then hold the declared counts to these).
 */
import { describe, expect, test } from '@jest/globals';
import { deriveKeyCounted, invZr, kdfGT, openCounted, sealCounted } from './counted.js';
import { deriveKey, open } from './dem.js';
import { DecryptionError } from './errors.js';
import { createSs512Group } from './groups/ss512/index.js';
import { OpCounter, normalizeOps } from './ops.js';
import { SeededRng } from './rng.js';

describe('counted primitives', () => {
  test('seal, open, KDFs and scalar inversion: one count each, same results as the bare calls', async () => {
    const G = await createSs512Group();
    const ops = new OpCounter();
    const rng = new SeededRng('counted');
    const K = G.gt.exp(G.pair(G.g1.generator(), G.g2.generator()), 7n);
    const { ops: counted, result } = ops.measure(() => {
      const key = kdfGT(ops, G.gt, K, 'info');
      const sealed = sealCounted(ops, key, Uint8Array.of(1, 2, 3), Uint8Array.of(9), rng);
      const back = openCounted(ops, key, sealed, Uint8Array.of(9));
      const k2 = deriveKeyCounted(ops, Uint8Array.of(5, 6), 'x');
      const inv = invZr(ops, G.zr, 3n);
      return { key, sealed, back, k2, inv };
    });
    expect(normalizeOps(counted)).toEqual({ aead: 2, kdf: 2, invZr: 1 });
    expect(result.key).toEqual(G.gt.kdf(K, 'info'));
    expect(open(result.key, result.sealed, Uint8Array.of(9))).toEqual(Uint8Array.of(1, 2, 3));
    expect(result.back).toEqual(Uint8Array.of(1, 2, 3));
    expect(result.k2).toEqual(deriveKey(Uint8Array.of(5, 6), 'x'));
    expect(G.zr.mul(result.inv, 3n)).toBe(1n);
    // a refused opening is still one AEAD call
    const before = ops.total().aead ?? 0;
    expect(() => openCounted(ops, result.key, result.sealed, Uint8Array.of(8))).toThrow(DecryptionError);
    expect(ops.total().aead).toBe(before + 1);
  });
});
