/**
 * Pairing groups on mcl-wasm 2.4.1 (herumi/mcl compiled to WebAssembly): BLS12-381 and BN254 (`BN_SNARK1`, the
 * alt_bn128 curve of Ethereum's precompiles, EIP-196/197).
 *
 * mcl keeps ONE curve per process (module instance): initializing another curve silently corrupts every existing
 * element, so `createMclGroup` refuses a second, different curve in the same process. Run backends in separate
 * processes (the experiments do).
 *
 * Serialization: on BLS12-381 the ZCash/Ethereum compressed format (`setETHserialization(true)`), identical to
 * @noble/curves `toBytes()`; hash to G1/G2 in IRTF mode (RFC 9380, SSWU, SHA-256) so that it equals noble's
 * hashToCurve with the POP DST (see core/groups/noble.ts and the differential tests). Domain separation is done
 * by framing the message (`frameForHash`), because mcl-wasm has no DST setter. GT is encoded as mcl writes Fp12
 * (576 bytes on BLS12-381, 384 on BN254).
 *
 * Strict decoding: exact length, decode-then-re-encode equality (canonical form), on-curve (mcl rejects), subgroup
 * membership (`isValidOrder`, checked by us so the error says which), identity only when allowed; GT elements must
 * satisfy x^r = 1.
 */
import * as mcl from 'mcl-wasm';
import { DecodeError, UnsupportedError } from '../errors.js';
import { OpCounter } from '../ops.js';
import type { Rng } from '../rng.js';
import { bytesToBigint, countedTargetGroup, frameForHash, makeScalarField, windowTable } from './common.js';
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

export type MclCurve = 'bls12-381' | 'bn254';

interface CurveParams {
  id: number;
  name: MclCurve;
  curve: string;
  securityBits: number;
  r: bigint;
  p: bigint;
  sizes: { Zr: number; G1: number; G2: number; GT: number };
  setGenerators(g1: mcl.G1, g2: mcl.G2): void;
}

const CURVES: Record<MclCurve, CurveParams> = {
  'bls12-381': {
    id: mcl.BLS12_381,
    name: 'bls12-381',
    curve: 'BLS12-381',
    securityBits: 117,
    r: 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n,
    p: 0x1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaabn,
    sizes: { Zr: 32, G1: 48, G2: 96, GT: 576 },
    // The standard generators (draft-irtf-cfrg-pairing-friendly-curves, section 4.2.1), compressed ZCash format.
    setGenerators(g1, g2) {
      g1.deserialize(
        mcl.fromHexStr(
          '97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb',
        ),
      );
      g2.deserialize(
        mcl.fromHexStr(
          '93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e' +
            '024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8',
        ),
      );
    },
  },
  bn254: {
    id: mcl.BN_SNARK1,
    name: 'bn254',
    curve: 'BN254 (alt_bn128)',
    securityBits: 100,
    r: 21888242871839275222246405745257275088548364400416034343698204186575808495617n,
    p: 21888242871839275222246405745257275088696311157297823662689037894645226208583n,
    sizes: { Zr: 32, G1: 32, G2: 64, GT: 384 },
    // The generators of EIP-196/197: G1 = (1, 2); G2 with x = x0 + x1 i, y = y0 + y1 i as below.
    setGenerators(g1, g2) {
      g1.setStr('1 1 2', 10);
      g2.setStr(
        '1 10857046999023057135944570762232829481370756359578518086990519993285655852781 ' +
          '11559732032986387107991004021392285783925812861821192530917403151452391805634 ' +
          '8495653923123431417604973247489272438418190587263600148770280649306958101930 ' +
          '4082367875863433681332203403145435568316851327593401208105741076214120093531',
        10,
      );
    },
  },
};

let initializedCurve: MclCurve | null = null;

/** The curve mcl was initialized with in this process, if any. */
export function mclCurveInUse(): MclCurve | null {
  return initializedCurve;
}

async function initCurve(c: CurveParams): Promise<void> {
  if (initializedCurve === c.name) return;
  if (initializedCurve !== null)
    throw new UnsupportedError(
      `mcl-wasm is already initialized with ${initializedCurve} in this process; it holds one curve per process ` +
        `(run '${c.name}' in a separate process)`,
    );
  await mcl.init(c.id);
  if (c.name === 'bls12-381') {
    mcl.setETHserialization(true);
    mcl.setMapToMode(mcl.IRTF);
  }
  // We check subgroup membership ourselves so that the error can say so.
  mcl.verifyOrderG1(false);
  mcl.verifyOrderG2(false);
  initializedCurve = c.name;
}

