/**
 * Terms and formulas of BAN logic: M. Burrows, M. Abadi, R. Needham, "A Logic of Authentication", ACM TOCS 8(1),
 * 1990, section "The Formalism" (notation). In BAN a formula may itself be sent as (part of) a message, so
 * messages and formulas share one type here.
 *
 * Notation used when printing (ASCII forms of the paper's symbols; the parser reads the same forms):
 *   P |= X      P believes X                 P <| X      P sees X
 *   P |~ X      P once said X                P => X     P has jurisdiction over X (controls)
 *   #(X)        X is fresh                   A <-K-> B   K is a good shared key for A and B
 *   ->K A       K is A's public key          A <=Y=> B   Y is a secret shared by A and B
 *   {X}K        X encrypted under K          {X}K from P  ... sent by P (the paper's "from" field)
 *   {X}K^-1     X signed with the private key matching K
 *   <X>Y        X combined with the secret Y  (X, Y)      combination / conjunction
 *   H(X)        an uninterpreted function (e.g. a hash) of X
 *   ?X          a pattern variable (only in jurisdiction assumptions: "S => A <-?K-> B" for every K)
 *
 * Terms are immutable; `show` gives a canonical string used as the identity of a term (two terms are equal iff their
 * canonical strings are). Tuples are kept flat and ordered, as the paper treats (X, Y) as a list of components.
 */

export type Term =
  | { readonly k: 'atom'; readonly name: string }
  | { readonly k: 'var'; readonly name: string }
  | { readonly k: 'inv'; readonly key: Term }
  | { readonly k: 'fn'; readonly name: string; readonly args: readonly Term[] }
  | { readonly k: 'tuple'; readonly items: readonly Term[] }
  | { readonly k: 'enc'; readonly body: Term; readonly key: Term; readonly from?: Term }
  | { readonly k: 'comb'; readonly body: Term; readonly secret: Term }
  | { readonly k: 'believes'; readonly p: Term; readonly x: Term }
  | { readonly k: 'sees'; readonly p: Term; readonly x: Term }
  | { readonly k: 'said'; readonly p: Term; readonly x: Term }
  | { readonly k: 'controls'; readonly p: Term; readonly x: Term }
  | { readonly k: 'fresh'; readonly x: Term }
  | { readonly k: 'sharedKey'; readonly a: Term; readonly key: Term; readonly b: Term }
  | { readonly k: 'pubKey'; readonly key: Term; readonly p: Term }
  | { readonly k: 'secret'; readonly a: Term; readonly y: Term; readonly b: Term };

export const atom = (name: string): Term => ({ k: 'atom', name });
export const v = (name: string): Term => ({ k: 'var', name });
export const inv = (key: Term): Term => ({ k: 'inv', key });
export const fn = (name: string, args: Term[]): Term => ({ k: 'fn', name, args });
/** A tuple; nested tuples are flattened and a one-item tuple is the item itself. */
export function tuple(items: Term[]): Term {
  const flat: Term[] = [];
  for (const t of items) {
    if (t.k === 'tuple') flat.push(...t.items);
    else flat.push(t);
  }
  if (flat.length === 1) return flat[0]!;
  return { k: 'tuple', items: flat };
}
export const enc = (body: Term, key: Term, from?: Term): Term =>
  from ? { k: 'enc', body, key, from } : { k: 'enc', body, key };
export const comb = (body: Term, secret: Term): Term => ({ k: 'comb', body, secret });
export const believes = (p: Term, x: Term): Term => ({ k: 'believes', p, x });
export const sees = (p: Term, x: Term): Term => ({ k: 'sees', p, x });
export const said = (p: Term, x: Term): Term => ({ k: 'said', p, x });
export const controls = (p: Term, x: Term): Term => ({ k: 'controls', p, x });
export const fresh = (x: Term): Term => ({ k: 'fresh', x });
export const sharedKey = (a: Term, key: Term, b: Term): Term => ({ k: 'sharedKey', a, key, b });
export const pubKey = (key: Term, p: Term): Term => ({ k: 'pubKey', key, p });
export const secret = (a: Term, y: Term, b: Term): Term => ({ k: 'secret', a, y, b });

/** True for the kinds that are statements (formulas) rather than plain data. */
export function isFormula(t: Term): boolean {
  switch (t.k) {
    case 'believes':
    case 'sees':
    case 'said':
    case 'controls':
    case 'fresh':
    case 'sharedKey':
    case 'pubKey':
    case 'secret':
      return true;
    case 'tuple':
      return t.items.every(isFormula);
    default:
      return false;
  }
}

/**
 * Canonical text of a term; also its identity. The statement operators associate to the right and their right
 * operand is printed bare (A |= B |= A <-K-> B); a formula in a key position would be parenthesised.
 */
export function show(t: Term): string {
  return s(t, false);
}

// Terms are immutable, so a term's text (bare or parenthesised) is computed once. Rules build new terms around
// existing ones, so caching every sub-term's text, not only the top's, keeps printing a new conclusion proportional
// to its new part rather than its whole depth.
const shownBare = new WeakMap<Term, string>();
const shownNested = new WeakMap<Term, string>();

function s(t: Term, nested: boolean): string {
  const memo = nested ? shownNested : shownBare;
  let text = memo.get(t);
  if (text === undefined) {
    text = print(t, nested);
    memo.set(t, text);
  }
  return text;
}

