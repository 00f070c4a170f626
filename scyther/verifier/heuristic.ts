/**
 * Goal classification for the backward search (Scyther `src/heuristic.c`): which goals are never selected
 * (variables and public functions of them: the intruder instantiates those itself), which are public, and the
 * preference for goals built with the long-term key functions `sk` and `k`.
 */
import type { Unifier } from './unify.js';
import { K } from './terms.js';

export class GoalHeuristic {
  private readonly kind: number[];
  private readonly A: number[];
  private readonly B: number[];
  private readonly skConst: number;
  private readonly kConst: number;

  constructor(private readonly u: Unifier) {
    const T = u.T;
    this.kind = T.kind;
    this.A = T.a;
    this.B = T.b;
    this.skConst = T.findConstant('sk') ?? -2;
    this.kConst = T.findConstant('k') ?? -2;
  }

  /** Does sk or k occur within encryption depth 3 (Scyther's term_skk_level is then 0)? */
  hasSkK(t: number, depth = 0): boolean {
    if (depth > 3) return false;
    t = this.u.deref(t);
    const k = this.kind[t];
    if (k === K.Const) return t === this.skConst || t === this.kConst;
    if (k === K.Tup) return this.hasSkK(this.A[t]!, depth) || this.hasSkK(this.B[t]!, depth);
    if (k === K.Enc) return this.hasSkK(this.A[t]!, depth + 1) || this.hasSkK(this.B[t]!, depth);
    return false;
  }

  /** Goals Scyther does not select (heuristic.c, isTrivialGoal): variables, and public functions of such. */
  postponed(t: number): boolean {
    t = this.u.deref(t);
    const k = this.kind[t];
    if (k === K.Var) return true;
    if (k === K.Enc) {
      const f = this.u.deref(this.B[t]!);
      if (this.kind[f] === K.Const) {
        const s = this.u.T.sym(f);
        if (s.public && s.types.includes('Function')) return this.postponed(this.A[t]!);
      }
    }
    return false;
  }

  /** Known to the intruder without any assumption: public atoms and agent variables, composed with public keys. */
  trivial(t: number): boolean {
    t = this.u.deref(t);
    const k = this.kind[t];
    if (k === K.Const) return this.u.T.sym(t).public;
    if (k === K.Var) {
      const ty = this.u.typesOf(t);
      return ty.length > 0 && ty.every((x) => x === 'Agent');
    }
    if (k === K.Tup || k === K.Enc) return this.trivial(this.A[t]!) && this.trivial(this.B[t]!);
    return false;
  }
}
