/**
 * The hot loops of SS512 in WebAssembly, on F_q in Montgomery form: the Miller loop's doubling and addition steps,
 * the step of a precomputed Miller loop, the Lucas ladder step (final and GT exponentiation) and the x-only doubling
 * of the strict decode's subgroup test. JavaScript drives the loops, one call per step. The module is emitted byte by byte from this file when first needed (no wasm
 * toolchain, no binary in the repository), and instantiated synchronously.
 *
 * Why: V8's bigint pays about 140 ns for a 512-bit product and 260 ns for its `%` by q; a Montgomery product of 18
 * limbs of 29 bits, fully unrolled in wasm (FIPS, "finely integrated product scanning": Koc, Acar, Kaliski,
 * "Analyzing and comparing Montgomery multiplication algorithms", IEEE Micro 1996), costs about half of one bigint
 * product-and-reduction (experiments/ss512-bench), and additions no longer allocate.
 *
 * Representation: an element is 18 little-endian u64 words of 29 bits each (the top word may hold a little more),
 * in a fixed slot of linear memory. R = 2^522. Values are lazy: a slot holds any non-negative representative below
 * a stated multiple of q (the bound comments in the step programs), and a product's inputs a, b must satisfy
 * a b < R q (so the output is below 2q); with q < 2^512 that allows (a/q)(b/q) up to about 1500, and every product
 * below keeps it under 410. Subtraction adds a multiple kq first (k from a constant slot), so nothing goes negative.
 * Each column of a product adds at most 36 products below 2^58 and a carry below 2^35: no i64 overflow.
 */
import { Q } from './params.js';

const W = 29;
const N = 18;
const MASK = (1n << BigInt(W)) - 1n;
const SLOT = 8 * N;
const MONT_R = 1n << BigInt(W * N);

function invMod(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, ((a % m) + m) % m, 0n, 1n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % m) + m) % m;
}
const R_MOD_Q = MONT_R % Q;
const R_INV = invMod(MONT_R, Q);

// ---- slots (index -> byte offset SLOT * index) ----
export const S = {
  X: 0,
  Y: 1,
  Z: 2,
  FA: 3,
  FB: 4,
  XP: 5,
  YP: 6,
  XQ: 7,
  YQ: 8,
  V0: 9,
  V1: 10,
  P: 11,
  TWO: 12,
  ZERO: 13,
  // constants k q (plain integers: adding k q changes nothing mod q, in any form)
  K2: 14,
  K4: 15,
  K8: 16,
  K16: 17,
  K18: 18,
  K32: 19,
  TMP: 20, // 20 .. 59: temporaries of the step programs
} as const;
const SLOTS = 60;
/** Operand marker of the step programs: LINE_REL + j is slot j of the line the step's parameter points at. */
const LINE_REL = 1000;
/** Where a precomputed line table is copied before an evaluation: right after the slots. */
export const LINES_BASE = SLOTS * SLOT;
/** Bytes of one precomputed line: alpha, beta. */
export const LINE_BYTES = 2 * SLOT;

// ---- wasm encoding ----
const uleb = (v: number): number[] => {
  const o: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v) b |= 0x80;
    o.push(b);
  } while (v);
  return o;
};
const sleb = (x: bigint): number[] => {
  let v = BigInt.asIntN(64, x);
  const o: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
};
const OP = {
  get: 0x20,
  set: 0x21,
  load: 0x29,
  store: 0x37,
  i32c: 0x41,
  i64c: 0x42,
  i32add: 0x6a,
  add: 0x7c,
  sub: 0x7d,
  mul: 0x7e,
  and: 0x83,
  shrS: 0x87,
  shrU: 0x88,
  call: 0x10,
  end: 0x0b,
} as const;
const I32 = 0x7f;
const I64 = 0x7e;

/** Function indices inside the module. */
const F = {
  mont: 0,
  add: 1,
  sub: 2,
  dbl: 3,
  addStep: 4,
  lucas1: 5,
  lucas0: 6,
  evalSq: 7,
  evalMul: 8,
  xdbl: 9,
} as const;