/** mcl's PrecomputedG2, wrapped so pairProd can recognise it. */
class MclPrecomp implements PairingPrecomp {
  private pc: mcl.PrecomputedG2 | null;
  constructor(
    q: mcl.G2,
    private readonly ops: OpCounter,
  ) {
    this.pc = new mcl.PrecomputedG2(q);
  }
  get handle(): mcl.PrecomputedG2 {
    if (!this.pc) throw new UnsupportedError('PrecomputedG2 used after destroy()');
    return this.pc;
  }
  pair(a: G1): GT {
    this.ops.add('millerLoopPre');
    this.ops.add('finalExp');
    return mcl.finalExp(mcl.precomputedMillerLoop(a as unknown as mcl.G1, this.handle)) as unknown as GT;
  }
  destroy(): void {
    this.pc?.destroy();
    this.pc = null;
  }
}

export async function createMclGroup(name: MclCurve): Promise<PairingGroup> {
  const c = CURVES[name];
  await initCurve(c);
  const ops = new OpCounter();
  const zr = makeScalarField(c.r, c.sizes.Zr, ops);

  const toFr = (k: bigint): mcl.Fr => {
    const f = new mcl.Fr();
    f.setStr(zr.reduce(k).toString(16), 16);
    return f;
  };

  const gen1 = new mcl.G1();
  const gen2 = new mcl.G2();
  c.setGenerators(gen1, gen2);
  if (!gen1.isValid() || !gen1.isValidOrder() || !gen2.isValid() || !gen2.isValidOrder())
    throw new UnsupportedError(`mcl ${name}: generator check failed`);

  /** Which coordinate chunks of an encoding must be < p, to tell non-canonical from not-on-curve. */
  const coordinateTooLarge = (b: Uint8Array): boolean => {
    const fpSize = c.sizes.G1; // compressed G1 = one Fp
    for (let off = 0; off + fpSize <= b.length; off += fpSize) {
      const chunk = b.slice(off, off + fpSize);
      if (name === 'bls12-381')
        chunk[0]! &= 0x1f; // ZCash flags in the top three bits, big-endian
      else {
        chunk.reverse(); // mcl BN: little-endian, flags in the top bits of the last byte
        chunk[0]! &= 0x3f;
      }
      if (bytesToBigint(chunk) >= c.p) return true;
    }
    return false;
  };

  function curveGroup<M extends mcl.G1 | mcl.G2, E extends G1 | G2>(
    which: 'G1' | 'G2',
    make: () => M,
    gen: M,
  ): CurveGroup<E> {
    const size = which === 'G1' ? c.sizes.G1 : c.sizes.G2;
    const expOp = which === 'G1' ? 'expG1' : 'expG2';
    const fixedOp = which === 'G1' ? 'fixedExpG1' : 'fixedExpG2';
    const msmOp = which === 'G1' ? 'msmG1Term' : 'msmG2Term';
    const mulOp = which === 'G1' ? 'mulG1' : 'mulG2';
    const hashOp = which === 'G1' ? 'hashG1' : 'hashG2';
    const decOp = which === 'G1' ? 'decodeG1' : 'decodeG2';
    const w = (x: M) => x as unknown as E;
    const u = (x: E) => x as unknown as M;
    const identity = () => {
      const z = make();
      z.clear();
      return z;
    };
    const grp: CurveGroup<E> = {
      name: which,
      size,
      generator: () => w(gen),
      identity: () => w(identity()),
      random(rng: Rng) {
        ops.add(expOp);
        return w(mcl.mul(gen as mcl.G1, toFr(zr.random(rng))) as unknown as M);
      },
      mul(a, b) {
        ops.add(mulOp);
        return w(mcl.add(u(a), u(b)) as M);
      },
      inv: (a) => w(mcl.neg(u(a)) as M),
      exp(a, k) {
        ops.add(expOp);
        return w(mcl.mul(u(a) as mcl.G1, toFr(k)) as unknown as M);
      },
      multiExp(bases, ks) {
        if (bases.length !== ks.length) throw new RangeError('multiExp: lengths differ');
        if (bases.length === 0) return w(identity());
        ops.add(msmOp, bases.length);
        return w(mcl.mulVec(bases.map(u) as mcl.G1[], ks.map(toFr)) as unknown as M);
      },
      eq: (a, b) => u(a).isEqual(u(b) as never),
      isIdentity: (a) => u(a).isZero(),
      hash(data, dst) {
        ops.add(hashOp);
        const m = frameForHash(dst, data);
        return w((which === 'G1' ? mcl.hashAndMapToG1(m) : mcl.hashAndMapToG2(m)) as M);
      },
      precompute(base): FixedBase<E> {
        // mcl-wasm exposes no fixed-base table; a window table of additions beats a fresh scalar multiplication
        // (measured in experiments/bench). 8-bit windows: 32 additions per exponentiation.
        const t = windowTable<M>(
          u(base),
          c.r.toString(2).length,
          8,
          (x, y) => mcl.add(x, y) as M,
          identity(),
          zr.reduce,
        );
        return {
          exp(k) {
            ops.add(fixedOp);
            return w(t.exp(k));
          },
        };
      },
      toBytes: (a) => u(a).serialize(),
      fromBytes(bytes: Uint8Array, opts?: DecodeOptions): E {
        ops.add(decOp);
        if (!(bytes instanceof Uint8Array) || bytes.length !== size)
          throw new DecodeError('length', which, `${bytes?.length} bytes, want ${size}`);
        const p = make();
        try {
          p.deserialize(bytes);
        } catch {
          throw new DecodeError(coordinateTooLarge(bytes) ? 'non-canonical' : 'not-on-curve', which);
        }
        const again = p.serialize();
        if (again.length !== bytes.length || again.some((v, i) => v !== bytes[i]))
          throw new DecodeError('non-canonical', which);
        if (!p.isValid()) throw new DecodeError('not-on-curve', which);
        if (p.isZero()) {
          if (!opts?.allowIdentity) throw new DecodeError('identity', which);
          return w(p);
        }
        if (!p.isValidOrder()) throw new DecodeError('not-in-subgroup', which);
        return w(p);
      },
    };
    return grp;
  }

  const g1 = curveGroup<mcl.G1, G1>('G1', () => new mcl.G1(), gen1);
  const g2 = curveGroup<mcl.G2, G2>('G2', () => new mcl.G2(), gen2);

  const gtOne = () => {
    const o = new mcl.GT();
    o.setInt(1);
    return o;
  };
  const rMinus1 = toFr(c.r - 1n);
  const gt = countedTargetGroup<mcl.GT>(
    {
      size: c.sizes.GT,
      one: gtOne,
      mul: (a, b) => mcl.mul(a, b),
      inv: (a) => mcl.inv(a),
      div: (a, b) => mcl.div(a, b),
      pow: (a, k) => mcl.pow(a, toFr(k)),
      eq: (a, b) => a.isEqual(b),
      isOne: (a) => a.isOne(),
      isZero: (a) => a.isZero(),
      parse(b) {
        const x = new mcl.GT();
        x.deserialize(b);
        return x;
      },
      encode: (a) => a.serialize(),
      // x^r = 1  <=>  x^(r-1) * x = 1 (r itself is 0 as an Fr)
      hasOrderR: (a) => mcl.mul(mcl.pow(a, rMinus1), a).isOne(),
    },
    ops,
    zr,
  );
  const gtW = (x: mcl.GT) => x as unknown as GT;

  const group: PairingGroup = {
    name: c.name,
    curve: c.curve,
    library: 'mcl-wasm 2.4.1',
    securityBits: c.securityBits,
    symmetric: false,
    sizes: c.sizes,
    zr,
    g1,
    g2,
    gt,
    ops,
    pair(a, b) {
      ops.add('millerLoop');
      ops.add('finalExp');
      return gtW(mcl.pairing(a as unknown as mcl.G1, b as unknown as mcl.G2));
    },
    pairProd(pairs) {
      if (pairs.length === 0) return gt.one();
      const pre: [mcl.G1, mcl.PrecomputedG2][] = [];
      const plain: [mcl.G1, mcl.G2][] = [];
      for (const [a, b] of pairs) {
        if (b instanceof MclPrecomp) {
          ops.add('millerLoopPre');
          pre.push([a as unknown as mcl.G1, b.handle]);
        } else {
          ops.add('millerLoop');
          plain.push([a as unknown as mcl.G1, b as unknown as mcl.G2]);
        }
      }
      // A precomputed term shares one loop with a second term (mcl's precomputedMillerLoop2mixed and
      // precomputedMillerLoop2): the product of both Miller values, with the accumulator's squarings done once
      // instead of twice. Counted as the separate loops it replaces.
      const mls: mcl.GT[] = [];
      while (pre.length > 0 && plain.length > 0) {
        const [[p1, q1], [p2, q2]] = [plain.pop()!, pre.pop()!];
        mls.push(mcl.precomputedMillerLoop2mixed(p1, q1, p2, q2));
      }
      while (pre.length > 1) {
        const [[p1, q1], [p2, q2]] = [pre.pop()!, pre.pop()!];
        mls.push(mcl.precomputedMillerLoop2(p1, q1, p2, q2));
      }
      for (const [a, q] of pre) mls.push(mcl.precomputedMillerLoop(a, q));
      for (const [a, q] of plain) mls.push(mcl.millerLoop(a, q));
      ops.add('finalExp');
      return gtW(mcl.finalExp(mls.reduce((x, y) => mcl.mul(x, y))));
    },
    precomputePairing(b) {
      return new MclPrecomp(b as unknown as mcl.G2, ops);
    },
    parts: {
      millerLoop(a, b) {
        ops.add('millerLoop');
        return mcl.millerLoop(a as unknown as mcl.G1, b as unknown as mcl.G2) as unknown as MillerValue;
      },
      precomputedMillerLoop(a, b) {
        if (!(b instanceof MclPrecomp)) throw new UnsupportedError('precomputedMillerLoop: not an mcl precomputation');
        ops.add('millerLoopPre');
        return mcl.precomputedMillerLoop(a as unknown as mcl.G1, b.handle) as unknown as MillerValue;
      },
      finalExp(f) {
        ops.add('finalExp');
        return gtW(mcl.finalExp(f as unknown as mcl.GT));
      },
    },
  };
  return group;
}
