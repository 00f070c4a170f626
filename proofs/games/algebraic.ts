/**
 * The algebraic adversary: a generic-group attack finder in the style of Barthe, Fagerholm, Fiore, Mitchell,
 * Scedrov and Schmidt ("Automated analysis of cryptographic assumptions in generic group models", CRYPTO 2014) and
 * Ambrona, Barthe and Schmidt (EUROCRYPT 2016), found numerically rather than symbolically.
 *
 * The adversary's view in a game (public keys, corrupted keys, oracle answers and the challenge, each read back
 * through the scheme's codec, plus the hash-to-group values of public strings such as identities and attributes)
 * holds elements of G1, G2 and GT and scalars. Its degree-2 span is every GT element, every pairing e(A, B) of a view
 * element A of G1 with a view element B of G2 (the generators included), and each of those that involves the
 * challenge multiplied by a view scalar s or by 1/s. The search asks whether the GT element that became the
 * challenge's DEM key (each `gt.kdf` input logged by the `dlog` backend while the challenge was made) is a FIXED
 * linear combination of those monomials: it plays independent runs of the game on `dlog`, where every element is its
 * exponent, evaluates every monomial and the key, and solves the linear system over Z_r row by row. By
 * Schwartz-Zippel, once the rows stop being independent (the monomials' span is exhausted) the key is in the span
 * exactly when the system stays consistent; a solution is checked again on fresh runs.
 *
 * An attack found is a list of (coefficient, monomial) pairs. Coefficients are read back as small rationals (rational
 * reconstruction), so the same combination can be evaluated on a real backend: `replay` computes it from a real
 * run's view and opens the challenge with the scheme's own decryption, every KDF call fed the attack's element
 * (instrument.ts). Nothing found is reported as "no algebraic attack of degree 2 in this view", never as "secure".
 *
 * Nothing here knows a scheme: the view and the challenge come from the game (a `Sample`), the elements from the
 * codec and the group.
 */
import { DlogElement, isDlogGroup, type DlogGroup } from '../../core/groups/dlog.js';
import type { G1, G2, GT, PairingGroup } from '../../core/groups/types.js';
import type { CodecKind, SchemeInstance } from '../../core/types.js';
import { randomBytes, SeededRng } from '../../core/rng.js';
import { modInv } from '../../core/groups/common.js';
import type { KdfOverride } from './instrument.js';

/** One object the adversary holds, read through the codec when the search needs it. */
export interface ViewPart {
  label: string;
  kind: CodecKind;
  get(): unknown;
}

/** One run of a game as the algebraic adversary sees it. */
export interface Sample {
  parts: ViewPart[];
  /** Public strings (identities, attribute names): hash-to-group values computed on exactly these join the view. */
  publicStrings: string[];
  /** Makes the challenge (KDF inputs during this call are the keys to find). */
  challenge(): unknown;
  /** The challenger's decryption path for the challenge (its KDF outputs are replaced by the attack's). */
  open(ct: unknown): Uint8Array;
}

export type Sampler = (inst: SchemeInstance, rng: SeededRng) => Sample;

type Path = (string | number)[];
type Ref =
  | { t: 'gen'; kind: 'G1' | 'G2' }
  | { t: 'part'; part: number; path: Path; challenge: boolean }
  | { t: 'hash'; kind: 'G1' | 'G2'; data: Uint8Array; dst: string };

interface Item {
  ref: Ref;
  kind: 'G1' | 'G2' | 'GT' | 'Zr';
  name: string;
  v: bigint;
}

/** A monomial: a GT item, or a pairing of a G1 and a G2 item, optionally times a scalar item (or its inverse). */
interface Column {
  gt?: number;
  a?: number;
  b?: number;
  s?: number;
  inv?: boolean;
}

export interface AttackTerm {
  /** The coefficient as a rational p/q (small integers for every attack seen so far). */
  coef: [bigint, bigint];
  monomial: string;
}

export interface AlgebraicAttack {
  /** The attack in words: which elements, which coefficients. */
  words: string;
  /** Per DEM key: the KDF label and its terms. */
  keys: { info: string; terms: AttackTerm[] }[];
  /** Set once the attack decrypted a challenge on a real backend. */
  replayedOn: string | null;
  columns: number;
  rank: number;
  runs: number;
  /** Internal: what the replay evaluates. */
  readonly plan: ReplayPlan;
}

