import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { SpdlFile, SpdlTerm, SpdlTopItem } from '../ast.js';
import { SpdlSyntaxError } from '../errors.js';
import { KEYWORDS } from '../lex.js';
import { parseSpdl, parseSpdlFile } from '../parse.js';
import { printSpdl } from '../print.js';

import { CORPUS_DIR as CORPUS } from '../../testdata/index.js';

function corpusFiles(dir = CORPUS): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? corpusFiles(p) : n.endsWith('.spdl') ? [p] : [];
  });
}

/** The tree without positions or file names, for comparing a tree with its re-parse. */
function shape(f: SpdlFile): unknown {
  return JSON.parse(JSON.stringify(f.items, (k, v) => (k === 'pos' || k === 'file' ? undefined : v)));
}

describe('SPDL parser on Scyther corpus', () => {
  const files = corpusFiles();
  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThanOrEqual(90);
  });
  it.each(files.map((f) => [relative(CORPUS, f), f]))('parses and round-trips %s', (_name, f) => {
    const tree = parseSpdlFile(f);
    expect(tree.items.some((i) => i.kind === 'protocol')).toBe(true);
    const again = parseSpdl(printSpdl(tree), f);
    expect(shape(again)).toEqual(shape(tree));
  });
  it('reads labels, claims and legacy read_ as Scyther does', () => {
    const t = parseSpdlFile(join(CORPUS, 'Demo/ns3.spdl'));
    const p = t.items.find((i) => i.kind === 'protocol')!;
    if (p.kind !== 'protocol') throw new Error('no protocol');
    const roleI = p.items.find((r) => r.kind === 'role' && r.name === 'I')!;
    if (roleI.kind !== 'role') throw new Error('no role I');
    const claims = roleI.items.filter((e) => e.kind === 'claim');
    expect(claims.map((c) => (c.kind === 'claim' ? `${c.claim}_${c.label}` : ''))).toEqual([
      'Secret_i1',
      'Secret_i2',
      'Niagree_i3',
      'Nisynch_i4',
    ]);
    const send1 = roleI.items[2]!;
    expect(send1).toMatchObject({ kind: 'send', label: '1', from: { kind: 'id', name: 'I' }, to: { name: 'R' } });
    expect(send1.pos).toEqual({ file: join(CORPUS, 'Demo/ns3.spdl'), line: 14, column: 3 });
    const legacy = parseSpdl('protocol p(A,B){ role A { read_1(B,A, x); not match(x, y); } }');
    const ev = (legacy.items[0] as { items: { items: unknown[] }[] }).items[0]!.items;
    expect(ev[0]).toMatchObject({ kind: 'recv', keyword: 'read' });
    expect(ev[1]).toMatchObject({ kind: 'match', negated: true });
    expect(parseSpdl(printSpdl(legacy)).items).toHaveLength(1);
    expect(printSpdl(legacy)).toContain('read_1(B, A, x);');
  });
});

