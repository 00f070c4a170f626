/**
 * Worker threads: a full run's rows are the same byte for byte with 1 and 2 workers (and with a row cut into trial
 * ranges or played whole), a --scheme-file scheme is loaded by the worker threads from its path, and a scheme from
 * no known module is refused rather than looked up by name.
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { PairingGroup } from '../../../core/groups/types.js';
import type { Scheme } from '../../../core/types.js';
import { createBackend } from '../../../registry/backends.js';
import { runGames, type RunOptions } from '../run.js';
import { loadSchemeFile } from '../scheme-file.js';
import { strawmen } from '../strawmen/index.js';
import { GameError, type GameRow } from '../types.js';

let group: PairingGroup;
beforeAll(async () => {
  group = await createBackend('bls12-381');
});

/** Rows without their timings (the only field allowed to differ between runs). */
const strip = (rows: GameRow[]) => JSON.stringify(rows.map(({ ms: _ms, ...r }) => r));

describe('games on worker threads', () => {
  it('gives the same rows with 1 and 2 workers, and whether a row is cut into trial ranges or not', async () => {
    // The passthrough-firewall strawman has every kind of row: CPA (with its search), ASA with and without firewalls.
    const fw = strawmen.find((s) => s.capabilities.firewalls)!;
    const base: RunOptions = { schemes: [], list: [fw], game: 'all', trials: 12, seed: 'workers-test', group };
    const one = await runGames({ ...base, workers: 1, rangeTrials: 5 });
    const two = await runGames({ ...base, workers: 2, rangeTrials: 5 });
    const whole = await runGames({ ...base, workers: 1 });
    expect(one.filter((r) => r.game === 'asa' && r.trials === 12).length).toBeGreaterThanOrEqual(4);
    expect(strip(two)).toBe(strip(one));
    expect(strip(whole)).toBe(strip(one));
    // The firewall that re-randomizes nothing still leaks: the rows are real games, not copies of one another.
    expect(one.some((r) => r.game === 'asa' && r.firewall === true && r.verdict === 'leaks')).toBe(true);
  }, 300_000);

  it('loads a --scheme-file scheme in the worker threads from its path', async () => {
    const s = await loadSchemeFile(join(process.cwd(), 'proofs', 'games', 'test', 'fixtures', 'external-scheme.ts'));
    const base: RunOptions = { schemes: [], list: [s], game: 'cpa', trials: 4, seed: 'workers-file', group };
    const two = await runGames({ ...base, workers: 2 });
    expect(two.some((r) => r.attack !== null && r.attack.replayedOn === 'bls12-381')).toBe(true);
    expect(strip(two)).toBe(strip(await runGames({ ...base, workers: 1 })));
  }, 300_000);

  it('refuses, with 2 workers, a scheme that lives in no known module, and a bad worker count', async () => {
    const fw = strawmen.find((x) => x.capabilities.firewalls)!;
    const copy: Scheme = { ...fw };
    const base: RunOptions = { schemes: [], list: [copy], game: 'cpa', trials: 2, seed: 'w', group };
    await expect(runGames({ ...base, workers: 2 })).rejects.toThrow(GameError);
    await expect(runGames({ ...base, workers: 0 })).rejects.toThrow(GameError);
  });
});
