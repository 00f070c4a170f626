/**
 * Fresh values that no trace can ever expose, after the idea of Scyther's hide-level lemma (`src/hidelevel.c`:
 * a global constant that every message hides under some level of encryption can only be met at that level or
 * deeper). Scyther applies it to global constants; here it is applied to the fresh values of runs, which is what
 * the IKE models need: a Diffie-Hellman exponent `i` is only ever sent inside `g(i)` and `h(Gr,i)`.
 *
 * A position in a term is *opaque* when it lies inside the argument of a function that nobody can invert (a hash:
 * its inverse is a secret function symbol, as in `Search.interms`); every other position (pair components,
 * encryption bodies and keys) is *exposed*. Claim: if no role sends its fresh value n at an exposed position, and
 * no role has an *exposable* variable that could hold n, then in no trace does any message carry n at an exposed
 * position, so no goal with n at an exposed position can be met. Proof sketch, on the first honest send in a trace
 * that carries n exposed: it is not n's own run (no such position), so n sits in a variable v of the sender, at an
 * exposed position. v got its value at the first event that mentions it; if that is a receive with v at an exposed
 * position, the received message carried n exposed; the intruder built it, so it knew n or copied a subterm that
 * carried n exposed, and either needs an earlier honest send carrying n exposed (the intruder's initial knowledge
 * holds no run's fresh values). So v is exposable: sent exposed, and first met in a match, a send, or a receive
 * that holds it only at opaque positions. A variable whose type cannot hold n (typed matching) does not count.
 */
import type { Model, RoleSpec } from './model.js';
import { K } from './terms.js';
import type { Unifier } from './unify.js';

export class HiddenFresh {
  /** Per role index: names of its fresh values that are never exposed. */
  private readonly hidden: Set<string>[];
  readonly any: boolean;
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];

  constructor(private readonly model: Model) {
    const T = model.table;
    this.kind = T.kind;
    this.A = T.a;
    this.B = T.b;
    const exposableTypes: string[][] = [];
    const exposedFresh: Set<string>[] = [];
    for (const role of model.roles) {
      const sent = new Set<number>();
      for (const e of role.events) if (e.kind === 'send') for (const t of [e.msg, e.from, e.to]) this.exposed(t, sent);
      const fresh = new Set<string>();
      role.slots.forEach((s, i) => {
        if (s.kind === 'fresh' && sent.has(i)) fresh.add(s.name);
        if (s.kind === 'var' && sent.has(i) && !this.safelyBound(role, i)) exposableTypes.push(s.types);
      });
      exposedFresh.push(fresh);
    }
    this.hidden = model.roles.map((role, r) => {
      const out = new Set<string>();
      for (const s of role.slots) {
        if (s.kind !== 'fresh' || exposedFresh[r]!.has(s.name)) continue;
        const fits = (ty: string[]): boolean => ty.includes('Ticket') || ty.some((x) => s.types.includes(x));
        if (!exposableTypes.some(fits)) out.add(s.name);
      }
      return out;
    });
    this.any = this.hidden.some((h) => h.size > 0);
  }

  /** Is the argument of function-symbol key `f` opaque (nobody can invert f)? */
  private opaque(f: number): boolean {
    if (this.kind[f] !== K.Const) return false;
    const inv = this.model.invConst.get(f) ?? f;
    const s = this.model.table.sym(inv);
    return !s.public && s.types.includes('Function');
  }

  /** Slots of a role template that occur at an exposed position. */
  private exposed(t: number, out: Set<number>): void {
    if (t < 0) return;
    const k = this.kind[t];
    if (k === K.Slot) out.add(this.A[t]!);
    else if (k === K.Tup) {
      this.exposed(this.A[t]!, out);
      this.exposed(this.B[t]!, out);
    } else if (k === K.Enc && !this.opaque(this.B[t]!)) {
      this.exposed(this.A[t]!, out);
      this.exposed(this.B[t]!, out);
    }
  }

  private mentions(t: number, slot: number): boolean {
    if (t < 0) return false;
    const k = this.kind[t];
    if (k === K.Slot) return this.A[t] === slot;
    if (k === K.Tup || k === K.Enc) return this.mentions(this.A[t]!, slot) || this.mentions(this.B[t]!, slot);
    return false;
  }

  /** The first event of the role that mentions variable `slot` is a receive holding it at an exposed position. */
  private safelyBound(role: RoleSpec, slot: number): boolean {
    for (const e of role.events) {
      if (e.kind === 'claim' || e.kind === 'notmatch' || e.kind === 'intruder') continue;
      if (![e.msg, e.from, e.to].some((t) => this.mentions(t, slot))) continue;
      if (e.kind !== 'recv') return false;
      const at = new Set<number>();
      for (const t of [e.msg, e.from, e.to]) this.exposed(t, at);
      return at.has(slot);
    }
    return false;
  }

  /**
   * Does term t (under the unifier's substitution) carry a never-exposed fresh value at an exposed position?
   * `roleOfRun` gives the role of the run that created a fresh constant.
   */
  carriesHidden(t: number, u: Unifier, roleOfRun: (r: number) => RoleSpec | undefined): boolean {
    t = u.deref(t);
    const k = this.kind[t];
    if (k === K.Const) {
      const s = this.model.table.sym(t);
      if (s.run < 0) return false;
      const role = roleOfRun(s.run);
      return role !== undefined && role.index >= 0 && this.hidden[role.index]!.has(s.name);
    }
    if (k === K.Tup)
      return this.carriesHidden(this.A[t]!, u, roleOfRun) || this.carriesHidden(this.B[t]!, u, roleOfRun);
    if (k === K.Enc) {
      const key = u.deref(this.B[t]!);
      if (this.opaque(key)) return false;
      return this.carriesHidden(this.A[t]!, u, roleOfRun) || this.carriesHidden(key, u, roleOfRun);
    }
    return false;
  }
}