// ---- property: random trees print and re-parse to themselves ----
const P = { file: '<input>', line: 1, column: 1 };
const ident = fc
  .stringMatching(/^@?[A-Za-z0-9^!'-]{1,6}$/)
  .filter((s) => (!KEYWORDS.has(s) && s !== 'include' && !s.startsWith('@')) || /^@[A-Za-z0-9^!'-]+$/.test(s))
  .filter((s) => !KEYWORDS.has(s) && s !== 'include');
const { term } = fc.letrec<{ term: SpdlTerm }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    ident.map((name): SpdlTerm => ({ kind: 'id', name, pos: P })),
    fc
      .record({ fn: ident, args: fc.array(tie('term'), { minLength: 1, maxLength: 3 }) })
      .map((r): SpdlTerm => ({ kind: 'app', ...r, pos: P })),
    fc
      .record({ body: fc.array(tie('term'), { minLength: 1, maxLength: 3 }), key: tie('term') })
      .map((r): SpdlTerm => ({ kind: 'enc', ...r, pos: P })),
    fc.array(tie('term'), { minLength: 1, maxLength: 3 }).map((items): SpdlTerm => ({ kind: 'tuple', items, pos: P })),
  ),
}));
const terms = fc.array(term, { minLength: 1, maxLength: 3 });
const names = fc.array(ident, { minLength: 1, maxLength: 3 });
const optType = fc.option(ident, { nil: undefined });
const declaration = fc.oneof(
  fc.record({ secret: fc.boolean(), names, type: optType }).map((r) => ({ kind: 'const' as const, ...r, pos: P })),
  fc.record({ names, type: optType }).map((r) => ({ kind: 'fresh' as const, ...r, pos: P })),
  fc
    .record({ secret: fc.boolean(), names, types: fc.array(ident, { maxLength: 2 }) })
    .map((r) => ({ kind: 'var' as const, ...r, pos: P })),
  fc.record({ names, type: optType }).map((r) => ({ kind: 'secret' as const, ...r, pos: P })),
  fc.record({ functions: fc.boolean(), a: term, b: term }).map((r) => ({ kind: 'inversekeys' as const, ...r, pos: P })),
  terms.map((t) => ({ kind: 'compromised' as const, terms: t, pos: P })),
  fc
    .record({ keyword: fc.constantFrom('hashfunction' as const, 'function' as const), secret: fc.boolean(), names })
    .map((r) => ({ kind: 'hashfunction' as const, ...r, pos: P })),
  fc.record({ name: ident, value: terms }).map((r) => ({ kind: 'macro' as const, ...r, pos: P })),
);
const stripUndef = <T>(o: T): T => JSON.parse(JSON.stringify(o));
const event = fc.oneof(
  fc
    .record({
      keyword: fc.constantFrom('send' as const, 'recv' as const, 'read' as const),
      label: ident,
      from: term,
      to: term,
      message: fc.array(term, { maxLength: 3 }),
    })
    .map((r) =>
      r.keyword === 'send'
        ? { ...r, kind: 'send' as const, keyword: 'send' as const, pos: P }
        : { ...r, kind: 'recv' as const, keyword: r.keyword, pos: P },
    ),
  fc
    .record({
      label: fc.option(ident, { nil: undefined }),
      agent: term,
      claim: ident,
      params: fc.array(term, { maxLength: 2 }),
    })
    .map((r) => stripUndef({ kind: 'claim' as const, ...r, pos: P })),
  fc
    .record({ negated: fc.boolean(), pattern: term, value: term })
    .map((r) => ({ kind: 'match' as const, ...r, pos: P })),
);
const role = fc
  .record({
    name: ident,
    singular: fc.boolean(),
    items: fc.array(
      fc.oneof(
        event,
        declaration,
        terms.map((t) => ({ kind: 'knows' as const, terms: t, pos: P })),
      ),
      { maxLength: 6 },
    ),
  })
  .map((r) => ({ kind: 'role' as const, ...r, pos: P }));
const topItem: fc.Arbitrary<SpdlTopItem> = fc.oneof(
  fc
    .record({ name: ident, params: terms, items: fc.array(fc.oneof(role, declaration), { maxLength: 3 }) })
    .map((r) => ({ kind: 'protocol' as const, ...r, pos: P })),
  declaration.map((d) => stripUndef(d) as SpdlTopItem),
  names.map((n) => ({ kind: 'usertype' as const, names: n, pos: P })),
  terms.map((t) => ({ kind: 'untrusted' as const, terms: t, pos: P })),
  fc.record({ protocol: ident, role: ident, args: terms }).map((r) => ({ kind: 'run' as const, ...r, pos: P })),
  fc.stringMatching(/^[a-z -]{0,10}$/).map((text) => ({ kind: 'option' as const, text, pos: P })),
);

describe('SPDL printer', () => {
  it('print then parse gives the same tree (property)', () => {
    fc.assert(
      fc.property(fc.array(topItem, { maxLength: 4 }), (items) => {
        const tree: SpdlFile = { kind: 'file', file: '<input>', items: stripUndef(items) };
        expect(shape(parseSpdl(printSpdl(tree)))).toEqual(shape(tree));
      }),
      { numRuns: 300 },
    );
  });
});

