import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gamesRow, gamesRowsFromDir } from './games.js';

describe('games results reader', () => {
  test('accepts the usual field spellings and skips records it cannot plot', () => {
    expect(
      gamesRow({ scheme: 's', game: 'ind-cpa', advantage: 0.1, ci: [0, 0.2], firewall: true, trials: 100 }),
    ).toEqual({ scheme: 's', game: 'ind-cpa', firewall: 'on', advantage: 0.1, lo: 0, hi: 0.2, trials: 100 });
    expect(
      gamesRow({ scheme: 's', game: 'asa', advantage: 0.9, ci: { lower: 0.8, upper: 1 }, firewall: 'off' }),
    ).toMatchObject({ firewall: 'off', lo: 0.8, hi: 1 });
    expect(gamesRow({ scheme: 's', game: 'asa', advantage: 0.5, lo: 0.4, hi: 0.6 })).toMatchObject({ firewall: 'n/a' });
    expect(gamesRow({ scheme: 's', game: 'asa' })).toBeNull();
    expect(gamesRow({ game: 'asa', advantage: 0.1, lo: 0, hi: 1 })).toBeNull();
  });

  test('reads the first JSON file holding rows; a missing folder or bad JSON gives no rows', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mx-games-'));
    expect(await gamesRowsFromDir(join(d, 'absent'))).toEqual([]);
    writeFileSync(join(d, 'a-bad.json'), '{not json');
    writeFileSync(
      join(d, 'b.json'),
      JSON.stringify({ results: [{ scheme: 'x', game: 'g', advantage: 0, lo: 0, hi: 0.1 }] }),
    );
    expect(await gamesRowsFromDir(d)).toHaveLength(1);
  });
});