function fnBody(localGroups: number[][], code: number[]): number[] {
  const body = [...uleb(localGroups.length), ...localGroups.flat(), ...code, OP.end];
  return [...uleb(body.length), ...body];
}

/** mont(out, a, b): out = a b / R mod q, below 2q (see the module comment). */
function montFn(): number[] {
  const nl = Array.from({ length: N }, (_, i) => (Q >> BigInt(W * i)) & MASK);
  const np = ((1n << BigInt(W)) - invMod(Q, 1n << BigInt(W))) & MASK;
  const A = (j: number) => 3 + j;
  const B = (j: number) => 3 + N + j;
  const M = (j: number) => 3 + 2 * N + j;
  const ACC = 3 + 3 * N;
  const c: number[] = [];
  for (let j = 0; j < N; j++) {
    c.push(OP.get, 1, OP.load, 3, ...uleb(8 * j), OP.set, A(j));
    c.push(OP.get, 2, OP.load, 3, ...uleb(8 * j), OP.set, B(j));
  }
  c.push(OP.i64c, 0, OP.set, ACC);
  const madd = (x: number, y: number) => c.push(OP.get, ACC, OP.get, x, OP.get, y, OP.mul, OP.add, OP.set, ACC);
  const maddK = (x: number, k: bigint) =>
    c.push(OP.get, ACC, OP.get, x, OP.i64c, ...sleb(k), OP.mul, OP.add, OP.set, ACC);
  const shift = () => c.push(OP.get, ACC, OP.i64c, ...sleb(BigInt(W)), OP.shrU, OP.set, ACC);
  for (let i = 0; i < N; i++) {
    for (let j = 0; j < i; j++) {
      madd(A(j), B(i - j));
      maddK(M(j), nl[i - j]!);
    }
    madd(A(i), B(0));
    c.push(OP.get, ACC, OP.i64c, ...sleb(MASK), OP.and, OP.i64c, ...sleb(np), OP.mul);
    c.push(OP.i64c, ...sleb(MASK), OP.and, OP.set, M(i));
    maddK(M(i), nl[0]!);
    shift();
  }
  for (let i = N; i < 2 * N; i++) {
    for (let j = i - N + 1; j < N; j++) {
      madd(A(j), B(i - j));
      maddK(M(j), nl[i - j]!);
    }
    if (i < 2 * N - 1) c.push(OP.get, 0, OP.get, ACC, OP.i64c, ...sleb(MASK), OP.and);
    else c.push(OP.get, 0, OP.get, ACC); // the top word keeps what is left (the output is below 2q < 2^522)
    c.push(OP.store, 3, ...uleb(8 * (i - N)));
    shift();
  }
  return fnBody([[3 * N + 1, I64]], c);
}

/** add(out, a, b) and sub(out, a, b, k) = a + k - b: word by word with the carry, the top word unmasked. */
function addSubFn(isSub: boolean): number[] {
  const CARRY = isSub ? 4 : 3;
  const T = CARRY + 1;
  const c: number[] = [OP.i64c, 0, OP.set, CARRY];
  for (let j = 0; j < N; j++) {
    const off = uleb(8 * j);
    c.push(OP.get, 1, OP.load, 3, ...off);
    if (isSub) c.push(OP.get, 3, OP.load, 3, ...off, OP.add, OP.get, 2, OP.load, 3, ...off, OP.sub);
    else c.push(OP.get, 2, OP.load, 3, ...off, OP.add);
    c.push(OP.get, CARRY, OP.add, OP.set, T);
    if (j < N - 1) {
      c.push(OP.get, 0, OP.get, T, OP.i64c, ...sleb(MASK), OP.and, OP.store, 3, ...off);
      c.push(OP.get, T, OP.i64c, ...sleb(BigInt(W)), OP.shrS, OP.set, CARRY);
    } else c.push(OP.get, 0, OP.get, T, OP.store, 3, ...off);
  }
  return fnBody([[2, I64]], c);
}

