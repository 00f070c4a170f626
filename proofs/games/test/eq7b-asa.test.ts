/**
 * The ASA game plays MedExChain's Eq. 7b path (ReKeyGen-Foreign: a delegatee with only an X25519 key, X wrapped for
 * it) generically: the scheme declares `foreignDelegatee` and its instance makes such a delegatee (`foreignKeygen`),
 * and the game subverts that ReKeyGen like any other algorithm. Without a firewall the subverted algorithm leaks the
 * patient's key; through W_P it does not; through the pre-fix W_P (a mutant that forwards E_B(X) and the algorithm's
 * virtual key) it does. This is the game-level form of schemes/medexchain/eq7b-asa.test.ts.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { PairingGroup } from '../../../core/groups/types.js';
import { createBackend } from '../../../registry/backends.js';
import { schemes } from '../../../registry/schemes.js';
import { mutants } from '../../mutants/index.js';
import { withForeignKeygen } from '../../mutants/medexchain.js';
import { runGames } from '../run.js';
import type { GameRow } from '../types.js';

let group: PairingGroup;
beforeAll(async () => {
  group = await createBackend('bls12-381');
});

const TRIALS = 64;
const foreignRows = (rows: GameRow[]) => rows.filter((r) => r.game === 'asa' && r.variant === 'rekeygen-foreign');
// Chosen by declaration: the registered schemes that can delegate to a foreign key and have firewalls.
const claimants = schemes.filter((s) => s.capabilities.foreignDelegatee && s.capabilities.firewalls);

describe('ASA game on the Eq. 7b path (ReKeyGen-Foreign)', () => {
  it('has a scheme to play', () => {
    expect(claimants.length).toBeGreaterThan(0);
  });

  it('leaks the delegator key without W_P and not through W_P', async () => {
    const list = claimants.map(withForeignKeygen);
    const rows = foreignRows(await runGames({ schemes: [], list, game: 'asa', trials: TRIALS, seed: 'eq7b', group }));
    expect(rows.length).toBe(2 * list.length);
    for (const r of rows) {
      expect(r.trials).toBe(TRIALS);
      expect(r.functional).toBe(true);
      if (r.firewall) expect(Math.abs(r.advantage!)).toBeLessThan(0.5);
      else expect(r.advantage!).toBeGreaterThan(0.8);
    }
  }, 300_000);

  it('leaks through a W_P that forwards the wrap unchanged (the mutant), which then also stays functional', async () => {
    const bad = mutants.filter((m) => m.flaw === 'firewall-passthrough' && /eq7b/.test(m.mistake + m.scheme.name));
    expect(bad.length).toBeGreaterThan(0);
    const rows = foreignRows(
      await runGames({
        schemes: [],
        list: bad.map((m) => m.scheme),
        game: 'asa',
        asaRows: 'firewalled',
        trials: TRIALS,
        seed: 'eq7b',
        group,
      }),
    );
    expect(rows.length).toBe(bad.length);
    for (const r of rows) {
      expect(r.firewall).toBe(true);
      expect(r.advantage!).toBeGreaterThan(0.8);
      expect(r.verdict).toBe('leaks');
      expect(r.functional).toBe(true);
    }
  }, 300_000);

  it('a plain run plays the Eq. 7b rows of every registered claimant (its instance makes the foreign delegatee)', async () => {
    const rows = foreignRows(
      await runGames({ schemes: [], list: claimants, game: 'asa', trials: 4, seed: 'eq7b-plain', group }),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.trials).toBeGreaterThan(0);
      expect(r.verdict).not.toBe('error');
    }
  }, 300_000);
});
