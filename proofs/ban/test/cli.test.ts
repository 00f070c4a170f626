/** `medexchain ban` through the real dispatcher: JSON rows, exit codes, and errors on bad input. */
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main.js';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => {
  jest.restoreAllMocks();
});

describe('medexchain ban', () => {
  test('--protocol all --json: one row per goal, with the fields the issue names', async () => {
    expect(await main(['ban', '--protocol', 'all', '--json'])).toBe(0);
    const rows = JSON.parse(out) as {
      protocol: string;
      goal: string;
      derived: boolean;
      steps: number;
      proof: unknown;
    }[];
    expect(new Set(rows.map((r) => r.protocol)).size).toBeGreaterThanOrEqual(9);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['protocol', 'goal', 'derived', 'steps', 'proof']));
      expect(r.derived ? r.proof !== null && r.steps > 0 : r.proof === null).toBe(true);
    }
    expect(rows.filter((r) => r.protocol === 'medexchain').every((r) => r.derived)).toBe(true);
    expect(err).toBe('');
  });

  test('--proof prints proof trees and missing premises', async () => {
    expect(await main(['ban', '--protocol', 'andrew-secure-rpc', '--proof'])).toBe(0);
    expect(out).toContain('[message-meaning/shared-key]');
    expect(out).toContain("closest missing premises: A |= #(A <-K'ab-> B)");
  });

  test('an unknown protocol is a usage error (exit 2, one line on stderr)', async () => {
    expect(await main(['ban', '--protocol', 'nope'])).toBe(2);
    expect(err).toMatch(/^medexchain ban: unknown protocol 'nope'/);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  test('a malformed --file is refused with its position (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ban-'));
    const f = join(dir, 'bad.ban');
    writeFileSync(f, 'protocol x\ntitle "x"\nsource "s"\nprincipals A B\nassume A |= {X\n');
    expect(await main(['ban', '--file', f])).toBe(1);
    expect(err).toContain(`${f}:5:`);
    expect(await main(['ban', '--file', join(dir, 'missing.ban')])).toBe(2);
  });

  test('a --file whose verdicts differ from its expectations exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ban-'));
    const f = join(dir, 'p.ban');
    writeFileSync(
      f,
      'protocol x\ntitle "x"\nsource "s"\nprincipals A B\nassume A |= #(N)\ngoal g holds: A |= B |= N\n',
    );
    expect(await main(['ban', '--file', f, '--json'])).toBe(1);
    expect(JSON.parse(out)[0]).toMatchObject({ protocol: 'x', goal: 'g', derived: false, asExpected: false });
  });

  test('an ablation file outside the corpus is applied to its corpus base', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ban-'));
    const f = join(dir, 'k.ban');
    writeFileSync(
      f,
      'protocol kerberos-no-ts\ntitle "k"\nsource "s"\nablation-of kerberos\nprincipals A B S\ndrop Ts\nexpect a-key fails\nexpect b-key fails\nexpect b-confirms-a fails\nexpect a-confirms-b fails\n',
    );
    expect(await main(['ban', '--file', f])).toBe(0);
    expect(out).toContain('every verdict as expected');
  });

  test('unknown flags are usage errors', async () => {
    expect(await main(['ban', '--bogus'])).toBe(2);
  });
});
