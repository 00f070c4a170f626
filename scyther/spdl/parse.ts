/**
 * Recursive-descent parser for SPDL, one function per production of Scyther's grammar (`src/parser.y`,
 * cascremers/scyther), producing the tree of `ast.ts`. Includes are read relative to the including file (depth at
 * most 10, as Scyther's scanner; cycles refused). Every error is a `SpdlSyntaxError` with file, line and column.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import type {
  SpdlDeclaration,
  SpdlEvent,
  SpdlFile,
  SpdlInclude,
  SpdlPos,
  SpdlProtocol,
  SpdlRole,
  SpdlRoleItem,
  SpdlTerm,
  SpdlTopItem,
} from './ast.js';
import { SpdlSyntaxError } from './errors.js';
import { lexSpdl, type Token } from './lex.js';

export interface ParseOptions {
  /** Reads an included file (default: the file system). */
  readFile?: (path: string) => string;
  /** Directory includes are resolved against when `file` is not a path (default: the current directory). */
  baseDir?: string;
}

const MAX_INCLUDE_DEPTH = 10;

/** Parses SPDL text. `file` names it in positions and anchors relative includes. */
export function parseSpdl(text: string, file = '<input>', opts: ParseOptions = {}): SpdlFile {
  return parseWithStack(text, file, opts, []);
}

/** Reads and parses an SPDL file. */
export function parseSpdlFile(path: string, opts: ParseOptions = {}): SpdlFile {
  const read = opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    throw new SpdlSyntaxError({ file: path, line: 0, column: 0 }, `cannot read file: ${(e as Error).message}`);
  }
  return parseSpdl(text, path, opts);
}

