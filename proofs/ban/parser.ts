/**
 * Reader for the `.ban` text format of an idealized protocol (described with an example in proofs/ban/README.md).
 * A file is a list of statements, one per line; a line that starts with white space continues the statement above;
 * `//` starts a comment. Every error names the file, line and column of the offending token.
 *
 *   protocol NAME            title "..."          source "..."          note "..."
 *   principals A B S         ablation-of NAME
 *   assume FORMULA           retract FORMULA      (retract: an ablation removes a base assumption)
 *   message LABEL P -> Q: TERM                    (an ablation's message with a base label replaces it)
 *   drop TERM                unsign KEY           (ablations: remove a term / strip signatures by KEY^-1)
 *   goal NAME holds|fails: FORMULA [because "..."]
 *   expect NAME holds|fails [because "..."]       (ablations: the verdict expected for an inherited goal)
 *
 * The term syntax is the ASCII notation documented in terms.ts.
 */
import { BanParseError } from './errors.js';
import type { Goal, Message, Pos, Verdict } from './engine.js';
import {
  type Term,
  atom,
  believes,
  comb,
  controls,
  enc,
  fn,
  fresh,
  inv,
  pubKey,
  said,
  secret,
  sees,
  sharedKey,
  tuple,
  v,
} from './terms.js';

/** A parsed file before an ablation is applied to its base. */
export interface ProtocolFile {
  file: string;
  name: string;
  title: string;
  source: string;
  notes: string[];
  principals: Term[];
  ablationOf?: string;
  assumptions: { formula: Term; pos: Pos }[];
  retracts: { formula: Term; pos: Pos }[];
  messages: Message[];
  drops: { term: Term; pos: Pos }[];
  unsigns: { key: Term; pos: Pos }[];
  goals: Goal[];
  expects: { name: string; expect: Verdict; because?: string; pos: Pos }[];
}

interface Token {
  t: 'id' | 'str' | 'op';
  v: string;
  line: number;
  col: number;
}

/** Largest protocol file accepted, in characters (the corpus files are a few kilobytes). */
export const MAX_BAN_INPUT = 1 << 20;
/**
 * Deepest term nesting accepted. No published idealization comes near it; the bound is there so that a hostile
 * input gets a positioned error. Reading, analysing and printing do not recurse on depth, so it is a limit on work,
 * not on the call stack (experiments/ban-bench measures 5,000 levels).
 */
export const MAX_NESTING = 20_000;

/** A character that does not show when printed is named by its code point. */
function visible(c: string): string {
  if (c === '\uFEFF') return 'a byte order mark (U+FEFF)';
  return /[\p{C}\p{Z}]/u.test(c) ? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : `'${c}'`;
}

const OPS = ['^-1', '|=', '|~', '<|', '=>', '<-', '->', '<=', '#', '(', ')', '{', '}', '<', '>', ',', ':', '?'];

function tokenizeLine(file: string, text: string, line: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const col = i + 1;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (text.startsWith('//', i)) break;
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0)
        throw new BanParseError(file, line, col, 'unterminated string (a string ends on the line it starts)');
      out.push({ t: 'str', v: text.slice(i + 1, end), line, col });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z0-9_]/.test(c)) {
      let j = i + 1;
      // Identifiers may hold primes (rk', C''') and inner dashes (names such as medexchain-no-t1), but a dash
      // that starts an arrow (K->) ends the identifier.
      while (
        j < text.length &&
        (/[A-Za-z0-9_']/.test(text[j]!) || (text[j] === '-' && /[A-Za-z0-9]/.test(text[j + 1] ?? '')))
      )
        j++;
      out.push({ t: 'id', v: text.slice(i, j), line, col });
      i = j;
      continue;
    }
    const op = OPS.find((o) => text.startsWith(o, i));
    if (!op) throw new BanParseError(file, line, col, `unexpected character ${visible(c)}`);
    out.push({ t: 'op', v: op, line, col });
    i += op.length;
  }
  return out;
}

