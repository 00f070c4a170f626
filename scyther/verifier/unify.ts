/**
 * Typed unification over the verifier's hash-consed terms (Scyther `src/mgu.c`, `src/knowledge.c` inverseKey). The
 * substitution is a binding array indexed by variable id with a trail, so the search can extend it and undo back to
 * a mark in constant time per binding. Matching is typed as Scyther's default `--match=0`: a variable binds only a
 * constant or variable sharing one of its declared types, except a `Ticket` variable, which binds any term.
 */
import type { Model, RoleSpec } from './model.js';
import { K, type TermTable } from './terms.js';

export class Unifier {
  readonly T: TermTable;
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];
  private readonly open: number[];
  private readonly bind: number[] = [];
  /** Declared types of each variable, by variable id. */
  readonly vtypes: string[][] = [];
  private readonly trail: number[] = [];
  /** Bumped on every binding change, so `resolve` results can be cached between changes. */
  private bindVersion = 0;
  private readonly resolveCache = new Map<number, number>();
  private resolveVersion = -1;

  /** `undo` is the pattern's undo stack: creating a variable pushes its removal there. */
  constructor(
    private readonly model: Model,
    private readonly undo: (() => void)[],
  ) {
    this.T = model.table;
    this.kind = this.T.kind;
    this.A = this.T.a;
    this.B = this.T.b;
    this.open = this.T.open;
  }

  deref(t: number): number {
    while (this.kind[t] === K.Var) {
      const b = this.bind[this.A[t]!]!;
      if (b < 0) return t;
      t = b;
    }
    return t;
  }

  /** Apply the current substitution fully; hash-consing makes the result comparable with ===. */
  resolve(t: number): number {
    if (this.open[t] === 0) return t;
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

  /** Changes whenever the substitution does: results computed under it can be kept until then. */
  get version(): number {
    return this.bindVersion;
  }

  private readonly hashOf: number[] = [];
  private readonly hashAt: number[] = [];
  /** Hashes of terms without variables, which no substitution changes. */
  private readonly groundHash: number[] = [];

  /**
   * A 32-bit hash of the term under the current substitution, without building the substituted term: equal terms
   * (after substitution) get equal hashes; unequal ones may too, so a match is confirmed with `equal`.
   */
  hash(t: number): number {
    t = this.deref(t);
    const k = this.kind[t]!;
    if (k !== K.Tup && k !== K.Enc) return t;
    const ground = this.open[t] === 0;
    if (ground) {
      const g = this.groundHash[t];
      if (g !== undefined) return g;
    } else if (this.hashAt[t] === this.bindVersion) return this.hashOf[t]!;
    let h =
      Math.imul(this.hash(this.A[t]!) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(this.hash(this.B[t]!) + k, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 13;
    if (ground) this.groundHash[t] = h;
    else {
      this.hashOf[t] = h;
      this.hashAt[t] = this.bindVersion;
    }
    return h;
  }

  /** Syntactic equality under the current substitution, without building the substituted terms. */
  equal(a: number, b: number): boolean {
    a = this.deref(a);
    b = this.deref(b);
    if (a === b) return true;
    const k = this.kind[a];
    if (k !== this.kind[b] || (k !== K.Tup && k !== K.Enc)) return false;
    if (this.open[a] === 0 && this.open[b] === 0) return false; // hash-consed: distinct ids, distinct terms
    return this.equal(this.A[a]!, this.A[b]!) && this.equal(this.B[a]!, this.B[b]!);
  }

  /** Types of variable term `v`. */
  typesOf(v: number): string[] {
    return this.vtypes[this.A[v]!]!;
  }

  newVar(types: string[]): number {
    const id = this.bind.length;
    this.bind.push(-1);
    this.vtypes.push(types);
    this.undo.push(() => {
      this.bind.pop();
      this.vtypes.pop();
    });
    return this.T.variable(id);
  }

  /** Trail position, for `undoTo`. */
  mark(): number {
    return this.trail.length;
  }

  /** Unbind every variable bound since `mark`. */
  undoTo(mark: number): void {
    if (this.trail.length > mark) this.bindVersion++;
    while (this.trail.length > mark) this.bind[this.trail.pop()!] = -1;
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

  /** Typed most general unifier, extending the current substitution (undone by `undoTo`). */
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
  mightUnify(a: number, b: number): boolean {
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

  /** Template version of mightUnify: slots of `role` act as the fresh variables/constants of a new run. */
  mightUnifyTemplate(s: number, role: RoleSpec, t: number): boolean {
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
}
