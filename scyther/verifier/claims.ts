/**
 * Claims on a pattern, as Scyther checks them (`src/claim.c`, `src/prune_theorems.c`, `src/binding.c`): which
 * patterns are admissible at all (trusted claim agents, inequalities, no run acted by the compromised agent, no
 * redundant derivations), and whether an authentication claim holds in a pattern. Authentication claims are
 * monotone in added events and substitutions, so the search prunes a partial pattern in which one already holds
 * (claim.c, prune_claim_specifics).
 */
import type { ClaimSpec, Model } from './model.js';
import { INTRUDER_ROLE, type Goal, type Pattern } from './pattern.js';
import { K } from './terms.js';
import { HiddenFresh } from './hidelevel.js';

/** The hidden-fresh analysis depends on the model only. */
const hiddenOf = new WeakMap<Model, HiddenFresh>();

export class ClaimCheck {
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];
  /** Slots of the claim run whose agents must be trusted. */
  private readonly trustedSlots: number[];
  private readonly hidden: HiddenFresh | null;
  private readonly roleOfRun = (r: number) => this.p.runs[r]?.role;

  constructor(
    private readonly model: Model,
    private readonly claim: ClaimSpec,
    private readonly p: Pattern,
    hiddenFresh = true,
  ) {
    const T = model.table;
    this.kind = T.kind;
    this.A = T.a;
    this.B = T.b;
    let h = hiddenOf.get(model);
    if (h === undefined) hiddenOf.set(model, (h = new HiddenFresh(model)));
    this.hidden = hiddenFresh && h.any ? h : null;
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
  }

  /** The pattern is admissible (else no extension of it is an attack Scyther would report). */
  consistent(): boolean {
    const p = this.p;
    const u = p.u;
    // All agents of the claim run are trusted (claim.c, pruneClaimRunTrusted).
    const r0 = p.runs[0]!;
    for (const s of this.trustedSlots) if (u.deref(r0.slots[s]!) === this.model.eve) return false;
    for (const [a, b] of p.notEqual) if (u.resolve(a) === u.resolve(b)) return false;
    // Other runs are not executed by the compromised agent: the intruder plays those itself
    // (prune_theorems.c, "the actor of run %i is untrusted").
    for (let r = 1; r < p.runs.length; r++) {
      const run = p.runs[r]!;
      if (run.role !== INTRUDER_ROLE && u.deref(run.slots[run.role.actorSlot]!) === this.model.eve) return false;
    }
    // A goal carrying a fresh value that no message ever exposes cannot be met (hidelevel.ts).
    if (this.hidden !== null)
      for (const g of p.goals) if (g.open && this.hidden.carriesHidden(g.term, u, this.roleOfRun)) return false;
    return this.nonRedundant();
  }

  /**
   * Scyther's redundancy lemmas (binding.c, unique_origination and first_origination): in a minimal attack every
   * term the intruder needs is first learnt at one point, and no event before that point already carried it in
   * the clear (as a pair component).
   */
  private nonRedundant(): boolean {
    const p = this.p;
    const u = p.u;
    // Terms are compared under the substitution by hash, then by `equal` (no substituted terms are built).
    // Where each term was obtained: a second, different source violates unique origination.
    const byHash = new Map<number, Goal[]>();
    const closed: [Goal, number][] = [];
    for (const g of p.goals) {
      if (g.open || g.srcRun < 0) continue;
      const h = u.hash(g.term);
      let same = byHash.get(h);
      if (same === undefined) byHash.set(h, (same = []));
      for (const o of same) if ((o.srcRun !== g.srcRun || o.srcEv !== g.srcEv) && u.equal(o.term, g.term)) return false;
      same.push(g);
      closed.push([g, h]);
    }
    if (closed.length === 0) return true;
    // First origination: the events of each run carrying a needed term in the clear, found in one pass over the
    // runs' messages; only then is the order consulted.
    const carriers = new Map<number, [number, number, number][]>();
    for (let r = 0; r < p.runs.length; r++) {
      const run = p.runs[r]!;
      if (run.role === INTRUDER_ROLE) continue;
      for (let e = 0; e < run.step; e++) {
        const k = run.role.events[e]!.kind;
        if (k === 'send' || k === 'recv')
          this.clearParts(p.evTerm(r, e, 0), (c) => {
            const h = u.hash(c);
            if (!byHash.has(h)) return;
            let at = carriers.get(h);
            if (at === undefined) carriers.set(h, (at = []));
            at.push([r, e, c]);
          });
      }
    }
    for (const [g, h] of closed) {
      const at = carriers.get(h);
      if (at === undefined) continue;
      let before: number[] | null = null;
      for (const [r, e, c] of at) {
        if (r === g.srcRun) {
          if (e >= g.srcEv) continue;
        } else {
          before ??= p.reachTo(g.srcRun, g.srcEv);
          if (e > before[r]!) continue;
        }
        if (u.equal(c, g.term)) return false;
      }
    }
    return true;
  }

  /** The message's pair components (term.c, termInTerm looks through pairs only). */
  private clearParts(m: number, f: (c: number) => void): void {
    m = this.p.u.deref(m);
    if (this.kind[m] === K.Tup) {
      this.clearParts(this.A[m]!, f);
      this.clearParts(this.B[m]!, f);
    } else f(m);
  }

  /** Does the (authentication) claim hold in the current pattern? */
  holds(): boolean {
    const c = this.claim;
    const p = this.p;
    switch (c.type) {
      case 'Alive':
      case 'Weakagree': {
        const param = this.claimParamRole();
        const agents = param === undefined ? p.rho(0) : [p.agentOfRole(0, param)!];
        const rho0 = p.rho(0);
        return agents.every((a) =>
          p.runs.some((run, r) => {
            if (run.role.protocol.helper || p.actor(r) !== a) return false;
            if (c.type === 'Alive') return true;
            return setEqual(p.rho(r), rho0);
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
    const p = this.p;
    const roles = c.precRoles;
    const assign = new Map<string, number>([[roles[0]!, 0]]);
    const proto = c.role.protocol;
    const findEvent = (r: number, label: string): number => {
      const run = p.runs[r]!;
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
          if (p.u.resolve(p.evTerm(rs, es, w)) !== p.u.resolve(p.evTerm(rr, er, w))) return false;
      }
      if (sync) {
        for (const l of c.prec) {
          const info = this.model.labels.get(l)!;
          if (info.ignore) continue;
          const rs = assign.get(info.sendRole!)!;
          const rr = assign.get(info.recvRole!)!;
          if (!p.precedes(rs, findEvent(rs, l), rr, findEvent(rr, l))) return false;
        }
      }
      return true;
    };
    const fill = (i: number): boolean => {
      if (i === roles.length) return check();
      for (let r = 0; r < p.runs.length; r++) {
        const run = p.runs[r]!;
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
    const p = this.p;
    const ev = c.role.events[c.index]!;
    if (ev.msg < 0) return false;
    const actorA = p.u.resolve(p.evTerm(0, c.index, 1));
    const params = p.u.resolve(p.evTerm(0, c.index, 0));
    const [actorB, restA] = this.splitFirst(params);
    const partnerRole = ev.claimRole;
    for (let r = 0; r < p.runs.length; r++) {
      const run = p.runs[r]!;
      for (let e = 0; e < run.step; e++) {
        if (!(r === 0 ? e < c.index : p.precedes(r, e, 0, c.index))) break;
        const re = run.role.events[e]!;
        if (re.kind !== 'claim' || re.claimType !== 'Running' || run.role.protocol !== c.role.protocol) continue;
        if (re.msg < 0) continue;
        const [b0, restB] = this.splitFirst(p.u.resolve(p.evTerm(r, e, 0)));
        if (p.u.resolve(p.evTerm(r, e, 1)) !== actorB || b0 !== actorA) continue;
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
}

function setEqual(a: number[], b: number[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size !== sb.size) return false;
  for (const x of sa) if (!sb.has(x)) return false;
  return true;
}
