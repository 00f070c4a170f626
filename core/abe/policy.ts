/**
 * Access policies for the CP-ABE baselines: a readable syntax, its access tree (BSW07) and its linear secret
 * sharing scheme (Waters 2011).
 *
 * Syntax (keywords are case-insensitive; `and` binds tighter than `or`):
 *     policy    := or
 *     or        := and ( "or" and )*
 *     and       := atom ( "and" atom )*
 *     atom      := "(" or ")" | threshold | attribute
 *     threshold := INTEGER "of" "(" or ( "," or )* ")"
 *     attribute := [A-Za-z_][A-Za-z0-9_.:@-]*       (case-sensitive)
 * e.g. `(doctor and cardiology) or 2 of (a, b, c)`. Every syntax error is a `PolicyError` carrying the 0-based
 * character position where the parser stopped.
 *
 * Access tree (Bethencourt, Sahai, Waters, "Ciphertext-Policy Attribute-Based Encryption", IEEE S&P 2007, sec. 4.1):
 * every interior node is a k-of-m threshold gate (AND is m-of-m, OR is 1-of-m), its children are indexed 1..m,
 * leaves are attributes.
 *
 * LSSS (Waters, "Ciphertext-Policy Attribute-Based Encryption: An Expressive, Efficient, and Provably Secure
 * Realization", PKC 2011, sec. 2.2 and Appendix G of Lewko-Waters, "Decentralizing ABE", Eurocrypt 2011): the
 * tree is turned into a matrix A (one row per leaf, labelled rho(i)) by the Lewko-Waters vector labelling,
 * generalized from AND/OR to k-of-m gates by Shamir polynomials: the root gets (1), an OR gate passes its vector v
 * to each child, a k-of-m gate appends k-1 fresh columns and gives child j the vector v | (j, j^2, ..., j^(k-1)).
 * With u = (s, y_2, ..., y_c), the share A_i·u of a child is then q(j) for a degree k-1 polynomial q with q(0) the
 * parent's share, which is exactly BSW07's tree sharing; for AND/OR alone it spans the same row space as the
 * Lewko-Waters matrix. Reconstruction constants omega with sum omega_i A_i = (1, 0, ..., 0) are found by Gaussian
 * elimination over Zr, so any authorized set works, not only the one the labelling suggests.
 */
import type { OpCounter } from '../ops.js';
import { ParameterError } from '../errors.js';

export type PolicyNode = { kind: 'attr'; name: string } | { kind: 'gate'; k: number; children: PolicyNode[] };

/** A malformed policy; `position` is the 0-based character offset of the problem. */
export class PolicyError extends ParameterError {
  constructor(
    readonly position: number,
    readonly reason: string,
    readonly policy: string,
  ) {
    super(`bad policy at position ${position}: ${reason} (in '${policy}')`);
  }
}

type Token =
  | { t: 'lp' | 'rp' | 'comma' | 'end'; pos: number }
  | { t: 'word'; v: string; pos: number }
  | { t: 'int'; v: number; pos: number };

const MAX_POLICY_LENGTH = 4096;
const MAX_LEAVES = 256;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(') out.push({ t: 'lp', pos: i++ });
    else if (c === ')') out.push({ t: 'rp', pos: i++ });
    else if (c === ',') out.push({ t: 'comma', pos: i++ });
    else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(src.slice(i))![0];
      if (/[A-Za-z_]/.test(src[i + m.length] ?? ''))
        throw new PolicyError(i, `'${m}...' : an attribute cannot start with a digit`, src);
      out.push({ t: 'int', v: Number(m), pos: i });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_.:@-]*/.exec(src.slice(i))![0];
      out.push({ t: 'word', v: m, pos: i });
      i += m.length;
    } else throw new PolicyError(i, `unexpected character '${c}'`, src);
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}

const isKeyword = (tok: Token, kw: string) => tok.t === 'word' && tok.v.toLowerCase() === kw;
const KEYWORDS = new Set(['and', 'or', 'of']);

