import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../cli/main.js';

afterEach(() => {
  jest.restoreAllMocks();
});

describe('medexchain scyther', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-scy-'));
  const model = join(dir, 'm.spdl');
  writeFileSync(
    model,
    'protocol p(I,R) { role I { fresh n: Nonce; send_1(I,R,n); } role R { var n: Nonce; recv_1(I,R,n); } }\n',
  );
  const fake = join(dir, 'fake-scyther');
  writeFileSync(
    fake,
    '#!/bin/sh\nprintf "claim\\tp,I\\tSecret_i1\\tn\\tFail\\t[at least 1 attack]\\nclaim\\tp,R\\tAlive_r1\\t-\\tOk\\t[no attack within bounds]\\n"\nexit 3\n',
  );
  chmodSync(fake, 0o755);
  it('prints verdict records as a JSON array; exit 1 when a claim fails', async () => {
    let out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    const env = { ...process.env };
    process.env.SCYTHER_BIN = fake;
    try {
      expect(await main(['scyther', model, '--engine', 'scyther', '--max-runs', '3', '--json'])).toBe(1);
    } finally {
      process.env = env;
    }
    const recs = JSON.parse(out);
    expect(recs).toEqual([
      {
        file: model,
        protocol: 'p',
        role: 'I',
        claim: 'Secret',
        label: 'i1',
        param: 'n',
        status: 'Fail',
        detail: '[at least 1 attack]',
        attacks: 1,
      },
      {
        file: model,
        protocol: 'p',
        role: 'R',
        claim: 'Alive',
        label: 'r1',
        param: '-',
        status: 'Ok',
        detail: '[no attack within bounds]',
        attacks: 0,
      },
    ]);
  });
  it('a missing binary names SCYTHER_BIN and PATH and suggests --engine builtin; bad flags are usage errors', async () => {
    let err = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    const env = { ...process.env };
    delete process.env.SCYTHER_BIN;
    process.env.PATH = '/nonexistent';
    try {
      expect(await main(['scyther', model, '--engine', 'scyther'])).toBe(1);
    } finally {
      process.env = env;
    }
    expect(err).toMatch(/SCYTHER_BIN.*PATH.*--engine builtin/);
    expect(await main(['scyther', model, '--engine', 'magic'])).toBe(2);
    expect(await main(['scyther', model, '--max-runs', 'x'])).toBe(2);
    expect(await main(['scyther', join(dir, 'nope.spdl')])).toBe(2);
    expect(await main(['scyther'])).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(5);
  });
});
