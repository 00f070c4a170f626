/**
 * Deep and wide inputs (issue 21, BAN engine robustness): within the limits they are read and analysed to the end
 * (no recursion on the nesting depth anywhere: parser, interning, printing, rules, proofs, JSON); past them they are
 * refused with a BanParseError naming line and column, never a RangeError from an overflowing stack. Sizes here are
 * far past what used to overflow (3,000 levels) but no timing is asserted: speed is measured in experiments/ban-bench.
 */
import { describe, expect, test } from '@jest/globals';
import { analyse } from '../engine.js';
import { buildCorpus } from '../corpus.js';
import { BanParseError } from '../errors.js';
import { jsonChunks } from '../json.js';
import { MAX_NESTING, parseProtocolFile } from '../parser.js';
import { show } from '../terms.js';
import { proto } from './helpers.js';

const HEADER = 'protocol t\ntitle "t"\nsource "s"\nprincipals A B\n';

/** The term `inside` wrapped `n` times by `wrap`. */
function nest(n: number, inside: string, wrap: (x: string, i: number) => string): string {
  let t = inside;
  for (let i = 0; i < n; i++) t = wrap(t, i);
  return t;
}

function refusal(text: string): BanParseError {
  try {
    parseProtocolFile(text, 'deep.ban');
  } catch (e) {
    if (e instanceof BanParseError) return e;
    throw new Error(`expected a BanParseError, got ${String(e)}`);
  }
  throw new Error('expected the input to be refused');
}

const DEPTH = 5000;

