/**
 * BLS12-381 on @noble/curves 2.x: pure JavaScript, audited, about 4x slower than mcl-wasm. It is the second
 * backend and the reference for differential tests: its serialization and hashing are made identical to the mcl
 * backend's (core/groups/mcl.ts), so the two must agree on every byte.
 *
 * - G1/G2: ZCash compressed encoding (noble `toBytes(true)`), the same as mcl with ETH serialization.
 * - Hash to G1/G2: RFC 9380 SSWU with SHA-256 and the POP DSTs that mcl's IRTF mode uses, on the framed message of
 *   `frameForHash` (mcl-wasm has no DST setter, so domain separation lives in the message).
 * - GT: mcl writes each Fp2 coefficient as (c1, c0) where noble writes (c0, c1); we swap so GT bytes agree too.
 * - Precomputed pairings use noble's `calcPairingPrecomputes` + `millerLoopBatch`.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { DecodeError, UnsupportedError } from '../errors.js';
import { OpCounter } from '../ops.js';
import type { Rng } from '../rng.js';
import { countedTargetGroup, frameForHash, makeScalarField } from './common.js';
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
} from './types.js';

type P1 = InstanceType<typeof bls12_381.G1.Point>;
type P2 = InstanceType<typeof bls12_381.G2.Point>;
type F12 = ReturnType<typeof bls12_381.pairing>;
type PointCons = typeof bls12_381.G1.Point | typeof bls12_381.G2.Point;
type Precomputes = ReturnType<typeof bls12_381.utils.calcPairingPrecomputes>;

const DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_';
const DST_G2 = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';
const Fp12 = bls12_381.fields.Fp12;
const R = bls12_381.fields.Fr.ORDER;

/** Swaps the two 48-byte halves of each 96-byte Fp2 coefficient (noble <-> mcl order). */
function swapFp2Halves(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(b.length);
  for (let off = 0; off < b.length; off += 96) {
    out.set(b.subarray(off + 48, off + 96), off);
    out.set(b.subarray(off, off + 48), off + 48);
  }
  return out;
}

class NoblePrecomp implements PairingPrecomp {
  constructor(
    readonly lines: Precomputes,
    private readonly ops: OpCounter,
  ) {}
  pair(a: G1): GT {
    this.ops.add('millerLoopPre');
    this.ops.add('finalExp');
    const p = (a as unknown as P1).toAffine();
    return Fp12.finalExponentiate(bls12_381.millerLoopBatch([[this.lines, p.x, p.y]])) as unknown as GT;
  }
  destroy(): void {}
}

