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

/** Where a slot occurs in a template: exposed (null), or `f:path` below its innermost opaque function f. */
type Occurrence = { slot: number; at: string | null };

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
    // Occurrences of slots per role and event; the send events' ones, per role.
    const occ = model.roles.map((role) =>
      role.events.map((e) => {
        const out: Occurrence[] = [];
        if (e.kind !== 'claim' && e.kind !== 'intruder') for (const t of [e.msg, e.from, e.to]) this.walk(t, null, out);
        return out;
      }),
    );
    const sends = model.roles.map((role, r) => role.events.flatMap((e, i) => (e.kind === 'send' ? occ[r]![i]! : [])));
    // How each variable gets its value: at its first mention, a receive whose occurrences are listed, else null.
    const binding = model.roles.map((role, r) =>
      role.slots.map((s, v) => {
        if (s.kind !== 'var') return null;
        for (let i = 0; i < role.events.length; i++) {
          const e = role.events[i]!;
          if (e.kind === 'notmatch') continue;
          const mine = occ[r]![i]!.filter((o) => o.slot === v);
          if (mine.length === 0) continue;
          return e.kind === 'recv' ? mine : null;
        }
        return null;
      }),
    );
    // A Ticket variable first met only under hashes (or in a match) may hold anything, even a fresh value in the
    // clear; if such a variable is sent at all, nothing is claimed hidden.
    let anyLooseTicket = false;
    model.roles.forEach((role, r) =>
      role.slots.forEach((s, v) => {
        if (s.kind !== 'var' || !s.types.includes('Ticket')) return;
        const b = binding[r]![v]!;
        if ((b === null || b.every((o) => o.at !== null)) && sends[r]!.some((o) => o.slot === v)) anyLooseTicket = true;
      }),
    );
    this.hidden = model.roles.map((role, r) => {
      const out = new Set<string>();
      if (anyLooseTicket) return out;
      role.slots.forEach((s, slot) => {
        if (s.kind === 'fresh' && this.neverExposed(r, slot, s.types, sends, binding)) out.add(s.name);
      });
      return out;
    });
    this.any = this.hidden.some((h) => h.size > 0);
  }

  /**
   * Fixpoint for fresh slot `slot` of role `r` (value n): the places under a hash where n can occur, and the
   * variables that can hold n (every occurrence in their binding receive is at such a place). n is never exposed
   * unless n or one of those variables is sent at an exposed position.
   */
  private neverExposed(
    r: number,
    slot: number,
    types: string[],
    sends: Occurrence[][],
    binding: (Occurrence[] | null)[][],
  ): boolean {
    const places = new Set<string>();
    const holders = new Set<string>();
    const send = (role: number, v: number): boolean => {
      for (const o of sends[role]!) {
        if (o.slot !== v) continue;
        if (o.at === null) return false;
        places.add(o.at);
      }
      return true;
    };
    if (!send(r, slot)) return false;
    for (let changed = true; changed;) {
      changed = false;
      for (let x = 0; x < this.model.roles.length; x++) {
        const slots = this.model.roles[x]!.slots;
        for (let v = 0; v < slots.length; v++) {
          const s = slots[v]!;
          if (s.kind !== 'var' || s.types.includes('Ticket') || !s.types.some((t) => types.includes(t))) continue;
          if (holders.has(`${x}:${v}`)) continue;
          const b = binding[x]![v]!;
          if (b !== null && !b.every((o) => o.at !== null && places.has(o.at))) continue;
          holders.add(`${x}:${v}`);
          changed = true;
          if (!send(x, v)) return false;
        }
      }
    }
    return true;
  }

  /** Is the argument of function-symbol key `f` opaque (nobody can invert f)? */
  private opaque(f: number): boolean {
    if (this.kind[f] !== K.Const) return false;
    const inv = this.model.invConst.get(f) ?? f;
    const s = this.model.table.sym(inv);
    return !s.public && s.types.includes('Function');
  }

  /** Slot occurrences of a role template, with where they are (`at`: null when exposed). */
  private walk(t: number, at: string | null, out: Occurrence[]): void {
    if (t < 0) return;
    const k = this.kind[t];
    const ext = (step: string): string | null => (at === null ? null : at + step);
    if (k === K.Slot) out.push({ slot: this.A[t]!, at });
    else if (k === K.Tup) {
      this.walk(this.A[t]!, ext('L'), out);
      this.walk(this.B[t]!, ext('R'), out);
    } else if (k === K.Enc) {
      const key = this.B[t]!;
      if (this.opaque(key)) this.walk(this.A[t]!, `${key}:`, out);
      else {
        this.walk(this.A[t]!, ext('D'), out);
        this.walk(key, ext('K'), out);
      }
    }
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
