/**
 * SS512: the 80-bit Type-A symmetric pairing group of PBC/Charm (see params.ts for the constants and their source),
 * implemented on native bigint, behind the harness's `PairingGroup` interface. G1 and G2 are the same group G (the
 * order-r subgroup of E(F_q), E: y^2 = x^3 + x); a scheme's G1 and G2 elements are the same kind of point, so the
 * two `CurveGroup` views differ only in which operations they count.
 *
 * Encodings (the sizes behind the paper's 128-byte accounting):
 *  - G: x || y, 64-byte big-endian coordinates, 128 bytes: the layout of PBC's uncompressed `element_to_bytes`
 *    for Type-A points, which is what the paper's 128 bytes per element count. (Charm's `serialize` compresses
 *    G1/G2 with `element_to_bytes_compressed`, 65 bytes, but writes ZR and GT with plain `element_to_bytes`: see
 *    Serialize_cmp / Deserialize_cmp in JHUISI/charm, charm/core/math/pairing/pairingmodule.c.) The identity is
 *    128 zero bytes: (0, 0) is on the curve but has order 2, so no element of G collides with it.
 *  - GT: a || b for a + b i in F_q2, 64 bytes each, 128 bytes: PBC's `element_to_bytes` of an F_q2 element (its two
 *    base-field coordinates in turn), as Charm serializes SS512 GT elements. No further compression is needed to
 *    meet the 128-byte accounting (a norm-1 element could be sent as a alone plus a sign bit, 65 bytes, but the
 *    paper counts 128).
 *  - Zr: 20-byte big-endian scalars modulo r.
 * Decoding is strict: exact length, coordinates < q, on the curve (GT: norm 1), in the order-r subgroup (rP = O,
 * x^r = 1), identity only when allowed.
 *
 * Hash to G: expand_message_xmd(SHA-256) (RFC 9380, section 5.3.1) to 80 bytes with the caller's DST, reduced mod q
 * (bias < 2^-128), the bijective encoding of curve.ts, then multiplication by the cofactor h (as PBC's
 * element_from_hash clears the cofactor of its try-and-increment point). Hashing is deterministic but not
 * constant-time, like the rest of this backend: it is a research harness, not a side-channel-hardened library.
 *
 * The generator is not part of a.param (PBC and Charm draw random ones); ours is the hash of "generator" under the
 * DST "MEDEXCHAIN-SS512-GENERATOR", fixed so runs are reproducible.
 */
import { expand_message_xmd } from '@noble/curves/abstract/hash-to-curve.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { DecodeError, UnsupportedError } from '../../errors.js';
import { OpCounter, type OpName } from '../../ops.js';
import type { Rng } from '../../rng.js';
import { bigintToBytes, bytesToBigint, kdfFromBytes, makeScalarField } from '../common.js';
import type {
  CurveGroup,
  DecodeOptions,
  FixedBase,
  G1,
  G2,
  GT,
  MillerValue,
  PairingGroup,
  PairingPrecomp,
  TargetGroup,
} from '../types.js';
import {
  type Affine,
  add,
  clearCofactor,
  eq,
  FixedBaseTable,
  INFINITY,
  inSubgroupX,
  isOnCurve,
  Jac,
  mapToCurve,
  mul,
  multiMul,
  neg,
  toAffine,
} from './curve.js';
import { canon, conj, FQ2_ONE, type Fq2, fq2Mul } from './field.js';
import { finalExp, GtFixedBase, millerLoop, PrecomputedLines, unitaryHasOrderR, unitaryPow } from './pairing.js';
import { FQ_BYTES, G_BYTES, GT_BYTES, Q, R, ZR_BYTES } from './params.js';
import { ss512Wasm } from './wasm.js';

const te = new TextEncoder();

/** Window width of fixed-base tables (27 windows of 32 affine points; see experiments/ss512-bench). */
const FIXED_WINDOW = 6;
/** expand_message_xmd output length for one F_q element: ceil((512 + 128) / 8). */
const HASH_BYTES = 80;