export async function createNobleGroup(): Promise<PairingGroup> {
  const ops = new OpCounter();
  const zr = makeScalarField(R, 32, ops);

  function curveGroup<P extends P1 | P2, E extends G1 | G2>(
    which: 'G1' | 'G2',
    Point: PointCons,
    size: number,
  ): CurveGroup<E> {
    const C = Point as unknown as {
      BASE: P;
      ZERO: P;
      fromBytes(b: Uint8Array): P;
    };
    const hasher = which === 'G1' ? bls12_381.G1 : bls12_381.G2;
    const dst = which === 'G1' ? DST_G1 : DST_G2;
    const sfx = which;
    const w = (x: P) => x as unknown as E;
    const u = (x: E) => x as unknown as P;
    const mulScalar = (p: P, k: bigint): P => {
      const e = zr.reduce(k);
      return (e === 0n || p.is0() ? C.ZERO : p.multiply(e)) as P;
    };
    return {
      name: which,
      size,
      generator: () => w(C.BASE),
      identity: () => w(C.ZERO),
      random(rng: Rng) {
        ops.add(`exp${sfx}`);
        return w(mulScalar(C.BASE, zr.random(rng)));
      },
      mul(a, b) {
        ops.add(`mul${sfx}`);
        return w((u(a) as P1).add(u(b) as P1) as unknown as P);
      },
      inv: (a) => w(u(a).negate() as P),
      exp(a, k) {
        ops.add(`exp${sfx}`);
        return w(mulScalar(u(a), k));
      },
      multiExp(bases, ks) {
        if (bases.length !== ks.length) throw new RangeError('multiExp: lengths differ');
        ops.add(`msm${sfx}Term`, bases.length);
        let acc = C.ZERO as P1;
        for (let i = 0; i < bases.length; i++) acc = acc.add(mulScalar(u(bases[i]!), ks[i]!) as P1);
        return w(acc as unknown as P);
      },
      eq: (a, b) => (u(a) as P1).equals(u(b) as P1),
      isIdentity: (a) => u(a).is0(),
      hash(data, d) {
        ops.add(`hash${sfx}`);
        return w(hasher.hashToCurve(frameForHash(d, data), { DST: dst }) as unknown as P);
      },
      precompute(base): FixedBase<E> {
        const b = u(base);
        if (b.is0())
          return {
            exp() {
              ops.add(`fixedExp${sfx}`);
              return w(C.ZERO);
            },
          };
        const table = b.precompute(8) as P; // noble's windowed table for this point
        return {
          exp(k) {
            ops.add(`fixedExp${sfx}`);
            return w(mulScalar(table, k));
          },
        };
      },
      toBytes: (a) => u(a).toBytes(true),
      fromBytes(bytes: Uint8Array, opts?: DecodeOptions): E {
        ops.add(`decode${sfx}`);
        if (!(bytes instanceof Uint8Array) || bytes.length !== size)
          throw new DecodeError('length', which, `${bytes?.length} bytes, want ${size}`);
        if ((bytes[0]! & 0x80) === 0) throw new DecodeError('non-canonical', which, 'compression flag not set');
        let p: P;
        try {
          p = C.fromBytes(bytes);
        } catch (e) {
          const m = e instanceof Error ? e.message : String(e);
          if (/subgroup|torsion/i.test(m)) throw new DecodeError('not-in-subgroup', which);
          if (/square root|not on curve|curve equation/i.test(m)) throw new DecodeError('not-on-curve', which);
          throw new DecodeError('non-canonical', which, m);
        }
        const again = p.toBytes(true);
        if (again.some((v, i) => v !== bytes[i])) throw new DecodeError('non-canonical', which);
        if (p.is0()) {
          if (!opts?.allowIdentity) throw new DecodeError('identity', which);
        }
        return w(p);
      },
    };
  }

  const g1 = curveGroup<P1, G1>('G1', bls12_381.G1.Point, 48);
  const g2 = curveGroup<P2, G2>('G2', bls12_381.G2.Point, 96);

  const gw = (x: F12) => x as unknown as GT;
  const gt = countedTargetGroup<F12>(
    {
      size: 576,
      one: () => Fp12.ONE,
      mul: (a, b) => Fp12.mul(a, b),
      inv: (a) => Fp12.inv(a),
      div: (a, b) => Fp12.div(a, b),
      pow: (a, k) => Fp12.pow(a, k),
      eq: (a, b) => Fp12.eql(a, b),
      isOne: (a) => Fp12.eql(a, Fp12.ONE),
      isZero: (a) => Fp12.is0(a),
      parse: (b) => Fp12.fromBytes(swapFp2Halves(b)),
      encode: (a) => swapFp2Halves(Fp12.toBytes(a)),
      hasOrderR: (a) => Fp12.eql(Fp12.pow(a, R), Fp12.ONE),
    },
    ops,
    zr,
  );

  const pairOne = (a: G1, b: G2): F12 => {
    const P = a as unknown as P1;
    const Q = b as unknown as P2;
    if (P.is0() || Q.is0()) return Fp12.ONE; // e(O, Q) = e(P, O) = 1 (noble throws on infinity)
    return bls12_381.pairing(P, Q, false);
  };

  return {
    name: 'noble-bls12-381',
    curve: 'BLS12-381',
    library: '@noble/curves 2.x',
    securityBits: 117,
    symmetric: false,
    sizes: { Zr: 32, G1: 48, G2: 96, GT: 576 },
    zr,
    g1,
    g2,
    gt,
    ops,
    pair(a, b) {
      ops.add('millerLoop');
      ops.add('finalExp');
      return gw(Fp12.finalExponentiate(pairOne(a, b)));
    },
    pairProd(pairs) {
      let acc = Fp12.ONE;
      for (const [a, b] of pairs) {
        if (b instanceof NoblePrecomp) {
          ops.add('millerLoopPre');
          const p = a as unknown as P1;
          if (!p.is0()) {
            const aff = p.toAffine();
            acc = Fp12.mul(acc, bls12_381.millerLoopBatch([[b.lines, aff.x, aff.y]]));
          }
        } else {
          ops.add('millerLoop');
          acc = Fp12.mul(acc, pairOne(a, b as G2));
        }
      }
      ops.add('finalExp');
      return gw(Fp12.finalExponentiate(acc));
    },
    precomputePairing(b) {
      return new NoblePrecomp(bls12_381.utils.calcPairingPrecomputes(b as unknown as P2), ops);
    },
    parts: {
      // noble's pairing(P, Q, false) is the Miller loop alone (lines of Q computed on the way, as in `pair`).
      millerLoop(a, b) {
        ops.add('millerLoop');
        return pairOne(a, b) as unknown as MillerValue;
      },
      precomputedMillerLoop(a, b) {
        if (!(b instanceof NoblePrecomp))
          throw new UnsupportedError('precomputedMillerLoop: not a noble precomputation');
        ops.add('millerLoopPre');
        const p = a as unknown as P1;
        if (p.is0()) return Fp12.ONE as unknown as MillerValue;
        const aff = p.toAffine();
        return bls12_381.millerLoopBatch([[b.lines, aff.x, aff.y]]) as unknown as MillerValue;
      },
      finalExp(f) {
        ops.add('finalExp');
        return gw(Fp12.finalExponentiate(f as unknown as F12));
      },
    },
  };
}
