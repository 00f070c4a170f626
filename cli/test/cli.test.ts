/**
 * The CLI as a user runs it (through bin/medexchain.mjs): --json output shapes, and bad arguments giving a
 * one-line reason on stderr with exit code 2.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../bin/medexchain.mjs', import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('medexchain CLI', () => {
  test('demo --json on bn254 prints ok, 8 messages and 15 elements', () => {
    const r = run('demo', '--backend', 'bn254', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.scheme).toBe('medexchain');
    expect(j.messages.map((m: { id: string }) => m.id)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8']);
    expect(j.messages.reduce((s: number, m: { elements: number }) => s + m.elements, 0)).toBe(15);
    expect(j.steps.length).toBeGreaterThanOrEqual(8);
    for (const s of j.steps)
      expect(Object.keys(s).sort()).toEqual(['algorithm', 'ms', 'name', 'ops', 'party', 'phase']);
  });

  test('schemes and backends --json list the registries', () => {
    const s = JSON.parse(run('schemes', '--json').out);
    expect(s.find((x: { name: string }) => x.name === 'medexchain').capabilities.firewalls).toBe(true);
    const b = JSON.parse(run('backends', '--json').out);
    expect(b.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['bls12-381', 'bn254', 'noble-bls12-381']),
    );
  });

  test.each([
    [['demo', '--backend', 'nope'], /unknown backend 'nope'/],
    [['demo', '--scheme', 'nope'], /unknown scheme 'nope'/],
    [['demo', '--bogus'], /Unknown option '--bogus'/],
    [['demo', '--threshold', '5'], /--threshold takes t\/n/],
    [['demo', '--attributes', 'x'], /--attributes takes an integer/],
    [['nope'], /unknown command 'nope'/],
  ])('bad arguments %j exit 2 with a one-line reason', (args, msg) => {
    const r = run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(
      r.err
        .trim()
        .split('\n')
        .filter((l) => !/ExperimentalWarning|nodedir|trace-warnings/.test(l)),
    ).toHaveLength(1);
    expect(r.err).toMatch(msg);
  });
});
