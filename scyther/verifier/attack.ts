/**
 * Attack export: a complete pattern, every term fully substituted, as a self-contained snapshot that the
 * independent replay checker (`replay.ts`) and the trace renderer (`trace.ts`) read without the search's state.
 */
import type { ClaimSpec } from './model.js';
import type { Pattern } from './pattern.js';
import { K } from './terms.js';

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

/** Snapshot the pattern `p` as an attack on `claim`. */
export function snapshotAttack(p: Pattern, claim: ClaimSpec, isSecrecy: boolean): AttackPattern {
  const kind = p.T.kind;
  const A = p.T.a;
  const B = p.T.b;
  const free = new Map<number, string[]>();
  const noteVars = (t: number): void => {
    const k = kind[t];
    if (k === K.Var) free.set(t, p.u.typesOf(t));
    else if (k === K.Tup || k === K.Enc) {
      noteVars(A[t]!);
      noteVars(B[t]!);
    }
  };
  const R = (t: number): number => {
    if (t < 0) return t;
    const x = p.u.resolve(t);
    noteVars(x);
    return x;
  };
  const runs = p.runs.map((run, r) => ({
    protocol: run.role.protocol.name,
    role: run.role.name,
    helper: run.role.protocol.helper,
    rho: run.role.protocol.roleNames.map((n, i): [string, number] => [n, R(run.slots[run.role.rhoSlots[i]!]!)]),
    events: run.role.events.slice(0, run.step).map((e, i) => ({
      kind: e.kind,
      label: e.label,
      from: R(p.evTerm(r, i, 1)),
      to: e.to < 0 ? -1 : R(p.evTerm(r, i, 2)),
      msg: e.msg < 0 ? -1 : R(p.evTerm(r, i, 0)),
      ...(e.claimType ? { claimType: e.claimType } : {}),
    })),
  }));
  return {
    claim,
    runs,
    edges: p.edges.map((e) => [...e] as [number, number, number, number]),
    derivations: p.goals.map((g) => ({
      term: R(g.term),
      run: g.run,
      ev: g.ev,
      how: g.open ? 'intruder-chosen value' : g.how,
      srcRun: g.open ? -1 : g.srcRun,
    })),
    freeVars: [...free].map(([term, types]) => ({ term, types })),
    ...(isSecrecy ? { secret: R(p.evTerm(0, claim.index, 0)) } : {}),
  };
}