/** Splits a file into statements (token lists); indented lines continue the previous statement. */
function statements(file: string, text: string): Token[][] {
  const out: Token[][] = [];
  const lines = text.split('\n');
  lines.forEach((raw, idx) => {
    const toks = tokenizeLine(file, raw, idx + 1);
    if (toks.length === 0) return;
    if (/^[ \t]/.test(raw)) {
      const last = out[out.length - 1];
      if (!last)
        throw new BanParseError(
          file,
          idx + 1,
          toks[0]!.col,
          'an indented line continues a statement, but none came before',
        );
      last.push(...toks);
    } else out.push(toks);
  });
  return out;
}

const STATEMENTS = new Set([
  'protocol',
  'title',
  'source',
  'note',
  'principals',
  'ablation-of',
  'assume',
  'retract',
  'message',
  'drop',
  'unsign',
  'goal',
  'expect',
]);

class StatementParser {
  private i = 0;
  constructor(
    private readonly file: string,
    private readonly toks: Token[],
    private readonly principals: Set<string> | null,
  ) {}

  fail(msg: string, at: Token | undefined = this.toks[this.i]): never {
    const last = this.toks[this.toks.length - 1]!;
    const line = at ? at.line : last.line;
    const col = at ? at.col : last.col + last.v.length;
    throw new BanParseError(this.file, line, col, at ? msg : `${msg} (at end of statement)`);
  }
  pos(): Pos {
    const t = this.toks[this.i] ?? this.toks[this.toks.length - 1]!;
    return { line: t.line, col: t.col };
  }
  peek(): Token | undefined {
    return this.toks[this.i];
  }
  isOp(v: string): boolean {
    const t = this.toks[this.i];
    return t?.t === 'op' && t.v === v;
  }
  next(): Token {
    const t = this.toks[this.i];
    if (!t) this.fail('unexpected end of statement');
    this.i++;
    return t;
  }
  expectOp(v: string, what = `'${v}'`): void {
    const t = this.peek();
    if (t?.t !== 'op' || t.v !== v) this.fail(`expected ${what}${t ? `, found '${t.v}'` : ''}`);
    this.i++;
  }
  ident(what: string): Token {
    const t = this.peek();
    if (t?.t !== 'id') this.fail(`expected ${what}${t ? `, found '${t.v}'` : ''}`);
    this.i++;
    return t;
  }
  str(what: string): string {
    const t = this.peek();
    if (t?.t !== 'str') this.fail(`expected ${what} (a "quoted string")${t ? `, found '${t.v}'` : ''}`);
    this.i++;
    return t.v;
  }
  end(): void {
    const t = this.peek();
    if (t) this.fail(`unexpected '${t.v}' after the end of the statement`);
  }
  atEnd(): boolean {
    return this.i >= this.toks.length;
  }

  principal(): Term {
    if (this.isOp('?')) {
      this.next();
      return v(this.ident('a variable name after ?').v);
    }
    const t = this.ident('a principal');
    if (this.principals && !this.principals.has(t.v))
      this.fail(`'${t.v}' is not a declared principal (declare it in the 'principals' line)`, t);
    return atom(t.v);
  }

  /*
   * Terms are read without recursion: the grammar below is recursive descent written as tasks on an explicit stack
   * (a task stands for "the rest of this rule once the inner part is read"), with the terms read so far on a value
   * stack. A term nested MAX_NESTING levels deep therefore costs heap, not call stack, and deeper input is refused
   * with the position of the token that goes one level too deep.
   */
  private tasks: (() => void)[] = [];
  private values: Term[] = [];
  /** Nesting depth of the term being read (open items). */
  private depth = 0;

