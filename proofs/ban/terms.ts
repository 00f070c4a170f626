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
  return bare(t);
}

// Terms are immutable, so a term's text is computed once, for every sub-term, not only the top: rules build new
// terms around existing ones, and a new conclusion is then printed in proportion to its new part. The texts are
// built by concatenation, which V8 keeps as a rope (no copy), so the text of a deep term costs little until it is
// read; the engine identifies terms by interned ids (engine.ts), never by these strings.
const shownBare = new WeakMap<Term, string>();
const shownNested = new WeakMap<Term, string>();

/** The kinds printed in parentheses when they stand in a key or principal position. */
const WRAPPED = new Set<Term['k']>(['believes', 'sees', 'said', 'controls', 'sharedKey', 'pubKey', 'secret']);

function nestedText(t: Term): string {
  let text = shownNested.get(t);
  if (text === undefined) {
    text = WRAPPED.has(t.k) ? `(${bare(t)})` : bare(t);
    shownNested.set(t, text);
  }
  return text;
}

/**
 * The bare text of t. Sub-terms without a cached text are printed first, children before parents, from an explicit
 * stack: a term nested thousands of levels deep must not overflow the call stack.
 */
function bare(t: Term): string {
  const cached = shownBare.get(t);
  if (cached !== undefined) return cached;
  const stack: { t: Term; ready: boolean }[] = [{ t, ready: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (shownBare.has(top.t)) continue;
    if (top.ready) {
      shownBare.set(top.t, print(top.t));
      continue;
    }
    stack.push({ t: top.t, ready: true });
    for (const c of children(top.t)) if (!shownBare.has(c)) stack.push({ t: c, ready: false });
  }
  return shownBare.get(t)!;
}

/** One node's text from its children's (already cached) texts. */
function print(t: Term): string {
  const s = (x: Term, nested: boolean) => (nested ? nestedText(x) : shownBare.get(x)!);
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
      // Decided on the term, not its text, so that a long text is not read back.
      return `<${startsWithPublicKey(t.body) ? ' ' : ''}${inner(t.body)}>${s(t.secret, true)}`;
    case 'believes':
      return `${s(t.p, true)} |= ${s(t.x, false)}`;
    case 'sees':
      return `${s(t.p, true)} <| ${s(t.x, false)}`;
    case 'said':
      return `${s(t.p, true)} |~ ${s(t.x, false)}`;
    case 'controls':
      return `${s(t.p, true)} => ${s(t.x, false)}`;
    case 'fresh':
      return `#(${inner(t.x)})`;
    case 'sharedKey':
      return `${s(t.a, true)} <-${s(t.key, true)}-> ${s(t.b, true)}`;
    case 'pubKey':
      return `->${s(t.key, true)} ${s(t.p, true)}`;
    case 'secret':
      return `${s(t.a, true)} <=${s(t.y, true)}=> ${s(t.b, true)}`;
  }
}

function startsWithPublicKey(t: Term): boolean {
  const first = t.k === 'tuple' ? t.items[0] : t;
  return first?.k === 'pubKey';
}

/** The inside of braces/brackets: a tuple is written without its own parentheses. */
function inner(t: Term): string {
  return t.k === 'tuple' ? t.items.map((a) => shownBare.get(a)!).join(', ') : shownBare.get(t)!;
}

export function eq(a: Term, b: Term): boolean {
  return a === b || show(a) === show(b);
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

/**
 * Every sub-term of t (t included) in pre-order, deduplicated by canonical text. Iterative, for deep terms; a
 * sub-term already seen is not entered again (checked when it is reached, as a recursive walk would).
 */
export function subterms(t: Term, into: Map<string, Term> = new Map()): Map<string, Term> {
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const x = stack.pop()!;
    const key = show(x);
    if (into.has(key)) continue;
    into.set(key, x);
    const cs = children(x);
    for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i]!);
  }
  return into;
}

export function hasVars(t: Term): boolean {
  const stack: Term[] = [t];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (x.k === 'var') return true;
    stack.push(...children(x));
  }
  return false;
}

export type Bindings = ReadonlyMap<string, Term>;

/**
 * One-way matching of a pattern (which may hold ?variables) against a ground term. Returns the bindings, or
 * undefined when they do not match. Used for jurisdiction assumptions quantified over keys or messages. `same`
 * decides whether a variable's two bindings are the same term (the engine passes its interned-id comparison).
 */
export function match(
  pattern: Term,
  ground: Term,
  b: Bindings = new Map(),
  same: (x: Term, y: Term) => boolean = eq,
): Bindings | undefined {
  let bound: Map<string, Term> | undefined;
  const pairs: [Term, Term][] = [[pattern, ground]];
  while (pairs.length > 0) {
    const [pt, gt] = pairs.pop()!;
    if (pt.k === 'var') {
      const prev = (bound ?? b).get(pt.name);
      if (prev) {
        if (!same(prev, gt)) return undefined;
        continue;
      }
      bound ??= new Map(b);
      bound.set(pt.name, gt);
      continue;
    }
    if (pt.k !== gt.k) return undefined;
    if ((pt.k === 'atom' || pt.k === 'fn') && pt.name !== (gt as { name: string }).name) return undefined;
    if (pt.k === 'enc' && Boolean(pt.from) !== Boolean((gt as { from?: Term }).from)) return undefined;
    const pc = children(pt);
    const gc = children(gt);
    if (pc.length !== gc.length) return undefined;
    // Pushed in reverse so that children are matched left to right, as the bindings of a recursive match would be.
    for (let i = pc.length - 1; i >= 0; i--) pairs.push([pc[i]!, gc[i]!]);
  }
  return bound ?? b;
}
