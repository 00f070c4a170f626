/**
 * A pattern of the backward search (Scyther `src/system.c`, `src/binding.c`): runs that are prefixes of roles
 * (symbolic agents and variables), the intruder's open and solved goals ("the intruder knows t before event e"),
 * ordering constraints between events, and inequalities from `not match`. Every change is recorded on one undo
 * stack (plus the unifier's trail), so a branch of the search is undone by `restore(mark())`.
 *
 * The ordering is the intra-run order plus binding edges between runs; intruder derivation steps (a composition, a
 * decryption) are one-event runs of their own, as Scyther's intruder runs are, so their goals can be ordered.
 */
import type { Model, ProtocolSpec, RoleSpec } from './model.js';
import { K, type TermTable } from './terms.js';
import { Unifier } from './unify.js';

export interface Run {
  role: RoleSpec;
  step: number;
  slots: number[];
  /** Instantiated (not substituted) message/from/to per event: 3 entries per event, -1 when not yet computed. */
  cache: number[];
}

export interface Goal {
  term: number;
  run: number;
  ev: number;
  open: boolean;
  parent: Goal | null;
  how: string;
  /** Where the intruder has the term once the goal is solved: an event (a send or an intruder node), or -1
   * when it is known from the start. */
  srcRun: number;
  srcEv: number;
}

/** Undo position of a pattern: [unifier trail, undo stack]. */
export type Mark = [number, number];

const INTRUDER_PROTOCOL: ProtocolSpec = {
  name: '#intruder',
  helper: true,
  roles: [],
  roleNames: [],
};

/** The role of intruder derivation nodes (one `intruder` event); never part of a model. */
export const INTRUDER_ROLE: RoleSpec = {
  index: -1,
  protocol: INTRUDER_PROTOCOL,
  name: '#intruder',
  slots: [],
  rhoSlots: [],
  actorSlot: -1,
  events: [{ kind: 'intruder', label: '', ignore: true, from: -1, to: -1, msg: -1, line: 0 }],
  sendIndices: [],
};

export class Pattern {
  readonly T: TermTable;
  readonly u: Unifier;
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];
  private readonly undo: (() => void)[] = [];
  readonly runs: Run[] = [];
  readonly goals: Goal[] = [];
  readonly edges: [number, number, number, number][] = [];
  readonly notEqual: [number, number][] = [];
  /** Runs of protocol roles (not intruder nodes): what --max-runs bounds. */
  regularRuns = 0;
  /** Version of the ordering (edges and nodes); reachability is cached per version. */
  private orderVersion = 0;
  private readonly reachCache = new Map<number, number[]>();
  private reachVersion = -1;

  constructor(readonly model: Model) {
    this.T = model.table;
    this.kind = this.T.kind;
    this.A = this.T.a;
    this.B = this.T.b;
    this.u = new Unifier(model, this.undo);
  }

  mark(): Mark {
    return [this.u.mark(), this.undo.length];
  }

  restore([t, u]: Mark): void {
    this.u.undoTo(t);
    while (this.undo.length > u) this.undo.pop()!();
  }

  /** Instantiate a role template with a run's slot values. */
  inst(t: number, slots: number[]): number {
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

  /** A new run of `role` with no events yet: fresh values become run constants, variables new variables. */
  newRun(role: RoleSpec): number {
    const r = this.runs.length;
    const slots = role.slots.map((s) =>
      s.kind === 'fresh' ? this.T.constant(s.name, s.types, r, false) : this.u.newVar(s.types),
    );
    this.runs.push({ role, step: 0, slots, cache: new Array<number>(role.events.length * 3).fill(-1) });
    this.regularRuns++;
    this.undo.push(() => {
      this.runs.pop();
      this.regularRuns--;
    });
    return r;
  }

  /** A new intruder node (one event), ordered before (r, e). */
  intruderNode(r: number, e: number): number {
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
  extend(r: number, step: number): boolean {
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
        if (!this.u.unify(this.evTerm(r, i, 1), this.evTerm(r, i, 0))) return false;
      } else if (e.kind === 'notmatch') {
        const pair: [number, number] = [this.evTerm(r, i, 1), this.evTerm(r, i, 0)];
        this.notEqual.push(pair);
        this.undo.push(() => void this.notEqual.pop());
      }
    }
    return true;
  }

  addGoal(term: number, run: number, ev: number, parent: Goal | null, how: string): Goal {
    const g: Goal = { term, run, ev, open: true, parent, how, srcRun: -1, srcEv: -1 };
    this.goals.push(g);
    this.undo.push(() => void this.goals.pop());
    return g;
  }

  /** Add a subgoal of `parent` needed before (run, ev); false if it repeats an ancestor (a derivation loop). */
  subGoal(t: number, parent: Goal, run: number, ev: number): boolean {
    const rt = this.u.resolve(t);
    for (let p: Goal | null = parent; p !== null; p = p.parent) if (this.u.resolve(p.term) === rt) return false;
    this.addGoal(t, run, ev, parent, '');
    return true;
  }

  close(g: Goal, how: string, srcRun: number, srcEv: number): void {
    g.open = false;
    g.how = how;
    g.srcRun = srcRun;
    g.srcEv = srcEv;
    this.undo.push(() => {
      g.open = true;
    });
  }

  /** Strict precedence a < b in the pattern's order (intra-run order plus binding edges, transitively). */
  precedes(r1: number, e1: number, r2: number, e2: number): boolean {
    if (r1 === r2) return e1 < e2;
    const m = this.reachTo(r2, e2)[r1];
    return m !== undefined && m >= e1;
  }

  /**
   * For each run, the latest event that precedes-or-equals (r2, e2) (-1: none); earlier events of that run then
   * precede it too. One backward pass over the edges, cached until the order changes.
   */
  reachTo(r2: number, e2: number): number[] {
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

  /** Order (r1, e1) before (r2, e2); false when that contradicts the order (a cycle). */
  addEdge(r1: number, e1: number, r2: number, e2: number): boolean {
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

  /** The agents of run r (its rho), substituted, in the protocol's role order. */
  rho(r: number): number[] {
    const run = this.runs[r]!;
    return run.role.rhoSlots.map((s) => this.u.resolve(run.slots[s]!));
  }

  agentOfRole(r: number, roleName: string): number | undefined {
    const run = this.runs[r]!;
    const i = run.role.protocol.roleNames.indexOf(roleName);
    return i < 0 ? undefined : this.u.resolve(run.slots[run.role.rhoSlots[i]!]!);
  }

  actor(r: number): number {
    const run = this.runs[r]!;
    return this.u.resolve(run.slots[run.role.actorSlot]!);
  }
}