interface ReplayPlan {
  items: Item[];
  keys: { info: string; cols: { col: Column; coef: [bigint, bigint] }[] }[];
}

export interface SearchStats {
  columns: number;
  rank: number;
  runs: number;
  ms: number;
  /** Of `ms`, the time spent in the elimination (the rest: playing runs on dlog and reading their views). */
  elimMs?: number;
  /** Why nothing was found, in words. */
  reason: string;
}

export interface SearchResult {
  attack: AlgebraicAttack | null;
  stats: SearchStats;
}

export const NO_ATTACK = 'no algebraic attack of degree 2 in this view';

export interface SearchOptions {
  /** Stop with "view too large" above this many distinct monomials. */
  maxColumns?: number;
  /** Only the first stage (monomials involving the challenge): quick mode. */
  narrowOnly?: boolean;
  /** Dependent rows that must agree before a solution is accepted. */
  confirmations?: number;
}

const MAX_COLUMNS_DEFAULT = 2500;
export const RATIONAL_BOUND = 1n << 32n;
const MAX_DEPTH = 8;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Walks a decoded object: group elements (recognised by `isElement`) and bigint scalars, in a fixed order. */
function walk(
  x: unknown,
  path: Path,
  depth: number,
  visit: (path: Path, x: unknown) => boolean,
  seen: Set<unknown>,
): void {
  if (visit(path, x)) return;
  if (depth > MAX_DEPTH || typeof x !== 'object' || x === null || seen.has(x)) return;
  if (ArrayBuffer.isView(x)) return;
  seen.add(x);
  if (Array.isArray(x)) x.forEach((y, i) => walk(y, [...path, i], depth + 1, visit, seen));
  else if (x instanceof Map) {
    for (const [k, v] of x)
      if (typeof k === 'string' || typeof k === 'number') walk(v, [...path, k], depth + 1, visit, seen);
  } else if (isPlainObject(x)) for (const k of Object.keys(x)) walk(x[k], [...path, k], depth + 1, visit, seen);
}

function getAt(x: unknown, path: Path): unknown {
  let cur = x;
  for (const k of path) {
    if (cur instanceof Map) cur = cur.get(k);
    else if (cur !== null && typeof cur === 'object') cur = (cur as Record<string | number, unknown>)[k];
    else return undefined;
  }
  return cur;
}

function pathText(p: Path): string {
  return p.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('');
}

/** The object as the wire carries it: encoded and decoded by the scheme's codec (nothing in memory only). */
export function throughCodec(inst: SchemeInstance, kind: CodecKind, x: unknown): unknown {
  const c = inst.codec;
  switch (kind) {
    case 'publicKey':
      return c.decodePublicKey(c.encodePublicKey(x));
    case 'secretKey':
      return c.decodeSecretKey(c.encodeSecretKey(x));
    case 'ciphertext':
      return c.decodeCiphertext(c.encodeCiphertext(x));
    case 'reKey':
      return c.decodeReKey(c.encodeReKey(x));
  }
}

interface Observed {
  items: Item[];
  /** Structure signature: equal across runs of one game. */
  shape: string;
  targets: { info: string; v: bigint }[];
  sample: Sample;
  challenge: unknown;
}

const te = new TextEncoder();

