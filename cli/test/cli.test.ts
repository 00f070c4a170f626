/**
 * The CLI as a user runs it: --json output shapes, help for every command and subcommand, and bad arguments giving a
 * one-line reason (with a suggestion when one is close) on stderr with exit code 2.
 */
import { afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { commandNames, loadCommand, main } from '../main.js';

const bin = fileURLToPath(new URL('../../bin/medexchain.mjs', import.meta.url));
const spawn = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

/** Runs the CLI in process (no tsx start-up per call), capturing stdout and stderr. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    jest.restoreAllMocks();
  }
}

const relevant = (err: string) =>
  err
    .trim()
    .split('\n')
    .filter((l) => l && !/ExperimentalWarning|nodedir|trace-warnings/.test(l));

afterEach(() => {
  jest.restoreAllMocks();
});

async function answersHelp(path: string[]): Promise<void> {
  const a = await run(...path, '--help');
  expect({ path, code: a.code, err: a.err }).toEqual({ path, code: 0, err: '' });
  expect(a.out).toMatch(new RegExp(`^Usage: medexchain ${path.join(' ')}`));
  const b = await run(...path, '-h');
  expect(b.code).toBe(0);
  expect(b.out).toBe(a.out);
  if (path[0] !== 'help') {
    const c = await run('help', ...path);
    expect(c.code).toBe(0);
    expect(c.out).toBe(a.out);
  }
  if (path.length > 1 || !a.out.includes('\nSubcommands:\n')) {
    expect(a.out).toMatch(/\nOptions:\n/);
    expect(a.out).toMatch(/-h, --help/);
  }
  expect(a.out).toMatch(/\nExamples:\n {2}\$ medexchain /);
}

describe('help everywhere', () => {
  test('medexchain --help lists every command on a line of its own (two spaces, then the name)', () => {
    const r = spawn('--help');
    expect(r.code).toBe(0);
    const listed = r.out
      .split('\n')
      .filter((l) => /^ {2}[a-z]/.test(l))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(listed).toEqual(commandNames());
    expect(r.out).toMatch(/^Usage: medexchain <command>/);
  });

  // every command, and every subcommand of a group, as the group itself lists them
  const groups: Record<string, readonly string[]> = {};
  beforeAll(async () => {
    for (const c of commandNames()) {
      const subs = (await loadCommand(c)).subcommands;
      if (subs) groups[c] = subs;
    }
    expect(groups['chain']).toEqual(expect.arrayContaining(['demo', 'audit']));
    expect(groups['spdl']).toEqual(['export', 'variants', 'check']);
  });

  test('every command and subcommand answers --help, -h and help with usage, options and examples', async () => {
    const every = commandNames().flatMap((c) => [[c], ...(groups[c] ?? []).map((s) => [c, s])]);
    expect(every.length).toBeGreaterThan(commandNames().length);
    for (const path of every) await answersHelp(path);
  });

  test('every option in a command help has a description', async () => {
    for (const c of ['demo', 'games', 'reproduce', 'scyther']) {
      const { out } = await run(c, '--help');
      const opts = out.split('Options:\n')[1]!.split('\n\n')[0]!.split('\n');
      for (const l of opts.filter((x) => /^ {2}(-\w, | {4})--/.test(x)))
        expect(l).toMatch(/^ {2}(-\w, | {4})--[a-z-]+( \S+)?\s{2,}\S/);
    }
  });
});

describe('medexchain CLI', () => {
  test('demo --json on bn254 prints ok, 8 messages and 15 elements', () => {
    const r = spawn('demo', '--backend', 'bn254', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.ok).toBe(true);
    expect(j.scheme).toBe('medexchain');
    expect(j.messages.map((m: { id: string }) => m.id)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6', 'M7', 'M8']);
    expect(j.messages.reduce((s: number, m: { elements: number }) => s + m.elements, 0)).toBe(15);
    expect(j.steps.length).toBeGreaterThanOrEqual(8);
    for (const s of j.steps)
      expect(Object.keys(s)).toEqual(expect.arrayContaining(['algorithm', 'ms', 'name', 'ops', 'party', 'phase']));
  });

  test('schemes and backends --json list the registries', async () => {
    const s = JSON.parse((await run('schemes', '--json')).out);
    expect(s.find((x: { name: string }) => x.name === 'medexchain').capabilities.firewalls).toBe(true);
    const b = JSON.parse((await run('backends', '--json')).out);
    expect(b.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['bls12-381', 'bn254', 'noble-bls12-381']),
    );
  });

  test('a misspelled option, run as a user runs it, gets a suggestion and exit 2', () => {
    const r = spawn('demo', '--shceme', 'afgh06');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(relevant(r.err)).toHaveLength(1);
    expect(r.err).toMatch(/unknown option '--shceme'; did you mean '--scheme'\?/);
  });

  test.each([
    [['demo', '--backend', 'nope'], /unknown backend 'nope'/],
    [['demo', '--scheme', 'nope'], /unknown scheme 'nope'/],
    [['demo', '--bogus'], /unknown option '--bogus'/],
    [['demo', '--threshold', '5'], /--threshold takes t\/n/],
    [['demo', '--attributes', 'x'], /--attributes takes an integer/],
    [['games', '--tirals', '5'], /did you mean '--trials'\?/],
    [['games', '--game', 'cap'], /did you mean 'cpa'\?/],
    [['reproduce', '--quik'], /did you mean '--quick'\?/],
    [['chain', 'dmeo'], /did you mean 'demo'\?/],
    [['chain', 'demo'], /--data-dir DIR is required/],
    [['spdl', 'exprot'], /did you mean 'export'\?/],
    [['spdl', 'export', '--shceme', 'medexchain'], /did you mean '--scheme'\?/],
    [['scyther'], /missing FILE/],
    [['gmaes'], /unknown command 'gmaes'; did you mean 'games'\?/],
    [['nope'], /unknown command 'nope'/],
    [['help', 'nope'], /unknown command 'nope'/],
  ])('bad arguments %j exit 2 with a one-line reason', async (args, msg) => {
    const r = await run(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(relevant(r.err)).toHaveLength(1);
    expect(r.err).toMatch(msg);
  });
});

describe('a reader that stops early', () => {
  // `medexchain ban --json | head`: the closed pipe is the reader's choice, not a failure of the command
  test('a closed stdout ends the command with exit 0 and nothing on stderr', () => {
    const line = `set -o pipefail; "${process.execPath}" "${bin}" ban --protocol all --json | head -c 64 >/dev/null`;
    const r = spawnSync('bash', ['-c', line], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
