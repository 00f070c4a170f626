/**
 * Kill-rate regression: the games still kill the catalogue. KILLED_FLOOR is the count measured when the catalogue
 * was last changed; the one mutant no game kills (a decoder that accepts the identity) is a known blind spot of
 * games that only play honest ciphertexts.
 */
import { describe, expect, it } from '@jest/globals';
import { runMutants } from '../run.js';
import { mutants } from '../index.js';

const KILLED_FLOOR = 28;

describe('mutant catalogue', () => {
  it('has at least 25 mutants, each of a named flaw class, none in the scheme registry', async () => {
    expect(mutants.length).toBeGreaterThanOrEqual(25);
    const { schemes } = await import('../../../registry/schemes.js');
    for (const m of mutants) {
      expect(m.flaw.length).toBeGreaterThan(0);
      expect(schemes.some((s) => s.name === m.scheme.name)).toBe(false);
    }
  });

  it('the kill rate does not drop, and every kill was replayed on a real backend', async () => {
    const r = await runMutants({ seed: 'kill-rate-test', trials: 6 });
    const killed = r.rows.filter((x) => x.killed);
    expect(killed.length).toBeGreaterThanOrEqual(KILLED_FLOOR);
    for (const k of killed) expect(k.replayedOn).toBe('bls12-381');
  }, 900_000);
});
