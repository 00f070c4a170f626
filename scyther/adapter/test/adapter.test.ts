import { describe, expect, it } from '@jest/globals';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFile, parseCsv, readExpected } from '../corpus.js';
import {
  attacksOf,
  findScyther,
  parseScytherOutput,
  runScyther,
  ScytherNotFoundError,
  ScytherRunError,
} from '../scyther.js';

import { CORPUS_DIR as CORPUS, scytherForTests } from '../../testdata/index.js';

const SCY = scytherForTests('real Scyther on the corpus');

const SAMPLE = [
  '\x1b[1;33mclaim\x1b[0m\tns3,I\tSecret_i1\tni\t\x1b[1;32mOk\x1b[0m\t[proof of correctness]',
  'claim\tns3,R\tNiagree_r3\t-\tFail\t[at least 2 attacks]',
  'claim\tikev1,I\tSKR_I2\tprf(k(I,R),Ni,Nr,h(Gr,i),Ci,Cr)\tOk\t[no attack within bounds]',
  'claim\tp,R\tCommit_R_5\t(I,Ni)\tFail\t[exactly 1 attack]',
  'some other line',
  '',
].join('\n');

describe('Scyther output parser', () => {
  it('reads claim lines into records, splitting Type_label at the first underscore', () => {
    const r = parseScytherOutput(SAMPLE, 'x.spdl');
    expect(r).toEqual([
      {
        file: 'x.spdl',
        protocol: 'ns3',
        role: 'I',
        claim: 'Secret',
        label: 'i1',
        param: 'ni',
        status: 'Ok',
        detail: '[proof of correctness]',
        attacks: 0,
      },
      {
        file: 'x.spdl',
        protocol: 'ns3',
        role: 'R',
        claim: 'Niagree',
        label: 'r3',
        param: '-',
        status: 'Fail',
        detail: '[at least 2 attacks]',
        attacks: 2,
      },
      {
        file: 'x.spdl',
        protocol: 'ikev1',
        role: 'I',
        claim: 'SKR',
        label: 'I2',
        param: 'prf(k(I,R),Ni,Nr,h(Gr,i),Ci,Cr)',
        status: 'Ok',
        detail: '[no attack within bounds]',
        attacks: 0,
      },
      {
        file: 'x.spdl',
        protocol: 'p',
        role: 'R',
        claim: 'Commit',
        label: 'R_5',
        param: '(I,Ni)',
        status: 'Fail',
        detail: '[exactly 1 attack]',
        attacks: 1,
      },
    ]);
  });
  it('refuses malformed claim lines with a typed error', () => {
    expect(() => parseScytherOutput('claim\tns3,I\tSecret_i1\tni', 'f')).toThrow(ScytherRunError);
    expect(() => parseScytherOutput('claim\tns3I\tSecret_i1\tni\tOk\t[x]', 'f')).toThrow(/protocol\/role/);
    expect(() => parseScytherOutput('claim\tns3,I\tSecret_i1\tni\tMaybe\t[x]', 'f')).toThrow(/unknown status/);
  });
  it('counts attacks', () => {
    expect(attacksOf('[at least 7 attacks]')).toBe(7);
    expect(attacksOf('[exactly 1 attack]')).toBe(1);
    expect(attacksOf('[no attack within bounds]')).toBe(0);
  });
  it('reads quoted CSV', () => {
    expect(parseCsv('a,"b,c",d\n"x ""y""",,z\n')).toEqual([
      ['a', 'b,c', 'd'],
      ['x "y"', '', 'z'],
    ]);
  });
});

describe('finding the binary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scy-'));
  const fake = join(dir, 'scyther-linux');
  writeFileSync(fake, '#!/bin/sh\necho hi\n');
  chmodSync(fake, 0o755);
  it('uses SCYTHER_BIN, else PATH; a missing one names both and suggests --engine builtin', () => {
    expect(findScyther({ SCYTHER_BIN: fake, PATH: '' })).toBe(fake);
    expect(findScyther({ PATH: `/nonexistent:${dir}` })).toBe(fake);
    let err: unknown;
    try {
      findScyther({ PATH: '/nonexistent' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ScytherNotFoundError);
    expect(String((err as Error).message)).toMatch(/SCYTHER_BIN.*PATH.*--engine builtin/);
    expect(() => findScyther({ SCYTHER_BIN: join(dir, 'nope'), PATH: dir })).toThrow(
      /SCYTHER_BIN=.*nope is not an executable/,
    );
  });
  it('a run past its timeout is stopped with a typed error', async () => {
    const slow = join(dir, 'slow');
    writeFileSync(slow, '#!/bin/sh\nsleep 30\n');
    chmodSync(slow, 0o755);
    await expect(runScyther('m.spdl', { binary: slow, timeoutS: 0.5 })).rejects.toThrow(
      /did not finish m\.spdl within 0\.5 s at --max-runs=5/,
    );
  });
  it('a model refused by the tool, or a tool printing nothing, is a typed error', async () => {
    const refuse = join(dir, 'refuse');
    writeFileSync(
      refuse,
      '#!/bin/sh\necho "error: fresh terms [Kir] should be declared inside roles, on line 16." >&2\nexit 1\n',
    );
    chmodSync(refuse, 0o755);
    await expect(runScyther('m.spdl', { binary: refuse })).rejects.toThrow(
      /Scyther rejected m\.spdl: fresh terms \[Kir\]/,
    );
    const mute = join(dir, 'mute');
    writeFileSync(mute, '#!/bin/sh\nexit 4\n');
    chmodSync(mute, 0o755);
    await expect(runScyther('m.spdl', { binary: mute })).rejects.toThrow(/exited with code 4/);
    await expect(runScyther('m.spdl', { binary: fake, maxRuns: 0 })).rejects.toThrow(/max-runs/);
  });
});

// A fast subset of Scyther's corpus (each well under a second); the whole corpus: npx tsx scyther/adapter/corpus.ts
const SUBSET = [
  'Demo/ns3.spdl',
  'Demo/nsl3-broken.spdl',
  'Demo/nsl3-updated-both.spdl',
  'ISO-9798/isoiec-9798-3-1.spdl',
  'IEEE-WIMAX/pkmv2rsa.spdl',
  'IEEE-WIMAX/pkmv2satek.spdl',
  'IKE/ikev2-child-nopfs.spdl',
  'neumannstub.spdl',
];

(SCY ? describe : describe.skip)('real Scyther on the corpus (shared binary)', () => {
  const expected = readExpected(CORPUS);
  it.each(SUBSET)('%s: adapter verdicts equal expected.csv', async (file) => {
    const rows = expected.get(file);
    expect(rows?.length).toBeGreaterThan(0);
    const c = await compareFile(CORPUS, file, rows!, { binary: SCY, timeoutS: 60 });
    expect(c.mismatches).toEqual([]);
  });
});