export const SS512_INFO = {
  name: 'ss512',
  curve: 'SS512 (PBC Type A: y^2 = x^3 + x, 512-bit q, 160-bit r)',
  library: 'pure TypeScript (bigint)',
  securityBits: 80,
  symmetric: true,
  sizes: { Zr: ZR_BYTES, G1: G_BYTES, G2: G_BYTES, GT: GT_BYTES },
} as const;

/** Hash to G without counting (the group views count). */
export function hashToG(data: Uint8Array, dst: string): Jac {
  const d = te.encode(dst);
  return pointFromFieldElements((ctr) => {
    const msg = ctr === 0 ? data : concatBytes(data, Uint8Array.of(ctr & 0xff, (ctr >> 8) & 0xff));
    return bytesToBigint(expand_message_xmd(msg, d, HASH_BYTES, sha256)) % Q;
  });
}

/**
 * h * map(u_0), or h * map(u_1), ... for the first u_ctr whose cleared point is not O. A retry happens only if
 * map(u) has order dividing h (e.g. u = 0 gives the 2-torsion point (0, 0)): probability about h / (q + 1) = 1/r.
 */
export function pointFromFieldElements(uOf: (ctr: number) => bigint): Jac {
  for (let ctr = 0; ; ctr++) {
    const p = clearCofactor(Jac.fromAffine(mapToCurve(uOf(ctr))));
    if (!p.isInfinity()) return p;
  }
}

/** Encodes a point of G as x || y (128 zero bytes for the identity). */
export function encodePoint(p: Jac): Uint8Array {
  const a = toAffine(p);
  const out = new Uint8Array(G_BYTES);
  if (a === null) return out;
  out.set(bigintToBytes(a.x, FQ_BYTES), 0);
  out.set(bigintToBytes(a.y, FQ_BYTES), FQ_BYTES);
  return out;
}

/** Strict decoding of a point of G; `what` names the group in errors. */
export function decodePoint(bytes: Uint8Array, what: 'G1' | 'G2', opts?: DecodeOptions): Jac {
  if (!(bytes instanceof Uint8Array) || bytes.length !== G_BYTES)
    throw new DecodeError('length', what, `${(bytes as Uint8Array | undefined)?.length} bytes, want ${G_BYTES}`);
  const x = bytesToBigint(bytes.subarray(0, FQ_BYTES));
  const y = bytesToBigint(bytes.subarray(FQ_BYTES));
  if (x >= Q || y >= Q) throw new DecodeError('non-canonical', what, 'a coordinate is >= q');
  if (x === 0n && y === 0n) {
    if (!opts?.allowIdentity) throw new DecodeError('identity', what);
    return INFINITY;
  }
  if (!isOnCurve(x, y)) throw new DecodeError('not-on-curve', what);
  if (!inSubgroupX(x)) throw new DecodeError('not-in-subgroup', what, 'rP != O');
  return Jac.fromAffine({ x, y });
}

export function encodeGt(x: Fq2): Uint8Array {
  const out = new Uint8Array(GT_BYTES);
  out.set(bigintToBytes(canon(x.a), FQ_BYTES), 0);
  out.set(bigintToBytes(canon(x.b), FQ_BYTES), FQ_BYTES);
  return out;
}

/** Strict decoding of GT: coordinates < q, norm 1 (cheap pre-check), x^r = 1, one only when allowed. */
export function decodeGt(bytes: Uint8Array, opts?: DecodeOptions): Fq2 {
  if (!(bytes instanceof Uint8Array) || bytes.length !== GT_BYTES)
    throw new DecodeError('length', 'GT', `${(bytes as Uint8Array | undefined)?.length} bytes, want ${GT_BYTES}`);
  const a = bytesToBigint(bytes.subarray(0, FQ_BYTES));
  const b = bytesToBigint(bytes.subarray(FQ_BYTES));
  if (a >= Q || b >= Q) throw new DecodeError('non-canonical', 'GT', 'a coordinate is >= q');
  const x = { a, b };
  if (a === 1n && b === 0n) {
    if (!opts?.allowIdentity) throw new DecodeError('identity', 'GT');
    return FQ2_ONE;
  }
  if (canon(a * a + b * b) !== 1n) throw new DecodeError('not-in-subgroup', 'GT', 'norm != 1');
  if (!unitaryHasOrderR(x)) throw new DecodeError('not-in-subgroup', 'GT', 'x^r != 1');
  return x;
}