/** A straight-line program of mont / add / sub calls on slots. */
class Prog {
  readonly code: number[] = [];
  private tmp: number = S.TMP;
  t(): number {
    if (this.tmp >= SLOTS) throw new Error('ss512 wasm: out of temporary slots');
    return this.tmp++;
  }
  private call(f: number, ...slots: number[]): void {
    for (const s of slots) {
      // A slot at or above LINE_REL is relative to the step's i32 parameter (a line of a precomputed table).
      if (s >= LINE_REL) this.code.push(OP.get, 0, OP.i32c, ...sleb(BigInt(SLOT * (s - LINE_REL))), OP.i32add);
      else this.code.push(OP.i32c, ...sleb(BigInt(SLOT * s)));
    }
    this.code.push(OP.call, f);
  }
  mul(o: number, a: number, b: number): number {
    this.call(F.mont, o, a, b);
    return o;
  }
  add(o: number, a: number, b: number): number {
    this.call(F.add, o, a, b);
    return o;
  }
  sub(o: number, a: number, b: number, k: number): number {
    this.call(F.sub, o, a, b, k);
    return o;
  }
  /** The function body; `params` is only for the reader (parameters are not locals to declare). */
  body(params = 0): number[] {
    void params;
    return fnBody([], this.code);
  }
}

/**
 * One doubling step of the Miller loop, the same formulas as pairing.ts (Jacobian T = (X, Y, Z), a = 1): the tangent
 * at phi(Q) is (M (xQ ZZ + X) - 2 YY) + (2 Y Z ZZ yQ) i, then f = f^2 l, then T = 2T. Bounds in units of q on entry:
 * X, Y < 18, Z < 4, FA < 4, FB < 6; they hold again on exit.
 */
function dblStep(): number[] {
  const p = new Prog();
  const { X, Y, Z, FA, FB, XQ, YQ } = S;
  const YY = p.mul(p.t(), Y, Y); // < 2
  const ZZ = p.mul(p.t(), Z, Z); // < 2
  const XX = p.mul(p.t(), X, X); // < 2
  const Z4 = p.mul(p.t(), ZZ, ZZ); // < 2
  const M = p.add(p.t(), XX, XX);
  p.add(M, M, XX);
  p.add(M, M, Z4); // < 8
  const Z3 = p.mul(p.t(), Y, Z); // 18 * 4
  p.add(Z3, Z3, Z3); // < 4
  const T = p.mul(p.t(), XQ, ZZ);
  p.add(T, T, X); // < 20
  const LA = p.mul(p.t(), M, T); // 8 * 20
  const Y2 = p.add(p.t(), YY, YY); // < 4
  p.sub(LA, LA, Y2, S.K4); // < 6
  const C = p.mul(p.t(), Z3, ZZ);
  const LB = p.mul(p.t(), C, YQ); // < 2
  const SA1 = p.add(p.t(), FA, FB); // < 10
  const SA2 = p.sub(p.t(), FA, FB, S.K8); // < 12
  const SA = p.mul(p.t(), SA1, SA2); // 10 * 12, < 2
  const SB = p.mul(p.t(), FA, FB); // 4 * 6
  p.add(SB, SB, SB); // < 4
  const T0 = p.mul(p.t(), SA, LA); // 2 * 6
  const T1 = p.mul(p.t(), SB, LB); // 4 * 2
  const U = p.add(p.t(), SA, SB); // < 6
  const V = p.add(p.t(), LA, LB); // < 8
  const T2 = p.mul(p.t(), U, V); // 6 * 8
  p.sub(FA, T0, T1, S.K2); // < 4
  const W0 = p.add(p.t(), T0, T1); // < 4
  p.sub(FB, T2, W0, S.K4); // < 6
  const XYY = p.mul(p.t(), X, YY); // 18 * 2
  const SS = p.add(p.t(), XYY, XYY);
  p.add(SS, SS, SS); // < 8
  const MM = p.mul(p.t(), M, M); // 8 * 8
  const S2 = p.add(p.t(), SS, SS); // < 16
  const X3 = p.sub(p.t(), MM, S2, S.K16); // < 18
  const D = p.sub(p.t(), SS, X3, S.K32); // < 40
  const MD = p.mul(p.t(), M, D); // 8 * 40
  const Y4 = p.mul(p.t(), YY, YY);
  const Y8 = p.add(p.t(), Y4, Y4);
  p.add(Y8, Y8, Y8);
  p.add(Y8, Y8, Y8); // < 16
  p.sub(Y, MD, Y8, S.K16); // < 18
  p.add(X, X3, S.ZERO); // < 18
  p.add(Z, Z3, S.ZERO); // < 4
  return p.body();
}

