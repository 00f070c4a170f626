/**
 * Independent replay of an attack before it is reported. The search produces a symbolic pattern; this module
 * shares none of its reasoning: it grounds the pattern (every variable the intruder was free to choose becomes a
 * fresh intruder-generated constant of the variable's type), orders the events into one concrete trace that
 * respects the pattern's ordering, then executes the trace with a plain Dolev-Yao intruder (closure of the
 * knowledge under projection and decryption, then synthesis by pairing and encryption; Dolev and Yao, "On the
 * security of public key protocols", IEEE T-IT 1983) and evaluates the claim on the trace prefix that ends at the
 * claim event, with the claim definitions of Cremers and Mauw ("Operational Semantics and Verification of Security
 * Protocols", 2012, ch. 4) as Scyther implements them (`src/claim.c`).
 *
 * The trace is linearised so that the claim happens as early as the order allows and every send as late as it
 * allows: that is the linearisation in which a violated claim is most visibly violated.
 */
import type { AttackPattern } from './attack.js';
import type { Model } from './model.js';
import { K, type TermTable } from './terms.js';

export interface ReplayResult {
  ok: boolean;
  reason: string;
  /** The concrete trace: [run, event index] in execution order, up to and including the claim. */
  order: [number, number][];
  /** Substitution of the intruder's free choices: variable term -> constant term. */
  grounding: Map<number, number>;
  /** Grounded terms per run and event (msg, from, to). */
  ground: { msg: number; from: number; to: number }[][];
}

