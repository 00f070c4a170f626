import { describe, expect, it } from '@jest/globals';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSpdl } from '../check.js';
import { parseSpdl, parseSpdlFile } from '../parse.js';

import { CORPUS_DIR as CORPUS } from '../../testdata/index.js';
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) =>
    statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.spdl') ? [join(dir, n)] : [],
  );

const errors = (text: string) => checkSpdl(parseSpdl(text, 'm.spdl')).filter((i) => i.severity === 'error');

describe('SPDL checker', () => {
  it('accepts every corpus model Scyther accepts, and refuses the three it refuses, for the same reason', () => {
    const refused: string[] = [];
    for (const f of files(CORPUS)) {
      const errs = checkSpdl(parseSpdlFile(f)).filter((i) => i.severity === 'error');
      if (errs.length) {
        refused.push(relative(CORPUS, f));
        expect(errs[0]!.message).toMatch(/fresh terms \[Kir\] should be declared inside roles/);
      }
    }
    expect(refused.sort()).toEqual(['neumannstub-guttman-hwang.spdl', 'neumannstub-guttman.spdl', 'neumannstub.spdl']);
  });

  const ok = `usertype Tag; const T: Tag; hashfunction h;
protocol p(I,R) {
  role I { fresh n: Nonce; send_1(I,R, {T, I, n}pk(R)); recv_2(R,I, h(n)); claim_i1(I, Secret, n); claim_i2(I, Niagree); }
  role R { var n: Nonce; recv_1(I,R, {T, I, n}pk(R)); send_2(R,I, h(n)); claim(R, Alive); }
}`;
  it('a well-formed model has no issues', () => {
    expect(checkSpdl(parseSpdl(ok, 'm.spdl'))).toEqual([]);
  });
  it('unknown roles', () => {
    const e = errors(ok.replace('send_1(I,R,', 'send_1(I,Q,'));
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ line: 3, message: expect.stringMatching(/recipient Q is not a role of protocol p/) });
    expect(errors(ok.replace('claim_i2(I, Niagree)', 'claim_i2(R, Niagree)'))[0]!.message).toMatch(
      /made on behalf of role R/,
    );
  });
  it('unbound variables and variables not first received', () => {
    expect(errors(ok.replace('recv_2(R,I, h(n))', 'recv_2(R,I, h(m))'))[0]!.message).toMatch(
      /unbound identifier m in role I/,
    );
    const e = errors(
      ok.replace(
        'role R { var n: Nonce; recv_1(I,R, {T, I, n}pk(R)); send_2(R,I, h(n));',
        'role R { var n: Nonce; send_2(R,I, h(n)); recv_1(I,R, {T, I, n}pk(R));',
      ),
    );
    expect(e[0]!.message).toMatch(/variable n of role R should occur first in a receive event/);
    expect(errors(ok.replace('h(n))', 'g(n))'))[0]!.message).toMatch(/function g is not declared/);
  });
  it('claims: duplicate labels, unlabelled duplicates, unknown types', () => {
    expect(errors(ok.replace('claim_i2(I, Niagree)', 'claim_i1(I, Niagree)'))[0]!.message).toMatch(
      /claim label i1 is used twice/,
    );
    expect(errors(ok.replace('claim(R, Alive);', 'claim(R, Alive); claim(R, Alive);'))[0]!.message).toMatch(
      /duplicate unlabelled claim Alive\(\) in role R/,
    );
    expect(errors(ok.replace('claim(R, Alive);', 'claim(R, Alive); claim(R, Nisynch);'))).toEqual([]);
    expect(errors(ok.replace('Niagree', 'Niagre'))[0]!.message).toMatch(/unknown claim type Niagre/);
  });
  it('warns about a send nobody receives', () => {
    const w = checkSpdl(parseSpdl(ok.replace('recv_2(R,I, h(n));', ''), 'm.spdl'));
    expect(w.map((i) => i.severity)).toEqual(['warning']);
    expect(w[0]!.message).toMatch(/send_2 has no matching recv_2/);
  });
});

describe('resolveSpdl', () => {
  it('substitutes macros as Scyther does (term lists become tuples; later definitions win)', async () => {
    const { resolveSpdl } = await import('../resolve.js');
    const f = parseSpdl(
      'macro M = a, b;\nprotocol p(I,R) { role I { macro N = {M}k(I,R); send_1(I,R, N, M); } }\nmacro M = c;\n',
      'm.spdl',
    );
    const items = resolveSpdl(f);
    expect(items.map((i) => i.kind)).toEqual(['protocol']);
    const send = (items[0] as SpdlProtocolT).items[0]!;
    const { printSpdl } = await import('../print.js');
    expect(printSpdl({ kind: 'file', file: 'x', items })).toContain('send_1(I, R, {(a, b)}k(I, R), (a, b));');
    expect(send.kind).toBe('role');
  });
});
type SpdlProtocolT = import('../ast.js').SpdlProtocol;
