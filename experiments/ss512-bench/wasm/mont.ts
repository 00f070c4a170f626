/**
 * A probe, not a backend: F_q Montgomery multiplication for SS512's 512-bit q in WebAssembly, emitted byte by byte
 * from this file (no wasm toolchain, no dependency), to measure what moving the field arithmetic out of V8 bigint
 * would buy before anyone ports the Miller loop (see ../README.md).
 *
 * Method: FIPS, "finely integrated product scanning" (Koc, Acar, Kaliski, "Analyzing and comparing Montgomery
 * multiplication algorithms", IEEE Micro 1996), with 18 limbs of 29 bits held in i64 locals and the loops fully
 * unrolled: every column adds at most 36 products below 2^58, so the i64 accumulator never overflows and no carry
 * is handled inside a column. R = 2^522; for inputs below 2^512 the output is below 2q (no final subtraction,
 * callers may stay lazy). The modulus limbs are immediates.
 *
 * Exports of the module: mont(out, a, b) on byte offsets of 18 little-endian u64 limbs in its memory, and
 * bench(n), which runs x <- mont(x, y) n times with x at offset 0 and y at offset 256 (a loop inside wasm, so no
 * JS-to-wasm call is timed).
 */
import { Q } from '../../../core/groups/ss512/params.js';

export const LIMB_BITS = 29;
export const LIMBS = 18;
const MASK = (1n << BigInt(LIMB_BITS)) - 1n;
/** The Montgomery radix R = 2^(29 * 18). */
export const MONT_R = 1n << BigInt(LIMB_BITS * LIMBS);

export function toLimbs(x: bigint): bigint[] {
  return Array.from({ length: LIMBS }, (_, i) => (x >> BigInt(LIMB_BITS * i)) & MASK);
}

function invMod(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [m, ((a % m) + m) % m, 0n, 1n];
  while (r1 !== 0n) {
    const t = r0 / r1;
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  return ((s0 % m) + m) % m;
}

/** R^-1 mod q: mont(a, b) = a b R^-1 (mod q). */
export const MONT_R_INV = invMod(MONT_R, Q);

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
const sleb64 = (x: bigint): number[] => {
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
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i64Load: 0x29,
  i64Store: 0x37,
  i32Const: 0x41,
  i64Const: 0x42,
  i32Sub: 0x6b,
  i64Add: 0x7c,
  i64Mul: 0x7e,
  i64And: 0x83,
  i64ShrU: 0x88,
  loop: 0x03,
  brIf: 0x0d,
  call: 0x10,
  end: 0x0b,
  voidBlock: 0x40,
  i64: 0x7e,
  i32: 0x7f,
  func: 0x60,
} as const;

/** Body of mont(out, a, b): locals 0-2 the pointers, then a_j, b_j, m_j (18 each) and the accumulator. */
function montBody(): number[] {
  const n = LIMBS;
  const nl = toLimbs(Q);
  const np = ((1n << BigInt(LIMB_BITS)) - invMod(Q, 1n << BigInt(LIMB_BITS))) & MASK; // -q^-1 mod 2^29
  const A = (j: number) => 3 + j;
  const B = (j: number) => 3 + n + j;
  const M = (j: number) => 3 + 2 * n + j;
  const ACC = 3 + 3 * n;
  const c: number[] = [];
  const load = (ptr: number, j: number, dst: number) =>
    c.push(OP.localGet, ptr, OP.i64Load, 3, ...uleb(8 * j), OP.localSet, dst);
  const madd = (x: number, y: number) =>
    c.push(OP.localGet, ACC, OP.localGet, x, OP.localGet, y, OP.i64Mul, OP.i64Add, OP.localSet, ACC);
  const maddConst = (x: number, k: bigint) =>
    c.push(OP.localGet, ACC, OP.localGet, x, OP.i64Const, ...sleb64(k), OP.i64Mul, OP.i64Add, OP.localSet, ACC);
  const shift = () => c.push(OP.localGet, ACC, OP.i64Const, ...sleb64(BigInt(LIMB_BITS)), OP.i64ShrU, OP.localSet, ACC);
  for (let j = 0; j < n; j++) {
    load(1, j, A(j));
    load(2, j, B(j));
  }
  c.push(OP.i64Const, 0, OP.localSet, ACC);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      madd(A(j), B(i - j));
      maddConst(M(j), nl[i - j]!);
    }
    madd(A(i), B(0));
    // m_i = (acc mod 2^29) * (-q^-1) mod 2^29, chosen so that acc + m_i q_0 = 0 mod 2^29
    c.push(OP.localGet, ACC, OP.i64Const, ...sleb64(MASK), OP.i64And, OP.i64Const, ...sleb64(np), OP.i64Mul);
    c.push(OP.i64Const, ...sleb64(MASK), OP.i64And, OP.localSet, M(i));
    maddConst(M(i), nl[0]!);
    shift();
  }
  for (let i = n; i < 2 * n; i++) {
    for (let j = i - n + 1; j < n; j++) {
      madd(A(j), B(i - j));
      maddConst(M(j), nl[i - j]!);
    }
    c.push(OP.localGet, 0, OP.localGet, ACC, OP.i64Const, ...sleb64(MASK), OP.i64And);
    c.push(OP.i64Store, 3, ...uleb(8 * (i - n)));
    shift();
  }
  c.push(OP.end);
  const body = [1, ...uleb(3 * n + 1), OP.i64, ...c];
  return [...uleb(body.length), ...body];
}

