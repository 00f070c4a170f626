/**
 * Forward chaining for BAN logic (Burrows-Abadi-Needham, ACM TOCS 8(1) 1990, sections "The Formalism" and
 * "Protocol Analysis"): the initial facts are the assumptions and, for every idealized message "P -> Q: X", the fact
 * Q <| X (the paper's annotation of a message); the rules of rules.ts are applied in rounds until nothing new
 * follows. Every fact keeps the first derivation found for it, and because facts found in round n are only used from
 * round n+1 on, that derivation has the least possible depth. A goal's proof tree is read back from those records.
 *
 * Terms are interned: every distinct term gets a small integer id, computed once per term object from its children's
 * ids, and facts, indexes and the search are keyed by ids, never by printed text. A round only applies the rules to
 * the facts found in the round before (every conclusion of older facts was found earlier), with the other premise
 * looked up in an index, so the work is proportional to the derivations rather than to rounds times facts. No
 * traversal recurses on the depth of a term, so thousands of nesting levels cannot overflow the stack.
 *
 * The paper annotates a protocol message by message; since every rule is monotone, applying them to all
 * messages at once reaches the same final set of beliefs, which is what the goals are checked against.
 *
 * For a goal that is not derived, `missingPremises` runs a bounded backward search over the same rules and reports
 * the smallest set of underivable facts that would complete a proof (the "closest missing premises").
 */
import { type Fact, type RuleContext, rules } from './rules.js';
import {
  type Term,
  believes,
  children,
  controls,
  eq,
  fresh,
  isFormula,
  match,
  pubKey,
  said,
  secret,
  sees,
  sharedKey,
  show,
  tuple,
} from './terms.js';

/** Where an input item came from in its file, for error messages and reports. */
export interface Pos {
  line: number;
  col: number;
}

export interface Message {
  label: string;
  from: Term;
  to: Term;
  body: Term;
  pos?: Pos;
}

export type Verdict = 'holds' | 'fails';

export interface Goal {
  name: string;
  formula: Term;
  /** What the published analysis (or, for MedExChain, the reconstruction) concludes about this goal. */
  expect: Verdict;
  /** Where that conclusion comes from, or why the goal is expected to fail. */
  because?: string;
  pos?: Pos;
}

export interface Protocol {
  name: string;
  title: string;
  source: string;
  notes: string[];
  principals: Term[];
  assumptions: { formula: Term; pos?: Pos }[];
  messages: Message[];
  goals: Goal[];
  /** For an ablation, the protocol it was made from. */
  ablationOf?: string;
  file?: string;
}

/** How a fact was obtained: an assumption, a message receipt, or a rule applied to earlier facts. */
export interface Justification {
  rule: string;
  premises: string[];
}

export interface ProofNode {
  fact: string;
  rule: string;
  premises: ProofNode[];
}

export interface GoalResult {
  protocol: string;
  goal: string;
  formula: string;
  expected: Verdict;
  derived: boolean;
  /** Distinct rule applications in the proof tree (0 when the goal is an assumption; 0 when not derived). */
  steps: number;
  proof: ProofNode | null;
  /**
   * For a goal not derived: the closest set of facts that completes a proof, checked (added as assumptions, the goal
   * is derived); empty when there is none, with the reason in `unreachable`.
   */
  missing: string[];
  /** For a goal not derived and no premise suggested: why no added premise can derive it. */
  unreachable?: string;
  because?: string;
}

export interface Analysis {
  protocol: Protocol;
  /** Every derived fact by its text, in the order found (built when first read: printing is the costly part). */
  readonly facts: ReadonlyMap<string, { term: Term; why: Justification }>;
  factCount: number;
  rounds: number;
  results: GoalResult[];
  /** Statements a principal sends under its own key or "from" field without the engine deriving that it believes them. */
  warnings: string[];
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* Interned terms                                                                                                    */
/* ---------------------------------------------------------------------------------------------------------------- */

const KIND_CODE: Record<Term['k'], string> = {
  atom: 'a',
  var: 'v',
  inv: 'i',
  fn: 'f',
  tuple: 't',
  enc: 'e',
  comb: 'c',
  believes: 'B',
  sees: 'S',
  said: 'D',
  controls: 'C',
  fresh: 'F',
  sharedKey: 'K',
  pubKey: 'P',
  secret: 'Y',
};

/** How many levels of new nodes are interned by recursion before switching to an explicit stack. */
const SHALLOW = 8;

/**
 * Ids for terms: two terms get the same id iff they have the same structure (the same canonical text). A term
 * object's id is remembered, and a new term's id is found from its children's ids, so interning a conclusion that a
 * rule builds around known terms costs one table look-up, however deep those terms are.
 */
export class Interner {
  // A Map, not a WeakMap: an interner lives for one analysis, and Map look-ups are the faster.
  private readonly byObject = new Map<Term, number>();
  private readonly byShape = new Map<string, number>();
  /** A representative term per id. */
  readonly terms: Term[] = [];
  /** Per id: true when the term contains no ciphertext. */
  readonly cleartext: boolean[] = [];
  /** Per id: true when the term contains a ?variable. */
  readonly hasVars: boolean[] = [];
  /** Per id: the ids of its children. */
  readonly kids: (readonly number[])[] = [];