  /** Runs `start` and every task it leads to; the one term it produced. */
  private run(start: () => void): Term {
    this.tasks = [];
    this.values = [];
    const tasks = this.tasks;
    this.depth = 0;
    start();
    while (tasks.length > 0) tasks.pop()!();
    return this.values.pop()!;
  }

  /** An item, as in a list: a term that is not itself a comma-separated combination. */
  item(): Term {
    return this.run(() => this.tasks.push(this.itemTask));
  }

  /** A combination (or single term) up to (not including) a closing token, or to the end of the statement. */
  term(close?: string): Term {
    return this.run(() => this.readList(close, (items) => this.values.push(tuple(items))));
  }

  key(): Term {
    return this.run(() => this.readKey((k) => this.values.push(k)));
  }

  private readonly itemTask = (): void => {
    if (this.depth >= MAX_NESTING) this.fail(`a term is nested more than ${MAX_NESTING} levels deep`);
    this.depth++;
    // Pushed first, so it runs after every task the item leads to.
    this.tasks.push(() => this.depth--);
    this.readItem();
  };

  /** Comma-separated items up to (not including) a closing token, or to the end of the statement; then `done`. */
  private readList(close: string | undefined, done: (items: Term[]) => void): void {
    const items: Term[] = [];
    const more = () => {
      items.push(this.values.pop()!);
      if (this.isOp(',')) {
        this.next();
        this.tasks.push(more, this.itemTask);
        return;
      }
      if (close && !this.isOp(close))
        this.fail(`expected ',' or '${close}'${this.peek() ? `, found '${this.peek()!.v}'` : ''}`);
      done(items);
    };
    this.tasks.push(more, this.itemTask);
  }

  /** A key: a name, ?variable or function application, optionally ^-1; then `done`. */
  private readKey(done: (k: Term) => void): void {
    const finish = (k: Term) => {
      if (this.isOp('^-1')) {
        this.next();
        k = inv(k);
      }
      done(k);
    };
    if (this.isOp('?')) {
      this.next();
      finish(v(this.ident('a variable name after ?').v));
      return;
    }
    const t = this.ident('a key or secret');
    if (!this.isOp('(')) {
      finish(atom(t.v));
      return;
    }
    this.next();
    this.readList(')', (args) => {
      this.expectOp(')');
      finish(fn(t.v, args));
    });
  }

  /** Between brackets: the combination, the closing bracket, then `done`. */
  private readBracketed(close: string, done: (x: Term) => void): void {
    this.readList(close, (items) => {
      this.expectOp(close);
      done(tuple(items));
    });
  }

  private readItem(): void {
    const t = this.peek();
    if (!t) this.fail('expected a term');
    const push = (x: Term) => this.values.push(x);
    if (t.t === 'op') {
      switch (t.v) {
        case '#':
          this.next();
          this.expectOp('(', "'(' after '#'");
          this.readBracketed(')', (x) => push(fresh(x)));
          return;
        case '->':
          this.next();
          this.readKey((k) => push(pubKey(k, this.principal())));
          return;
        case '{':
          this.next();
          this.readBracketed('}', (body) =>
            this.readKey((k) => {
              const f = this.peek();
              if (f?.t === 'id' && f.v === 'from') {
                this.next();
                push(enc(body, k, this.principal()));
              } else push(enc(body, k));
            }),
          );
          return;
        case '<':
          this.next();
          this.readBracketed('>', (body) => this.readKey((k) => push(comb(body, k))));
          return;
        case '(':
          this.next();
          this.readBracketed(')', push);
          return;
        case '?':
          this.operand(this.principal(), t);
          return;
        default:
          this.fail(`expected a term, found '${t.v}'`);
      }
    }
    if (t.t === 'str') this.fail('expected a term, found a string');
    // An identifier: a function application, or a plain name that may start a formula about a principal.
    this.next();
    if (this.isOp('(')) {
      this.next();
      this.readList(')', (args) => {
        this.expectOp(')');
        push(fn(t.v, args));
      });
      return;
    }
    this.operand(atom(t.v), t);
  }

