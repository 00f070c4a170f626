/**
 * Forward chaining for BAN logic (Burrows-Abadi-Needham, ACM TOCS 8(1) 1990, sections "The Formalism" and
 * "Protocol Analysis"): the initial facts are the assumptions and, for every idealized message "P -> Q: X", the fact
 * Q <| X (the paper's annotation of a message); the rules of rules.ts are applied in rounds until nothing new
 * follows. Every fact keeps the first derivation found for it, and because facts found in round n are only used from
 * round n+1 on, that derivation has the least possible depth. A goal's proof tree is read back from those records.
 *
 * The paper annotates a protocol message by message; since every rule is monotone, applying them to all
 * messages at once reaches the same final set of beliefs, which is what the goals are checked against.
 *
 * For a goal that is not derived, `missingPremises` runs a bounded backward search over the same rules and reports
 * the smallest set of underivable facts that would complete a proof (the "closest missing premises").
 */
import { type Derivation, type FactView, isCleartext, rules } from './rules.js';
import {
  type Term,
  believes,
  controls,
  eq,
  fresh,
  hasVars,
  isFormula,
  match,
  pubKey,
  said,
  secret,
  sees,
  sharedKey,
  show,
  subterms,
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
  /** For a goal not derived: the closest set of facts that would complete a proof. */
  missing: string[];
  because?: string;
}

export interface Analysis {
  protocol: Protocol;
  facts: ReadonlyMap<string, { term: Term; why: Justification }>;
  rounds: number;
  results: GoalResult[];
  /** Statements a principal sends under its own key or "from" field without the engine deriving that it believes them. */
  warnings: string[];
}

class FactBase implements FactView {
  readonly facts = new Map<string, { term: Term; why: Justification }>();
  readonly beliefs: { p: Term; x: Term }[] = [];
  readonly sightings: { p: Term; x: Term }[] = [];
  constructor(
    readonly universeTuples: readonly Term[],
    readonly principals: readonly Term[],
  ) {}
  has(t: Term): boolean {
    return this.facts.has(show(t));
  }
  add(t: Term, why: Justification): boolean {
    const key = show(t);
    if (this.facts.has(key)) return false;
    this.facts.set(key, { term: t, why });
    if (t.k === 'believes') this.beliefs.push({ p: t.p, x: t.x });
    else if (t.k === 'sees') this.sightings.push({ p: t.p, x: t.x });
    return true;
  }
}

/**
 * The sub-terms of everything in the protocol, plus reversed keys and secrets (their symmetric forms), plus the
 * cleartext part of every combination that carries ciphertext: nonce-verification applies only to cleartext, so
 * `(Ta, Na, Xa)` must be a combination the rules may form from `(Ta, Na, Xa, {Ya}Kb)`.
 */
function universe(p: Protocol): Map<string, Term> {
  const u = new Map<string, Term>();
  for (const a of p.assumptions) subterms(a.formula, u);
  for (const m of p.messages) subterms(m.body, u);
  for (const g of p.goals) subterms(g.formula, u);
  for (const t of [...u.values()]) {
    if (t.k === 'sharedKey') subterms(sharedKey(t.b, t.key, t.a), u);
    if (t.k === 'secret') subterms(secret(t.b, t.y, t.a), u);
    if (t.k === 'tuple') {
      const clear = t.items.filter(isCleartext);
      if (clear.length >= 2 && clear.length < t.items.length) subterms(tuple(clear), u);
    }
  }
  return u;
}

/** A hard ceiling on rounds; the universe bound makes the fixpoint finite, this only guards against a bug. */
const MAX_ROUNDS = 10_000;