function print(t: Term, nested: boolean): string {
  const wrap = (x: string) => (nested ? `(${x})` : x);
  switch (t.k) {
    case 'atom':
      return t.name;
    case 'var':
      return `?${t.name}`;
    case 'inv':
      return `${s(t.key, true)}^-1`;
    case 'fn':
      return `${t.name}(${t.args.map((a) => s(a, false)).join(', ')})`;
    case 'tuple':
      return `(${t.items.map((a) => s(a, false)).join(', ')})`;
    case 'enc':
      return `{${inner(t.body)}}${s(t.key, true)}${t.from ? ` from ${s(t.from, true)}` : ''}`;
    case 'comb':
      // A body that starts with '-' (a public key ->K A) is spaced off so that '<' and '->' are not read as '<-'.
      return `<${inner(t.body).startsWith('-') ? ' ' : ''}${inner(t.body)}>${s(t.secret, true)}`;
    case 'believes':
      return wrap(`${s(t.p, true)} |= ${s(t.x, false)}`);
    case 'sees':
      return wrap(`${s(t.p, true)} <| ${s(t.x, false)}`);
    case 'said':
      return wrap(`${s(t.p, true)} |~ ${s(t.x, false)}`);
    case 'controls':
      return wrap(`${s(t.p, true)} => ${s(t.x, false)}`);
    case 'fresh':
      return `#(${inner(t.x)})`;
    case 'sharedKey':
      return wrap(`${s(t.a, true)} <-${s(t.key, true)}-> ${s(t.b, true)}`);
    case 'pubKey':
      return wrap(`->${s(t.key, true)} ${s(t.p, true)}`);
    case 'secret':
      return wrap(`${s(t.a, true)} <=${s(t.y, true)}=> ${s(t.b, true)}`);
  }
}

/** The inside of braces/brackets: a tuple is written without its own parentheses. */
function inner(t: Term): string {
  return t.k === 'tuple' ? t.items.map((a) => s(a, false)).join(', ') : s(t, false);
}

export function eq(a: Term, b: Term): boolean {
  return show(a) === show(b);
}

/** Immediate sub-terms, i.e. the parts a term is built from. */
export function children(t: Term): Term[] {
  switch (t.k) {
    case 'atom':
    case 'var':
      return [];
    case 'inv':
      return [t.key];
    case 'fn':
      return [...t.args];
    case 'tuple':
      return [...t.items];
    case 'enc':
      return t.from ? [t.body, t.key, t.from] : [t.body, t.key];
    case 'comb':
      return [t.body, t.secret];
    case 'believes':
    case 'sees':
    case 'said':
    case 'controls':
      return [t.p, t.x];
    case 'fresh':
      return [t.x];
    case 'sharedKey':
      return [t.a, t.key, t.b];
    case 'pubKey':
      return [t.key, t.p];
    case 'secret':
      return [t.a, t.y, t.b];
  }
}

/** Every sub-term of t (t included), deduplicated by canonical text. */
export function subterms(t: Term, into: Map<string, Term> = new Map()): Map<string, Term> {
  const key = show(t);
  if (into.has(key)) return into;
  into.set(key, t);
  for (const c of children(t)) subterms(c, into);
  return into;
}

export function hasVars(t: Term): boolean {
  return t.k === 'var' || children(t).some(hasVars);
}

export type Bindings = ReadonlyMap<string, Term>;

/**
 * One-way matching of a pattern (which may hold ?variables) against a ground term. Returns the bindings, or
 * undefined when they do not match. Used for jurisdiction assumptions quantified over keys or messages.
 */
export function match(pattern: Term, ground: Term, b: Bindings = new Map()): Bindings | undefined {
  if (pattern.k === 'var') {
    const bound = b.get(pattern.name);
    if (bound) return eq(bound, ground) ? b : undefined;
    const next = new Map(b);
    next.set(pattern.name, ground);
    return next;
  }
  if (pattern.k !== ground.k) return undefined;
  if ((pattern.k === 'atom' || pattern.k === 'fn') && pattern.name !== (ground as { name: string }).name)
    return undefined;
  if (pattern.k === 'enc' && Boolean(pattern.from) !== Boolean((ground as { from?: Term }).from)) return undefined;
  const pc = children(pattern);
  const gc = children(ground);
  if (pc.length !== gc.length) return undefined;
  let cur: Bindings | undefined = b;
  for (let i = 0; i < pc.length && cur; i++) cur = match(pc[i]!, gc[i]!, cur);
  return cur;
}

/** The direct components of a term for the purpose of the freshness and seeing rules. */
export function components(t: Term): Term[] {
  return t.k === 'tuple' ? [...t.items] : [t];
}

/** Rebuilds a term bottom-up with `f` applied to every node (children first). */
export function mapTerm(t: Term, f: (t: Term) => Term): Term {
  const rec = (x: Term) => mapTerm(x, f);
  let out: Term;
  switch (t.k) {
    case 'atom':
    case 'var':
      out = t;
      break;
    case 'inv':
      out = inv(rec(t.key));
      break;
    case 'fn':
      out = fn(t.name, t.args.map(rec));
      break;
    case 'tuple':
      out = tuple(t.items.map(rec));
      break;
    case 'enc':
      out = enc(rec(t.body), rec(t.key), t.from ? rec(t.from) : undefined);
      break;
    case 'comb':
      out = comb(rec(t.body), rec(t.secret));
      break;
    case 'believes':
      out = believes(rec(t.p), rec(t.x));
      break;
    case 'sees':
      out = sees(rec(t.p), rec(t.x));
      break;
    case 'said':
      out = said(rec(t.p), rec(t.x));
      break;
    case 'controls':
      out = controls(rec(t.p), rec(t.x));
      break;
    case 'fresh':
      out = fresh(rec(t.x));
      break;
    case 'sharedKey':
      out = sharedKey(rec(t.a), rec(t.key), rec(t.b));
      break;
    case 'pubKey':
      out = pubKey(rec(t.key), rec(t.p));
      break;
    case 'secret':
      out = secret(rec(t.a), rec(t.y), rec(t.b));
      break;
  }
  return f(out);
}
