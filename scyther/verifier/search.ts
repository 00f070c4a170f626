/**
 * Backward search for attacks on one claim, after Scyther's pattern-refinement algorithm (C. Cremers, "Unbounded
 * verification, falsification, and characterization of security protocols by pattern refinement", CCS 2008;
 * Scyther `src/arachne.c`). A pattern is a set of runs (each a prefix of a role, with symbolic agents and
 * variables), ordering constraints between their events, and open goals "the intruder knows t before event e".
 * The search starts from the claim run (the claim event and everything before it in its role, all its agents
 * trusted) and refines the pattern by solving one goal at a time, in every possible way:
 *
 * - t is public (an agent name, a public constant) or trivially composed from public parts: solved as is;
 * - t was already solved for an event no later than this one: solved by that;
 * - t is a pair: both halves become goals (getting the pair from a message yields its halves anyway);
 * - t unifies with a term of the intruder's initial knowledge M0 (sk(Eve), k(Alice,Eve), ...);
 * - the intruder composes t = {m}k (or f(m) for a function it knows) from goals m and k;
 * - t unifies with an accessible subterm of a message sent by an existing or a new run (bounded by maxRuns); every
 *   encryption around it adds a goal for its inverse key, and the send is ordered before the goal's event.
 *
 * Variable goals are postponed: a pattern whose open goals are all variables is complete, because the intruder can
 * instantiate those variables with values it generates itself (of the declared type: typed matching, Scyther's
 * default `--match=0`). A complete pattern's most general instance is a trace; the claim is checked on it exactly as
 * Scyther does (`src/claim.c`): secrecy is violated when the secret's goal is solved, authentication claims are
 * checked on the pattern and, because they are monotone in added events and substitutions, a partial pattern in
 * which an authentication claim already holds is pruned (claim.c, prune_claim_specifics).
 *
 * The search is complete up to the run bound: when no branch was cut by the bound, "no attack" is a proof for any
 * number of runs (Scyther's "proof of correctness"); otherwise it is "no attack within bounds".
 */
import type { ClaimSpec, Model, RoleSpec } from './model.js';
import { K, type TermTable } from './terms.js';
import { showTerm as showTermDebug } from './trace.js';

export class SearchTimeout extends Error {
  constructor(readonly nodes = 0) {
    super('search timed out');
  }
}

export interface SearchOptions {
  maxRuns: number;
  /** Absolute deadline (ms since epoch). */
  deadline: number;
}

/** A snapshot of a complete attack pattern, with every term fully substituted. */
export interface AttackPattern {
  claim: ClaimSpec;
  runs: {
    protocol: string;
    role: string;
    /** Role name -> agent term. */
    rho: [string, number][];
    /** Events executed (the run's prefix), with substituted terms. */
    events: { kind: string; label: string; from: number; to: number; msg: number; claimType?: string }[];
    helper: boolean;
  }[];
  /** Ordering constraints [run, event] -> [run, event] (intra-run order is implicit). */
  edges: [number, number, number, number][];
  /** How each intruder goal was obtained. */
  derivations: { term: number; run: number; ev: number; how: string; srcRun: number }[];
  /** Unbound variables left in the pattern, with their types: the intruder instantiates them. */
  freeVars: { term: number; types: string[] }[];
  /** The claim's secret (for Secret/SKR), substituted. */
  secret?: number;
}

export interface SearchResult {
  attack?: AttackPattern;
  /** The run bound cut at least one branch. */
  boundHit: boolean;
  nodes: number;
}

interface Run {
  role: RoleSpec;
  step: number;
  slots: number[];
  /** Instantiated (not substituted) message/from/to per event: 3 entries per event, -1 when not yet computed. */
  cache: number[];
}

interface Goal {
  term: number;
  run: number;
  ev: number;
  open: boolean;
  parent: Goal | null;
  how: string;
  /** Where the intruder has the term once the goal is solved: an event (a send or an intruder node), or null
   * when it is known from the start. */
  srcRun: number;
  srcEv: number;
}

type Option =
  | { kind: 'm0'; term: number }
  | { kind: 'compose' }
  | { kind: 'send'; run: number; role: RoleSpec | null; ev: number; sub: number; keys: number[]; path: string };

/**
 * Intruder derivation steps are nodes of the ordering too (Scyther's intruder runs): a composition or a decryption
 * happens at a node that precedes the event needing its result, and its own goals precede the node.
 */
const INTRUDER_PROTOCOL: import('./model.js').ProtocolSpec = {
  name: '#intruder',
  helper: true,
  roles: [],
  roleNames: [],
};
const INTRUDER_ROLE: RoleSpec = {
  index: -1,
  protocol: INTRUDER_PROTOCOL,
  name: '#intruder',
  slots: [],
  rhoSlots: [],
  actorSlot: -1,
  events: [{ kind: 'intruder', label: '', ignore: true, from: -1, to: -1, msg: -1, line: 0 }],
  sendIndices: [],
};

const HEURISTIC_SKK = process.env.VERIFIER_NO_SKK === undefined;

