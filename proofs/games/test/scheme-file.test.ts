/** --scheme-file: a module from disk is played exactly like a registered scheme; bad files get typed errors. */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { ParameterError } from '../../../core/errors.js';
import type { PairingGroup } from '../../../core/groups/types.js';
import { createBackend } from '../../../registry/backends.js';
import { runGames } from '../run.js';
import { loadSchemeFile } from '../scheme-file.js';

const here = join(process.cwd(), 'proofs', 'games', 'test');
let group: PairingGroup;
beforeAll(async () => {
  group = await createBackend('bls12-381');
});

describe('--scheme-file', () => {
  it('loads a Scheme from a file and the games break its flaw', async () => {
    const s = await loadSchemeFile(join(here, 'fixtures', 'external-scheme.ts'));
    expect(s.name).toBe('external-shared-key');
    const rows = await runGames({ schemes: [], list: [s], game: 'cpa', trials: 4, seed: 'f', group });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.scheme === 'external-shared-key')).toBe(true);
    expect(rows.some((r) => r.attack !== null && r.attack.replayedOn === 'bls12-381')).toBe(true);
  }, 120_000);

  it('refuses a missing file and a module without a Scheme', async () => {
    await expect(loadSchemeFile(join(here, 'fixtures', 'no-such-file.ts'))).rejects.toThrow(ParameterError);
    await expect(loadSchemeFile(join(process.cwd(), 'core', 'bytes.ts'))).rejects.toThrow(ParameterError);
  });
});
