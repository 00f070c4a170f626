import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { banRowsFromDir, banSummary } from './ban.js';

describe('BAN verdict summary', () => {
  test('counts goals, derived goals and agreement per protocol; skips records it cannot read', () => {
    const rows = banSummary([
      { protocol: 'p', goal: 'g1', derived: true, asExpected: true },
      { protocol: 'p', goal: 'g2', derived: false, asExpected: false },
      { protocol: 'q', goal: 'g1', derived: true },
      { protocol: 'q', goal: 'bad' },
      'junk',
    ]);
    expect(rows).toEqual([
      { protocol: 'p', goals: 2, derived: 1, verdicts_as_expected: '1 of 2' },
      { protocol: 'q', goals: 1, derived: 1, verdicts_as_expected: null },
    ]);
  });
  test('a missing folder or an unreadable file gives no rows', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mx-ban-'));
    expect(await banRowsFromDir(join(d, 'none'))).toEqual([]);
    writeFileSync(join(d, 'a.json'), '{oops');
    writeFileSync(join(d, 'b.json'), JSON.stringify([{ protocol: 'p', goal: 'g', derived: true }]));
    expect(await banRowsFromDir(d)).toHaveLength(1);
  });
});