export function analyse(p: Protocol): Analysis {
  const u = universe(p);
  const tuples = [...u.values()].filter((t) => t.k === 'tuple' && !hasVars(t));
  const db = new FactBase(tuples, p.principals);
  for (const a of p.assumptions) db.add(a.formula, { rule: 'assumption', premises: [] });
  for (const m of p.messages) db.add(sees(m.to, m.body), { rule: `message ${m.label}`, premises: [] });

  let rounds = 0;
  for (;;) {
    rounds++;
    if (rounds > MAX_ROUNDS) throw new Error(`BAN fixpoint not reached after ${MAX_ROUNDS} rounds (engine bug)`);
    const found: { d: Derivation; rule: string }[] = [];
    for (const r of rules) for (const d of r.apply(db)) if (!db.has(d.conclusion)) found.push({ d, rule: r.name });
    let added = 0;
    for (const { d, rule } of found) if (db.add(d.conclusion, { rule, premises: d.premises.map(show) })) added++;
    if (added === 0) break;
  }

  const results = p.goals.map((g) => goalResult(p, db, u, g));
  return { protocol: p, facts: db.facts, rounds, results, warnings: idealizationWarnings(p, db) };
}

function goalResult(p: Protocol, db: FactBase, u: Map<string, Term>, g: Goal): GoalResult {
  const key = show(g.formula);
  const derived = db.facts.has(key);
  const proof = derived ? proofTree(db.facts, key) : null;
  return {
    protocol: p.name,
    goal: g.name,
    formula: key,
    expected: g.expect,
    derived,
    steps: proof ? countSteps(proof) : 0,
    proof,
    missing: derived ? [] : missingPremises(p, db, u, g.formula),
    ...(g.because ? { because: g.because } : {}),
  };
}

/**
 * The paper's idealization asks that a principal only send formulas it believes (the paper's discussion of idealized protocols); a
 * statement signed with Q's key, or marked "from Q", that Q is not derived to believe is reported, once per
 * statement. It does not change any verdict: the warning says the idealization, not the protocol, needs a look.
 */
function idealizationWarnings(p: Protocol, db: FactBase): string[] {
  const owners = new Map<string, Term[]>();
  for (const a of p.assumptions) {
    const f = a.formula;
    if (f.k === 'believes' && f.x.k === 'pubKey') {
      const k = show(f.x.key);
      const list = owners.get(k) ?? [];
      if (!list.some((q) => eq(q, (f.x as { p: Term }).p))) list.push(f.x.p);
      owners.set(k, list);
    }
  }
  const out = new Set<string>();
  for (const m of p.messages) {
    for (const t of subterms(m.body).values()) {
      if (t.k !== 'enc') continue;
      const speakers = t.from ? [t.from] : t.key.k === 'inv' ? (owners.get(show(t.key.key)) ?? []) : [];
      for (const q of speakers)
        for (const f of t.body.k === 'tuple' ? t.body.items : [t.body]) {
          if (!isFormula(f) || f.k === 'tuple') continue;
          if (!db.has(believes(q, f)))
            out.add(`message ${m.label}: ${show(q)} states ${show(f)} but is not derived to believe it`);
        }
    }
  }
  return [...out];
}

export function proofTree(facts: ReadonlyMap<string, { why: Justification }>, key: string): ProofNode {
  const f = facts.get(key);
  if (!f) throw new Error(`no such fact: ${key}`);
  // Premises always come from earlier rounds, so the recursion is well-founded.
  return { fact: key, rule: f.why.rule, premises: f.why.premises.map((k) => proofTree(facts, k)) };
}

/** Distinct rule applications in a proof (a fact used twice is counted once). */
export function countSteps(n: ProofNode): number {
  const seen = new Set<string>();
  const walk = (x: ProofNode) => {
    if (seen.has(x.fact)) return;
    if (x.premises.length > 0 || !(x.rule === 'assumption' || x.rule.startsWith('message '))) seen.add(x.fact);
    x.premises.forEach(walk);
  };
  walk(n);
  return seen.size;
}

