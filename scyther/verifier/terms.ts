/**
 * Hash-consed terms for the built-in verifier, in Scyther's term algebra (C. Cremers, "Scyther: Semantics and
 * Verification of Security Protocols", PhD thesis 2006, ch. 2; Scyther `src/term.c`): atoms (constants: agent names,
 * fresh values of one run, global constants, function symbols), variables, pairs and encryptions. As in Scyther,
 * a function application `f(x)` IS the encryption `{x}f` with the function symbol as key (`compiler.c`, TAC_FCALL),
 * so `pk(A)` is `{A}pk`, `k(A,B)` is `{(A,B)}k` and `h(x)` is `{x}h`; whether the intruder may apply or invert `f`
 * is then just whether it knows `f` or its inverse key.
 *
 * Every term is an integer id into one table; structurally equal terms get the same id (hash-consing), so syntactic
 * equality is `===` once substitutions are applied. Template slots (role-local names before a run instantiates
 * them) live in the same table so that role descriptions are terms too.
 */

/** Term kinds (plain numbers so the hot loops compare small integers). */
export const K = { Const: 0, Var: 1, Tup: 2, Enc: 3, Slot: 4 } as const;

/** An atom: a constant symbol with its type(s), or a variable with the types it may be instantiated with. */
export interface Symbol {
  name: string;
  /** Declared types; a variable with `Ticket` among them matches any term (Scyther's typed matching, match=0). */
  types: string[];
  /** Run that created it (fresh values, run variables); -1 for global names. */
  run: number;
  /** Known to the intruder from the start (agent names, public constants and functions). */
  public: boolean;
}

export class TermTable {
  readonly kind: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  /** Whether a variable occurs in the term (1) or not (0): a term without one is its own substitution instance. */
  readonly open: number[] = [];
  private readonly index = new Map<number, number>();
  readonly consts: Symbol[] = [];
  private readonly constIndex = new Map<string, number>();

  private mk(k: number, a: number, b: number): number {
    // One number per (kind, a, b): a and b are term ids or symbol ids, far below 2^26 in practice.
    if (b >= 67108864 || a >= 67108864) throw new RangeError('term table overflow');
    const key = (a * 8 + k) * 67108864 + b;
    const hit = this.index.get(key);
    if (hit !== undefined) return hit;
    const id = this.kind.length;
    this.kind.push(k);
    this.a.push(a);
    this.b.push(b);
    this.open.push(k === K.Var ? 1 : k === K.Tup || k === K.Enc ? this.open[a]! | this.open[b]! : 0);
    this.index.set(key, id);
    return id;
  }

  /** A constant, created once per (name, run). */
  constant(name: string, types: string[], run = -1, isPublic = false): number {
    const key = `${name}#${run}`;
    let c = this.constIndex.get(key);
    if (c === undefined) {
      c = this.consts.length;
      this.consts.push({ name, types, run, public: isPublic });
      this.constIndex.set(key, c);
    }
    return this.mk(K.Const, c, 0);
  }
  findConstant(name: string, run = -1): number | undefined {
    const c = this.constIndex.get(`${name}#${run}`);
    return c === undefined ? undefined : this.mk(K.Const, c, 0);
  }
  variable(id: number): number {
    return this.mk(K.Var, id, 0);
  }
  tup(x: number, y: number): number {
    return this.mk(K.Tup, x, y);
  }
  enc(m: number, key: number): number {
    return this.mk(K.Enc, m, key);
  }
  slot(i: number): number {
    return this.mk(K.Slot, i, 0);
  }
  /** Scyther's tuple of a list: right-associative, `(x,(y,z))` (tac.c, tacTupleRa, the default tupling). */
  tuple(items: number[]): number {
    if (items.length === 0) throw new RangeError('empty tuple');
    let t = items[items.length - 1]!;
    for (let i = items.length - 2; i >= 0; i--) t = this.tup(items[i]!, t);
    return t;
  }
  sym(t: number): Symbol {
    return this.consts[this.a[t]!]!;
  }
}