/** Parses a policy into its access tree (nested gates of one kind are flattened: a and b and c is 3-of-3). */
export function parsePolicy(src: string): PolicyNode {
  if (typeof src !== 'string') throw new PolicyError(0, 'policy is not a string', String(src));
  if (src.length > MAX_POLICY_LENGTH)
    throw new PolicyError(MAX_POLICY_LENGTH, `longer than ${MAX_POLICY_LENGTH} characters`, src.slice(0, 40) + '...');
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p]!;
  const describe = (t: Token) =>
    t.t === 'end'
      ? 'end of policy'
      : t.t === 'word' || t.t === 'int'
        ? `'${t.v}'`
        : `'${{ lp: '(', rp: ')', comma: ',' }[t.t]}'`;
  const expect = (t: Token['t'], what: string) => {
    const tok = peek();
    if (tok.t !== t) throw new PolicyError(tok.pos, `expected ${what}, found ${describe(tok)}`, src);
    p++;
    return tok;
  };

  const gate = (kw: 'and' | 'or', sub: () => PolicyNode): PolicyNode => {
    const first = sub();
    const items = [first];
    while (isKeyword(peek(), kw)) {
      p++;
      items.push(sub());
    }
    if (items.length === 1) return first;
    // Same-kind gates merge (a and (b and c) is 3-of-3): equivalent, and one gate costs less than two.
    const sameKind = (n: PolicyNode) => n.kind === 'gate' && (kw === 'and' ? n.k === n.children.length : n.k === 1);
    const flat = items.flatMap((n) => (n.kind === 'gate' && sameKind(n) ? n.children : [n]));
    return { kind: 'gate', k: kw === 'and' ? flat.length : 1, children: flat };
  };

  const orExpr = (): PolicyNode => gate('or', andExpr);
  const andExpr = (): PolicyNode => gate('and', atom);
  const atom = (): PolicyNode => {
    const tok = peek();
    if (tok.t === 'lp') {
      p++;
      const inner = orExpr();
      expect('rp', "')'");
      return inner;
    }
    if (tok.t === 'int') {
      p++;
      if (!isKeyword(peek(), 'of'))
        throw new PolicyError(peek().pos, `expected 'of' after the threshold ${tok.v}, found ${describe(peek())}`, src);
      p++;
      expect('lp', "'(' after 'of'");
      const children = [orExpr()];
      while (peek().t === 'comma') {
        p++;
        children.push(orExpr());
      }
      expect('rp', "')' or ','");
      if (tok.v < 1 || tok.v > children.length)
        throw new PolicyError(
          tok.pos,
          `threshold ${tok.v} must be between 1 and the number of its children (${children.length})`,
          src,
        );
      if (children.length === 1) return children[0]!;
      return { kind: 'gate', k: tok.v, children };
    }
    if (tok.t === 'word') {
      if (KEYWORDS.has(tok.v.toLowerCase()))
        throw new PolicyError(tok.pos, `expected an attribute, found the keyword '${tok.v}'`, src);
      p++;
      return { kind: 'attr', name: tok.v };
    }
    throw new PolicyError(tok.pos, `expected an attribute, '(' or a threshold, found ${describe(tok)}`, src);
  };

  const tree = orExpr();
  if (peek().t !== 'end')
    throw new PolicyError(peek().pos, `expected 'and', 'or' or end of policy, found ${describe(peek())}`, src);
  if (leaves(tree).length > MAX_LEAVES) throw new PolicyError(0, `more than ${MAX_LEAVES} attributes`, src);
  return tree;
}

/** The leaves' attribute names, left to right (BSW07's leaf order; Waters' rho). */
export function leaves(n: PolicyNode): string[] {
  return n.kind === 'attr' ? [n.name] : n.children.flatMap(leaves);
}

/** Prints a tree back in the policy syntax (parsePolicy(formatPolicy(t)) has the same structure). */
export function formatPolicy(n: PolicyNode): string {
  if (n.kind === 'attr') return n.name;
  const parts = n.children.map((c) => (c.kind === 'gate' ? `(${formatPolicy(c)})` : c.name));
  if (n.k === n.children.length) return parts.join(' and ');
  if (n.k === 1) return parts.join(' or ');
  return `${n.k} of (${n.children.map(formatPolicy).join(', ')})`;
}