/** A proof tree as indented text, premises under their conclusion. */
export function renderProof(n: ProofNode, indent = ''): string {
  const lines = [`${indent}${n.fact}    [${n.rule}]`];
  for (const c of n.premises) lines.push(renderProof(c, indent + '  '));
  return lines.join('\n');
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
export function missingPremises(p: Protocol, db: FactView, u: Map<string, Term>, goal: Term): string[] {
  const all = [...u.values()].filter((t) => !hasVars(t));
  const tuples = all.filter((t) => t.k === 'tuple');
  const encs = all.filter((t) => t.k === 'enc');
  const combs = all.filter((t) => t.k === 'comb');
  const controlsOf = db.beliefs.filter((b) => b.x.k === 'controls');
  const publicKeys = new Set(db.beliefs.flatMap((b) => (b.x.k === 'pubKey' ? [show(b.x.key)] : [])));
  const sharedWithOther = (P: Term, K: Term, Q: Term) =>
    db.beliefs.some((b) => eq(b.p, P) && b.x.k === 'sharedKey' && eq(b.x.key, K) && eq(b.x.b, P) && !eq(b.x.a, Q));
  const memo = new Map<string, Plan>();
  const active = new Set<string>();

  const alternatives = (g: Term): Term[][] => {
    const alts: Term[][] = [];
    const containing = (x: Term) => tuples.filter((t) => t.k === 'tuple' && t.items.some((i) => eq(i, x)));
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
        const c = controlsOf.find((b) => eq(b.p, P) && b.x.k === 'controls' && eq(b.x.p, q) && match(b.x.x, X));
        if (c) alts.push([believes(P, c.x), believes(P, believes(q, X))]);
        else if (canPropose) alts.push([believes(P, controls(q, X)), believes(P, believes(q, X))]);
      }
      if (X.k === 'believes') {
        alts.push([believes(P, fresh(X.x)), believes(P, said(X.p, X.x))]);
        for (const t of containing(X.x)) alts.push([believes(P, believes(X.p, t))]);
      }
      if (X.k === 'said') {
        const Q = X.p;
        for (const t of containing(X.x)) alts.push([believes(P, said(Q, t))]);
        for (const e of encs) {
          if (e.k !== 'enc' || !eq(e.body, X.x)) continue;
          // A ciphertext marked as sent by someone else is no evidence of what Q said.
          if (e.from && !eq(e.from, Q)) continue;
          if (e.key.k === 'inv') alts.push([believes(P, pubKey(e.key.key, Q)), sees(P, e)]);
          // A key that is someone's public key cannot authenticate its sender; do not suggest sharing it.
          // Nor is a key P already shares with a third party evidence of Q's words.
          else if (!publicKeys.has(show(e.key)) && !sharedWithOther(P, e.key, Q))
            alts.push([believes(P, sharedKey(Q, e.key, P)), sees(P, e)]);
        }
        for (const c of combs) {
          if (c.k === 'comb' && eq(c.body, X.x)) alts.push([believes(P, secret(Q, c.secret, P)), sees(P, c)]);
        }
      }
      if (X.k === 'fresh' && X.x.k === 'tuple') for (const i of X.x.items) alts.push([believes(P, fresh(i))]);
    } else if (g.k === 'sees') {
      const P = g.p;
      for (const t of containing(g.x)) alts.push([sees(P, t)]);
      for (const e of encs) {
        if (e.k !== 'enc' || !eq(e.body, g.x)) continue;
        if (e.key.k === 'inv') continue; // anyone who sees a signature sees its body once the key is believed
        alts.push([sees(P, e), believes(P, pubKey(e.key, P))]);
      }
    }
    return alts;
  };

  // A missing assumption (freshness, jurisdiction, a key or secret) is a cheaper explanation than a missing
  // statement by another principal, which would need a new message. (Symmetry is not searched backwards: a key
  // statement and its mirror image are derived together or not at all.)
  const leafCosts = new Map<string, number>();
  const leafCost = (g: Term): number => {
    const assumable = g.k === 'believes' && ['fresh', 'controls', 'sharedKey', 'pubKey', 'secret'].includes(g.x.k);
    // A whole combination as one missing fact explains less than one of its parts.
    const aboutTuple =
      (g.k === 'believes' || g.k === 'sees') && (g.x.k === 'tuple' || ('x' in g.x && g.x.x.k === 'tuple'));
    const c = assumable ? 1 : aboutTuple ? 3 : 2;
    leafCosts.set(show(g), c);
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

  return plan(goal, SEARCH_DEPTH).missing;
}