/** Body of bench(n): do { mont(0, 0, 256) } while (--n). */
function benchBody(): number[] {
  const c = [OP.loop, OP.voidBlock, OP.i32Const, 0, OP.i32Const, 0, OP.i32Const, ...uleb(256), OP.call, 0];
  c.push(OP.localGet, 0, OP.i32Const, 1, OP.i32Sub, OP.localTee, 0, OP.brIf, 0, OP.end, OP.end);
  const body = [0, ...c];
  return [...uleb(body.length), ...body];
}

/** The whole module's bytes. */
export function montModuleBytes(): Uint8Array {
  const section = (id: number, bytes: number[]) => [id, ...uleb(bytes.length), ...bytes];
  const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
  const name = (s: string) => [...uleb(s.length), ...new TextEncoder().encode(s)];
  const types = vec([
    [OP.func, 3, OP.i32, OP.i32, OP.i32, 0],
    [OP.func, 1, OP.i32, 0],
  ]);
  const funcs = vec([[0], [1]]);
  const memory = vec([[0, 1]]); // one 64 KiB page, no maximum
  const exportsSec = vec([
    [...name('mont'), 0, 0],
    [...name('bench'), 0, 1],
    [...name('mem'), 2, 0],
  ]);
  const code = vec([montBody(), benchBody()]);
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, types),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(7, exportsSec),
    ...section(10, code),
  ]);
}

export interface MontModule {
  mont(out: number, a: number, b: number): void;
  bench(n: number): void;
  /** Writes x (0 <= x < 2^522) as limbs at a byte offset. */
  put(offset: number, x: bigint): void;
  /** Reads the limbs at a byte offset back into a bigint. */
  get(offset: number): bigint;
}

/** The slice of the WebAssembly global this probe uses (the project's TypeScript libs declare no DOM types). */
interface WasmGlobal {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
}

export async function instantiateMont(): Promise<MontModule> {
  const wasm = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;
  const { instance } = await wasm.instantiate(montModuleBytes());
  const ex = instance.exports as {
    mont(o: number, a: number, b: number): void;
    bench(n: number): void;
    mem: { buffer: ArrayBuffer };
  };
  const view = () => new BigUint64Array(ex.mem.buffer);
  return {
    mont: ex.mont,
    bench: ex.bench,
    put(offset, x) {
      const v = view();
      toLimbs(x).forEach((l, i) => (v[offset / 8 + i] = l));
    },
    get(offset) {
      const v = view();
      let x = 0n;
      for (let i = LIMBS - 1; i >= 0; i--) x = (x << BigInt(LIMB_BITS)) | v[offset / 8 + i]!;
      return x;
    },
  };
}