describe('BAN robustness: deep and wide inputs', () => {
  test(`${DEPTH} levels of encryption and signatures: parsed, analysed to the innermost nonce, proof as deep`, () => {
    const body = nest(DEPTH, 'Na, A <-Kn-> B', (x, i) => (i % 2 === 0 ? `{${x}}Kab from A` : `{${x}}Ka^-1`));
    const p = proto(
      [
        'assume B |= A <-Kab-> B',
        'assume B |= ->Ka A',
        'assume B |= #(Na)',
        'assume B |= A => A <-?K-> B',
        `message 1 A -> B: ${body}`,
        'goal k holds: B |= A <-Kn-> B',
      ].join('\n'),
      'A B',
    );
    const a = analyse(p);
    expect(a.results[0]!.derived).toBe(true);
    // One seeing step per layer, plus message meaning, nonce verification and jurisdiction at the centre.
    expect(a.results[0]!.steps).toBeGreaterThan(DEPTH);
    expect(a.rounds).toBeGreaterThan(DEPTH);
  });

  test.each([
    ['freshness', (x: string) => `#(${x})`],
    ['parentheses', (x: string) => `(${x})`],
    ['shared-secret combination', (x: string) => `<${x}>Y`],
    ['encryption under a function key', (x: string) => `{${x}}H(K)`],
    ['functions', (x: string) => `H(${x})`],
  ])(`${DEPTH} levels of %s are read and analysed`, (_name, wrap) => {
    const t = nest(DEPTH, 'X', wrap);
    const p = proto(`message 1 A -> B: ${t}\ngoal g holds: B <| ${t}`, 'A B');
    expect(analyse(p).results[0]!.derived).toBe(true);
  });

  test(`a formula ${DEPTH} beliefs deep is read, printed and derived`, () => {
    const f = nest(DEPTH, 'X', (x, i) => `${i % 2 ? 'A' : 'B'} |= ${x}`);
    const p = proto(`assume A |= ${f}\ngoal g holds: A |= ${f}`, 'A B');
    const r = analyse(p).results[0]!;
    expect(r.derived).toBe(true);
    expect(r.formula.length).toBeGreaterThan(5 * DEPTH);
  });

  test('a key nested as function arguments is read without recursion too', () => {
    const key = nest(DEPTH, 'K', (x) => `H(${x})`);
    const p = proto(`assume B |= A <-${key}-> B\nmessage 1 A -> B: {N}${key}\ngoal g holds: B |= A |~ N`, 'A B');
    expect(analyse(p).results[0]!.derived).toBe(true);
  });

  test.each([
    ['encryption', (n: number) => nest(n, 'X', (x) => `{${x}}K`)],
    ['freshness', (n: number) => nest(n, 'X', (x) => `#(${x})`)],
    ['beliefs', (n: number) => nest(n, 'X', (x) => `A |= ${x}`)],
    ['functions', (n: number) => nest(n, 'X', (x) => `H(${x})`)],
    ['function applications in a key', (n: number) => `{X}${nest(n, 'K', (x) => `H(${x})`)}`],
  ])('100,000 levels of %s: a positioned BanParseError, not a RangeError', (_name, build) => {
    const e = refusal(`${HEADER}message 1 A -> B: ${build(100_000)}\ngoal g holds: B <| X\n`);
    expect(e.line).toBe(5);
    expect(e.col).toBeGreaterThan(MAX_NESTING);
    expect(e.message).toMatch(new RegExp(`nested more than ${MAX_NESTING} levels`));
  });

  test('the nesting limit is exact: MAX_NESTING levels are read, one more is refused at the token that goes past it', () => {
    const inside = (n: number) => nest(n - 1, 'X', (x) => `#(${x})`);
    const goal = 'goal g holds: B <| X\n';
    expect(parseProtocolFile(`${HEADER}message 1 A -> B: ${inside(MAX_NESTING)}\n${goal}`).messages).toHaveLength(1);
    const e = refusal(`${HEADER}message 1 A -> B: ${inside(MAX_NESTING + 1)}\n${goal}`);
    // 'message 1 A -> B: ' is 18 columns; each level is two characters '#('; the refused level is the last one.
    expect([e.line, e.col]).toEqual([5, 19 + 2 * MAX_NESTING]);
  });

  test(`an ablation drops and unsigns inside a message ${DEPTH} levels deep`, () => {
    const body = nest(DEPTH, 'Na, Xa', (x, i) => (i % 2 === 0 ? `{${x}}Kab` : `{${x}}Ka^-1`));
    const base = `${HEADER}assume B |= A <-Kab-> B\nmessage 1 A -> B: ${body}\ngoal g holds: B <| Xa\n`;
    const ablation =
      'protocol u\ntitle "u"\nsource "s"\nablation-of t\nprincipals A B\ndrop Xa\nunsign Ka\nexpect g fails\n';
    const [, u] = buildCorpus([
      { file: 't.ban', text: base },
      { file: 'u.ban', text: ablation },
    ]);
    const m = show(u!.messages[0]!.body);
    expect(m).not.toMatch(/Xa|\^-1/);
    expect(m.match(/\{/g)).toHaveLength(DEPTH / 2);
    expect(analyse(u!).results[0]!.derived).toBe(false);
  });

  test('3,000 messages are analysed to the end', () => {
    const lines = ['assume B |= A <-Kab-> B', 'assume B |= A => A <-?K-> B'];
    for (let i = 1; i <= 3000; i++)
      lines.push(`assume B |= #(N${i})`, `message ${i} A -> B: {N${i}, A <-K${i}-> B}Kab`);
    lines.push('goal first holds: B |= A <-K1-> B', 'goal last holds: B |= A <-K3000-> B');
    const a = analyse(proto(lines.join('\n'), 'A B'));
    expect(a.results.map((r) => r.derived)).toEqual([true, true]);
  });

  test("JSON of deep values: the same text as JSON.stringify, and no overflow where JSON.stringify's recursion fails", () => {
    const samples: unknown[] = [
      [],
      {},
      [1, 'a"b', null, true, { x: undefined, y: [{}], z: 'é\n' }],
      { proof: { fact: 'A |= X', rule: 'r', premises: [{ fact: 'B', rule: 's', premises: [] }] } },
    ];
    for (const v of samples) expect([...jsonChunks(v)].join('')).toBe(JSON.stringify(v, null, 2));
    let deep: { fact: string; premises: unknown[] } = { fact: 'X', premises: [] };
    // Deep enough to overflow JSON.stringify, shallow enough that the indentation (quadratic in depth) stays small.
    for (let i = 0; i < 4000; i++) deep = { fact: 'X', premises: [deep] };
    expect(() => JSON.stringify(deep, null, 2)).toThrow(RangeError);
    const text = [...jsonChunks(deep)].join('');
    expect(text.startsWith('{\n  "fact": "X",\n  "premises": [\n    {')).toBe(true);
    expect(text.match(/"fact"/g)).toHaveLength(4001);
  });

  test('printing a term built 100,000 levels deep does not recurse', () => {
    const p = parseProtocolFile(`${HEADER}message 1 A -> B: {X}K\ngoal g holds: B <| X\n`).messages[0]!.body;
    let t = p;
    for (let i = 0; i < 100_000; i++) t = { k: 'fresh', x: t };
    expect(show(t).length).toBe(4 + 3 * 100_000);
  });
});