export function searchClaim(model: Model, claim: ClaimSpec, opts: SearchOptions): SearchResult {
  return new Search(model, claim, opts).run();
}

class Search {
  private readonly T: TermTable;
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];
  private bind: number[] = [];
  private vtypes: string[][] = [];
  private trail: number[] = [];
  private undo: (() => void)[] = [];
  private runs: Run[] = [];
  private goals: Goal[] = [];
  private edges: [number, number, number, number][] = [];
  private notEqual: [number, number][] = [];
  private boundHit = false;
  private nodes = 0;
  private readonly isSecrecy: boolean;
  private attack: AttackPattern | undefined;
  private readonly underivable = new Set<number>();

  constructor(
    private readonly model: Model,
    private readonly claim: ClaimSpec,
    private readonly opts: SearchOptions,
  ) {
    this.T = model.table;
    this.kind = this.T.kind;
    this.A = this.T.a;
    this.B = this.T.b;
    this.isSecrecy = claim.type === 'Secret' || claim.type === 'SKR';
    this.skConst = this.T.findConstant('sk') ?? -2;
    // Reachable(R1, R2, ...) trusts only the listed roles' agents (claim.c, add_claim_specifics); others trust all.
    const ev = claim.role.events[claim.index]!;
    this.trustedSlots = claim.role.rhoSlots;
    if (claim.type === 'Reachable' && ev.msg >= 0) {
      const listed = new Set<number>();
      const walk = (t: number): void => {
        if (this.kind[t] === K.Slot) listed.add(this.A[t]!);
        else if (this.kind[t] === K.Tup) {
          walk(this.A[t]!);
          walk(this.B[t]!);
        }
      };
      walk(ev.msg);
      this.trustedSlots = claim.role.rhoSlots.filter((x) => listed.has(x));
    }
    this.kConst = this.T.findConstant('k') ?? -2;
    // Function symbols the intruder does not know never occur as message parts: goals on them cannot be met.
    for (let c = 0; c < this.T.consts.length; c++) {
      const s = this.T.consts[c]!;
      if (!s.public && s.types.includes('Function')) this.underivable.add(this.T.findConstant(s.name, s.run)!);
    }
  }

  run(): SearchResult {
    const c = this.claim;
    const r0 = this.newRun(c.role);
    if (!this.extend(r0, c.index + 1)) return { boundHit: false, nodes: 0 };
    if (this.isSecrecy) {
      const msg = this.evTerm(r0, c.index, 0);
      this.addGoal(msg, r0, c.index, null, 'secret');
    }
    this.dfs();
    return { attack: this.attack, boundHit: this.boundHit, nodes: this.nodes };
  }

  // ---------------------------------------------------------------- terms, substitution, unification

  private deref(t: number): number {
    while (this.kind[t] === K.Var) {
      const b = this.bind[this.A[t]!]!;
      if (b < 0) return t;
      t = b;
    }
    return t;
  }

  private bindVersion = 0;
  private resolveCache = new Map<number, number>();
  private resolveVersion = -1;

  /** Apply the current substitution fully; hash-consing makes the result comparable with ===. */
  resolve(t: number): number {
    if (this.resolveVersion !== this.bindVersion) {
      this.resolveCache.clear();
      this.resolveVersion = this.bindVersion;
    }
    const hit = this.resolveCache.get(t);
    if (hit !== undefined) return hit;
    const r = this.resolveNow(t);
    this.resolveCache.set(t, r);
    return r;
  }

  private resolveNow(t: number): number {
    t = this.deref(t);
    const k = this.kind[t];
    if (k === K.Tup) {
      const a = this.resolve(this.A[t]!);
      const b = this.resolve(this.B[t]!);
      return a === this.A[t] && b === this.B[t] ? t : this.T.tup(a, b);
    }
    if (k === K.Enc) {
      const a = this.resolve(this.A[t]!);
      const b = this.resolve(this.B[t]!);
      return a === this.A[t] && b === this.B[t] ? t : this.T.enc(a, b);
    }
    return t;
  }

  private newVar(types: string[]): number {
    const id = this.bind.length;
    this.bind.push(-1);
    this.vtypes.push(types);
    this.undo.push(() => {
      this.bind.pop();
      this.vtypes.pop();
    });
    return this.T.variable(id);
  }

  private occurs(v: number, t: number): boolean {
    t = this.deref(t);
    if (t === v) return true;
    const k = this.kind[t];
    if (k === K.Tup || k === K.Enc) return this.occurs(v, this.A[t]!) || this.occurs(v, this.B[t]!);
    return false;
  }

  private bindVar(v: number, t: number): boolean {
    const vid = this.A[v]!;
    const vt = this.vtypes[vid]!;
    if (this.kind[t] === K.Var) {
      const tt = this.vtypes[this.A[t]!]!;
      if (vt.includes('Ticket')) return this.setVar(vid, t);
      if (tt.includes('Ticket')) return this.setVar(this.A[t]!, v);
      if (vt.some((x) => tt.includes(x))) return this.setVar(vid, t);
      return false;
    }
    if (vt.includes('Ticket')) {
      if (this.occurs(v, t)) return false;
      return this.setVar(vid, t);
    }
    if (this.kind[t] !== K.Const) return false;
    const ct = this.T.sym(t).types;
    if (!vt.some((x) => ct.includes(x))) return false;
    return this.setVar(vid, t);
  }

  private setVar(vid: number, t: number): boolean {
    this.bindVersion++;
    this.bind[vid] = t;
    this.trail.push(vid);
    return true;
  }

  /** Typed most general unifier, extending the current substitution (undone by restore). */
  unify(a: number, b: number): boolean {
    a = this.deref(a);
    b = this.deref(b);
    if (a === b) return true;
    if (this.kind[a] === K.Var) return this.bindVar(a, b);
    if (this.kind[b] === K.Var) return this.bindVar(b, a);
    const k = this.kind[a];
    if (k !== this.kind[b] || k === K.Const) return false;
    return this.unify(this.A[a]!, this.A[b]!) && this.unify(this.B[a]!, this.B[b]!);
  }

  /** Cheap necessary condition for unifiability (ignores variable sharing). */
  private mightUnify(a: number, b: number): boolean {
    a = this.deref(a);
    b = this.deref(b);
    if (a === b) return true;
    const ka = this.kind[a];
    const kb = this.kind[b];
    if (ka === K.Var) return this.typeOk(a, b);
    if (kb === K.Var) return this.typeOk(b, a);
    if (ka !== kb || ka === K.Const) return false;
    return this.mightUnify(this.A[a]!, this.A[b]!) && this.mightUnify(this.B[a]!, this.B[b]!);
  }

  private typeOk(v: number, t: number): boolean {
    const vt = this.vtypes[this.A[v]!]!;
    if (vt.includes('Ticket')) return true;
    if (this.kind[t] === K.Var) {
      const tt = this.vtypes[this.A[t]!]!;
      return tt.includes('Ticket') || vt.some((x) => tt.includes(x));
    }
    if (this.kind[t] !== K.Const) return false;
    const ct = this.T.sym(t).types;
    return vt.some((x) => ct.includes(x));
  }

  /** Inverse key (knowledge.c, inverseKey): declared inverse constants, inverse key functions, else itself. */
  inverse(k: number): number {
    k = this.deref(k);
    if (this.kind[k] === K.Const) return this.model.invConst.get(k) ?? k;
    if (this.kind[k] === K.Enc) {
      const f = this.deref(this.B[k]!);
      const g = this.model.invFunc.get(f);
      if (g !== undefined) return this.T.enc(this.A[k]!, g);
    }
    return k;
  }

  // ---------------------------------------------------------------- runs, events, ordering

  private inst(t: number, slots: number[]): number {
    const k = this.kind[t];
    if (k === K.Slot) return slots[this.A[t]!]!;
    if (k === K.Tup) return this.T.tup(this.inst(this.A[t]!, slots), this.inst(this.B[t]!, slots));
    if (k === K.Enc) return this.T.enc(this.inst(this.A[t]!, slots), this.inst(this.B[t]!, slots));
    return t;
  }

  /** Term of event `ev` of run `r`: which 0 = message, 1 = from, 2 = to. */
  evTerm(r: number, ev: number, which: 0 | 1 | 2): number {
    const run = this.runs[r]!;
    const i = ev * 3 + which;
    let t = run.cache[i]!;
    if (t < 0) {
      const e = run.role.events[ev]!;
      const tmpl = which === 0 ? e.msg : which === 1 ? e.from : e.to;
      t = tmpl < 0 ? -1 : this.inst(tmpl, run.slots);
      run.cache[i] = t;
    }
    return t;
  }

  private newRun(role: RoleSpec): number {
    const r = this.runs.length;
    const slots = role.slots.map((s) =>
      s.kind === 'fresh' ? this.T.constant(s.name, s.types, r, false) : this.newVar(s.types),
    );
    this.runs.push({ role, step: 0, slots, cache: new Array<number>(role.events.length * 3).fill(-1) });
    this.regular++;
    this.undo.push(() => {
      this.runs.pop();
      this.regular--;
    });
    return r;
  }

  private regular = 0;
  private regularRuns(): number {
    return this.regular;
  }

  /** A new intruder node (one event), ordered before (r, e). */
  private intruderNode(r: number, e: number): number {
    const n = this.runs.length;
    this.runs.push({ role: INTRUDER_ROLE, step: 1, slots: [], cache: [-1, -1, -1] });
    this.undo.push(() => void this.runs.pop());
    this.edges.push([n, 0, r, e]);
    this.orderVersion++;
    this.undo.push(() => {
      this.edges.pop();
      this.orderVersion++;
    });
    return n;
  }

  /** Extend run r to `step` events: receives become goals, matches unify, not-matches become constraints. */
  private extend(r: number, step: number): boolean {
    const run = this.runs[r]!;
    const old = run.step;
    if (step <= old) return true;
    run.step = step;
    this.undo.push(() => {
      run.step = old;
    });
    for (let i = old; i < step; i++) {
      const e = run.role.events[i]!;
      if (e.kind === 'recv') this.addGoal(this.evTerm(r, i, 0), r, i, null, '');
      else if (e.kind === 'match') {
        if (!this.unify(this.evTerm(r, i, 1), this.evTerm(r, i, 0))) return false;
      } else if (e.kind === 'notmatch') {
        const pair: [number, number] = [this.evTerm(r, i, 1), this.evTerm(r, i, 0)];
        this.notEqual.push(pair);
        this.undo.push(() => void this.notEqual.pop());
      }
    }
    return true;
  }

  private addGoal(term: number, run: number, ev: number, parent: Goal | null, how: string): Goal {
    const g: Goal = { term, run, ev, open: true, parent, how, srcRun: -1, srcEv: -1 };
    this.goals.push(g);
    this.undo.push(() => void this.goals.pop());
    return g;
  }

  /** Strict precedence a < b in the pattern's order (intra-run order plus binding edges, transitively). */
  precedes(r1: number, e1: number, r2: number, e2: number): boolean {
    if (r1 === r2) return e1 < e2;
    const m = this.reachTo(r2, e2)[r1];
    return m !== undefined && m >= e1;
  }

  /** Version of the ordering (edges and nodes); reachability is cached per version. */
  private orderVersion = 0;
  private reachCache = new Map<number, number[]>();
  private reachVersion = -1;

  /**
   * For each run, the latest event that precedes-or-equals (r2, e2) (-1: none); earlier events of that run then
   * precede it too. One backward pass over the edges, cached until the order changes.
   */
  private reachTo(r2: number, e2: number): number[] {
    if (this.reachVersion !== this.orderVersion) {
      this.reachCache.clear();
      this.reachVersion = this.orderVersion;
    }
    const key = r2 * 4096 + e2;
    const hit = this.reachCache.get(key);
    if (hit) return hit;
    const maxIn = new Array<number>(this.runs.length).fill(-1);
    maxIn[r2] = e2;
    let changed = true;
    while (changed) {
      changed = false;
      for (const [a, ea, b, eb] of this.edges) {
        if (eb <= maxIn[b]! && ea > maxIn[a]!) {
          maxIn[a] = ea;
          changed = true;
        }
      }
    }
    this.reachCache.set(key, maxIn);
    return maxIn;
  }

  private addEdge(r1: number, e1: number, r2: number, e2: number): boolean {
    if (r1 === r2) return e1 < e2;
    if (this.precedes(r1, e1, r2, e2)) return true;
    if (this.precedes(r2, e2, r1, e1)) return false;
    this.edges.push([r1, e1, r2, e2]);
    this.orderVersion++;
    this.undo.push(() => {
      this.edges.pop();
      this.orderVersion++;
    });
    return true;
  }

  private mark(): [number, number] {
    return [this.trail.length, this.undo.length];
  }

  private restore([t, u]: [number, number]): void {
    if (this.trail.length > t) this.bindVersion++;
    while (this.trail.length > t) this.bind[this.trail.pop()!] = -1;
    while (this.undo.length > u) this.undo.pop()!();
  }

  // ---------------------------------------------------------------- the search

  private checkTime(): void {
    if ((++this.nodes & 255) === 0 && Date.now() > this.opts.deadline) throw new SearchTimeout(this.nodes);
  }

  private dfs(): boolean {
    this.checkTime();
    if (!this.consistent()) return false;
    if (!this.isSecrecy && this.claimHolds()) return false;

    // Solve deterministic goals first, then branch on the goal with the fewest options.
    const base = this.mark();
    for (;;) {
      const d = this.deterministicStep();
      if (d === 'none') break;
      if (d === 'fail') {
        this.restore(base);
        return false;
      }
    }
    if (!this.consistent() || (!this.isSecrecy && this.claimHolds())) {
      this.restore(base);
      return false;
    }
    // Goal choice: Scyther's heuristic strongly prefers terms built with sk or k (heuristic.c, term_skk_level);
    // among those, the goal with the fewest ways to be solved.
    let best: Goal | null = null;
    let bestOpts: Option[] | null = null;
    let bestScore = Infinity;
    for (const g of this.goals) {
      if (!g.open) continue;
      const t = this.deref(g.term);
      if (this.postponed(t)) continue;
      const o = this.options(g, t);
      const score = (HEURISTIC_SKK && !this.hasSkK(t, 0) ? 1e6 : 0) + o.length;
      if (score < bestScore) {
        best = g;
        bestOpts = o;
        bestScore = score;
        if (o.length <= 1) break;
      }
    }
    if (best === null) {
      // Complete pattern: its most general instance is an attack trace.
      this.recordAttack();
      return true;
    }
    best.open = false;
    for (const o of bestOpts!) {
      const m = this.mark();
      if (this.apply(best, o) && this.dfs()) return true;
      this.restore(m);
    }
    best.open = true;
    this.restore(base);
    return false;
  }

  /** One goal that needs no branching, solved; 'none' when there is none. */
  private deterministicStep(): 'done' | 'none' | 'fail' {
    for (const g of this.goals) {
      if (!g.open) continue;
      const t = this.deref(g.term);
      const k = this.kind[t];
      if (this.postponed(t)) continue;
      if (this.trivial(t)) {
        this.close(g, 'public', -1, -1);
        return 'done';
      }
      if (k === K.Tup) {
        // Scyther never has pair goals (binding.c, goal_add splits them).
        this.close(g, 'split', -1, -1);
        const a = this.subGoal(this.A[t]!, g, g.run, g.ev);
        const b = a && this.subGoal(this.B[t]!, g, g.run, g.ev);
        return a && b ? 'done' : 'fail';
      }
      if (k === K.Const && this.underivable.has(t)) return 'fail';
      // C-minimality (arachne.c, bind_old_goal): a term the intruder already obtained is obtained from there.
      const rt = this.resolve(t);
      for (const h of this.goals) {
        if (h === g || h.open || h.how === 'split') continue;
        if (this.resolve(h.term) !== rt) continue;
        if (h.srcRun < 0) {
          this.close(g, 'known', -1, -1);
          return 'done';
        }
        // Any other source would violate unique origination, so this is the only option.
        if (!this.addEdge(h.srcRun, h.srcEv, g.run, g.ev)) return 'fail';
        this.close(g, 'reused', h.srcRun, h.srcEv);
        return 'done';
      }
    }
    return 'none';
  }

  /** Does sk or k occur within encryption depth 3 (Scyther's term_skk_level is then 0)? */
  private hasSkK(t: number, depth: number): boolean {
    if (depth > 3) return false;
    t = this.deref(t);
    const k = this.kind[t];
    if (k === K.Const) return t === this.skConst || t === this.kConst;
    if (k === K.Tup) return this.hasSkK(this.A[t]!, depth) || this.hasSkK(this.B[t]!, depth);
    if (k === K.Enc) return this.hasSkK(this.A[t]!, depth + 1) || this.hasSkK(this.B[t]!, depth);
    return false;
  }
  private skConst = -2;
  private trustedSlots: number[] = [];
  private kConst = -2;

  /** Goals Scyther does not select (heuristic.c, isTrivialGoal): variables, and public functions of such. */
  private postponed(t: number): boolean {
    t = this.deref(t);
    const k = this.kind[t];
    if (k === K.Var) return true;
    if (k === K.Enc) {
      const f = this.deref(this.B[t]!);
      if (this.kind[f] === K.Const) {
        const s = this.T.sym(f);
        if (s.public && s.types.includes('Function')) return this.postponed(this.A[t]!);
      }
    }
    return false;
  }

  /** Closed, and every goal derived from it closed too. */
  private finished(h: Goal): boolean {
    for (const x of this.goals) {
      if (!x.open) continue;
      for (let p = x.parent; p !== null; p = p.parent) if (p === h) return false;
    }
    return true;
  }

  private close(g: Goal, how: string, srcRun: number, srcEv: number): void {
    g.open = false;
    g.how = how;
    g.srcRun = srcRun;
    g.srcEv = srcEv;
    this.undo.push(() => {
      g.open = true;
    });
  }

  /** Add a subgoal of `parent` needed before (run, ev); false if it repeats an ancestor (a derivation loop). */
  private subGoal(t: number, parent: Goal, run: number, ev: number): boolean {
    const rt = this.resolve(t);
    for (let p: Goal | null = parent; p !== null; p = p.parent) if (this.resolve(p.term) === rt) return false;
    this.addGoal(t, run, ev, parent, '');
    return true;
  }

  /** Known to the intruder without any assumption: public atoms and agent variables, composed with public keys. */
  private trivial(t: number): boolean {
    t = this.deref(t);
    const k = this.kind[t];
    if (k === K.Const) return this.T.sym(t).public;
    if (k === K.Var) {
      const ty = this.vtypes[this.A[t]!]!;
      return ty.length > 0 && ty.every((x) => x === 'Agent');
    }
    if (k === K.Tup || k === K.Enc) return this.trivial(this.A[t]!) && this.trivial(this.B[t]!);
    return false;
  }

  private options(g: Goal, t: number): Option[] {
    const out: Option[] = [];
    for (const s of this.model.m0) if (this.mightUnify(t, s)) out.push({ kind: 'm0', term: s });
    if (this.kind[t] === K.Enc) {
      const key = this.deref(this.B[t]!);
      if (!this.underivable.has(key)) out.push({ kind: 'compose' });
    }
    // Existing runs: every send event (executed or not yet).
    for (let r = 0; r < this.runs.length; r++) {
      const run = this.runs[r]!;
      for (const e of run.role.sendIndices) {
        if (r === g.run && e >= g.ev) continue;
        this.interms(this.evTerm(r, e, 0), [], (sub, keys, path) => {
          if (this.mightUnify(sub, t)) out.push({ kind: 'send', run: r, role: null, ev: e, sub, keys, path });
        });
      }
    }
    // New runs of any role of any protocol.
    for (const role of this.model.roles) {
      for (const e of role.sendIndices) {
        const tmpl = role.events[e]!.msg;
        this.interms(tmpl, [], (sub, keys, path) => {
          if (!this.mightUnifyTemplate(sub, role, t)) return;
          if (this.regularRuns() >= this.opts.maxRuns) {
            if (!this.boundHit && process.env.VERIFIER_DEBUG) this.debugDump(g, role.name);
            this.boundHit = true;
            return;
          }
          out.push({ kind: 'send', run: -1, role, ev: e, sub, keys, path });
        });
      }
    }
    return out;
  }

  /** Template version of mightUnify: slots act as fresh variables/constants of the new run. */
  private mightUnifyTemplate(s: number, role: RoleSpec, t: number): boolean {
    const k = this.kind[s];
    t = this.deref(t);
    if (k === K.Slot) {
      const slot = role.slots[this.A[s]!]!;
      if (slot.kind === 'fresh') {
        if (this.kind[t] === K.Var) {
          const vt = this.vtypes[this.A[t]!]!;
          return vt.includes('Ticket') || vt.some((x) => slot.types.includes(x));
        }
        return false; // a new run's fresh value cannot equal an existing term
      }
      if (slot.types.includes('Ticket')) return true;
      if (this.kind[t] === K.Var) {
        const vt = this.vtypes[this.A[t]!]!;
        return vt.includes('Ticket') || vt.some((x) => slot.types.includes(x));
      }
      return this.kind[t] === K.Const && slot.types.some((x) => this.T.sym(t).types.includes(x));
    }
    if (this.kind[t] === K.Var) {
      const vt = this.vtypes[this.A[t]!]!;
      return vt.includes('Ticket') || (k === K.Const && vt.some((x) => this.T.sym(s).types.includes(x)));
    }
    if (k !== this.kind[t]) return false;
    if (k === K.Const) return s === t;
    return (
      this.mightUnifyTemplate(this.A[s]!, role, this.A[t]!) && this.mightUnifyTemplate(this.B[s]!, role, this.B[t]!)
    );
  }

  /** Accessible subterms of a sent message: through pairs, and into encryptions whose inverse key may be derived. */
  private interms(m: number, keys: number[], f: (sub: number, keys: number[], path: string) => void, path = ''): void {
    m = this.kind[m] === K.Slot ? m : this.deref(m);
    f(m, keys, path);
    const k = this.kind[m];
    if (k === K.Tup) {
      this.interms(this.A[m]!, keys, f, path + 'L');
      this.interms(this.B[m]!, keys, f, path + 'R');
    } else if (k === K.Enc) {
      const key = this.B[m]!;
      const dk = this.kind[key] === K.Slot ? key : this.deref(key);
      // Keys that are unknown function symbols (hashes' inverses, sk, k) can never be derived.
      if (this.kind[dk] === K.Const) {
        const inv = this.model.invConst.get(dk) ?? dk;
        if (this.underivable.has(inv)) return;
      }
      this.interms(this.A[m]!, [...keys, key], f, path + 'D');
    }
  }

  private apply(g: Goal, o: Option): boolean {
    const t = g.term;
    if (o.kind === 'm0') {
      g.how = 'initial knowledge';
      g.srcRun = g.srcEv = -1;
      return this.unify(t, o.term);
    }
    if (o.kind === 'compose') {
      const d = this.deref(t);
      const n = this.intruderNode(g.run, g.ev);
      g.how = 'composed';
      g.srcRun = n;
      g.srcEv = 0;
      return this.subGoal(this.A[d]!, g, n, 0) && this.subGoal(this.B[d]!, g, n, 0);
    }
    let r = o.run;
    let sub = o.sub;
    let keys = o.keys;
    if (r < 0) {
      r = this.newRun(o.role!);
      const slots = this.runs[r]!.slots;
      sub = this.inst(sub, slots);
      keys = keys.map((k) => this.inst(k, slots));
    }
    if (!this.extend(r, o.ev + 1)) return false;
    if (!this.unify(sub, t)) return false;
    if (keys.length === 0) {
      if (!this.addEdge(r, o.ev, g.run, g.ev)) return false;
      g.how = `sent by run ${r} (event ${o.ev})`;
      g.srcRun = r;
      g.srcEv = o.ev;
      return true;
    }
    const n = this.intruderNode(g.run, g.ev);
    if (!this.addEdge(r, o.ev, n, 0)) return false;
    g.how = `decrypted (${keys.length}x) from run ${r} event ${o.ev}`;
    g.srcRun = n;
    g.srcEv = 0;
    for (const k of keys) if (!this.subGoal(this.inverse(k), g, n, 0)) return false;
    return true;
  }

  // ---------------------------------------------------------------- claims (claim.c)

  private consistent(): boolean {
    // All agents of the claim run are trusted (claim.c, pruneClaimRunTrusted).
    const r0 = this.runs[0]!;
    for (const s of this.trustedSlots) if (this.deref(r0.slots[s]!) === this.model.eve) return false;
    for (const [a, b] of this.notEqual) if (this.resolve(a) === this.resolve(b)) return false;
    // Other runs are not executed by the compromised agent: the intruder plays those itself
    // (prune_theorems.c, "the actor of run %i is untrusted").
    for (let r = 1; r < this.runs.length; r++) {
      const run = this.runs[r]!;
      if (run.role !== INTRUDER_ROLE && this.deref(run.slots[run.role.actorSlot]!) === this.model.eve) return false;
    }
    return this.nonRedundant();
  }

  /**
   * Scyther's redundancy lemmas (binding.c, unique_origination and first_origination): in a minimal attack every
   * term the intruder needs is first learnt at one point, and no event before that point already carried it in
   * the clear (as a pair component).
   */
  private nonRedundant(): boolean {
    const closed: [Goal, number][] = [];
    for (const g of this.goals) if (!g.open && g.srcRun >= 0) closed.push([g, this.resolve(g.term)]);
    for (let i = 0; i < closed.length; i++) {
      const [g, t] = closed[i]!;
      for (let j = 0; j < i; j++) {
        const [h, u] = closed[j]!;
        if (t === u && (g.srcRun !== h.srcRun || g.srcEv !== h.srcEv)) return false;
      }
      const before = this.reachTo(g.srcRun, g.srcEv);
      for (let r = 0; r < this.runs.length; r++) {
        const run = this.runs[r]!;
        if (run.role === INTRUDER_ROLE) continue;
        const last = Math.min(run.step - 1, r === g.srcRun ? g.srcEv - 1 : before[r]!);
        for (let e = 0; e <= last; e++) {
          const k = run.role.events[e]!.kind;
          if ((k === 'send' || k === 'recv') && this.inTerm(this.evTerm(r, e, 0), t)) return false;
        }
      }
    }
    return true;
  }

  /** t is the message or one of its pair components (term.c, termInTerm). */
  private inTerm(m: number, t: number): boolean {
    m = this.deref(m);
    if (this.kind[m] === K.Tup) return this.inTerm(this.A[m]!, t) || this.inTerm(this.B[m]!, t);
    return this.resolve(m) === t;
  }

  private rho(r: number): number[] {
    const run = this.runs[r]!;
    return run.role.rhoSlots.map((s) => this.resolve(run.slots[s]!));
  }

  private agentOfRole(r: number, roleName: string): number | undefined {
    const run = this.runs[r]!;
    const i = run.role.protocol.roleNames.indexOf(roleName);
    return i < 0 ? undefined : this.resolve(run.slots[run.role.rhoSlots[i]!]!);
  }

  private actor(r: number): number {
    const run = this.runs[r]!;
    return this.resolve(run.slots[run.role.actorSlot]!);
  }

  /** Does the (authentication) claim hold in the current pattern? */
  claimHolds(): boolean {
    const c = this.claim;
    switch (c.type) {
      case 'Alive':
      case 'Weakagree': {
        const param = this.claimParamRole();
        const agents = param === undefined ? this.rho(0) : [this.agentOfRole(0, param)!];
        const rho0 = this.rho(0);
        return agents.every((a) =>
          this.runs.some((run, r) => {
            if (run.role.protocol.helper || this.actor(r) !== a) return false;
            if (c.type === 'Alive') return true;
            return setEqual(this.rho(r), rho0);
          }),
        );
      }
      case 'Niagree':
      case 'Nisynch':
        return this.agreement(c.type === 'Nisynch');
      case 'Commit':
        return this.commitHolds();
      case 'Reachable':
        return false;
      default:
        return true; // Empty and other signals: nothing to violate
    }
  }

  private claimParamRole(): string | undefined {
    const ev = this.claim.role.events[this.claim.index]!;
    if (ev.msg < 0) return undefined;
    const t = ev.msg;
    if (this.kind[t] === K.Slot) {
      const slot = this.claim.role.slots[this.A[t]!]!;
      if (slot.kind === 'role') return slot.name;
    }
    return undefined;
  }

  private agreement(sync: boolean): boolean {
    const c = this.claim;
    const roles = c.precRoles;
    const assign = new Map<string, number>([[roles[0]!, 0]]);
    const proto = c.role.protocol;
    const findEvent = (r: number, label: string): number => {
      const run = this.runs[r]!;
      for (let i = 0; i < run.step; i++)
        if (run.role.events[i]!.label === label && run.role.events[i]!.kind !== 'claim') return i;
      return -1;
    };
    const check = (): boolean => {
      for (const l of c.prec) {
        const info = this.model.labels.get(l)!;
        if (info.ignore) continue;
        const rs = info.sendRole === undefined ? undefined : assign.get(info.sendRole);
        const rr = info.recvRole === undefined ? undefined : assign.get(info.recvRole);
        if (rs === undefined || rr === undefined) return false;
        const es = findEvent(rs, l);
        const er = findEvent(rr, l);
        if (es < 0 || er < 0) return false;
        for (const w of [0, 1, 2] as const)
          if (this.resolve(this.evTerm(rs, es, w)) !== this.resolve(this.evTerm(rr, er, w))) return false;
      }
      if (sync) {
        for (const l of c.prec) {
          const info = this.model.labels.get(l)!;
          if (info.ignore) continue;
          const rs = assign.get(info.sendRole!)!;
          const rr = assign.get(info.recvRole!)!;
          if (!this.precedes(rs, findEvent(rs, l), rr, findEvent(rr, l))) return false;
        }
      }
      return true;
    };
    const fill = (i: number): boolean => {
      if (i === roles.length) return check();
      for (let r = 0; r < this.runs.length; r++) {
        const run = this.runs[r]!;
        if (run.role.protocol !== proto || run.role.name !== roles[i]) continue;
        assign.set(roles[i]!, r);
        if (fill(i + 1)) return true;
      }
      assign.delete(roles[i]!);
      return false;
    };
    return fill(1);
  }

  private commitHolds(): boolean {
    const c = this.claim;
    const ev = c.role.events[c.index]!;
    if (ev.msg < 0) return false;
    const actorA = this.resolve(this.evTerm(0, c.index, 1));
    const params = this.resolve(this.evTerm(0, c.index, 0));
    const [actorB, restA] = this.splitFirst(params);
    const partnerRole = ev.claimRole;
    for (let r = 0; r < this.runs.length; r++) {
      const run = this.runs[r]!;
      for (let e = 0; e < run.step; e++) {
        if (!(r === 0 ? e < c.index : this.precedes(r, e, 0, c.index))) break;
        const re = run.role.events[e]!;
        if (re.kind !== 'claim' || re.claimType !== 'Running' || run.role.protocol !== c.role.protocol) continue;
        if (re.msg < 0) continue;
        const [b0, restB] = this.splitFirst(this.resolve(this.evTerm(r, e, 0)));
        if (this.resolve(this.evTerm(r, e, 1)) !== actorB || b0 !== actorA) continue;
        if (partnerRole !== run.role.name) continue;
        if (restA === restB) return true;
      }
    }
    return false;
  }

  private splitFirst(t: number): [number, number] {
    if (this.kind[t] === K.Tup) return [this.A[t]!, this.B[t]!];
    return [t, -1];
  }

  private debugDump(g: Goal, role: string): void {
    const show = (t: number): string => showTermDebug(this.T, this.resolve(t));
    console.error(`bound hit: goal ${show(g.term)} @${g.run}.${g.ev} wants new ${role}`);
    this.runs.forEach((r, i) =>
      console.error(
        `  run ${i} ${r.role.name} step ${r.step} rho ${r.role.rhoSlots.map((x) => show(r.slots[x]!)).join(',')}`,
      ),
    );
    for (const h of this.goals)
      console.error(`  goal ${show(h.term)} @${h.run}.${h.ev} ${h.open ? 'open' : h.how} src ${h.srcRun}.${h.srcEv}`);
    console.error(`  edges ${JSON.stringify(this.edges)}`);
  }

  // ---------------------------------------------------------------- attack snapshot

  private recordAttack(): void {
    const free = new Map<number, string[]>();
    const noteVars = (t: number): void => {
      const k = this.kind[t];
      if (k === K.Var) free.set(t, this.vtypes[this.A[t]!]!);
      else if (k === K.Tup || k === K.Enc) {
        noteVars(this.A[t]!);
        noteVars(this.B[t]!);
      }
    };
    const R = (t: number): number => {
      if (t < 0) return t;
      const x = this.resolve(t);
      noteVars(x);
      return x;
    };
    const runs = this.runs.map((run, r) => ({
      protocol: run.role.protocol.name,
      role: run.role.name,
      helper: run.role.protocol.helper,
      rho: run.role.protocol.roleNames.map((n, i): [string, number] => [n, R(run.slots[run.role.rhoSlots[i]!]!)]),
      events: run.role.events.slice(0, run.step).map((e, i) => ({
        kind: e.kind,
        label: e.label,
        from: R(this.evTerm(r, i, 1)),
        to: e.to < 0 ? -1 : R(this.evTerm(r, i, 2)),
        msg: e.msg < 0 ? -1 : R(this.evTerm(r, i, 0)),
        ...(e.claimType ? { claimType: e.claimType } : {}),
      })),
    }));
    this.attack = {
      claim: this.claim,
      runs,
      edges: this.edges.map((e) => [...e] as [number, number, number, number]),
      derivations: this.goals.map((g) => ({
        term: R(g.term),
        run: g.run,
        ev: g.ev,
        how: g.open ? 'intruder-chosen value' : g.how,
        srcRun: g.open ? -1 : g.srcRun,
      })),
      freeVars: [...free].map(([term, types]) => ({ term, types })),
      ...(this.isSecrecy ? { secret: R(this.evTerm(0, this.claim.index, 0)) } : {}),
    };
  }
}

function setEqual(a: number[], b: number[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}