  /** After a name: a formula operator makes it a principal, otherwise it is an atom. */
  private operand(base: Term, at: Token): void {
    const push = (x: Term) => this.values.push(x);
    const op = this.peek();
    if (op?.t !== 'op' || !['|=', '|~', '<|', '=>', '<-', '<='].includes(op.v)) {
      push(base);
      return;
    }
    if (base.k === 'atom' && this.principals && !this.principals.has(base.name))
      this.fail(`'${base.name}' is not a declared principal (declare it in the 'principals' line)`, at);
    this.next();
    // The statement operators take one item on their right (they associate to the right and stop at a comma).
    const statement = (make: (x: Term) => Term) => this.tasks.push(() => push(make(this.values.pop()!)), this.itemTask);
    switch (op.v) {
      case '|=':
        statement((x) => believes(base, x));
        return;
      case '|~':
        statement((x) => said(base, x));
        return;
      case '<|':
        statement((x) => sees(base, x));
        return;
      case '=>':
        statement((x) => controls(base, x));
        return;
      case '<-':
        this.readKey((k) => {
          this.expectOp('->', "'->' closing the shared key A <-K-> B");
          push(sharedKey(base, k, this.principal()));
        });
        return;
      default:
        this.readKey((y) => {
          this.expectOp('=>', "'=>' closing the shared secret A <=Y=> B");
          push(secret(base, y, this.principal()));
        });
    }
  }

  /** A statement about a principal (believes or sees), as assumptions and goals must be. */
  formula(): Term {
    const at = this.peek();
    const f = this.term();
    if (f.k !== 'believes' && f.k !== 'sees')
      this.fail("expected a statement 'P |= X' or 'P <| X' about a principal", at);
    return f;
  }

  verdict(): Verdict {
    const t = this.ident("'holds' or 'fails'");
    if (t.v !== 'holds' && t.v !== 'fails') this.fail(`expected 'holds' or 'fails', found '${t.v}'`, t);
    return t.v;
  }

  because(): string | undefined {
    const t = this.peek();
    if (t?.t === 'id' && t.v === 'because') {
      this.next();
      return this.str('the reason after because');
    }
    return undefined;
  }
}