function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Plays one run on dlog and reads the whole view. */
function observe(inst: SchemeInstance, G: DlogGroup, sampler: Sampler, rng: SeededRng): Observed {
  G.log.kdf.length = 0;
  G.log.hash.length = 0;
  const sample = sampler(inst, rng);
  const items: Item[] = [
    { ref: { t: 'gen', kind: 'G1' }, kind: 'G1', name: 'g1', v: 1n },
    { ref: { t: 'gen', kind: 'G2' }, kind: 'G2', name: 'g2', v: 1n },
  ];
  const r = G.zr.order;
  const read = (obj: unknown, part: number, label: string, challenge: boolean) =>
    walk(
      obj,
      [],
      0,
      (path, x) => {
        if (x instanceof DlogElement) {
          items.push({ ref: { t: 'part', part, path, challenge }, kind: x.kind, name: label + pathText(path), v: x.v });
          return true;
        }
        if (typeof x === 'bigint') {
          if (x > 0n && x < r)
            items.push({ ref: { t: 'part', part, path, challenge }, kind: 'Zr', name: label + pathText(path), v: x });
          return true;
        }
        return false;
      },
      new Set(),
    );
  sample.parts.forEach((p, i) => read(throughCodec(inst, p.kind, p.get()), i, p.label, false));
  const pub = sample.publicStrings.map((s) => te.encode(s));
  const hashes = G.log.hash.filter((h) => pub.some((p) => bytesEq(p, h.data)));
  const seenHash = new Set<string>();
  for (const h of hashes) {
    const key = `${h.kind}/${h.dst}/${Buffer.from(h.data).toString('hex')}`;
    if (seenHash.has(key)) continue;
    seenHash.add(key);
    items.push({
      ref: { t: 'hash', kind: h.kind, data: h.data, dst: h.dst },
      kind: h.kind,
      name: `H_${h.kind}('${new TextDecoder().decode(h.data)}')`,
      v: h.v,
    });
  }
  const k0 = G.log.kdf.length;
  const challenge = sample.challenge();
  const targets = G.log.kdf.slice(k0).map((e) => ({ info: e.info, v: e.v }));
  read(throughCodec(inst, 'ciphertext', challenge), sample.parts.length, 'challenge', true);
  const shape = items.map((i) => `${i.kind}:${i.name}`).join('|') + '#' + targets.map((t) => t.info).join('|');
  return { items, shape, targets, sample, challenge };
}

function involvesChallenge(items: Item[], c: Column): boolean {
  const ch = (i: number | undefined) => {
    if (i === undefined) return false;
    const ref = items[i]!.ref;
    return ref.t === 'part' && ref.challenge;
  };
  return ch(c.gt) || ch(c.a) || ch(c.b);
}

/** The view's monomials; `narrow`: only those that involve the challenge, the GT elements and e(g1, g2). */
function columnsOf(items: Item[], narrow = false): Column[] {
  const idx = (k: Item['kind']) => items.map((it, i) => (it.kind === k ? i : -1)).filter((i) => i >= 0);
  const g1 = idx('G1');
  const g2 = idx('G2');
  const gts = idx('GT');
  const zs = idx('Zr');
  const pairs = g1.flatMap((a) => g2.map((b) => ({ a, b })));
  const base: Column[] = [
    ...gts.map((gt) => ({ gt })),
    ...(narrow ? pairs.filter((c) => involvesChallenge(items, c) || (c.a === 0 && c.b === 1)) : pairs),
  ];
  const cols = [...base];
  const scalable = base.filter((c) => involvesChallenge(items, c) || (c.a === 0 && c.b === 1));
  for (const s of zs) for (const inv of [false, true]) for (const c of scalable) cols.push({ ...c, s, inv });
  return cols;
}

function colValue(items: Item[], c: Column, r: bigint, invCache: Map<number, bigint>): bigint {
  let v = c.gt !== undefined ? items[c.gt]!.v : (items[c.a!]!.v * items[c.b!]!.v) % r;
  if (c.s !== undefined) {
    let s = items[c.s]!.v;
    if (c.inv) {
      let i = invCache.get(c.s);
      if (i === undefined) invCache.set(c.s, (i = modInv(s, r)));
      s = i;
    }
    v = (v * s) % r;
  }
  return v;
}

function colText(items: Item[], c: Column): string {
  const base = c.gt !== undefined ? items[c.gt]!.name : `e(${items[c.a!]!.name}, ${items[c.b!]!.name})`;
  if (c.s === undefined) return base;
  const s = items[c.s]!.name;
  return `${base}^(${c.inv ? `1/${s}` : s})`;
}

/**
 * Rational reconstruction: p/q = c (mod r) with |p|, q <= bound, or null. The bound (2^32 by default) is far below
 * sqrt(r), so a coefficient that is really an unknown constant of the run (a discrete log) passes only with
 * negligible probability.
 */
export function rational(c: bigint, r: bigint, bound = RATIONAL_BOUND): [bigint, bigint] | null {
  if (bound * bound * 2n >= r) bound = sqrtFloor(r / 2n);
  let [r0, r1] = [r, ((c % r) + r) % r];
  let [t0, t1] = [0n, 1n];
  while (r1 > bound) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (t1 === 0n) return null;
  let [p, q] = [r1, t1];
  if (q < 0n) [p, q] = [-p, -q];
  if (q > bound || p > bound || -p > bound) return null;
  return [p, q];
}