function isOne(x: Fq2): boolean {
  return canon(x.a) === 1n && canon(x.b) === 0n;
}

/** A precomputed second pairing argument: the lines of f_{r,Q}, evaluated at phi(P) per pairing. */
class Ss512Precomp implements PairingPrecomp {
  private lines: PrecomputedLines | null;
  private destroyed = false;
  constructor(
    q: Jac,
    private readonly ops: OpCounter,
  ) {
    const a = toAffine(q);
    this.lines = a ? new PrecomputedLines(a) : null;
  }
  /** f_{r,Q}(phi(P)), or null when P or Q is the identity (the pairing is then 1). */
  millerValue(p: Jac): Fq2 | null {
    // Same contract as the mcl backend: a destroyed precomputation is an error, not a silent recomputation.
    if (this.destroyed) throw new UnsupportedError('ss512: precomputed pairing used after destroy()');
    const a = toAffine(p);
    return a && this.lines ? this.lines.evaluate(a) : null;
  }
  pair(a: G1): GT {
    this.ops.add('millerLoopPre');
    this.ops.add('finalExp');
    const f = this.millerValue(a as unknown as Jac);
    return (f ? finalExp(f) : FQ2_ONE) as unknown as GT;
  }
  destroy(): void {
    this.destroyed = true;
    this.lines = null; // plain JS memory: dropping the reference frees it
  }
}

/** The pairing without counting: e(P, Q), one if either is the identity. */
export function pairRaw(p: Jac, q: Jac): Fq2 {
  const a = toAffine(p);
  const b = toAffine(q);
  if (a === null || b === null) return FQ2_ONE;
  return finalExp(millerLoop(a, b));
}