// ---- malformed input ----
function expectPositioned(text: string, file = 'bad.spdl'): SpdlSyntaxError {
  let err: unknown;
  try {
    parseSpdl(text, file);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(SpdlSyntaxError);
  const e = err as SpdlSyntaxError;
  expect(e.file).toBe(file);
  expect(e.line).toBeGreaterThanOrEqual(1);
  expect(e.column).toBeGreaterThanOrEqual(1);
  expect(e.message).toMatch(new RegExp(`^bad\\.spdl:${e.line}:${e.column}: `));
  return e;
}

describe('SPDL errors', () => {
  const ns3 = readFileSync(join(CORPUS, 'Demo/ns3.spdl'), 'utf8');
  it('unbalanced braces', () => {
    const e = expectPositioned('protocol p(I,R) {\n  role I {\n    send_1(I,R, x);\n');
    expect(e.message).toMatch(/end of file/);
    const e2 = expectPositioned('protocol p(I,R) {\n  role I { send_1(I,R,x); } }\n}\n');
    expect([e2.line, e2.column]).toEqual([3, 1]);
  });
  it('bad tokens and bad structure', () => {
    expect(expectPositioned('protocol p(I,R) { role I { send_1(I,R, x $ y); } }').column).toBe(42);
    expect(expectPositioned('protocol p(I,R) { role I { send(I,R,x); } }').message).toMatch(/expected '_'/);
    expect(expectPositioned('protocol p(I,R) { role I { claim_1(I); } }').message).toMatch(/claim type/);
    expect(expectPositioned('protocol p(I,R) { role I { send_1(I); } }').message).toMatch(/sender and a recipient/);
    expect(expectPositioned('usertype role;').message).toMatch(/keyword 'role'/);
    expect(expectPositioned('/* never closed').message).toMatch(/comment/);
    expect(expectPositioned('option "abc').message).toMatch(/unterminated/);
    expect(
      expectPositioned('protocol p(I) { role I { send_1(I,I,' + '('.repeat(5000) + 'x' + ')'.repeat(5000) + '); } }')
        .message,
    ).toMatch(/nested too deeply/);
  });
  it('every truncation of a corpus file either parses or gives a positioned error', () => {
    for (let cut = 0; cut < ns3.length; cut += 7) {
      const text = ns3.slice(0, cut);
      try {
        parseSpdl(text, 'bad.spdl');
      } catch (e) {
        expect(e).toBeInstanceOf(SpdlSyntaxError);
        expect((e as SpdlSyntaxError).line).toBeGreaterThanOrEqual(1);
      }
    }
    // cut inside the protocol: never accepted
    expectPositioned(ns3.slice(0, ns3.indexOf('recv_2')));
  });
  it('fuzzed input never crashes (only SpdlSyntaxError)', () => {
    fc.assert(
      fc.property(fc.nat(ns3.length), fc.nat(ns3.length), fc.string({ maxLength: 4, unit: 'binary' }), (a, b, ins) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        for (const text of [ns3.slice(0, lo) + ins + ns3.slice(hi), ns3.slice(0, lo) + ins + ns3.slice(lo)]) {
          try {
            parseSpdl(text, 'bad.spdl');
          } catch (e) {
            if (!(e instanceof SpdlSyntaxError)) throw e;
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('SPDL includes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spdl-'));
  writeFileSync(join(dir, 'common.spdl'), 'usertype Ticket;\nhashfunction h;\n');
  writeFileSync(
    join(dir, 'main.spdl'),
    'include "common.spdl";\n#include "common.spdl"\nprotocol p(A,B) { role A { send_1(A,B,h(A)); } }\n',
  );
  writeFileSync(join(dir, 'missing.spdl'), '\n  include "nope.spdl";\n');
  writeFileSync(join(dir, 'cyc1.spdl'), 'include "cyc2.spdl";');
  writeFileSync(join(dir, 'cyc2.spdl'), 'include "cyc1.spdl";');
  it('resolves relative to the including file, both spellings', () => {
    const t = parseSpdlFile(join(dir, 'main.spdl'));
    expect(t.items.slice(0, 2).map((i) => i.kind)).toEqual(['include', 'include']);
    const inc = t.items[0]!;
    if (inc.kind !== 'include') throw new Error('no include');
    expect(inc.file.items.map((i) => i.kind)).toEqual(['usertype', 'hashfunction']);
    expect(printSpdl(t)).toContain('include "common.spdl";\n#include "common.spdl"\n');
  });
  it('a missing include or a cycle is a positioned error', () => {
    expect(() => parseSpdlFile(join(dir, 'missing.spdl'))).toThrow(
      /missing\.spdl:2:3: could not open include file nope\.spdl/,
    );
    expect(() => parseSpdlFile(join(dir, 'cyc1.spdl'))).toThrow(/include cycle/);
  });
});