/**
 * The cheapest way `attrs` satisfies the tree (fewest leaves used), or null: for each gate, the k satisfied children
 * with the fewest leaves. Returns the chosen leaf indices (positions in `leaves(tree)`), sorted.
 */
export function satisfyingLeaves(tree: PolicyNode, attrs: ReadonlySet<string>): number[] | null {
  let next = 0;
  const walk = (n: PolicyNode): number[] | null => {
    if (n.kind === 'attr') {
      const i = next++;
      return attrs.has(n.name) ? [i] : null;
    }
    const sat = n.children.map(walk).filter((x): x is number[] => x !== null);
    if (sat.length < n.k) return null;
    return sat
      .sort((a, b) => a.length - b.length)
      .slice(0, n.k)
      .flat();
  };
  const r = walk(tree);
  return r ? r.sort((a, b) => a - b) : null;
}

/** An LSSS matrix: row i belongs to attribute rho[i]; entries are in Zr. */
export interface Lsss {
  rows: bigint[][];
  rho: string[];
  columns: number;
}

/** The LSSS of a tree over Zr (see the header for the construction). */
export function toLsss(tree: PolicyNode, order: bigint): Lsss {
  let columns = 1;
  const raw: { vec: Map<number, bigint>; name: string }[] = [];
  const walk = (n: PolicyNode, vec: Map<number, bigint>) => {
    if (n.kind === 'attr') {
      raw.push({ vec, name: n.name });
      return;
    }
    const fresh = Array.from({ length: n.k - 1 }, (_, e) => columns + e);
    columns += n.k - 1;
    n.children.forEach((child, idx) => {
      const j = BigInt(idx + 1);
      const v = new Map(vec);
      let pw = 1n;
      for (const col of fresh) {
        pw = (pw * j) % order;
        v.set(col, pw);
      }
      walk(child, v);
    });
  };
  walk(tree, new Map([[0, 1n]]));
  return {
    rows: raw.map(({ vec }) => Array.from({ length: columns }, (_, c) => vec.get(c) ?? 0n)),
    rho: raw.map((r) => r.name),
    columns,
  };
}

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1, s0, s1] = [r1, r0 - q * r1, s1, s0 - q * s1];
  }
  return mod(s0, m);
}

/**
 * Reconstruction constants for the rows `use`: omega with sum_i omega_i rows[use_i] = (1, 0, ..., 0) mod `order`,
 * or null if those rows are not authorized. Gaussian elimination on the transposed system; each pivot costs one
 * scalar inversion, counted as `invZr` on `ops` when given (a scheme's decryption declares them in its cost model).
 */
export function reconstruction(lsss: Lsss, use: readonly number[], order: bigint, ops?: OpCounter): bigint[] | null {
  const m = use.length;
  const n = lsss.columns;
  // Augmented matrix of A_I^T (n equations, m unknowns) | e_1.
  const M = Array.from({ length: n }, (_, c) => [...use.map((i) => mod(lsss.rows[i]![c]!, order)), c === 0 ? 1n : 0n]);
  const pivotCol: number[] = [];
  let row = 0;
  for (let col = 0; col < m && row < n; col++) {
    const piv = M.findIndex((r, idx) => idx >= row && r[col]! !== 0n);
    if (piv < 0) continue;
    [M[row], M[piv]] = [M[piv]!, M[row]!];
    ops?.add('invZr');
    const f = inv(M[row]![col]!, order);
    M[row] = M[row]!.map((x) => mod(x * f, order));
    for (let r = 0; r < n; r++) {
      if (r !== row && M[r]![col]! !== 0n) {
        const g = M[r]![col]!;
        M[r] = M[r]!.map((x, k) => mod(x - g * M[row]![k]!, order));
      }
    }
    pivotCol.push(col);
    row++;
  }
  // Inconsistent if a zero row has a non-zero right-hand side.
  for (let r = row; r < n; r++) if (M[r]![m]! !== 0n) return null;
  const omega = new Array<bigint>(m).fill(0n);
  pivotCol.forEach((col, r) => (omega[col] = M[r]![m]!));
  return omega;
}
