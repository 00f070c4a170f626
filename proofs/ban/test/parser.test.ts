/**
 * The .ban reader: terms print and re-read to themselves, and malformed files are refused with a BanParseError
 * that names the line and column of the problem.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { MedexError } from '../../../core/errors.js';
import { BanParseError } from '../errors.js';
import { MAX_BAN_INPUT, MAX_NESTING, parseProtocolFile } from '../parser.js';
import * as T from '../terms.js';

const HEADER = 'protocol t\ntitle "t"\nsource "s"\nprincipals A B S\n';

/** Parses `X` as the goal formula `A |= X` and returns X. */
function readTerm(text: string): T.Term {
  const f = parseProtocolFile(`${HEADER}goal g holds: A |= ${text}\n`);
  const g = f.goals[0]!.formula;
  if (g.k !== 'believes') throw new Error('not a belief');
  return g.x;
}

function parseError(text: string): BanParseError {
  try {
    parseProtocolFile(text, 'bad.ban');
  } catch (e) {
    expect(e).toBeInstanceOf(BanParseError);
    expect(e).toBeInstanceOf(MedexError);
    return e as BanParseError;
  }
  throw new Error('expected a parse error');
}

describe('term syntax', () => {
  test('reads each construct of the notation', () => {
    const cases: [string, T.Term][] = [
      ['Na', T.atom('Na')],
      ["C'''", T.atom("C'''")],
      ['H(Req, T1)', T.fn('H', [T.atom('Req'), T.atom('T1')])],
      ['(X, Y)', T.tuple([T.atom('X'), T.atom('Y')])],
      ['#(X, Y)', T.fresh(T.tuple([T.atom('X'), T.atom('Y')]))],
      ['{X}K', T.enc(T.atom('X'), T.atom('K'))],
      ['{X}K^-1', T.enc(T.atom('X'), T.inv(T.atom('K')))],
      ['{X}K from B', T.enc(T.atom('X'), T.atom('K'), T.atom('B'))],
      ['<X>Y', T.comb(T.atom('X'), T.atom('Y'))],
      ['A <-K-> B', T.sharedKey(T.atom('A'), T.atom('K'), T.atom('B'))],
      ['A <=Y=> B', T.secret(T.atom('A'), T.atom('Y'), T.atom('B'))],
      ['->K B', T.pubKey(T.atom('K'), T.atom('B'))],
      ['B |~ X', T.said(T.atom('B'), T.atom('X'))],
      ['B <| X', T.sees(T.atom('B'), T.atom('X'))],
      ['S => A <-?K-> B', T.controls(T.atom('S'), T.sharedKey(T.atom('A'), T.v('K'), T.atom('B')))],
      ['B |= S |= X', T.believes(T.atom('B'), T.believes(T.atom('S'), T.atom('X')))],
    ];
    for (const [text, term] of cases) expect(T.show(readTerm(text))).toBe(T.show(term));
  });

  test('the statement operators associate to the right and stop at commas', () => {
    const t = readTerm('{Ts, B |= A <-K-> B, Nb}Kas');
    expect(t.k).toBe('enc');
    const body = (t as { body: T.Term }).body;
    expect(body.k).toBe('tuple');
    expect((body as { items: readonly T.Term[] }).items.map((i) => i.k)).toEqual(['atom', 'believes', 'atom']);
  });

  test('property: printing a term and reading it back gives the same term', () => {
    const name = fc.constantFrom('X', 'Na', 'Kab', "rk'", 'T1');
    const principal = fc.constantFrom('A', 'B', 'S').map(T.atom);
    const key = fc.oneof(
      name.map(T.atom),
      name.map((n) => T.inv(T.atom(n))),
    );
    const term: fc.Arbitrary<T.Term> = fc.letrec<{ t: T.Term }>((tie) => ({
      t: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        name.map(T.atom),
        fc.tuple(name, fc.array(tie('t'), { minLength: 1, maxLength: 2 })).map(([n, a]) => T.fn(n, a)),
        fc.array(tie('t'), { minLength: 2, maxLength: 3 }).map(T.tuple),
        fc.tuple(tie('t'), key).map(([b, k]) => T.enc(b, k)),
        fc.tuple(tie('t'), key, principal).map(([b, k, p]) => T.enc(b, k, p)),
        fc.tuple(tie('t'), name).map(([b, y]) => T.comb(b, T.atom(y))),
        fc.tuple(principal, tie('t')).map(([p, x]) => T.believes(p, x)),
        fc.tuple(principal, tie('t')).map(([p, x]) => T.said(p, x)),
        fc.tuple(principal, tie('t')).map(([p, x]) => T.sees(p, x)),
        fc.tuple(principal, tie('t')).map(([p, x]) => T.controls(p, x)),
        tie('t').map(T.fresh),
        fc.tuple(principal, name, principal).map(([a, k, b]) => T.sharedKey(a, T.atom(k), b)),
        fc.tuple(principal, name, principal).map(([a, k, b]) => T.secret(a, T.atom(k), b)),
        fc.tuple(name, principal).map(([k, p]) => T.pubKey(T.atom(k), p)),
      ),
    })).t;
    fc.assert(
      fc.property(term, (t) => {
        expect(T.show(readTerm(T.show(t)))).toBe(T.show(t));
      }),
      { numRuns: 300 },
    );
  });
});