function parseWithStack(text: string, file: string, opts: ParseOptions, stack: string[]): SpdlFile {
  const p = new Parser(lexSpdl(text, file), file, opts, stack);
  return p.file();
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Token[],
    private readonly fileName: string,
    private readonly opts: ParseOptions,
    private readonly stack: string[],
  ) {}

  private peek(k = 0): Token {
    return this.toks[Math.min(this.i + k, this.toks.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (t.type !== 'eof') this.i++;
    return t;
  }
  private isPunct(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'punct' && t.value === v;
  }
  private isKw(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t.type === 'kw' && t.value === v;
  }
  private fail(t: Token, expected: string): never {
    const got =
      t.type === 'eof'
        ? 'end of file'
        : t.type === 'kw'
          ? `keyword '${t.value}'`
          : t.type === 'text'
            ? 'a string'
            : t.type === 'include'
              ? 'an include'
              : `'${t.value}'`;
    throw new SpdlSyntaxError(t.pos, `expected ${expected}, got ${got}`);
  }
  private punct(v: string): Token {
    const t = this.peek();
    if (t.type === 'punct' && t.value === v) return this.next();
    return this.fail(t, `'${v}'`);
  }
  private id(what = 'an identifier'): { value: string; pos: SpdlPos } {
    const t = this.peek();
    if (t.type === 'id') {
      this.next();
      return t;
    }
    return this.fail(t, what);
  }
  private optSemi(): void {
    if (this.isPunct(';')) this.next();
  }

  file(): SpdlFile {
    const items: SpdlTopItem[] = [];
    while (this.peek().type !== 'eof') items.push(this.topItem());
    return { kind: 'file', file: this.fileName, items };
  }

  private topItem(): SpdlTopItem {
    const t = this.peek();
    if (t.type === 'include') return this.include();
    if (t.type === 'kw') {
      switch (t.value) {
        case 'protocol':
          return this.protocol();
        case 'usertype': {
          this.next();
          const names = this.basicList();
          this.punct(';');
          return { kind: 'usertype', names, pos: t.pos };
        }
        case 'untrusted': {
          this.next();
          const terms = this.termList();
          this.punct(';');
          return { kind: 'untrusted', terms, pos: t.pos };
        }
        case 'run': {
          this.next();
          const protocol = this.id('a protocol name').value;
          this.punct('.');
          const role = this.id('a role name').value;
          this.punct('(');
          const args = this.termList();
          this.punct(')');
          this.punct(';');
          return { kind: 'run', protocol, role, args, pos: t.pos };
        }
        case 'option': {
          this.next();
          const s = this.peek();
          if (s.type !== 'text') this.fail(s, 'a quoted option string');
          this.next();
          this.optSemi();
          return { kind: 'option', text: s.value, pos: t.pos };
        }
      }
      const d = this.declaration();
      if (d) return d;
    }
    return this.fail(t, "'protocol', 'usertype', a declaration or an include");
  }

  private include(): SpdlInclude {
    const t = this.next() as Extract<Token, { type: 'include' }>;
    this.optSemi();
    const base = this.opts.baseDir ?? (this.fileName.startsWith('<') ? process.cwd() : dirname(this.fileName));
    const target = resolvePath(base, t.value);
    if (this.stack.length + 1 >= MAX_INCLUDE_DEPTH) throw new SpdlSyntaxError(t.pos, 'includes nested too deeply');
    if (this.stack.includes(target) || resolvePath(this.fileName) === target)
      throw new SpdlSyntaxError(t.pos, `include cycle through ${t.value}`);
    const read = this.opts.readFile ?? ((p: string) => readFileSync(p, 'utf8'));
    let text: string;
    try {
      text = read(target);
    } catch (e) {
      throw new SpdlSyntaxError(t.pos, `could not open include file ${t.value} (${(e as Error).message})`);
    }
    const stack = this.fileName.startsWith('<') ? this.stack : [...this.stack, resolvePath(this.fileName)];
    const file = parseWithStack(text, target, { ...this.opts, baseDir: undefined }, stack);
    return { kind: 'include', path: t.value, hash: t.hash, file, pos: t.pos };
  }

  private protocol(): SpdlProtocol {
    const start = this.next();
    const name = this.id('a protocol name').value;
    this.punct('(');
    const params = this.termList();
    this.punct(')');
    this.punct('{');
    const items: (SpdlRole | SpdlDeclaration)[] = [];
    while (!this.isPunct('}')) {
      const t = this.peek();
      if (this.isKw('role') || this.isKw('singular')) {
        items.push(this.role());
        continue;
      }
      const d = t.type === 'kw' ? this.declaration() : undefined;
      if (!d) this.fail(t, "'role', a declaration or '}'");
      items.push(d);
    }
    this.punct('}');
    this.optSemi();
    return { kind: 'protocol', name, params, items, pos: start.pos };
  }

  private role(): SpdlRole {
    const start = this.peek();
    let singular = false;
    if (this.isKw('singular')) {
      this.next();
      singular = true;
    }
    if (!this.isKw('role')) this.fail(this.peek(), "'role'");
    this.next();
    const name = this.id('a role name').value;
    this.punct('{');
    const items: SpdlRoleItem[] = [];
    while (!this.isPunct('}')) items.push(this.roleItem());
    this.punct('}');
    this.optSemi();
    return { kind: 'role', name, singular, items, pos: start.pos };
  }

  private roleItem(): SpdlRoleItem {
    const t = this.peek();
    if (t.type === 'kw') {
      switch (t.value) {
        case 'send':
        case 'recv':
        case 'read':
        case 'claim':
        case 'match':
          return this.event();
        case 'not':
          if (this.isKw('match', 1)) return this.event();
          break;
        case 'knows': {
          this.next();
          const terms = this.termList();
          this.punct(';');
          return { kind: 'knows', terms, pos: t.pos };
        }
      }
      const d = this.declaration();
      if (d) return d;
    }
    return this.fail(t, "an event (send_, recv_, claim_, match), a declaration or '}'");
  }

  private label(): string {
    this.punct('_');
    return this.id('a label').value;
  }

  private event(): SpdlEvent {
    const t = this.next();
    switch (t.value) {
      case 'send':
      case 'recv':
      case 'read': {
        const label = this.label();
        this.punct('(');
        const args = this.termList();
        this.punct(')');
        this.punct(';');
        if (args.length < 2) throw new SpdlSyntaxError(t.pos, `${t.value}_${label} needs a sender and a recipient`);
        const [from, to, ...message] = args as [SpdlTerm, SpdlTerm, ...SpdlTerm[]];
        if (t.value === 'send') return { kind: 'send', keyword: 'send', label, from, to, message, pos: t.pos };
        return { kind: 'recv', keyword: t.value === 'read' ? 'read' : 'recv', label, from, to, message, pos: t.pos };
      }
      case 'claim': {
        const label = this.isPunct('_') ? this.label() : undefined;
        this.punct('(');
        const args = this.termList();
        this.punct(')');
        this.punct(';');
        const [agent, type, ...params] = args;
        if (!agent || !type || type.kind !== 'id')
          throw new SpdlSyntaxError(t.pos, 'a claim needs a role and a claim type, as in claim_l(R, Secret, x)');
        return {
          kind: 'claim',
          ...(label === undefined ? {} : { label }),
          agent,
          claim: type.name,
          params,
          pos: t.pos,
        };
      }
      case 'match':
      case 'not': {
        const negated = t.value === 'not';
        if (negated) this.next(); // 'match'
        this.punct('(');
        const pattern = this.term();
        this.punct(',');
        const value = this.term();
        this.punct(')');
        this.punct(';');
        return { kind: 'match', negated, pattern, value, pos: t.pos };
      }
    }
    return this.fail(t, 'an event');
  }

  /** parser.y `declaration`; returns undefined (consuming nothing) when the next token does not start one. */
  private declaration(): SpdlDeclaration | undefined {
    const t = this.peek();
    if (t.type !== 'kw') return undefined;
    let secret = false;
    let kw = t.value;
    if (kw === 'secret') {
      const n = this.peek(1);
      if (n.type === 'kw' && ['const', 'var', 'function', 'hashfunction'].includes(n.value)) {
        secret = true;
        this.next();
        kw = n.value;
      }
    }
    switch (kw) {
      case 'const': {
        this.next();
        const names = this.basicList();
        const type = this.type1();
        this.punct(';');
        return { kind: 'const', secret, names, ...(type === undefined ? {} : { type }), pos: t.pos };
      }
      case 'fresh': {
        this.next();
        const names = this.basicList();
        const type = this.type1();
        this.punct(';');
        return { kind: 'fresh', names, ...(type === undefined ? {} : { type }), pos: t.pos };
      }
      case 'var': {
        this.next();
        const names = this.basicList();
        let types: string[] = [];
        if (this.isPunct(':')) {
          this.next();
          types = this.basicList();
        }
        this.punct(';');
        return { kind: 'var', secret, names, types, pos: t.pos };
      }
      case 'secret': {
        this.next();
        const names = this.basicList();
        const type = this.type1();
        this.punct(';');
        return { kind: 'secret', names, ...(type === undefined ? {} : { type }), pos: t.pos };
      }
      case 'inversekeys':
      case 'inversekeyfunctions': {
        this.next();
        this.punct('(');
        const a = this.term();
        this.punct(',');
        const b = this.term();
        this.punct(')');
        this.punct(';');
        return { kind: 'inversekeys', functions: kw === 'inversekeyfunctions', a, b, pos: t.pos };
      }
      case 'compromised': {
        this.next();
        const terms = this.termList();
        this.punct(';');
        return { kind: 'compromised', terms, pos: t.pos };
      }
      case 'function':
      case 'hashfunction': {
        this.next();
        const names = this.basicList();
        this.punct(';');
        return { kind: 'hashfunction', keyword: kw, secret, names, pos: t.pos };
      }
      case 'macro': {
        this.next();
        const name = this.id('a macro name').value;
        this.punct('=');
        const value = this.termList();
        this.punct(';');
        return { kind: 'macro', name, value, pos: t.pos };
      }
    }
    return undefined;
  }

  private type1(): string | undefined {
    if (!this.isPunct(':')) return undefined;
    this.next();
    return this.id('a type name').value;
  }

  private basicList(): string[] {
    const out = [this.id().value];
    while (this.isPunct(',')) {
      this.next();
      out.push(this.id().value);
    }
    return out;
  }

  private termList(): SpdlTerm[] {
    const out = [this.term()];
    while (this.isPunct(',')) {
      this.next();
      out.push(this.term());
    }
    return out;
  }

  private depth = 0;

  /** Nesting beyond this is refused rather than overflowing the stack (no real model comes close). */
  private static readonly MAX_TERM_DEPTH = 200;

  private term(): SpdlTerm {
    const t = this.peek();
    if (++this.depth > Parser.MAX_TERM_DEPTH) throw new SpdlSyntaxError(t.pos, 'terms nested too deeply');
    try {
      return this.termInner(t);
    } finally {
      this.depth--;
    }
  }

  private termInner(t: Token): SpdlTerm {
    if (t.type === 'id') {
      this.next();
      if (this.isPunct('(')) {
        this.next();
        const args = this.termList();
        this.punct(')');
        return { kind: 'app', fn: t.value, args, pos: t.pos };
      }
      return { kind: 'id', name: t.value, pos: t.pos };
    }
    if (this.isPunct('{')) {
      this.next();
      const body = this.termList();
      this.punct('}');
      const key = this.term();
      return { kind: 'enc', body, key, pos: t.pos };
    }
    if (this.isPunct('(')) {
      this.next();
      const items = this.termList();
      this.punct(')');
      return { kind: 'tuple', items, pos: t.pos };
    }
    return this.fail(t, 'a term');
  }
}