function sqrtFloor(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

function coefText([p, q]: [bigint, bigint]): string {
  return q === 1n ? String(p) : `${p}/${q}`;
}

/** Row-by-row Gaussian elimination over Z_r with target columns appended. */
class Echelon {
  readonly rows: { pivot: number; row: bigint[] }[] = [];
  constructor(
    readonly n: number,
    readonly m: number,
    readonly r: bigint,
  ) {}
  /** 'independent' (new pivot), 'consistent' (dependent, targets agree) or 'inconsistent'. */
  insert(row: bigint[]): 'independent' | 'consistent' | 'inconsistent' {
    const r = this.r;
    // Lazy reduction: entries may grow by one product per pivot; only the multiplier is reduced, once per pivot.
    for (const { pivot, row: pr } of this.rows) {
      const f = row[pivot]! % r;
      if (f === 0n) continue;
      for (let j = pivot; j < row.length; j++) {
        const x = pr[j]!;
        if (x !== 0n) row[j] = row[j]! - f * x;
      }
    }
    for (let j = 0; j < row.length; j++) row[j] = row[j]! % r;
    let p = -1;
    for (let j = 0; j < this.n; j++) {
      if (row[j]! % r !== 0n) {
        p = j;
        break;
      }
    }
    if (p < 0) {
      for (let j = this.n; j < this.n + this.m; j++) if (row[j]! % r !== 0n) return 'inconsistent';
      return 'consistent';
    }
    const inv = modInv(row[p]!, r);
    for (let j = 0; j < row.length; j++) row[j] = (((row[j]! * inv) % r) + r) % r;
    this.rows.push({ pivot: p, row });
    return 'independent';
  }
  /** One solution per target (free variables 0). */
  solve(): bigint[][] {
    const out: bigint[][] = [];
    for (let t = 0; t < this.m; t++) {
      const c = new Array<bigint>(this.n).fill(0n);
      for (let i = this.rows.length - 1; i >= 0; i--) {
        const { pivot, row } = this.rows[i]!;
        let v = -row[this.n + t]!;
        for (let j = pivot + 1; j < this.n; j++) if (row[j] !== 0n && c[j] !== 0n) v -= row[j]! * c[j]!;
        c[pivot] = ((v % this.r) + this.r) % this.r;
      }
      out.push(c);
    }
    return out;
  }
}

/**
 * Searches for a degree-2 algebraic attack in the view `sampler` produces, on `inst` (an instance on the dlog group).
 */
export async function searchAttack(
  make: () => Promise<SchemeInstance>,
  sampler: Sampler,
  rng: SeededRng,
  opts: SearchOptions = {},
): Promise<SearchResult> {
  const t0 = performance.now();
  let elimMs = 0;
  let inst = await make();
  const G = inst.group;
  // A fresh instance per run: everything the adversary is not given (master secrets drawn at set-up included) is a
  // fresh random variable in every run, so no unknown constant can hide in a coefficient.
  // Each run also gets its own random oracle (hash-to-group and hash-to-Zr re-keyed before the instance is made).
  const fresh = async (runRng: SeededRng) => {
    if (isDlogGroup(G)) G.rekeyHashes(Buffer.from(randomBytes(runRng.fork('random-oracle'), 16)).toString('hex'));
    inst.dispose?.();
    inst = await make();
    return inst;
  };
  const stats = (columns: number, rank: number, runs: number, reason: string): SearchStats => ({
    columns,
    rank,
    runs,
    ms: performance.now() - t0,
    elimMs,
    reason,
  });
  if (!isDlogGroup(G)) return { attack: null, stats: stats(0, 0, 0, 'the scheme does not run on the dlog group') };
  const r = G.zr.order;
  let first: Observed;
  try {
    first = observe(await fresh(rng.fork('run-0')), G, sampler, rng.fork('run-0'));
  } catch (e) {
    return { attack: null, stats: stats(0, 0, 0, `the view could not be read: ${(e as Error).message}`) };
  }
  if (first.targets.length === 0)
    return { attack: null, stats: stats(0, 0, 1, 'the challenge derives no key through gt.kdf: nothing to target') };
  const m = first.targets.length;
  const need = opts.confirmations ?? 2;
  const maxCols = opts.maxColumns ?? MAX_COLUMNS_DEFAULT;
  // Runs are kept and reused by both stages (the observations do not depend on the columns).
  const obs: Observed[] = [first];
  let runs = 1;
  let mismatches = 0;
  const nextRun = async (): Promise<Observed | string> => {
    const o = observe(await fresh(rng.fork(`run-${runs}`)), G, sampler, rng.fork(`run-${runs}`));
    runs++;
    if (o.shape !== first.shape) return ++mismatches > 3 ? 'the view changes shape between runs' : 'skip';
    obs.push(o);
    return o;
  };
  // Keep one column per distinct polynomial (distinct polynomials differ at a random point, Schwartz-Zippel).
  const distinct = (all: Column[]): Column[] => {
    const invCache = new Map<number, bigint>();
    const seenVal = new Set<bigint>();
    const out: Column[] = [];
    for (const c of all) {
      const v = colValue(first.items, c, r, invCache);
      if (v === 0n || seenVal.has(v)) continue;
      seenVal.add(v);
      out.push(c);
    }
    return out;
  };
  type Solved = { cols: Column[]; sol: bigint[][]; rank: number } | { reason: string; n: number; rank: number };
  const solveWith = async (cols: Column[]): Promise<Solved> => {
    const n = cols.length;
    const ech = new Echelon(n, m, r);
    const rowOf = (o: Observed): bigint[] => {
      const cache = new Map<number, bigint>();
      return [...cols.map((c) => colValue(o.items, c, r, cache)), ...o.targets.map((t) => r - t.v)];
    };
    let confirmed = 0;
    const maxRows = n + need + 4;
    for (let i = 0; i < maxRows; i++) {
      let o: Observed | string = obs[i] ?? 'more';
      while (typeof o === 'string') {
        try {
          o = await nextRun();
        } catch (e) {
          return { reason: `a run failed: ${(e as Error).message}`, n, rank: ech.rows.length };
        }
        if (o !== 'skip' && typeof o === 'string') return { reason: o, n, rank: ech.rows.length };
      }
      const te0 = performance.now();
      const status = ech.insert(rowOf(o));
      elimMs += performance.now() - te0;
      if (status === 'inconsistent') return { reason: NO_ATTACK, n, rank: ech.rows.length };
      if (status === 'consistent' && ++confirmed >= need) break;
    }
    if (confirmed < need) return { reason: NO_ATTACK, n, rank: ech.rows.length };
    const sol = ech.solve();
    // The solution, checked on fresh runs.
    for (let k = 0; k < 2; k++) {
      const o = observe(await fresh(rng.fork(`check-${k}`)), G, sampler, rng.fork(`check-${k}`));
      runs++;
      if (o.shape !== first.shape) continue;
      const row = rowOf(o);
      for (let t = 0; t < m; t++) {
        let acc = row[n + t]!;
        for (let j = 0; j < n; j++) if (sol[t]![j] !== 0n) acc += sol[t]![j]! * row[j]!;
        if (acc % r !== 0n)
          return { reason: NO_ATTACK + ' (a candidate failed on a fresh run)', n, rank: ech.rows.length };
      }
    }
    return { cols, sol, rank: ech.rows.length };
  };
  // Stage 1: the monomials that involve the challenge (and e(g1, g2), the GT elements); most attacks live there and
  // the system is smaller. Stage 2, only if stage 1 finds nothing: every degree-2 monomial of the view.
  const full = distinct(columnsOf(first.items));
  if (full.length > maxCols && !opts.narrowOnly)
    return {
      attack: null,
      stats: stats(full.length, 0, 1, `view too large (${full.length} monomials > ${maxCols}): not searched`),
    };
  const narrow = distinct(columnsOf(first.items, true));
  if (opts.narrowOnly && narrow.length > maxCols)
    return {
      attack: null,
      stats: stats(narrow.length, 0, 1, `view too large (${narrow.length} monomials > ${maxCols}): not searched`),
    };
  let res = await solveWith(narrow);
  if (!('sol' in res) && res.reason === NO_ATTACK && narrow.length < full.length) {
    if (opts.narrowOnly)
      return {
        attack: null,
        stats: stats(
          narrow.length,
          res.rank,
          runs,
          `${NO_ATTACK} among the monomials that involve the challenge (quick)`,
        ),
      };
    res = await solveWith(full);
  }
  if (!('sol' in res)) return { attack: null, stats: stats(full.length, res.rank, runs, res.reason) };
  const { cols, sol } = res;
  const n = cols.length;
  const ech = { rows: { length: res.rank } };
  const keys: ReplayPlan['keys'] = [];
  for (let t = 0; t < m; t++) {
    const terms: { col: Column; coef: [bigint, bigint] }[] = [];
    for (let j = 0; j < n; j++) {
      if (sol[t]![j] === 0n) continue;
      const q = rational(sol[t]![j]!, r);
      if (!q)
        return {
          attack: null,
          stats: stats(
            n,
            ech.rows.length,
            runs,
            'found on dlog, but a coefficient is no small rational: cannot be replayed',
          ),
        };
      terms.push({ col: cols[j]!, coef: q });
    }
    keys.push({ info: first.targets[t]!.info, cols: terms });
  }
  inst.dispose?.();
  const plan: ReplayPlan = { items: first.items, keys };
  const shown = keys.map((k) => ({
    info: k.info,
    terms: k.cols.map((c) => ({ coef: c.coef, monomial: colText(first.items, c.col) })),
  }));
  const words = shown
    .map(
      (k) =>
        `KDF('${k.info}') input = ` +
        (k.terms.length === 0 ? '1' : k.terms.map((t) => `${t.monomial}^${coefText(t.coef)}`).join(' * ')),
    )
    .join('; ');
  return {
    attack: { words, keys: shown, replayedOn: null, columns: n, rank: ech.rows.length, runs, plan },
    stats: stats(n, ech.rows.length, runs, 'attack found on dlog'),
  };
}

/** A real run's view elements, read at the paths the attack names. */
function realItem(
  inst: SchemeInstance,
  sample: Sample,
  challenge: unknown,
  it: Item,
  decoded: Map<number, unknown>,
): unknown {
  const G = inst.group!;
  const ref = it.ref;
  if (ref.t === 'gen') return ref.kind === 'G1' ? G.g1.generator() : G.g2.generator();
  if (ref.t === 'hash') return ref.kind === 'G1' ? G.g1.hash(ref.data, ref.dst) : G.g2.hash(ref.data, ref.dst);
  let obj = decoded.get(ref.part);
  if (obj === undefined) {
    obj =
      ref.part === sample.parts.length
        ? throughCodec(inst, 'ciphertext', challenge)
        : throughCodec(inst, sample.parts[ref.part]!.kind, sample.parts[ref.part]!.get());
    decoded.set(ref.part, obj);
  }
  return getAt(obj, ref.path);
}

/** The attack's KDF inputs computed from a real run's view (same game, real backend). */
export function evaluateAttack(
  attack: AlgebraicAttack,
  inst: SchemeInstance,
  sample: Sample,
  challenge: unknown,
): { info: string; K: GT }[] {
  const G: PairingGroup = inst.group!;
  const r = G.zr.order;
  const decoded = new Map<number, unknown>();
  const items = attack.plan.items;
  const memo = new Map<number, unknown>();
  const el = (i: number) => {
    if (!memo.has(i)) memo.set(i, realItem(inst, sample, challenge, items[i]!, decoded));
    return memo.get(i);
  };
  return attack.plan.keys.map((k) => {
    let K = G.gt.one();
    for (const { col, coef } of k.cols) {
      let v: GT = col.gt !== undefined ? (el(col.gt) as GT) : G.pair(el(col.a!) as G1, el(col.b!) as G2);
      let e = (((coef[0] % r) + r) % r) * modInv(coef[1], r);
      if (col.s !== undefined) {
        const s = el(col.s) as bigint;
        e = e * (col.inv ? modInv(s, r) : s);
      }
      v = G.gt.exp(v, e % r);
      K = G.gt.mul(K, v);
    }
    return { info: k.info, K };
  });
}

/** A KDF override that hands out the attack's elements by KDF label, in order. */
export function overrideFrom(keys: { info: string; K: GT }[]): KdfOverride {
  const queues = new Map<string, GT[]>();
  for (const k of keys) (queues.get(k.info) ?? queues.set(k.info, []).get(k.info)!).push(k.K);
  const used = new Map<string, number>();
  return (a, info) => {
    const q = queues.get(info);
    if (!q || q.length === 0) return a;
    const i = used.get(info) ?? 0;
    used.set(info, i + 1);
    return q[Math.min(i, q.length - 1)]!;
  };
}
