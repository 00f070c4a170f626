/**
 * SPDL tokens, following Scyther's flex scanner (`src/scanner.l`, cascremers/scyther): identifiers are
 * `@?[A-Za-z0-9^\-!']+` (so `send_1` is the keyword `send`, `_` and the label `1`); `//` and `#` start a comment to
 * the end of the line, `/* ... *\/` a block comment; keywords are reserved; `"..."` is a text (used by `option`);
 * every other character is a one-character token. Two include forms are recognised: Scyther's `include "f";` and the
 * C-style `#include "f"` (which Scyther's scanner would read as a comment; we resolve it, as the corpus'
 * preprocessed sources did).
 */
import type { SpdlPos } from './ast.js';
import { SpdlSyntaxError } from './errors.js';

export const KEYWORDS = new Set([
  'protocol',
  'role',
  'read',
  'recv',
  'send',
  'match',
  'not',
  'macro',
  'var',
  'const',
  'fresh',
  'claim',
  'run',
  'secret',
  'inversekeys',
  'inversekeyfunctions',
  'untrusted',
  'compromised',
  'usertype',
  'singular',
  'function',
  'hashfunction',
  'knows',
  'trusted',
  'option',
]);

export type Token =
  | { type: 'id'; value: string; pos: SpdlPos }
  | { type: 'kw'; value: string; pos: SpdlPos }
  | { type: 'text'; value: string; pos: SpdlPos }
  | { type: 'include'; value: string; hash: boolean; pos: SpdlPos }
  | { type: 'punct'; value: string; pos: SpdlPos }
  | { type: 'eof'; value: ''; pos: SpdlPos };

const ID_CHAR = /[A-Za-z0-9^\-!']/;
const PUNCT = new Set(['(', ')', '{', '}', ',', ';', ':', '_', '=', '.']);

/** Splits SPDL text into tokens; a character SPDL does not use, an unterminated comment or text is an error. */
export function lexSpdl(text: string, file = '<input>'): Token[] {
  const out: Token[] = [];
  let i = 0;
  let line = 1;
  let col = 1;
  const pos = (): SpdlPos => ({ file, line, column: col });
  const advance = (n: number): void => {
    for (let k = 0; k < n; k++) {
      if (text[i] === '\n') {
        line++;
        col = 1;
      } else col++;
      i++;
    }
  };
  const readText = (start: SpdlPos): string => {
    // at the opening quote
    advance(1);
    let s = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\n') throw new SpdlSyntaxError(start, 'unterminated string');
      if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === 'n')) {
        // kept raw, as Scyther's scanner does (it only strips the quotes)
        s += text.slice(i, i + 2);
        advance(2);
        continue;
      }
      s += text[i];
      advance(1);
    }
    if (i >= text.length) throw new SpdlSyntaxError(start, 'unterminated string');
    advance(1);
    return s;
  };
  const includeAfter = (start: SpdlPos, hash: boolean): Token => {
    while (text[i] === ' ' || text[i] === '\t') advance(1);
    if (text[i] !== '"') throw new SpdlSyntaxError(pos(), 'expected a quoted file name after include');
    const value = readText(start);
    if (value.length === 0) throw new SpdlSyntaxError(start, 'empty include file name');
    return { type: 'include', value, hash, pos: start };
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      advance(1);
      continue;
    }
    const start = pos();
    if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') advance(1);
      continue;
    }
    if (c === '#') {
      const m = /^#[ \t]*include\b/.exec(text.slice(i, i + 40));
      if (m) {
        advance(m[0].length);
        out.push(includeAfter(start, true));
        continue;
      }
      while (i < text.length && text[i] !== '\n') advance(1);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SpdlSyntaxError(start, 'end of file inside a /* comment');
      advance(end + 2 - i);
      continue;
    }
    if (c === '"') {
      out.push({ type: 'text', value: readText(start), pos: start });
      continue;
    }
    if (ID_CHAR.test(c) || (c === '@' && i + 1 < text.length && ID_CHAR.test(text[i + 1]!))) {
      let j = i + 1;
      while (j < text.length && ID_CHAR.test(text[j]!)) j++;
      const word = text.slice(i, j);
      advance(j - i);
      if (word === 'include') out.push(includeAfter(start, false));
      else if (KEYWORDS.has(word)) out.push({ type: 'kw', value: word, pos: start });
      else out.push({ type: 'id', value: word, pos: start });
      continue;
    }
    if (PUNCT.has(c)) {
      advance(1);
      out.push({ type: 'punct', value: c, pos: start });
      continue;
    }
    const shown =
      c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126 ? `U+${c.codePointAt(0)!.toString(16).padStart(4, '0')}` : `'${c}'`;
    throw new SpdlSyntaxError(start, `unexpected character ${shown}`);
  }
  out.push({ type: 'eof', value: '', pos: pos() });
  return out;
}
