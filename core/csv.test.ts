import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CsvError, inferTypes, parseCsv, toCsv, type CsvRow } from './csv.js';

describe('csv', () => {
  test('rows with awkward strings, numbers, booleans and nulls parse back to the same data', () => {
    const cols = ['s', 'n', 'b'];
    const row = fc.record({
      s: fc.oneof(
        fc.string(),
        fc.constantFrom('', ' lead', 'trail ', 'a,b', 'say "hi"', 'two\nlines', 'cr\r\nlf'),
        fc.constant(null),
      ),
      n: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constant(null)),
      b: fc.oneof(fc.boolean(), fc.constant(null)),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 20 }), (rows) => {
        const text = toCsv(rows as CsvRow[], cols);
        const back = parseCsv(text, { s: 'string', n: 'number', b: 'boolean' });
        expect(back.columns).toEqual(cols);
        // -0 is written as 0: compare numbers by value
        expect(back.rows).toEqual(rows.map((r) => ({ ...r, n: r.n === null ? null : r.n === 0 ? 0 : r.n })));
      }),
      { numRuns: 300 },
    );
  });

  test('quotes only what needs quoting, and the header comes first', () => {
    expect(toCsv([{ a: 'x,y', b: 1 }], ['a', 'b'])).toBe('a,b\n"x,y",1\n');
    expect(toCsv([{ a: '', b: null }], ['a', 'b'])).toBe('a,b\n"",\n');
  });

  test('malformed files are refused with CsvError', () => {
    expect(() => parseCsv('')).toThrow(CsvError);
    expect(() => parseCsv('a,b\n1\n')).toThrow(/1 fields, header has 2/);
    expect(() => parseCsv('a\n"open\n')).toThrow(/unterminated/);
    expect(() => parseCsv('a\nx"y\n')).toThrow(/stray quote/);
    expect(() => parseCsv('a\n"x"y\n')).toThrow(/after closing quote/);
    expect(() => parseCsv('n\nabc\n', { n: 'number' })).toThrow(/not a number/);
    expect(() => parseCsv('b\nyes\n', { b: 'boolean' })).toThrow(/not a boolean/);
    expect(() => toCsv([{ n: Number.NaN }], ['n'])).toThrow(CsvError);
    expect(() => toCsv([], [])).toThrow(CsvError);
    expect(() => toCsv([], ['a', 'a'])).toThrow(/duplicate/);
  });

  test('inferTypes reads the first non-null value of each column', () => {
    expect(
      inferTypes(
        [
          { a: null, b: 'x', c: true },
          { a: 2, b: 'y', c: false },
        ],
        ['a', 'b', 'c'],
      ),
    ).toEqual({ a: 'number', b: 'string', c: 'boolean' });
  });
});
