/**
 * `medexchain scyther --batch`: many files in one process, one block (or JSON element) per file with the engine's
 * time, a typed one-line error for a file that cannot be checked while the others still run, and an exit code that
 * says whether every file was checked with every claim Ok. Runs the built-in engine on two small corpus files.
 */
import { afterAll, afterEach, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.js';
import { CORPUS_DIR } from '../../scyther/testdata/index.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
  try {
    return { code: await main(argv), out, err };
  } finally {
    jest.restoreAllMocks();
  }
}

afterEach(() => {
  jest.restoreAllMocks();
});

const allOk = join(CORPUS_DIR, 'ccitt509-1c.spdl'); // one claim, Ok
const withAttack = join(CORPUS_DIR, 'Demo/ns3.spdl'); // the responder's claims fail
let dir: string;
let bad: string;
let emptyDir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'scyther-batch-'));
  bad = join(dir, 'bad.spdl');
  writeFileSync(bad, 'protocol broken(I,R) { role I { send_1(I,R, ; } }\n');
  emptyDir = join(dir, 'empty');
  mkdirSync(emptyDir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('scyther --batch', () => {
  test('--json: one element per file in order; a bad and a missing file get a typed error, the rest still run', async () => {
    const missing = join(dir, 'missing.spdl');
    const r = await run('scyther', '--engine', 'builtin', '--batch', '--json', allOk, bad, missing, withAttack);
    expect(r.code).toBe(1);
    const a = JSON.parse(r.out) as Record<string, unknown>[];
    expect(a.map((x) => x.file)).toEqual([allOk, bad, missing, withAttack]);
    expect(a[0]).toMatchObject({ engine: 'builtin', ok: true, records: [{ status: 'Ok' }] });
    expect(typeof a[0]!.engineMs).toBe('number');
    expect(typeof a[0]!.engineCpuMs).toBe('number');
    expect(a[1]).toMatchObject({ ok: false, error: { code: 'spdl/syntax' } });
    expect((a[1]!.error as { message: string }).message).toMatch(/bad\.spdl:1:\d+/);
    expect(a[2]).toMatchObject({ ok: false, error: { code: 'input', message: `no such file: ${missing}` } });
    const ns3 = a[3] as { ok: boolean; records: { role: string; status: string }[] };
    expect(ns3.ok).toBe(false);
    expect(ns3.records).toHaveLength(8);
    expect(ns3.records.filter((x) => x.role === 'R').every((x) => x.status === 'Fail')).toBe(true);
  });

  test('text: a header line per file, its records, one error line for a bad file, and a summary', async () => {
    const r = await run('scyther', '--engine', 'builtin', '--batch', allOk, bad);
    expect(r.code).toBe(1);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^# ${allOk.replace(/[.]/g, '\\.')}\\tbuiltin\\tengine [\\d.]+ ms\\tcpu [\\d.]+ ms\\t1 claims$`),
    );
    expect(lines[1]).toMatch(/^ccitt509-1c\tR\tNisynch_3\t-\tOk\t/);
    expect(lines[2]).toMatch(/^# .*bad\.spdl\tbuiltin\terror\tspdl\/syntax\t.*bad\.spdl:1:\d+: /);
    expect(lines[3]).toMatch(/^# 2 files: 1 all Ok, 0 with claims not Ok, 1 not checked; command [\d.]+ ms wall/);
    expect(lines).toHaveLength(4);
  });

  test('exit 0 only when every file is checked and every claim is Ok; a directory expands to its .spdl files', async () => {
    const only = join(dir, 'only');
    mkdirSync(only);
    writeFileSync(
      join(only, 'a.spdl'),
      'protocol p(I,R) { role I { fresh n: Nonce; send_1(I,R,n); } role R { var n: Nonce; recv_1(I,R,n); } }\n',
    );
    writeFileSync(join(only, 'notes.txt'), 'not a model');
    const r = await run('scyther', '--engine', 'builtin', '--batch', '--json', only, allOk);
    const a = JSON.parse(r.out) as { file: string; ok: boolean }[];
    expect(a.map((x) => x.file)).toEqual([join(only, 'a.spdl'), allOk]);
    expect(r.code).toBe(0);
  });

  test('--time: the engine time and the whole command time on one stderr line', async () => {
    const r = await run('scyther', '--engine', 'builtin', allOk, '--time');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /^time: engine \(builtin\) [\d.]+ ms wall, [\d.]+ ms cpu; command [\d.]+ ms wall, [\d.]+ ms cpu since node started\n$/,
    );
  });

  test.each([
    [['--engine', 'builtin', allOk, withAttack], /unexpected argument '.*ns3\.spdl' \(give --batch/],
    [['--engine', 'builtin', CORPUS_DIR], /is a directory \(give --batch/],
    [['--bacth', allOk], /unknown option '--bacth'; did you mean '--batch'\?/],
    [['--batch', '--engine', 'builtin'], /missing FILE/],
    [['--batch', '--engine', 'builtin', 'EMPTY'], /no \.spdl files under /],
  ])('bad arguments %j exit 2 with one line', async (args, msg) => {
    const r = await run('scyther', ...(args as string[]).map((a) => (a === 'EMPTY' ? emptyDir : a)));
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(msg);
  });
});