  private static shape(t: Term, ids: readonly number[]): string {
    const name = t.k === 'atom' || t.k === 'var' || t.k === 'fn' ? `${t.name}\u0000` : '';
    return `${KIND_CODE[t.k]}${name}${ids.join(',')}`;
  }

  /** The id of t, interning t and its sub-terms. */
  id(t: Term): number {
    const known = this.byObject.get(t);
    return known !== undefined ? known : this.intern(t, SHALLOW);
  }

  /**
   * A rule's conclusion is a few new nodes around known terms: those are interned by a short recursion (at most
   * `budget` levels); anything deeper (a term straight from the parser) goes to the explicit stack.
   */
  private intern(t: Term, budget: number): number {
    if (budget === 0) return this.internDeep(t);
    const cs = children(t);
    const ids: number[] = [];
    for (const c of cs) ids.push(this.byObject.get(c) ?? this.intern(c, budget - 1));
    return this.record(t, ids);
  }

  /** Children first, from an explicit stack: a term may be nested thousands of levels deep. */
  private internDeep(t: Term): number {
    const stack: { t: Term; ready: boolean }[] = [{ t, ready: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (this.byObject.has(top.t)) continue;
      const cs = children(top.t);
      if (!top.ready) {
        stack.push({ t: top.t, ready: true });
        for (const c of cs) if (!this.byObject.has(c)) stack.push({ t: c, ready: false });
        continue;
      }
      this.record(
        top.t,
        cs.map((c) => this.byObject.get(c)!),
      );
    }
    return this.byObject.get(t)!;
  }

  /** The id of a node whose children have these ids (a new id if no such node was seen), remembered for t. */
  private record(t: Term, ids: number[]): number {
    const shape = Interner.shape(t, ids);
    let id = this.byShape.get(shape);
    if (id === undefined) {
      id = this.terms.length;
      this.byShape.set(shape, id);
      this.terms.push(t);
      this.kids.push(ids);
      this.cleartext.push(t.k !== 'enc' && ids.every((i) => this.cleartext[i]));
      this.hasVars.push(t.k === 'var' || ids.some((i) => this.hasVars[i]));
    }
    this.byObject.set(t, id);
    return id;
  }

  /** The id of a term of kind `k` with these children, if such a term was ever interned (nothing is built). */
  find(k: Term['k'], ids: readonly number[]): number | undefined {
    return this.byShape.get(`${KIND_CODE[k]}${ids.join(',')}`);
  }

  /** Pre-order walk of t's distinct sub-terms (by id) not yet in `seen`, as a recursive walk would visit them. */
  walk(t: Term, seen: Set<number>, visit: (t: Term, id: number) => void): void {
    const stack: Term[] = [t];
    while (stack.length > 0) {
      const x = stack.pop()!;
      const id = this.id(x);
      if (seen.has(id)) continue;
      seen.add(id);
      visit(x, id);
      const cs = children(x);
      for (let i = cs.length - 1; i >= 0; i--) stack.push(cs[i]!);
    }
  }
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* Facts and their indexes                                                                                           */
/* ---------------------------------------------------------------------------------------------------------------- */

interface FactRecord extends Fact {
  rule: string;
  premises: readonly number[];
}

/** A multimap from a pair of ids to facts, in the order they were added. */
class PairIndex {
  private readonly m = new Map<number, Map<number, FactRecord[]>>();
  add(a: number, b: number, f: FactRecord): void {
    let inner = this.m.get(a);
    if (!inner) this.m.set(a, (inner = new Map()));
    const list = inner.get(b);
    if (list) list.push(f);
    else inner.set(b, [f]);
  }
  get(a: number, b: number): readonly FactRecord[] {
    return this.m.get(a)?.get(b) ?? [];
  }
}

/** The protocol's sub-terms in the order of the text, and its tuples with the indexes the rules need. */
interface Universe {
  terms: Term[];
  tuples: Term[];
  /** Per item id: the tuples (by position in `tuples`) having it as an item, each once, in order. */
  containing: Map<number, number[]>;
  /** Per item id: the tuples filed under it, each tuple under its item that the fewest tuples contain. */
  byRarestItem: Map<number, number[]>;
}

/**
 * The sub-terms of everything in the protocol, plus reversed keys and secrets (their symmetric forms), plus the
 * cleartext part of every combination that carries ciphertext: nonce-verification applies only to cleartext, so
 * `(Ta, Na, Xa)` must be a combination the rules may form from `(Ta, Na, Xa, {Ya}Kb)`.
 */
function universe(p: Protocol, terms: Interner): Universe {
  const seen = new Set<number>();
  const all: Term[] = [];
  const add = (t: Term) => terms.walk(t, seen, (x) => all.push(x));
  for (const a of p.assumptions) add(a.formula);
  for (const m of p.messages) add(m.body);
  for (const g of p.goals) add(g.formula);
  for (const t of [...all]) {
    if (t.k === 'sharedKey') add(sharedKey(t.b, t.key, t.a));
    if (t.k === 'secret') add(secret(t.b, t.y, t.a));
    if (t.k === 'tuple') {
      const clear = t.items.filter((x) => terms.cleartext[terms.id(x)]);
      if (clear.length >= 2 && clear.length < t.items.length) add(tuple(clear));
    }
  }
  const tuples = all.filter((t) => t.k === 'tuple' && !terms.hasVars[terms.id(t)]);
  const containing = new Map<number, number[]>();
  const itemIds = tuples.map((t) => [...new Set((t as Extract<Term, { k: 'tuple' }>).items.map((x) => terms.id(x)))]);
  itemIds.forEach((ids, index) => {
    for (const i of ids) {
      const list = containing.get(i);
      if (list) list.push(index);
      else containing.set(i, [index]);
    }
  });
  const byRarestItem = new Map<number, number[]>();
  itemIds.forEach((ids, index) => {
    let rarest = ids[0]!;
    for (const i of ids) if (containing.get(i)!.length < containing.get(rarest)!.length) rarest = i;
    const list = byRarestItem.get(rarest);
    if (list) list.push(index);
    else byRarestItem.set(rarest, [index]);
  });
  return { terms: all, tuples, containing, byRarestItem };
}

/** Lexicographic order of two order keys (rule first, then the premises' positions). */
function before(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return a.length < b.length;
}

class FactBase implements RuleContext {
  readonly records: FactRecord[] = [];
  private readonly byId = new Map<number, FactRecord>();
  private readonly encrypted = new PairIndex();
  private readonly signed = new PairIndex();
  private readonly combined = new PairIndex();
  private readonly sharedKeys = new PairIndex();
  private readonly publicKeys = new PairIndex();
  private readonly secrets = new PairIndex();
  private readonly saids = new PairIndex();
  private readonly jurisdictions = new PairIndex();
  private readonly nested = new PairIndex();
  private readonly conjunctionCounts = new Map<number, Map<number, number>>();
  private readonly principalPositions = new Map<number, number>();
  private readonly tupleItemCounts: number[];

  constructor(
    readonly terms: Interner,
    readonly u: Universe,
    principals: readonly Term[],
  ) {
    principals.forEach((p, i) => {
      const id = terms.id(p);
      if (!this.principalPositions.has(id)) this.principalPositions.set(id, i);
    });
    this.tupleItemCounts = u.tuples.map((t) => new Set(terms.kids[terms.id(t)]).size);
  }

  private idOf = (t: Term) => this.terms.id(t);

  hasId(id: number): boolean {
    return this.byId.has(id);
  }
  get(id: number): FactRecord | undefined {
    return this.byId.get(id);
  }
  has(t: Term): boolean {
    return this.byId.has(this.idOf(t));
  }
  cleartext(t: Term): boolean {
    return this.terms.cleartext[this.idOf(t)]!;
  }
  same(a: Term, b: Term): boolean {
    return a === b || this.idOf(a) === this.idOf(b);
  }

  /** Records a fact found by `rule` from `premises` (ids); false when it was known. */
  add(t: Term, rule: string, premises: readonly number[]): FactRecord | undefined {
    const id = this.idOf(t);
    if (this.byId.has(id)) return undefined;
    const f: FactRecord = { term: t, id, seq: this.records.length, rule, premises };
    this.records.push(f);
    this.byId.set(id, f);
    const k = this.idOf;
    if (t.k === 'sees') {
      const x = t.x;
      if (x.k === 'enc' && x.key.k === 'inv') this.signed.add(k(t.p), k(x.key.key), f);
      else if (x.k === 'enc') this.encrypted.add(k(t.p), k(x.key), f);
      else if (x.k === 'comb') this.combined.add(k(t.p), k(x.secret), f);
    } else if (t.k === 'believes') {
      const p = k(t.p);
      const x = t.x;
      if (x.k === 'sharedKey' && k(x.b) === p) this.sharedKeys.add(p, k(x.key), f);
      else if (x.k === 'pubKey') this.publicKeys.add(p, k(x.key), f);
      else if (x.k === 'secret' && k(x.b) === p) this.secrets.add(p, k(x.y), f);
      else if (x.k === 'said') this.saids.add(p, k(x.x), f);
      else if (x.k === 'controls') this.jurisdictions.add(p, k(x.p), f);
      else if (x.k === 'believes') this.nested.add(p, k(x.p), f);
    }
    return f;
  }

  encryptedSeen(p: Term, key: Term) {
    return this.encrypted.get(this.idOf(p), this.idOf(key));
  }
  signedSeen(p: Term, key: Term) {
    return this.signed.get(this.idOf(p), this.idOf(key));
  }
  combinedSeen(p: Term, secretTerm: Term) {
    return this.combined.get(this.idOf(p), this.idOf(secretTerm));
  }
  sharedKeysOf(p: Term, key: Term) {
    return this.sharedKeys.get(this.idOf(p), this.idOf(key));
  }
  publicKeysOf(p: Term, key: Term) {
    return this.publicKeys.get(this.idOf(p), this.idOf(key));
  }
  secretsOf(p: Term, y: Term) {
    return this.secrets.get(this.idOf(p), this.idOf(y));
  }
  saidTo(p: Term, x: Term) {
    return this.saids.get(this.idOf(p), this.idOf(x));
  }
  jurisdictionOf(p: Term, q: Term) {
    return this.jurisdictions.get(this.idOf(p), this.idOf(q));
  }
  beliefsOf(p: Term, q: Term) {
    return this.nested.get(this.idOf(p), this.idOf(q));
  }
  matches(pattern: Term, x: Term): boolean {
    if (!this.terms.hasVars[this.idOf(pattern)]) return this.same(pattern, x);
    return match(pattern, x, undefined, (a, b) => this.same(a, b)) !== undefined;
  }
  tuplesContaining(x: Term) {
    return (this.u.containing.get(this.idOf(x)) ?? []).map((index) => ({ t: this.u.tuples[index]!, index }));
  }
  subCombinations(items: readonly Term[]) {
    const ids = new Set(items.map(this.idOf));
    const found: number[] = [];
    for (const i of ids)
      for (const index of this.u.byRarestItem.get(i) ?? []) {
        const t = this.u.tuples[index] as Extract<Term, { k: 'tuple' }>;
        if (t.items.length >= items.length) continue;
        if (this.terms.kids[this.idOf(t)]!.every((c) => ids.has(c))) found.push(index);
      }
    return found.sort((a, b) => a - b).map((index) => ({ t: this.u.tuples[index]!, index }));
  }
  componentBelieved(p: Term, tupleIndex: number): boolean {
    const pid = this.idOf(p);
    let counts = this.conjunctionCounts.get(pid);
    if (!counts) this.conjunctionCounts.set(pid, (counts = new Map()));
    const n = (counts.get(tupleIndex) ?? 0) + 1;
    counts.set(tupleIndex, n);
    return n === this.tupleItemCounts[tupleIndex];
  }
  principalIndex(p: Term): number | undefined {
    return this.principalPositions.get(this.idOf(p));
  }
}

/** A ceiling on rounds: every round adds a fact and the facts are finite, so this only guards against a bug. */
const MAX_ROUNDS = 10_000_000;

interface Candidate {
  order: readonly number[];
  conclusion: Term;
  rule: string;
  premises: readonly Term[];
}

/** Forward chaining to the fixpoint; the fact base with every fact's first derivation, and the number of rounds. */
function saturate(p: Protocol, terms: Interner, u: Universe): { db: FactBase; rounds: number } {
  const db = new FactBase(terms, u, p.principals);
  let delta: FactRecord[] = [];
  const addInitial = (t: Term, rule: string) => {
    const f = db.add(t, rule, []);
    if (f) delta.push(f);
  };
  for (const a of p.assumptions) addInitial(a.formula, 'assumption');
  for (const m of p.messages) addInitial(sees(m.to, m.body), `message ${m.label}`);

  let rounds = 0;
  for (;;) {
    rounds++;
    if (rounds > MAX_ROUNDS) throw new Error(`BAN fixpoint not reached after ${MAX_ROUNDS} rounds (engine bug)`);
    // Every new conclusion of this round uses a fact of the last round; among its derivations keep the one a scan
    // of all facts in rule order would have met first.
    const best = new Map<number, Candidate>();
    rules.forEach((r, ri) => {
      const emit = (order: readonly number[], conclusion: Term, premises: readonly Term[]) => {
        const id = terms.id(conclusion);
        if (db.hasId(id)) return;
        const key = [ri, ...order];
        const prev = best.get(id);
        if (!prev || before(key, prev.order)) best.set(id, { order: key, conclusion, rule: r.name, premises });
      };
      for (const f of delta) {
        const t = f.term;
        if (t.k === 'believes') r.onBelief?.(db, f, t.p, t.x, emit);
        else if (t.k === 'sees') r.onSighting?.(db, f, t.p, t.x, emit);
      }
    });
    const found = [...best.values()].sort((a, b) => (before(a.order, b.order) ? -1 : before(b.order, a.order) ? 1 : 0));
    delta = [];
    for (const c of found) {
      const f = db.add(
        c.conclusion,
        c.rule,
        c.premises.map((x) => terms.id(x)),
      );
      if (f) delta.push(f);
    }
    if (delta.length === 0) break;
  }
  return { db, rounds };
}

export function analyse(p: Protocol): Analysis {
  const terms = new Interner();
  const u = universe(p, terms);
  const { db, rounds } = saturate(p, terms, u);
  const results = p.goals.map((g) => goalResult(p, db, u, g));
  let facts: Map<string, { term: Term; why: Justification }> | undefined;
  return {
    protocol: p,
    get facts() {
      facts ??= new Map(
        db.records.map((f) => [
          show(f.term),
          { term: f.term, why: { rule: f.rule, premises: f.premises.map((i) => show(db.get(i)!.term)) } },
        ]),
      );
      return facts;
    },
    factCount: db.records.length,
    rounds,
    results,
    warnings: idealizationWarnings(p, db),
  };
}

function goalResult(p: Protocol, db: FactBase, u: Universe, g: Goal): GoalResult {
  const id = db.terms.id(g.formula);
  const derived = db.hasId(id);
  const proof = derived ? proofTree(db, id) : null;
  return {
    protocol: p.name,
    goal: g.name,
    formula: show(g.formula),
    expected: g.expect,
    derived,
    steps: proof ? countSteps(proof) : 0,
    proof,
    ...(derived ? { missing: [] } : explainMissing(p, db, u, g.formula)),
    ...(g.because ? { because: g.because } : {}),
  };
}

/**
 * The paper's idealization asks that a principal only send formulas it believes (the paper's discussion of idealized protocols); a
 * statement signed with Q's key, or marked "from Q", that Q is not derived to believe is reported, once per
 * statement. It does not change any verdict: the warning says the idealization, not the protocol, needs a look.
 */
function idealizationWarnings(p: Protocol, db: FactBase): string[] {
  const owners = new Map<number, Term[]>();
  for (const a of p.assumptions) {
    const f = a.formula;
    if (f.k === 'believes' && f.x.k === 'pubKey') {
      const k = db.terms.id(f.x.key);
      const list = owners.get(k) ?? [];
      if (!list.some((q) => db.same(q, (f.x as { p: Term }).p))) list.push(f.x.p);
      owners.set(k, list);
    }
  }
  const out = new Set<string>();
  for (const m of p.messages) {
    db.terms.walk(m.body, new Set(), (t) => {
      if (t.k !== 'enc') return;
      const speakers = t.from ? [t.from] : t.key.k === 'inv' ? (owners.get(db.terms.id(t.key.key)) ?? []) : [];
      for (const q of speakers)
        for (const f of t.body.k === 'tuple' ? t.body.items : [t.body]) {
          if (!isFormula(f) || f.k === 'tuple') continue;
          if (!db.has(believes(q, f)))
            out.add(`message ${m.label}: ${show(q)} states ${show(f)} but is not derived to believe it`);
        }
    });
  }
  return [...out];
}

/**
 * A fact's proof, premises under their conclusion, built from an explicit stack (a proof can be as deep as the
 * protocol's nesting). A fact used twice is one node, shared: the tree reads the same, in text and in JSON.
 */
function proofTree(db: FactBase, goal: number): ProofNode {
  const nodes = new Map<number, ProofNode>();
  const stack: { id: number; ready: boolean }[] = [{ id: goal, ready: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (nodes.has(top.id)) continue;
    const f = db.get(top.id)!;
    if (top.ready) {
      nodes.set(top.id, { fact: show(f.term), rule: f.rule, premises: f.premises.map((i) => nodes.get(i)!) });
      continue;
    }
    // Premises always come from earlier rounds, so there is no cycle.
    stack.push({ id: top.id, ready: true });
    for (const i of f.premises) if (!nodes.has(i)) stack.push({ id: i, ready: false });
  }
  return nodes.get(goal)!;
}

/**
 * Distinct rule applications in a proof (a fact used twice is counted once). Facts are told apart by node: the
 * engine builds one node per fact, and comparing nodes rather than their text keeps this linear in a deep proof,
 * whose facts' texts grow with their depth.
 */
function countSteps(n: ProofNode): number {
  let steps = 0;
  const visited = new Set<ProofNode>();
  const stack = [n];
  while (stack.length > 0) {
    const x = stack.pop()!;
    if (visited.has(x)) continue;
    visited.add(x);
    if (x.premises.length > 0 || !(x.rule === 'assumption' || x.rule.startsWith('message '))) steps++;
    stack.push(...x.premises);
  }
  return steps;
}

/** A proof tree as indented text, premises under their conclusion. */
export function renderProof(n: ProofNode, indent = ''): string {
  return renderProofLines(n, indent).join('\n');
}

/**
 * The lines of `renderProof`, built from an explicit stack (proofs can be as deep as the protocol's nesting); a
 * caller printing a very deep proof writes them one by one rather than joining them into one string.
 */
export function renderProofLines(n: ProofNode, indent = ''): string[] {
  const lines: string[] = [];
  const stack: { n: ProofNode; indent: string }[] = [{ n, indent }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    lines.push(`${top.indent}${top.n.fact}    [${top.n.rule}]`);
    for (let i = top.n.premises.length - 1; i >= 0; i--)
      stack.push({ n: top.n.premises[i]!, indent: top.indent + '  ' });
  }
  return lines;
}

/* ---------------------------------------------------------------------------------------------------------------- */
/* Closest missing premises                                                                                          */
/* ---------------------------------------------------------------------------------------------------------------- */

const SEARCH_DEPTH = 7;
const INF = Number.POSITIVE_INFINITY;
const ROOT_LEAF_COST = 1e6;

interface Plan {
  /** Weighted count of the underivable leaves the plan needs (see leafCost). */
  cost: number;
  /** Derived facts the plan uses: among plans needing as many new facts, the one building on more is closer. */
  support: number;
  /** How far below the goal the deepest missing leaf sits: the shallower, the closer the explanation. */
  depth: number;
  missing: string[];
}

/** Fewer missing facts first; then anything that builds on derived facts beats restating the goal; then shallower. */
function better(a: Plan, b: Plan): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.support > 0 !== b.support > 0) return a.support > 0;
  if (a.depth !== b.depth) return a.depth < b.depth;
  return a.support > b.support;
}

/**
 * Backward search: the ways each rule could conclude `goal` from terms of the protocol, recursively, keeping the
 * alternative with the fewest underivable leaves. A leaf is a fact that is neither derived nor the conclusion of
 * any rule instance within the depth bound. The result is a set of facts which, added as assumptions or messages,
 * would let the goal be derived.
 */
function searchMissing(p: Protocol, db: FactBase, u: Universe, goal: Term): { missing: Term[]; restated: boolean } {
  const id = (t: Term) => db.terms.id(t);
  const byBody = (k: 'enc' | 'comb') => {
    const m = new Map<number, Term[]>();
    for (const t of u.terms) {
      if (t.k !== k || db.terms.hasVars[id(t)]) continue;
      const b = id(t.body);
      const list = m.get(b);
      if (list) list.push(t);
      else m.set(b, [t]);
    }
    return m;
  };
  const encsOf = byBody('enc');
  const combsOf = byBody('comb');
  const publicKeys = new Set<number>();
  for (const f of db.records) if (f.term.k === 'believes' && f.term.x.k === 'pubKey') publicKeys.add(id(f.term.x.key));
  const senderOf = new Map<number, Term>();
  for (const m of p.messages)
    db.terms.walk(m.body, new Set(), (t, i) => {
      if (t.k === 'enc' && !senderOf.has(i)) senderOf.set(i, m.from);
    });
  const sharedWithOther = (P: Term, K: Term, Q: Term) =>
    db.sharedKeysOf(P, K).some((f) => !db.same((f.term as { x: { a: Term } }).x.a, Q));
  const memo = new Map<string, Plan>();
  const active = new Set<string>();

  const alternatives = (g: Term): Term[][] => {
    const alts: Term[][] = [];
    // The combinations a decomposition rule can conclude x from: those with x as an item and, for a combination x,
    // those with all of x's items (x is then one of their sub-combinations).
    const containing = (x: Term) => {
      if (x.k !== 'tuple') return db.tuplesContaining(x).map((c) => c.t);
      const items = new Set(x.items.map(id));
      return db
        .tuplesContaining(x.items[0]!)
        .map((c) => c.t)
        .filter((t) => t !== x && id(t) !== id(x) && [...items].every((i) => db.terms.kids[id(t)]!.includes(i)));
    };
    if (g.k === 'believes') {
      const P = g.p;
      const X = g.x;
      if (X.k === 'tuple') alts.push(X.items.map((i) => believes(P, i)));
      for (const t of containing(X)) alts.push([believes(P, t)]);
      // Jurisdiction: an existing jurisdiction assumption that covers X, or one that would have to be added.
      // Proposing a new jurisdiction assumption is limited to statements about keys, secrets, freshness and data,
      // so that the search does not nest beliefs without bound.
      const canPropose = X.k !== 'believes' && X.k !== 'said' && X.k !== 'sees' && X.k !== 'controls';
      for (const q of p.principals) {
        if (eq(q, P)) continue;
        const c = db.jurisdictionOf(P, q).find((f) => db.matches((f.term as { x: { x: Term } }).x.x, X));
        if (c) alts.push([c.term, believes(P, believes(q, X))]);
        else if (canPropose) alts.push([believes(P, controls(q, X)), believes(P, believes(q, X))]);
      }
      if (X.k === 'believes') {
        // Nonce verification, only where the forward rule applies it: X must be cleartext.
        if (db.cleartext(X.x)) alts.push([believes(P, fresh(X.x)), believes(P, said(X.p, X.x))]);
        for (const t of containing(X.x)) alts.push([believes(P, believes(X.p, t))]);
      }
      if (X.k === 'said') {
        const Q = X.p;
        for (const t of containing(X.x)) alts.push([believes(P, said(Q, t))]);
        for (const e of encsOf.get(id(X.x)) ?? []) {
          if (e.k !== 'enc') continue;
          // A ciphertext marked as sent by someone else is no evidence of what Q said.
          if (e.from && !eq(e.from, Q)) continue;
          if (e.key.k === 'inv') alts.push([believes(P, pubKey(e.key.key, Q)), sees(P, e)]);
          // A key that is someone's public key cannot authenticate its sender; do not suggest sharing it.
          // Nor is a key P already shares with a third party evidence of Q's words.
          else if (!publicKeys.has(id(e.key)) && !sharedWithOther(P, e.key, Q))
            alts.push([believes(P, sharedKey(Q, e.key, P)), sees(P, e)]);
        }
        for (const c of combsOf.get(id(X.x)) ?? [])
          if (c.k === 'comb') alts.push([believes(P, secret(Q, c.secret, P)), sees(P, c)]);
      }
      if (X.k === 'fresh' && X.x.k === 'tuple') for (const i of X.x.items) alts.push([believes(P, fresh(i))]);
    } else if (g.k === 'sees') {
      const P = g.p;
      for (const t of containing(g.x)) alts.push([sees(P, t)]);
      for (const e of encsOf.get(id(g.x)) ?? []) {
        if (e.k !== 'enc') continue;
        if (e.key.k === 'inv') continue; // anyone who sees a signature sees its body once the key is believed
        // Decrypting needs the key: shared with the sender (a ciphertext's "from", else the sender of the message
        // that carries it), unless the key is known as someone's public key, which only its owner can undo.
        const sender = e.from ?? senderOf.get(id(e));
        if (sender && !db.same(sender, P) && !publicKeys.has(id(e.key)))
          alts.push([sees(P, e), believes(P, sharedKey(sender, e.key, P))]);
        alts.push([sees(P, e), believes(P, pubKey(e.key, P))]);
      }
    }
    return alts;
  };

  // A missing assumption (freshness, jurisdiction, a key or secret) is a cheaper explanation than a missing
  // statement by another principal, which would need a new message. (Symmetry is not searched backwards: a key
  // statement and its mirror image are derived together or not at all.)
  const leafCosts = new Map<string, number>();
  const termOf = new Map<string, Term>();
  const leafCost = (g: Term): number => {
    const assumable = g.k === 'believes' && ['fresh', 'controls', 'sharedKey', 'pubKey', 'secret'].includes(g.x.k);
    // A whole combination as one missing fact explains less than one of its parts.
    const aboutTuple =
      (g.k === 'believes' || g.k === 'sees') && (g.x.k === 'tuple' || ('x' in g.x && g.x.x.k === 'tuple'));
    const c = assumable ? 1 : aboutTuple ? 3 : 2;
    leafCosts.set(show(g), c);
    termOf.set(show(g), g);
    return c;
  };

  const plan = (g: Term, depth: number): Plan => {
    const key = show(g);
    if (db.has(g)) return { cost: 0, support: 1, depth: 0, missing: [] };
    const memoKey = `${depth}:${key}`;
    const m = memo.get(memoKey);
    if (m) return m;
    if (active.has(key)) return { cost: INF, support: 0, depth: 0, missing: [] };
    // The goal itself is named as missing only when no rule could conclude it at all.
    const leaf: Plan = {
      cost: depth === SEARCH_DEPTH ? ROOT_LEAF_COST : leafCost(g),
      support: 0,
      depth: 0,
      missing: [key],
    };
    if (depth === 0) return leaf;
    active.add(key);
    let best = leaf;
    for (const alt of alternatives(g)) {
      const parts = alt.map((x) => plan(x, depth - 1));
      const missingTerms = new Map(parts.flatMap((x) => x.missing).map((k) => [k, k] as const));
      const missing = [...missingTerms.keys()];
      const cost = parts.some((x) => x.cost === INF) ? INF : missing.reduce((n, k) => n + (leafCosts.get(k) ?? 1), 0);
      const support = parts.reduce((n, x) => n + x.support, 0);
      const leafDepth = 1 + Math.max(...parts.map((x) => (x.cost > 0 ? x.depth : 0)));
      const cand: Plan = { cost, support, depth: leafDepth, missing };
      if (better(cand, best)) best = cand;
    }
    active.delete(key);
    memo.set(memoKey, best);
    return best;
  };

  const best = plan(goal, SEARCH_DEPTH);
  const restated = best.cost >= ROOT_LEAF_COST;
  return { missing: restated ? [] : best.missing.map((k) => termOf.get(k)!), restated };
}

/** How many times a suggestion that does not derive the goal is extended by a new search before giving up. */
const MAX_REFINEMENTS = 4;

/** The protocol with extra assumptions. */
function withPremises(p: Protocol, premises: readonly Term[]): Protocol {
  return { ...p, assumptions: [...p.assumptions, ...premises.map((formula) => ({ formula }))] };
}

/** Whether the protocol derives `goal`, and its fact base and universe. */
function fixpoint(p: Protocol): { db: FactBase; u: Universe } {
  const terms = new Interner();
  const u = universe(p, terms);
  return { db: saturate(p, terms, u).db, u };
}

/**
 * The closest missing premises of a goal that is not derived, checked: the backward search proposes a set of
 * facts, the protocol is analysed again with them as assumptions, and the set is reported only if the goal is then
 * derived (a proposal that falls short is extended by searching again from the strengthened protocol, a few times),
 * after dropping every fact the derivation does without. When no rule can conclude the goal from the protocol's
 * terms, or no proposal derives it, nothing is suggested and the reason is given instead.
 */
function explainMissing(
  p: Protocol,
  db: FactBase,
  u: Universe,
  goal: Term,
): { missing: string[]; unreachable?: string } {
  const first = searchMissing(p, db, u, goal);
  let premises = first.missing;
  for (let i = 0; !first.restated && i <= MAX_REFINEMENTS; i++) {
    const next = fixpoint(withPremises(p, premises));
    if (next.db.has(goal)) return { missing: minimalPremises(p, premises, goal).map(show) };
    const more = searchMissing(p, next.db, next.u, goal);
    const known = new Set(premises.map(show));
    const fresh_ = more.missing.filter((m) => !known.has(show(m)));
    if (more.restated || fresh_.length === 0) break;
    premises = [...premises, ...fresh_];
  }
  return { missing: [], unreachable: whyUnreachable(p, db, u, goal) };
}

/** Drops, one at a time in order, every premise without which the goal is still derived. */
function minimalPremises(p: Protocol, premises: readonly Term[], goal: Term): Term[] {
  let kept = [...premises];
  for (const m of premises) {
    if (kept.length === 1) break;
    const without = kept.filter((x) => x !== m);
    if (fixpoint(withPremises(p, without)).db.has(goal)) kept = without;
  }
  return kept;
}

/**
 * Why no premise is suggested: the structural reason where one is recognised (what the goal needs and why the
 * protocol's messages cannot provide it under BAN's rules), else the search's bound.
 */
function whyUnreachable(p: Protocol, db: FactBase, u: Universe, goal: Term): string {
  const id = (t: Term) => db.terms.id(t);
  if (goal.k === 'believes' && goal.x.k === 'said') {
    const P = goal.p;
    const Q = goal.x.p;
    const X = goal.x.x;
    // What carries X: X itself, or a combination with X as an item (or, for a combination X, all of X's items).
    const xs = new Set(X.k === 'tuple' ? X.items.map(id) : [id(X)]);
    const carries = (body: Term) =>
      id(body) === id(X) || (body.k === 'tuple' && [...xs].every((i) => body.items.some((b) => id(b) === i)));
    const carriers = u.terms.filter((t) => (t.k === 'enc' || t.k === 'comb') && carries(t.body));
    if (carriers.length === 0)
      return `${show(X)} is never sent encrypted, signed or combined with a secret, so no message-meaning rule concludes who said it`;
    const publicKeys = new Set<number>();
    for (const f of db.records)
      if (f.term.k === 'believes' && f.term.x.k === 'pubKey') publicKeys.add(id(f.term.x.key));
    const how = carriers.map((c) => {
      if (c.k === 'comb') return `${show(c)} (combined with ${show(c.secret)})`;
      const e = c as Extract<Term, { k: 'enc' }>;
      if (e.from && db.same(e.from, P)) return `${show(e)}, marked as sent by ${show(P)} itself`;
      if (e.from && !db.same(e.from, Q)) return `${show(e)}, marked as sent by ${show(e.from)}`;
      if (e.key.k !== 'inv' && publicKeys.has(id(e.key)))
        return `${show(e)}, encrypted under the public key ${show(e.key)}, which does not show who encrypted it`;
      const others = db
        .sharedKeysOf(P, e.key)
        .map((f) => (f.term as { x: { a: Term } }).x.a)
        .filter((a) => !db.same(a, Q));
      if (e.key.k !== 'inv' && others.length > 0)
        return `${show(e)}, under ${show(e.key)}, which ${show(P)} believes it shares with ${show(others[0]!)}`;
      return show(e);
    });
    return `${show(X)} reaches ${show(P)} only in ${how.join('; ')}: no message-meaning rule can conclude that ${show(Q)} said it`;
  }
  if (goal.k === 'believes' && goal.x.k === 'believes' && !db.cleartext(goal.x.x))
    return `${show(goal.x.x)} contains ciphertext, and nonce-verification applies only to cleartext (BAN 1990), so ${show(goal.p)} cannot conclude from a fresh message that ${show(goal.x.p)} believes it`;
  if (goal.k === 'sees' && !u.terms.some((t) => db.same(t, goal.x))) return `${show(goal.x)} occurs in no message`;
  return `no rule of the logic concludes it from the terms of this protocol (backward search to depth ${SEARCH_DEPTH})`;
}