export function replayAttack(model: Model, p: AttackPattern): ReplayResult {
  const T = model.table;
  const grounding = new Map<number, number>();
  let n = 0;
  for (const v of p.freeVars) {
    const ty = v.types.includes('Ticket') ? 'Nonce' : (v.types[0] ?? 'Nonce');
    // A fresh value of the variable's type that only the intruder chose (for Agent: a fresh, honest agent name).
    const c = T.constant(`${ty}#${++n}`, [ty], -2, true);
    grounding.set(v.term, c);
  }
  const sub = (t: number): number => {
    if (t < 0) return t;
    const k = T.kind[t];
    if (k === K.Var) return grounding.get(t) ?? t;
    if (k === K.Tup) return T.tup(sub(T.a[t]!), sub(T.b[t]!));
    if (k === K.Enc) return T.enc(sub(T.a[t]!), sub(T.b[t]!));
    return t;
  };
  const ground = p.runs.map((r) => r.events.map((e) => ({ msg: sub(e.msg), from: sub(e.from), to: sub(e.to) })));
  const fail = (reason: string, order: [number, number][] = []): ReplayResult => ({
    ok: false,
    reason,
    order,
    grounding,
    ground,
  });

  // Agents of the claim run must be trusted after grounding too.
  const rho0 = p.runs[0]!.rho.map(([, a]) => sub(a));
  if (rho0.includes(model.eve)) return fail('claim run talks to the compromised agent');

  // Linearise: Kahn's algorithm over intra-run order and the pattern's edges.
  const order = linearise(p, p.claim.type === 'Nisynch' ? syncBreakers(model, p) : []);
  if (!order) return fail('ordering constraints are cyclic');
  const claimIdx = p.claim.index;
  const pos = new Map<string, number>();

  // Execute.
  const know = new IntruderKnowledge(model);
  for (const s of model.m0) know.add(s);
  for (const c of grounding.values()) know.add(c);
  const executed: number[] = p.runs.map(() => 0);
  const done: [number, number][] = [];
  for (const [r, i] of order) {
    const ev = p.runs[r]!.events[i]!;
    const g = ground[r]![i]!;
    done.push([r, i]);
    pos.set(`${r}:${i}`, done.length - 1);
    if (ev.kind === 'send') know.add(g.msg);
    else if (ev.kind === 'recv') {
      if (!know.derivable(g.msg))
        return fail(`run ${r} cannot receive event ${i}: the intruder cannot derive its message`, done);
    } else if (ev.kind === 'match') {
      if (g.msg !== g.from) return fail(`run ${r} event ${i}: match fails`, done);
    } else if (ev.kind === 'notmatch') {
      if (g.msg === g.from) return fail(`run ${r} event ${i}: not-match fails`, done);
    }
    executed[r] = i + 1;
    if (r === 0 && i === claimIdx) break;
  }
  if (executed[0] !== claimIdx + 1) return fail('the claim event was not reached', done);

  // Evaluate the claim on the executed prefix.
  const c = p.claim;
  const claimEv = c.role.events[c.index]!;
  const actorOf = (r: number): number => {
    const run = p.runs[r]!;
    return sub(run.rho.find(([n]) => n === run.role)![1]);
  };
  const rhoOf = (r: number): number[] => p.runs[r]!.rho.map(([, a]) => sub(a));
  const paramRole = (): string | undefined => {
    if (claimEv.msg < 0) return undefined;
    const t = claimEv.msg;
    if (T.kind[t] === K.Slot) {
      const s = c.role.slots[T.a[t]!]!;
      if (s.kind === 'role') return s.name;
    }
    return undefined;
  };
  const live = (r: number): boolean => executed[r]! > 0 && !p.runs[r]!.helper;
  let holds: boolean;
  switch (c.type) {
    case 'Secret':
    case 'SKR':
      holds = !know.derivable(sub(p.secret!));
      break;
    case 'Alive':
    case 'Weakagree': {
      const pr = paramRole();
      const agents = pr === undefined ? rho0 : [sub(p.runs[0]!.rho.find(([nm]) => nm === pr)![1])];
      holds = agents.every((a) =>
        p.runs.some((_, r) => live(r) && actorOf(r) === a && (c.type === 'Alive' || sameSet(rhoOf(r), rho0))),
      );
      break;
    }
    case 'Niagree':
    case 'Nisynch': {
      const sync = c.type === 'Nisynch';
      const assign = new Map<string, number>([[c.precRoles[0]!, 0]]);
      const find = (r: number, label: string): number => {
        for (let i = 0; i < executed[r]!; i++) {
          const e = p.runs[r]!.events[i]!;
          if (e.label === label && e.kind !== 'claim') return i;
        }
        return -1;
      };
      const ok = (): boolean =>
        c.prec.every((l) => {
          const info = model.labels.get(l)!;
          if (info.ignore) return true;
          const rs = assign.get(info.sendRole ?? '');
          const rr = assign.get(info.recvRole ?? '');
          if (rs === undefined || rr === undefined) return false;
          const es = find(rs, l);
          const er = find(rr, l);
          if (es < 0 || er < 0) return false;
          const a = ground[rs]![es]!;
          const b = ground[rr]![er]!;
          if (a.msg !== b.msg || a.from !== b.from || a.to !== b.to) return false;
          return !sync || pos.get(`${rs}:${es}`)! < pos.get(`${rr}:${er}`)!;
        });
      const fill = (k: number): boolean => {
        if (k === c.precRoles.length) return ok();
        for (let r = 0; r < p.runs.length; r++) {
          if (p.runs[r]!.protocol !== c.role.protocol.name || p.runs[r]!.role !== c.precRoles[k] || executed[r] === 0)
            continue;
          assign.set(c.precRoles[k]!, r);
          if (fill(k + 1)) return true;
        }
        assign.delete(c.precRoles[k]!);
        return false;
      };
      holds = fill(1);
      break;
    }
    case 'Commit': {
      const g = ground[0]![c.index]!;
      const [b, restA] = split(T, g.msg);
      holds = false;
      for (let r = 0; r < p.runs.length && !holds; r++) {
        for (let i = 0; i < executed[r]!; i++) {
          if (r === 0 && i >= c.index) break;
          const e = p.runs[r]!.events[i]!;
          if (e.kind !== 'claim' || e.claimType !== 'Running' || p.runs[r]!.protocol !== c.role.protocol.name) continue;
          if (p.runs[r]!.role !== claimEv.claimRole) continue;
          const gr = ground[r]![i]!;
          const [a, restB] = split(T, gr.msg);
          if (gr.from === b && a === g.from && restA === restB) holds = true;
        }
      }
      break;
    }
    case 'Reachable':
      holds = false;
      break;
    default:
      holds = true;
  }
  if (holds) return fail(`the ${c.type} claim holds on the replayed trace`, done);
  return { ok: true, reason: '', order: done, grounding, ground };
}

function split(T: TermTable, t: number): [number, number] {
  return T.kind[t] === K.Tup ? [T.a[t]!, T.b[t]!] : [t, -1];
}

function sameSet(a: number[], b: number[]): boolean {
  const A = new Set(a);
  const B = new Set(b);
  return A.size === B.size && [...A].every((x) => B.has(x));
}

/**
 * For synchronisation: every receive that the pattern does not order after the matching-label send of another run
 * is put before it, as far as the order allows (added one at a time, skipping any that would close a cycle).
 */
