/**
 * The delegation-scope game against every registered scheme that claims scoped delegation: it must find the attack
 * where the re-encryption key does not depend on the record (and replay it on the real backend) and find none where
 * the cryptography enforces the scope. Which scheme is which is decided by the outcome, never by a name: the test
 * asks that both outcomes occur among the claimants, with an interval on every played row.
 */
import { describe, expect, it } from '@jest/globals';
import { createBackend } from '../../../registry/backends.js';
import { schemes } from '../../../registry/schemes.js';
import { runGames } from '../run.js';

describe('delegation-scope game', () => {
  it('breaks a record-independent delegation, replayed on the real backend, and not a scoped one', async () => {
    const group = await createBackend('bls12-381');
    const claimants = schemes.filter((s) => s.capabilities.scopedDelegation);
    expect(claimants.length).toBeGreaterThanOrEqual(2);
    const rows = await runGames({ schemes: [], list: claimants, game: 'scope', trials: 4, seed: 'scope-test', group });
    const played = rows.filter((r) => r.game === 'scope');
    expect(played).toHaveLength(claimants.length);
    const broken = played.filter((r) => r.attack !== null);
    expect(broken.length).toBeGreaterThanOrEqual(1);
    expect(played.length - broken.length).toBeGreaterThanOrEqual(1);
    for (const r of broken) {
      expect(r.attack!.replayedOn).toBe('bls12-381');
      expect(r.advantage).toBe(1);
    }
    for (const r of played) {
      expect(r.ci95).not.toBeNull();
      expect(r.ci95![0]).toBeLessThanOrEqual(r.advantage!);
      expect(r.ci95![1]).toBeGreaterThanOrEqual(r.advantage!);
    }
  }, 600_000);
});
