/**
 * The runner, the results files and the CLI's argument handling, on the strawmen (fast, and their outcomes are known).
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main.js';
import { createBackend } from '../../../registry/backends.js';
import { ParameterError } from '../../../core/errors.js';
import type { PairingGroup } from '../../../core/groups/types.js';
import { CSV_COLUMNS, writeGamesResults } from '../results.js';
import { runGames, selectSchemes } from '../run.js';
import type { GameRow } from '../types.js';

let group: PairingGroup;
let rows: GameRow[];
const dir = mkdtempSync(join(tmpdir(), 'games-'));
const opts = () => ({
  schemes: ['strawman-deterministic', 'strawman-passthrough-firewall'],
  game: 'all' as const,
  trials: 16,
  seed: 'run-test',
  group,
});

beforeAll(async () => {
  group = await createBackend('bls12-381');
  rows = await runGames(opts());
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runGames', () => {
  it('reports every row with the documented fields', () => {
    for (const r of rows) {
      for (const k of [
        'scheme',
        'game',
        'variant',
        'firewall',
        'trials',
        'wins',
        'advantage',
        'ci95',
        'verdict',
      ] as const)
        expect(r).toHaveProperty(k);
      expect(/cpa|asa/.test(r.game)).toBe(true);
    }
  });

  it('breaks the deterministic strawman and reports its missing firewalls instead of skipping them', () => {
    const cpa = rows.filter((r) => r.scheme === 'strawman-deterministic' && r.game === 'cpa');
    expect(cpa.map((r) => r.variant)).toEqual(['original', 'reencrypted']);
    for (const r of cpa) {
      expect(r.advantage!).toBeGreaterThan(0.8);
      expect(r.verdict).toBe('broken');
    }
    const noFw = rows.filter((r) => r.scheme === 'strawman-deterministic' && r.game === 'asa' && r.firewall === true);
    expect(noFw.length).toBe(4);
    for (const r of noFw) {
      expect(r.verdict).toBe('no-firewall');
      expect(r.trials).toBe(0);
      expect(r.advantage).toBeNull();
    }
  });

  it('finds the leak through the pass-through firewall', () => {
    const r = rows.find(
      (x) =>
        x.scheme === 'strawman-passthrough-firewall' &&
        x.game === 'asa' &&
        x.variant === 'keygen' &&
        x.firewall === true,
    )!;
    expect(r.advantage!).toBeGreaterThan(0.8);
    expect(r.verdict).toBe('leaks');
    expect(r.functional).toBe(true);
  });

  it('is reproducible from its seed', async () => {
    const again = await runGames({ ...opts(), schemes: ['strawman-deterministic'], game: 'cpa' });
    const strip = (x: GameRow[]) => x.map(({ ms: _ms, ...rest }) => rest);
    expect(strip(again)).toEqual(strip(rows.filter((r) => r.scheme === 'strawman-deterministic' && r.game === 'cpa')));
  });

  it('rejects unknown schemes and bad trial counts with typed errors', async () => {
    expect(() => selectSchemes(['no-such-scheme'])).toThrow(ParameterError);
    await expect(runGames({ ...opts(), trials: 0 })).rejects.toThrow(/trials/);
  });
});

describe('writeGamesResults', () => {
  it('writes JSON and CSV with one line per row', async () => {
    const { files } = await writeGamesResults(dir, { rows, seed: 'run-test' });
    expect(files.map((f) => f.split('/').pop())).toEqual(['games.json', 'games.csv']);
    const json = JSON.parse(readFileSync(join(dir, 'games.json'), 'utf8'));
    expect(json.rows.length).toBe(rows.length);
    const csv = readFileSync(join(dir, 'games.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(CSV_COLUMNS.join(','));
    expect(csv.length).toBe(rows.length + 1);
  });
});

describe('games CLI', () => {
  it('exits 2 on bad arguments, with one line on stderr', async () => {
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['games', '--game', 'bogus'])).toBe(2);
      expect(await main(['games', '--trials', '0'])).toBe(2);
      expect(await main(['games', '--scheme', 'no-such-scheme'])).toBe(2);
      expect(await main(['games', '--unknown-flag'])).toBe(2);
      for (const [line] of err.mock.calls) expect(String(line).trim().split('\n').length).toBe(1);
    } finally {
      err.mockRestore();
    }
  });
});