function syncBreakers(model: Model, p: AttackPattern): [number, number, number, number][] {
  const edges = p.edges.map((e) => [...e] as [number, number, number, number]);
  const reaches = (r1: number, e1: number, r2: number, e2: number): boolean => {
    if (r1 === r2) return e1 <= e2;
    const min = p.runs.map(() => Infinity);
    min[r1] = e1;
    const q = [r1];
    while (q.length) {
      const r = q.pop()!;
      for (const [a, ea, b, eb] of edges) {
        if (a !== r || ea < min[r]!) continue;
        if (eb < min[b]!) {
          min[b] = eb;
          q.push(b);
        }
      }
    }
    return min[r2]! <= e2;
  };
  const extra: [number, number, number, number][] = [];
  const prec = new Set(p.claim.prec);
  for (let rs = 0; rs < p.runs.length; rs++)
    p.runs[rs]!.events.forEach((es, is) => {
      if (es.kind !== 'send' || !prec.has(es.label) || model.labels.get(es.label)?.ignore) return;
      for (let rr = 0; rr < p.runs.length; rr++) {
        if (rr === rs) continue;
        p.runs[rr]!.events.forEach((er, ir) => {
          if (er.kind !== 'recv' || er.label !== es.label) return;
          // Receive before send, unless the send already precedes the receive (that edge would close a cycle).
          if (reaches(rs, is, rr, ir)) return;
          const e: [number, number, number, number] = [rr, ir, rs, is];
          edges.push(e);
          extra.push(e);
        });
      }
    });
  return extra;
}

/** Topological order: the claim as early as possible, sends as late as possible. */
function linearise(p: AttackPattern, extra: [number, number, number, number][] = []): [number, number][] | null {
  const next = p.runs.map(() => 0);
  const preds = new Map<string, [number, number][]>();
  for (const [a, ea, b, eb] of [...p.edges, ...extra]) {
    const k = `${b}:${eb}`;
    if (!preds.has(k)) preds.set(k, []);
    preds.get(k)!.push([a, ea]);
  }
  const total = p.runs.reduce((s, r) => s + r.events.length, 0);
  const out: [number, number][] = [];
  while (out.length < total) {
    let pick = -1;
    let best = Infinity;
    for (let r = 0; r < p.runs.length; r++) {
      const i = next[r]!;
      if (i >= p.runs[r]!.events.length) continue;
      const ready = (preds.get(`${r}:${i}`) ?? []).every(([a, ea]) => next[a]! > ea);
      if (!ready) continue;
      const kind = p.runs[r]!.events[i]!.kind;
      const score = (r === 0 && i === p.claim.index ? 0 : kind === 'send' ? 2000 : 1000) + r;
      if (score < best) {
        best = score;
        pick = r;
      }
    }
    if (pick < 0) return null;
    out.push([pick, next[pick]!]);
    next[pick]!++;
  }
  return out;
}

/** Dolev-Yao knowledge of concrete terms: closure under projection and decryption, then synthesis. */
export class IntruderKnowledge {
  private readonly T: TermTable;
  private readonly atoms = new Set<number>();
  private readonly pending: number[] = [];
  private readonly locked: number[] = [];

  constructor(private readonly model: Model) {
    this.T = model.table;
  }

  add(t: number): void {
    if (t < 0 || this.atoms.has(t)) return;
    this.pending.push(t);
    this.saturate();
  }

  private inverse(k: number): number {
    const T = this.T;
    if (T.kind[k] === K.Const) return this.model.invConst.get(k) ?? k;
    if (T.kind[k] === K.Enc) {
      const g = this.model.invFunc.get(T.b[k]!);
      if (g !== undefined) return T.enc(T.a[k]!, g);
    }
    return k;
  }

  private saturate(): void {
    const T = this.T;
    let progress = true;
    while (progress) {
      progress = false;
      while (this.pending.length) {
        const t = this.pending.pop()!;
        if (this.atoms.has(t)) continue;
        this.atoms.add(t);
        progress = true;
        if (T.kind[t] === K.Tup) this.pending.push(T.a[t]!, T.b[t]!);
        else if (T.kind[t] === K.Enc) this.locked.push(t);
      }
      for (let i = 0; i < this.locked.length; i++) {
        const t = this.locked[i]!;
        if (this.synth(this.inverse(T.b[t]!), 0)) {
          this.locked.splice(i--, 1);
          if (!this.atoms.has(T.a[t]!)) this.pending.push(T.a[t]!);
        }
      }
      if (this.pending.length) progress = true;
    }
  }

  derivable(t: number): boolean {
    return this.synth(t, 0);
  }

  private synth(t: number, depth: number): boolean {
    if (this.atoms.has(t)) return true;
    const T = this.T;
    const k = T.kind[t];
    if (k === K.Const) return T.sym(t).public;
    if (depth > 64) return false;
    if (k === K.Tup || k === K.Enc) return this.synth(T.a[t]!, depth + 1) && this.synth(T.b[t]!, depth + 1);
    return false;
  }
}