describe('malformed files give positioned, typed errors', () => {
  const cases: [string, string, number, number, RegExp][] = [
    ['unknown statement', `${HEADER}asume A |= X\n`, 5, 1, /unknown statement 'asume'/],
    ['undeclared principal', `${HEADER}assume A |= C |~ X\n`, 5, 13, /'C' is not a declared principal/],
    ['unclosed brace', `${HEADER}message 1 A -> B: {X, Y Kab\n`, 5, 25, /expected ',' or '}'/],
    ['missing arrow', `${HEADER}message 1 A B: X\n`, 5, 13, /'->' between sender and receiver/],
    ['bad character', `${HEADER}assume A |= X & Y\n`, 5, 15, /unexpected character '&'/],
    ['unterminated string', 'protocol t\ntitle "oops\n', 2, 7, /unterminated string/],
    ['not a statement about a principal', `${HEADER}assume #(X)\n`, 5, 8, /statement 'P \|= X'/],
    ['verdict word', `${HEADER}goal g perhaps: A |= X\n`, 5, 8, /'holds' or 'fails'/],
    ['duplicate goal', `${HEADER}goal g holds: A |= X\ngoal g fails: A |= Y\n`, 6, 6, /goal 'g' given twice/],
    ['header missing', 'assume A |= X\n', 1, 1, /must start with 'protocol NAME'/],
    ['shared key not closed', `${HEADER}assume A |= A <-K B\n`, 5, 19, /'->' closing the shared key/],
    ['trailing garbage', `${HEADER}assume A |= X )\n`, 5, 15, /unexpected '\)'/],
    [
      'statement before principals',
      'protocol t\ntitle "t"\nsource "s"\nassume A |= X\n',
      4,
      1,
      /needs the 'principals' line/,
    ],
    ['continuation with nothing before', '  protocol t\n', 1, 3, /indented line continues/],
    ['drop outside an ablation', `${HEADER}goal g holds: A |= X\ndrop X\n`, 1, 1, /only allowed in an ablation/],
    ['no goals', HEADER, 1, 1, /has no goals/],
    ['bad protocol name', 'protocol Kerberos\n', 1, 10, /lower case/],
    ['end of statement', `${HEADER}assume A |=\n`, 5, 12, /expected a term \(at end of statement\)/],
  ];
  for (const [what, text, line, col, msg] of cases) {
    test(what, () => {
      const e = parseError(text);
      expect(e.message).toMatch(msg);
      expect([e.line, e.col]).toEqual([line, col]);
      expect(e.code).toBe('ban/parse');
      expect(e.message.startsWith(`bad.ban:${line}:${col}: `)).toBe(true);
    });
  }

  test('continuation lines keep their own line numbers in errors', () => {
    const e = parseError(`${HEADER}goal g holds: A |= X\n  because oops\n`);
    expect([e.line, e.col]).toEqual([6, 11]);
  });

  test('a UTF-8 byte order mark is accepted at the start and named anywhere else; other invisible characters too', () => {
    expect(parseProtocolFile(`\uFEFF${HEADER}goal g holds: A |= X\n`).goals).toHaveLength(1);
    const e = parseError(`${HEADER}goal g holds: A |= \uFEFFX\n`);
    expect([e.line, e.col]).toEqual([5, 20]);
    expect(e.message).toMatch(/byte order mark \(U\+FEFF\)/);
    expect(parseError(`${HEADER}goal g holds: A |= \u200BX\n`).message).toMatch(/U\+200B/);
  });

  test('input over the size limit is refused with a clear error, before any parsing', () => {
    const e = parseError(`${HEADER}${'// padding\n'.repeat(MAX_BAN_INPUT / 10)}goal g holds: A |= X\n`);
    expect([e.line, e.col]).toEqual([1, 1]);
    expect(e.message).toMatch(/over the limit of 1048576/);
  });

  test('deep nesting fails with a position instead of overflowing the stack', () => {
    const deep = (n: number) => `${'#('.repeat(n)}X${')'.repeat(n)}`;
    expect(parseProtocolFile(`${HEADER}goal g holds: A |= ${deep(MAX_NESTING - 10)}\n`).goals).toHaveLength(1);
    const e = parseError(`${HEADER}goal g holds: A |= ${deep(MAX_NESTING + 5000)}\n`);
    expect(e.line).toBe(5);
    // at one of the opening '#(' near the limit, never at the end of the line
    expect(e.col).toBeGreaterThan(20 + 2 * (MAX_NESTING - 10));
    expect(e.col).toBeLessThanOrEqual(20 + 2 * MAX_NESTING);
    expect(e.message).toMatch(new RegExp(`nested more than ${MAX_NESTING} levels`));
  });

  test('comments and blank lines are ignored', () => {
    const f = parseProtocolFile(`// c\n${HEADER}\n  \ngoal g holds: A |= X // trailing\n`);
    expect(f.goals).toHaveLength(1);
  });
});