export async function createSs512Group(): Promise<PairingGroup> {
  const ops = new OpCounter();
  const zr = makeScalarField(R, ZR_BYTES, ops);
  // Emit and compile the WebAssembly layer now (about 15 ms of CPU once per process or worker), so the first
  // pairing or decode a caller times does not include it.
  ss512Wasm();
  const gen = hashToG(te.encode('generator'), 'MEDEXCHAIN-SS512-GENERATOR');
  toAffine(gen);
  let genTable: FixedBaseTable | null = null;
  const generatorTable = () => (genTable ??= new FixedBaseTable(gen, FIXED_WINDOW));

  function curveGroup<E extends G1 | G2>(which: 'G1' | 'G2'): CurveGroup<E> {
    const op = (g1: OpName, g2: OpName) => (which === 'G1' ? g1 : g2);
    const expOp = op('expG1', 'expG2');
    const fixedOp = op('fixedExpG1', 'fixedExpG2');
    const msmOp = op('msmG1Term', 'msmG2Term');
    const mulOp = op('mulG1', 'mulG2');
    const hashOp = op('hashG1', 'hashG2');
    const decOp = op('decodeG1', 'decodeG2');
    const w = (p: Jac) => p as unknown as E;
    const u = (e: E) => e as unknown as Jac;
    return {
      name: which,
      size: G_BYTES,
      generator: () => w(gen),
      identity: () => w(INFINITY),
      random(rng: Rng) {
        ops.add(expOp);
        return w(generatorTable().mul(zr.random(rng)));
      },
      mul(a, b) {
        ops.add(mulOp);
        return w(add(u(a), u(b)));
      },
      inv: (a) => w(neg(u(a))),
      exp(a, k) {
        ops.add(expOp);
        return w(mul(u(a), zr.reduce(k)));
      },
      multiExp(bases, ks) {
        if (bases.length !== ks.length) throw new RangeError('multiExp: lengths differ');
        ops.add(msmOp, bases.length);
        return w(multiMul(bases.map(u), ks.map(zr.reduce)));
      },
      eq: (a, b) => eq(u(a), u(b)),
      isIdentity: (a) => u(a).isInfinity(),
      hash(data, dst) {
        ops.add(hashOp);
        return w(hashToG(data, dst));
      },
      precompute(base): FixedBase<E> {
        const t = new FixedBaseTable(u(base), FIXED_WINDOW);
        return {
          exp(k) {
            ops.add(fixedOp);
            return w(t.mul(zr.reduce(k)));
          },
        };
      },
      toBytes: (a) => encodePoint(u(a)),
      fromBytes(bytes, opts) {
        ops.add(decOp);
        return w(decodePoint(bytes, which, opts));
      },
    };
  }

  const gw = (x: Fq2) => x as unknown as GT;
  const gu = (x: GT) => x as unknown as Fq2;
  const canonFq2 = (x: Fq2): Fq2 => ({ a: canon(x.a), b: canon(x.b) });
  const gt: TargetGroup = {
    size: GT_BYTES,
    one: () => gw(FQ2_ONE),
    mul(a, b) {
      ops.add('mulGT');
      return gw(canonFq2(fq2Mul(gu(a), gu(b))));
    },
    inv(a) {
      ops.add('invGT');
      return gw(canonFq2(conj(gu(a))));
    },
    div(a, b) {
      ops.add('mulGT');
      ops.add('invGT');
      return gw(canonFq2(fq2Mul(gu(a), conj(gu(b)))));
    },
    exp(a, k) {
      ops.add('expGT');
      return gw(unitaryPow(gu(a), zr.reduce(k)));
    },
    eq: (a, b) => canon(gu(a).a - gu(b).a) === 0n && canon(gu(a).b - gu(b).b) === 0n,
    isOne: (a) => isOne(gu(a)),
    precompute(base) {
      const t = new GtFixedBase(gu(base), FIXED_WINDOW);
      return {
        exp(k) {
          ops.add('fixedExpGT');
          return gw(t.pow(zr.reduce(k)));
        },
      };
    },
    toBytes: (a) => encodeGt(gu(a)),
    fromBytes(bytes, opts) {
      ops.add('decodeGT');
      return gw(decodeGt(bytes, opts));
    },
    kdf: (a, info) => kdfFromBytes(encodeGt(gu(a)), info),
  };

  return {
    ...SS512_INFO,
    sizes: { ...SS512_INFO.sizes },
    zr,
    g1: curveGroup<G1>('G1'),
    g2: curveGroup<G2>('G2'),
    gt,
    ops,
    pair(a, b) {
      ops.add('millerLoop');
      ops.add('finalExp');
      return gw(pairRaw(a as unknown as Jac, b as unknown as Jac));
    },
    pairProd(pairs) {
      if (pairs.length === 0) return gt.one();
      let acc: Fq2 | null = null;
      for (const [a, b] of pairs) {
        let f: Fq2 | null;
        if ((b as unknown) instanceof Ss512Precomp) {
          ops.add('millerLoopPre');
          f = (b as unknown as Ss512Precomp).millerValue(a as unknown as Jac);
        } else {
          ops.add('millerLoop');
          const pa = toAffine(a as unknown as Jac);
          const qa = toAffine(b as unknown as Jac);
          f = pa && qa ? millerLoop(pa, qa) : null;
        }
        if (f) acc = acc ? fq2Mul(acc, f) : f;
      }
      ops.add('finalExp');
      return gw(acc ? finalExp(acc) : FQ2_ONE);
    },
    precomputePairing(b) {
      return new Ss512Precomp(b as unknown as Jac, ops);
    },
    parts: {
      millerLoop(a, b) {
        ops.add('millerLoop');
        const pa = toAffine(a as unknown as Jac);
        const qa = toAffine(b as unknown as Jac);
        // The identity pairs to one; one's final exponentiation is one, so it stands in for the Miller value.
        return (pa && qa ? millerLoop(pa, qa) : FQ2_ONE) as unknown as MillerValue;
      },
      precomputedMillerLoop(a, b) {
        if (!((b as unknown) instanceof Ss512Precomp))
          throw new UnsupportedError('precomputedMillerLoop: not an ss512 precomputation');
        ops.add('millerLoopPre');
        return ((b as unknown as Ss512Precomp).millerValue(a as unknown as Jac) ?? FQ2_ONE) as unknown as MillerValue;
      },
      finalExp(f) {
        ops.add('finalExp');
        return gw(finalExp(f as unknown as Fq2));
      },
    },
  };
}

export type { Affine };