/**
 * The addition step at bit 107 of r, after that bit's doubling: the chord through T and P at phi(Q),
 * (Rr (xQ + xP) - yP Zn) + (Zn yQ) i, then f = f l, then T = T + P. Same entry and exit bounds as dblStep (exit:
 * X < 10, Y < 4, Z < 2). The caller checks Zn != 0 (T = -P would be a degenerate addition).
 */
function addStep(): number[] {
  const p = new Prog();
  const { X, Y, Z, FA, FB, XP, YP, XQ, YQ } = S;
  const ZZ = p.mul(p.t(), Z, Z);
  const U2 = p.mul(p.t(), XP, ZZ);
  const YZ = p.mul(p.t(), YP, Z);
  const S2 = p.mul(p.t(), YZ, ZZ);
  const H = p.sub(p.t(), U2, X, S.K18); // < 20
  const Rr = p.sub(p.t(), S2, Y, S.K18); // < 20
  const HH = p.mul(p.t(), H, H); // 20 * 20
  const HHH = p.mul(p.t(), H, HH);
  const V = p.mul(p.t(), X, HH); // 18 * 2
  const Zn = p.mul(p.t(), Z, H); // 4 * 20
  const XS = p.add(p.t(), XQ, XP); // < 2
  const LA = p.mul(p.t(), Rr, XS);
  const YZn = p.mul(p.t(), YP, Zn);
  p.sub(LA, LA, YZn, S.K2); // < 4
  const LB = p.mul(p.t(), Zn, YQ); // < 2
  const T0 = p.mul(p.t(), FA, LA); // 4 * 4
  const T1 = p.mul(p.t(), FB, LB); // 6 * 2
  const U = p.add(p.t(), FA, FB); // < 10
  const V2 = p.add(p.t(), LA, LB); // < 6
  const T2 = p.mul(p.t(), U, V2); // 10 * 6
  p.sub(FA, T0, T1, S.K2); // < 4
  const W0 = p.add(p.t(), T0, T1);
  p.sub(FB, T2, W0, S.K4); // < 6
  const RR = p.mul(p.t(), Rr, Rr); // 20 * 20
  const V2x = p.add(p.t(), V, V);
  const W2 = p.add(p.t(), HHH, V2x); // < 6
  const Xn = p.sub(p.t(), RR, W2, S.K8); // < 10
  const D = p.sub(p.t(), V, Xn, S.K16); // < 18
  const RD = p.mul(p.t(), Rr, D); // 20 * 18
  const YH = p.mul(p.t(), Y, HHH); // 18 * 2
  p.sub(Y, RD, YH, S.K2); // < 4
  p.add(X, Xn, S.ZERO);
  p.add(Z, Zn, S.ZERO);
  return p.body();
}

/** A Lucas ladder step for bit 1 (V0 = V0 V1 - P, V1 = V1^2 - 2) or 0 (V1 = V0 V1 - P, V0 = V0^2 - 2). V0, V1 < 4. */
function lucasStep(bit: 0 | 1): number[] {
  const p = new Prog();
  const { V0, V1, P, TWO } = S;
  const T = p.mul(p.t(), V0, V1);
  if (bit === 1) {
    p.sub(V0, T, P, S.K2);
    const Sq = p.mul(p.t(), V1, V1);
    p.sub(V1, Sq, TWO, S.K2);
  } else {
    p.sub(V1, T, P, S.K2);
    const Sq = p.mul(p.t(), V0, V0);
    p.sub(V0, Sq, TWO, S.K2);
  }
  return p.body();
}

