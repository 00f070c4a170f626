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
import { showTerm } from './trace.js';
import { Pattern, type Goal } from './pattern.js';
import type { Unifier } from './unify.js';
import { ClaimCheck } from './claims.js';
import { GoalHeuristic } from './heuristic.js';
import { snapshotAttack, type AttackPattern } from './attack.js';

export type { AttackPattern } from './attack.js';

export class SearchTimeout extends Error {
  constructor(readonly nodes = 0) {
    super('search timed out');
  }
}

export interface SearchOptions {
  maxRuns: number;
  /** Absolute deadline (ms since epoch). */
  deadline: number;
  /** Refinement steps allowed before giving up as on the deadline (a budget that does not depend on the clock). */
  maxNodes?: number;
  /**
   * Prefer goals built with `sk` or `k` (Scyther's default goal selection, heuristic.c term_skk_level); default
   * true. Off, the search picks the goal with the fewest options only (for measuring the heuristic).
   */
  preferSkK?: boolean;
  /**
   * Choose the goal with the fewest options that survive one step (applied, then the pattern's admissibility
   * checked), instead of the fewest options listed; default true. Only the choice changes: an option that does not
   * survive one step is one the search would discard at its next step anyway.
   */
  lookahead?: boolean;
  /** Prune goals carrying a fresh value that no message ever exposes (hidelevel.ts); default true. */
  hiddenFresh?: boolean;
  /** Receives a dump of the first pattern in which the run bound cut a branch (debugging aid). */
  onBoundHit?: (dump: string) => void;
}

export interface SearchResult {
  attack?: AttackPattern;
  /** The run bound cut at least one branch. */
  boundHit: boolean;
  nodes: number;
}

type SendOption = {
  kind: 'send';
  run: number;
  role: RoleSpec | null;
  ev: number;
  sub: number;
  keys: number[];
  path: string;
};
type Option = { kind: 'm0'; term: number } | { kind: 'compose' } | SendOption;
type TemplateSubterm = { role: RoleSpec; ev: number; sub: number; keys: number[]; path: string };

export function searchClaim(model: Model, claim: ClaimSpec, opts: SearchOptions): SearchResult {
  return new Search(model, claim, opts).run();
}