/** Parses one protocol file. `file` is only used in error messages. */
export function parseProtocolFile(text: string, file = '<input>'): ProtocolFile {
  if (text.length > MAX_BAN_INPUT)
    throw new BanParseError(file, 1, 1, `input of ${text.length} characters is over the limit of ${MAX_BAN_INPUT}`);
  // A UTF-8 byte order mark at the very start is an encoding marker, not content; anywhere else it is refused by name.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const out: Partial<ProtocolFile> &
    Pick<ProtocolFile, 'notes' | 'assumptions' | 'retracts' | 'messages' | 'drops' | 'unsigns' | 'goals' | 'expects'> =
    {
      file,
      notes: [],
      assumptions: [],
      retracts: [],
      messages: [],
      drops: [],
      unsigns: [],
      goals: [],
      expects: [],
    };
  let declared: Set<string> | null = null;
  const seenOnce = new Set<string>();
  const goalNames = new Set<string>();
  const labels = new Set<string>();

  for (const toks of statements(file, text)) {
    const head = toks[0]!;
    const sp = new StatementParser(file, toks.slice(1), declared);
    const fail = (msg: string, at: Token = head): never => {
      throw new BanParseError(file, at.line, at.col, msg);
    };
    if (head.t !== 'id' || !STATEMENTS.has(head.v))
      fail(`unknown statement '${head.v}' (expected one of: ${[...STATEMENTS].join(', ')})`);
    if (head.v !== 'protocol' && out.name === undefined) fail("the file must start with 'protocol NAME'");
    if (['protocol', 'title', 'source', 'principals', 'ablation-of'].includes(head.v)) {
      if (seenOnce.has(head.v)) fail(`'${head.v}' given twice`);
      seenOnce.add(head.v);
    }
    const needPrincipals = () => {
      if (!declared) fail(`'${head.v}' needs the 'principals' line before it`);
    };
    switch (head.v) {
      case 'protocol': {
        const n = sp.ident('a protocol name');
        if (!/^[a-z0-9][a-z0-9-]*$/.test(n.v))
          sp.fail(`protocol names are lower case letters, digits and dashes, got '${n.v}'`, n);
        out.name = n.v;
        break;
      }
      case 'title':
        out.title = sp.str('a title');
        break;
      case 'source':
        out.source = sp.str('a source citation');
        break;
      case 'note':
        out.notes.push(sp.str('a note'));
        break;
      case 'ablation-of':
        out.ablationOf = sp.ident('the name of the protocol this one ablates').v;
        break;
      case 'principals': {
        const names: string[] = [];
        while (!sp.atEnd()) {
          const t = sp.ident('a principal name');
          if (names.includes(t.v)) fail(`principal '${t.v}' declared twice`, t);
          names.push(t.v);
        }
        if (names.length === 0) fail("'principals' needs at least one name");
        declared = new Set(names);
        out.principals = names.map(atom);
        break;
      }
      case 'assume':
      case 'retract': {
        needPrincipals();
        const pos = sp.pos();
        const formula = sp.formula();
        (head.v === 'assume' ? out.assumptions : out.retracts).push({ formula, pos });
        break;
      }
      case 'message': {
        needPrincipals();
        const label = sp.ident('a message label (e.g. 1 or M2)');
        if (labels.has(label.v)) fail(`message '${label.v}' given twice`, label);
        labels.add(label.v);
        const from = sp.principal();
        sp.expectOp('->', "'->' between sender and receiver");
        const to = sp.principal();
        sp.expectOp(':', "':' before the message");
        const body = sp.term();
        out.messages.push({ label: label.v, from, to, body, pos: { line: label.line, col: label.col } });
        break;
      }
      case 'drop': {
        needPrincipals();
        const pos = sp.pos();
        out.drops.push({ term: sp.item(), pos });
        break;
      }
      case 'unsign': {
        const pos = sp.pos();
        out.unsigns.push({ key: sp.key(), pos });
        break;
      }
      case 'goal': {
        needPrincipals();
        const n = sp.ident('a goal name');
        if (goalNames.has(n.v)) fail(`goal '${n.v}' given twice`, n);
        goalNames.add(n.v);
        const expect = sp.verdict();
        sp.expectOp(':', "':' before the goal's formula");
        const pos = sp.pos();
        const formula = sp.formula();
        const because = sp.because();
        out.goals.push({ name: n.v, formula, expect, ...(because ? { because } : {}), pos });
        break;
      }
      case 'expect': {
        const n = sp.ident('the name of an inherited goal');
        const expect = sp.verdict();
        const because = sp.because();
        out.expects.push({ name: n.v, expect, ...(because ? { because } : {}), pos: { line: n.line, col: n.col } });
        break;
      }
    }
    sp.end();
  }

  if (out.name === undefined) throw new BanParseError(file, 1, 1, "empty file: expected 'protocol NAME'");
  const missing = (['title', 'source', 'principals'] as const).find((k) => out[k] === undefined);
  if (missing) throw new BanParseError(file, 1, 1, `protocol '${out.name}' has no '${missing}' line`);
  if (!out.ablationOf && out.goals.length === 0)
    throw new BanParseError(file, 1, 1, `protocol '${out.name}' has no goals`);
  if (!out.ablationOf && (out.drops.length || out.unsigns.length || out.retracts.length || out.expects.length))
    throw new BanParseError(
      file,
      1,
      1,
      "drop, unsign, retract and expect are only allowed in an ablation ('ablation-of')",
    );
  return out as ProtocolFile;
}