/**
 * One step of a precomputed Miller loop (pairing.ts, PrecomputedLines): the line (alpha, beta) at the parameter's
 * offset, alpha, beta in Montgomery form below q, has value (alpha xP + beta) + yP i at phi(P); f = f^2 l (square)
 * or f l. Entry and exit bounds FA < 4, FB < 6.
 */
function evalStep(square: boolean): number[] {
  const p = new Prog();
  const { FA, FB, XP, YP } = S;
  const LA = p.mul(p.t(), LINE_REL + 0, XP);
  p.add(LA, LA, LINE_REL + 1); // < 3
  let SA: number = FA; // < 4
  let SB: number = FB; // < 6
  if (square) {
    const SA1 = p.add(p.t(), FA, FB); // < 10
    const SA2 = p.sub(p.t(), FA, FB, S.K8); // < 12
    SA = p.mul(p.t(), SA1, SA2); // < 2
    SB = p.mul(p.t(), FA, FB);
    p.add(SB, SB, SB); // < 4
  }
  const T0 = p.mul(p.t(), SA, LA); // 4 * 3
  const T1 = p.mul(p.t(), SB, YP); // 6 * 1
  const U = p.add(p.t(), SA, SB); // < 10
  const V = p.add(p.t(), LA, YP); // < 4
  const T2 = p.mul(p.t(), U, V); // 10 * 4
  p.sub(FA, T0, T1, S.K2); // < 4
  const W0 = p.add(p.t(), T0, T1);
  p.sub(FB, T2, W0, S.K4); // < 6
  return p.body(1);
}

/**
 * x-only doubling for the strict decode's subgroup test (curve.ts, inSubgroupX) on (X : Z) in slots X, Z:
 * X' = (X^2 - Z^2)^2, Z' = 4 X Z (X^2 + Z^2) (Brier-Joye, dbl-2002-bj with a = 1, b = 0). Bounds X < 2, Z < 8.
 */
function xdblStep(): number[] {
  const p = new Prog();
  const { X, Z } = S;
  const XX = p.mul(p.t(), X, X);
  const ZZ = p.mul(p.t(), Z, Z); // 8 * 8
  const XZ = p.mul(p.t(), X, Z);
  const D = p.sub(p.t(), XX, ZZ, S.K2); // < 4
  const Sm = p.add(p.t(), XX, ZZ); // < 4
  const T = p.mul(p.t(), XZ, Sm);
  p.add(T, T, T);
  p.add(Z, T, T); // < 8
  p.mul(X, D, D); // < 2
  return p.body();
}

function moduleBytes(): Uint8Array {
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
  const types = vec([
    [0x60, 3, I32, I32, I32, 0], // mont, add
    [0x60, 4, I32, I32, I32, I32, 0], // sub
    [0x60, 0, 0], // steps
    [0x60, 1, I32, 0], // evaluation steps (line offset)
  ]);
  const funcs = vec([[0], [0], [1], [2], [2], [2], [2], [3], [3], [2]]);
  const memory = vec([[0, 1]]);
  const exps = vec([
    [...name('dbl'), 0, F.dbl],
    [...name('addStep'), 0, F.addStep],
    [...name('lucas1'), 0, F.lucas1],
    [...name('lucas0'), 0, F.lucas0],
    [...name('mont'), 0, F.mont],
    [...name('evalSq'), 0, F.evalSq],
    [...name('evalMul'), 0, F.evalMul],
    [...name('xdbl'), 0, F.xdbl],
    [...name('mem'), 2, 0],
  ]);
  const code = vec([
    montFn(),
    addSubFn(false),
    addSubFn(true),
    dblStep(),
    addStep(),
    lucasStep(1),
    lucasStep(0),
    evalStep(true),
    evalStep(false),
    xdblStep(),
  ]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, types),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(7, exps),
    ...section(10, code),
  ]);
}