class Search {
  private readonly T: TermTable;
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];
  private readonly p: Pattern;
  private readonly u: Unifier;
  private readonly claims: ClaimCheck;
  private readonly h: GoalHeuristic;
  private readonly preferSkK: boolean;
  private readonly lookahead: boolean;
  private ticks = 0;
  private boundHit = false;
  private nodes = 0;
  private readonly isSecrecy: boolean;
  private attack: AttackPattern | undefined;
  private readonly underivable = new Set<number>();
  /** Accessible subterms of every role's send templates (static, so computed once per search). */
  private readonly templateSubterms: TemplateSubterm[] = [];
  /** The same, per kind of term they can unify with (slots can unify with any kind). */
  private readonly templatesByKind: TemplateSubterm[][] = [[], [], [], [], []];

  constructor(
    private readonly model: Model,
    private readonly claim: ClaimSpec,
    private readonly opts: SearchOptions,
  ) {
    this.T = model.table;
    this.kind = this.T.kind;
    this.A = this.T.a;
    this.B = this.T.b;
    this.p = new Pattern(model);
    this.u = this.p.u;
    this.claims = new ClaimCheck(model, claim, this.p, opts.hiddenFresh ?? true);
    this.h = new GoalHeuristic(this.u);
    this.preferSkK = opts.preferSkK ?? true;
    this.lookahead = opts.lookahead ?? true;
    this.isSecrecy = claim.type === 'Secret' || claim.type === 'SKR';
    // Function symbols the intruder does not know never occur as message parts: goals on them cannot be met.
    for (let c = 0; c < this.T.consts.length; c++) {
      const s = this.T.consts[c]!;
      if (!s.public && s.types.includes('Function')) this.underivable.add(this.T.findConstant(s.name, s.run)!);
    }
    for (const role of model.roles)
      for (const ev of role.sendIndices)
        this.interms(role.events[ev]!.msg, [], (sub, keys, path) =>
          this.templateSubterms.push({ role, ev, sub, keys, path }),
        );
    for (const x of this.templateSubterms) {
      const k = this.kind[x.sub]!;
      for (let kk = 0; kk < 5; kk++) if (k === K.Slot || k === kk) this.templatesByKind[kk]!.push(x);
    }
  }

  run(): SearchResult {
    const c = this.claim;
    const r0 = this.p.newRun(c.role);
    if (!this.p.extend(r0, c.index + 1)) return { boundHit: false, nodes: 0 };
    if (this.isSecrecy) {
      const msg = this.p.evTerm(r0, c.index, 0);
      this.p.addGoal(msg, r0, c.index, null, 'secret');
    }
    this.dfs();
    return { attack: this.attack, boundHit: this.boundHit, nodes: this.nodes };
  }

  private checkTime(): void {
    if (++this.nodes > (this.opts.maxNodes ?? Infinity)) throw new SearchTimeout(this.nodes);
    this.tick();
  }

  /** The deadline, looked at every 16 units of work (a node or a one-step trial; either can be slow). */
  private tick(): void {
    if ((++this.ticks & 15) === 0 && Date.now() > this.opts.deadline) throw new SearchTimeout(this.nodes);
  }

  private dfs(): boolean {
    const p = this.p;
    this.checkTime();
    if (!this.claims.consistent()) return false;
    if (!this.isSecrecy && this.claims.holds()) return false;

    // Solve deterministic goals first, then branch on the goal with the fewest options.
    const base = p.mark();
    for (;;) {
      const d = this.deterministicStep();
      if (d === 'none') break;
      if (d === 'fail') {
        p.restore(base);
        return false;
      }
    }
    if (!this.claims.consistent() || (!this.isSecrecy && this.claims.holds())) {
      p.restore(base);
      return false;
    }
    // Goal choice: Scyther's heuristic strongly prefers terms built with sk or k (heuristic.c, term_skk_level);
    // among those, the goal with the fewest ways to be solved.
    // A goal without sk/k scores at least 1e6 and loses to any goal with them, so when one has them the others'
    // options are not listed (only their effect on the run-bound flag is kept, see boundCheckOnly).
    this.runSubtermCache = null;
    const open: [Goal, number, boolean][] = [];
    let anySkK = false;
    for (const g of p.goals) {
      if (!g.open) continue;
      const t = this.u.deref(g.term);
      if (this.h.postponed(t)) continue;
      const skk = !this.preferSkK || this.h.hasSkK(t);
      anySkK ||= skk;
      open.push([g, t, skk]);
    }
    let best: Goal | null = null;
    let bestOpts: Option[] | null = null;
    const listed: [Goal, Option[]][] = [];
    for (const [g, t, skk] of open) {
      if (anySkK && !skk) {
        this.boundCheckOnly(g, t);
        // A goal that nothing can ever solve dooms the pattern, whichever goal the heuristic prefers.
        if (!this.anyOption(g, t)) {
          best = g;
          bestOpts = [];
          break;
        }
        continue;
      }
      const o = this.options(g, t);
      if (o.length === 0 || (o.length === 1 && !this.lookahead)) {
        best = g;
        bestOpts = o;
        break;
      }
      listed.push([g, o]);
    }
    if (best === null && listed.length > 0) {
      // The fewest options (listed, or surviving one step with `lookahead`), and the first found with at most one.
      // With `lookahead`, goals are tried from the fewest listed options up (the earliest first among equals): the
      // cheap trials come first and often end the choice, and on the IKEv2 EAP models this halves the steps.
      let bestCount = Infinity;
      if (this.lookahead) listed.sort((x, y) => x[1].length - y[1].length);
      for (const [g, listedOpts] of listed) {
        const o = this.lookahead ? this.surviving(g, listedOpts) : listedOpts;
        if (o.length < bestCount) {
          best = g;
          bestOpts = o;
          bestCount = o.length;
          if (o.length <= 1) break;
        }
      }
    }
    if (best === null) {
      // Complete pattern: its most general instance is an attack trace.
      this.attack = snapshotAttack(p, this.claim, this.isSecrecy);
      return true;
    }
    best.open = false;
    for (const o of bestOpts!) {
      const m = p.mark();
      if (this.apply(best, o) && this.dfs()) return true;
      p.restore(m);
    }
    best.open = true;
    p.restore(base);
    return false;
  }

  /**
   * The options of goal g that survive one step: applied, the pattern stays admissible (what `dfs` checks first).
   * Choosing by these counts finds goals that nothing can really solve (a run's secret reachable only through
   * variables it would have to have received before) at once, instead of after refining other goals.
   */
  private surviving(g: Goal, os: Option[]): Option[] {
    const p = this.p;
    const out: Option[] = [];
    const { how, srcRun, srcEv } = g;
    g.open = false;
    for (const o of os) {
      this.tick();
      const m = p.mark();
      if (this.apply(g, o) && this.claims.consistent()) out.push(o);
      p.restore(m);
    }
    g.open = true;
    g.how = how;
    g.srcRun = srcRun;
    g.srcEv = srcEv;
    return out;
  }

  /** One goal that needs no branching, solved; 'none' when there is none. */
  private deterministicStep(): 'done' | 'none' | 'fail' {
    const p = this.p;
    // The first solved (not split) goal per term, for C-minimality below; built lazily, once per call.
    let solved: Map<number, Goal> | null = null;
    for (const g of p.goals) {
      if (!g.open) continue;
      const t = this.u.deref(g.term);
      const k = this.kind[t];
      if (this.h.postponed(t)) continue;
      if (this.h.trivial(t)) {
        p.close(g, 'public', -1, -1);
        return 'done';
      }
      if (k === K.Tup) {
        // Scyther never has pair goals (binding.c, goal_add splits them).
        p.close(g, 'split', -1, -1);
        const a = p.subGoal(this.A[t]!, g, g.run, g.ev);
        const b = a && p.subGoal(this.B[t]!, g, g.run, g.ev);
        return a && b ? 'done' : 'fail';
      }
      if (k === K.Const && this.underivable.has(t)) return 'fail';
      // C-minimality (arachne.c, bind_old_goal): a term the intruder already obtained is obtained from there.
      if (solved === null) {
        solved = new Map();
        for (const h of p.goals) {
          if (h.open || h.how === 'split') continue;
          const ht = this.u.resolve(h.term);
          if (!solved.has(ht)) solved.set(ht, h);
        }
      }
      const h = solved.get(this.u.resolve(t));
      if (h === undefined) continue;
      if (h.srcRun < 0) {
        p.close(g, 'known', -1, -1);
        return 'done';
      }
      // Any other source would violate unique origination, so this is the only option.
      if (!p.addEdge(h.srcRun, h.srcEv, g.run, g.ev)) return 'fail';
      p.close(g, 'reused', h.srcRun, h.srcEv);
      return 'done';
    }
    return 'none';
  }

  /** Every way to solve goal g (term t, dereferenced): M0, composition, a send of an existing or a new run. */
  private options(g: Goal, t: number): Option[] {
    const p = this.p;
    const out: Option[] = [];
    for (const s of this.model.m0) if (this.u.mightUnify(t, s)) out.push({ kind: 'm0', term: s });
    if (this.kind[t] === K.Enc) {
      const key = this.u.deref(this.B[t]!);
      if (!this.underivable.has(key)) out.push({ kind: 'compose' });
    }
    // Existing runs: every send event (executed or not yet).
    for (const x of this.runSubterms()) {
      if (x.run === g.run && x.ev >= g.ev) continue;
      if (this.u.mightUnify(x.sub, t)) out.push(x);
    }
    // New runs of any role of any protocol.
    const bounded = p.regularRuns >= this.opts.maxRuns;
    for (const x of this.templatesFor(t)) {
      if (!this.u.mightUnifyTemplate(x.sub, x.role, t)) continue;
      if (bounded) {
        this.noteBoundHit(g, x.role);
        continue;
      }
      out.push({ kind: 'send', run: -1, role: x.role, ev: x.ev, sub: x.sub, keys: x.keys, path: x.path });
    }
    return out;
  }

  /**
   * Accessible subterms of the existing runs' sends, as options. They depend only on the pattern, so one list
   * serves every goal while the pattern is unchanged (between two refinements, see `dfs`).
   */
  private runSubterms(): SendOption[] {
    if (this.runSubtermCache !== null) return this.runSubtermCache;
    const p = this.p;
    const out: SendOption[] = [];
    for (let r = 0; r < p.runs.length; r++) {
      const run = p.runs[r]!;
      for (const e of run.role.sendIndices)
        this.interms(p.evTerm(r, e, 0), [], (sub, keys, path) =>
          out.push({ kind: 'send', run: r, role: null, ev: e, sub, keys, path }),
        );
    }
    this.runSubtermCache = out;
    return out;
  }
  private runSubtermCache: SendOption[] | null = null;

  /** Template subterms that may unify with t, by kind: a slot may stand for anything, else kinds must agree. */
  private templatesFor(t: number): TemplateSubterm[] {
    const k = this.kind[t]!;
    return k === K.Var ? this.templateSubterms : this.templatesByKind[k]!;
  }

  /** The run bound cut a branch for goal g (a new run of `role` was needed). */
  private noteBoundHit(g: Goal, role: RoleSpec): void {
    if (!this.boundHit && this.opts.onBoundHit) this.opts.onBoundHit(this.dump(g, role.name));
    this.boundHit = true;
  }

  /**
   * What `options` would record about the run bound for a goal whose options are not needed (it cannot be
   * selected): the bound counts as hit whenever a new run could have provided the term, as when options are listed.
   */
  /**
   * Whether `options(g, t)` would list anything. None now means none ever: later substitutions only make terms
   * more specific, and runs added later are instances of the role templates already tried.
   */
  private anyOption(g: Goal, t: number): boolean {
    for (const s of this.model.m0) if (this.u.mightUnify(t, s)) return true;
    if (this.kind[t] === K.Enc && !this.underivable.has(this.u.deref(this.B[t]!))) return true;
    for (const x of this.runSubterms())
      if (!(x.run === g.run && x.ev >= g.ev) && this.u.mightUnify(x.sub, t)) return true;
    if (this.p.regularRuns >= this.opts.maxRuns) return false;
    for (const x of this.templatesFor(t)) if (this.u.mightUnifyTemplate(x.sub, x.role, t)) return true;
    return false;
  }

  private boundCheckOnly(g: Goal, t: number): void {
    if (this.boundHit || this.p.regularRuns < this.opts.maxRuns) return;
    for (const x of this.templatesFor(t))
      if (this.u.mightUnifyTemplate(x.sub, x.role, t)) {
        this.noteBoundHit(g, x.role);
        return;
      }
  }

  /** Accessible subterms of a sent message: through pairs, and into encryptions whose inverse key may be derived. */
  private interms(m: number, keys: number[], f: (sub: number, keys: number[], path: string) => void, path = ''): void {
    m = this.kind[m] === K.Slot ? m : this.u.deref(m);
    f(m, keys, path);
    const k = this.kind[m];
    if (k === K.Tup) {
      this.interms(this.A[m]!, keys, f, path + 'L');
      this.interms(this.B[m]!, keys, f, path + 'R');
    } else if (k === K.Enc) {
      const key = this.B[m]!;
      const dk = this.kind[key] === K.Slot ? key : this.u.deref(key);
      // Keys that are unknown function symbols (hashes' inverses, sk, k) can never be derived.
      if (this.kind[dk] === K.Const) {
        const inv = this.model.invConst.get(dk) ?? dk;
        if (this.underivable.has(inv)) return;
      }
      this.interms(this.A[m]!, [...keys, key], f, path + 'D');
    }
  }

  private apply(g: Goal, o: Option): boolean {
    const p = this.p;
    const t = g.term;
    if (o.kind === 'm0') {
      g.how = 'initial knowledge';
      g.srcRun = g.srcEv = -1;
      return this.u.unify(t, o.term);
    }
    if (o.kind === 'compose') {
      const d = this.u.deref(t);
      const n = p.intruderNode(g.run, g.ev);
      g.how = 'composed';
      g.srcRun = n;
      g.srcEv = 0;
      return p.subGoal(this.A[d]!, g, n, 0) && p.subGoal(this.B[d]!, g, n, 0);
    }
    let r = o.run;
    let sub = o.sub;
    let keys = o.keys;
    if (r < 0) {
      r = p.newRun(o.role!);
      const slots = p.runs[r]!.slots;
      sub = p.inst(sub, slots);
      keys = keys.map((k) => p.inst(k, slots));
    }
    if (!p.extend(r, o.ev + 1)) return false;
    if (!this.u.unify(sub, t)) return false;
    if (keys.length === 0) {
      if (!p.addEdge(r, o.ev, g.run, g.ev)) return false;
      g.how = `sent by run ${r} (event ${o.ev})`;
      g.srcRun = r;
      g.srcEv = o.ev;
      return true;
    }
    const n = p.intruderNode(g.run, g.ev);
    if (!p.addEdge(r, o.ev, n, 0)) return false;
    g.how = `decrypted (${keys.length}x) from run ${r} event ${o.ev}`;
    g.srcRun = n;
    g.srcEv = 0;
    for (const k of keys) if (!p.subGoal(this.u.inverse(k), g, n, 0)) return false;
    return true;
  }

  private dump(g: Goal, role: string): string {
    const p = this.p;
    const show = (t: number): string => showTerm(this.T, this.u.resolve(t));
    const lines = [`bound hit: goal ${show(g.term)} @${g.run}.${g.ev} wants new ${role}`];
    p.runs.forEach((r, i) =>
      lines.push(
        `  run ${i} ${r.role.name} step ${r.step} rho ${r.role.rhoSlots.map((x) => show(r.slots[x]!)).join(',')}`,
      ),
    );
    for (const h of p.goals)
      lines.push(`  goal ${show(h.term)} @${h.run}.${h.ev} ${h.open ? 'open' : h.how} src ${h.srcRun}.${h.srcEv}`);
    lines.push(`  edges ${JSON.stringify(p.edges)}`);
    return lines.join('\n');
  }
}