interface Exports {
  dbl(): void;
  addStep(): void;
  lucas1(): void;
  lucas0(): void;
  mont(o: number, a: number, b: number): void;
  evalSq(line: number): void;
  evalMul(line: number): void;
  xdbl(): void;
  mem: { buffer: ArrayBuffer; grow(pages: number): number };
}
interface WasmSync {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (m: object) => { exports: unknown };
}

/** The instantiated module and a view of its memory. */
export class Ss512Wasm {
  readonly ex: Exports;
  private mem: BigUint64Array;
  constructor() {
    const wasm = (globalThis as unknown as { WebAssembly: WasmSync }).WebAssembly;
    this.ex = new wasm.Instance(new wasm.Module(moduleBytes())).exports as Exports;
    this.mem = new BigUint64Array(this.ex.mem.buffer, 0, SLOTS * N);
    for (const [slot, k] of [
      [S.K2, 2n],
      [S.K4, 4n],
      [S.K8, 8n],
      [S.K16, 16n],
      [S.K18, 18n],
      [S.K32, 32n],
    ] as const)
      this.putRaw(slot, k * Q);
    this.putRaw(S.ZERO, 0n);
    this.putRaw(S.TWO, (2n * R_MOD_Q) % Q);
  }
  /** Copies a line table (from lineTable) to LINES_BASE, growing the memory when it does not fit. */
  loadLines(table: BigUint64Array): void {
    const need = LINES_BASE + table.length * 8;
    const have = this.ex.mem.buffer.byteLength;
    if (need > have) {
      this.ex.mem.grow(Math.ceil((need - have) / 65536));
      this.mem = new BigUint64Array(this.ex.mem.buffer, 0, SLOTS * N);
    }
    new BigUint64Array(this.ex.mem.buffer, LINES_BASE, table.length).set(table);
  }
  /** Writes a non-negative integer below 2^522 into a slot as it is. */
  putRaw(slot: number, x: bigint): void {
    const base = slot * N;
    for (let i = 0; i < N; i++) {
      this.mem[base + i] = x & MASK;
      x >>= BigInt(W);
    }
  }
  /** Reads a slot back as an integer (a lazy representative). */
  getRaw(slot: number): bigint {
    const base = slot * N;
    let x = 0n;
    for (let i = N - 1; i >= 0; i--) x = (x << BigInt(W)) | this.mem[base + i]!;
    return x;
  }
  /** Writes an F_q value (any bigint, loose) in Montgomery form. */
  put(slot: number, x: bigint): void {
    let m = (x * R_MOD_Q) % Q;
    if (m < 0n) m += Q;
    this.putRaw(slot, m);
  }
  /** Reads a slot back out of Montgomery form, loose (in [0, q)). */
  get(slot: number): bigint {
    return (this.getRaw(slot) * R_INV) % Q;
  }
}

let instance: Ss512Wasm | null = null;
/** The module, emitted and instantiated on first use. */
export function ss512Wasm(): Ss512Wasm {
  return (instance ??= new Ss512Wasm());
}

/** The limbs of Montgomery-form (alpha, beta) pairs, laid out as the evaluation steps read them at LINES_BASE. */
export function lineTable(alpha: readonly bigint[], beta: readonly bigint[]): BigUint64Array {
  const out = new BigUint64Array(alpha.length * 2 * N);
  const put = (at: number, x: bigint) => {
    let m = (x * R_MOD_Q) % Q;
    if (m < 0n) m += Q;
    for (let i = 0; i < N; i++) {
      out[at + i] = m & MASK;
      m >>= BigInt(W);
    }
  };
  for (let k = 0; k < alpha.length; k++) {
    put(2 * N * k, alpha[k]!);
    put(2 * N * k + N, beta[k]!);
  }
  return out;
}
