/**
 * `dlog`: a transparent pairing group for the security games, never a real backend. Every element of G1, G2 and GT
 * is represented by its discrete logarithm over Z_r (r prime), so that g1^a is the integer a, the group operation is
 * addition, exponentiation is multiplication and e(g1^a, g2^b) is a*b. Scheme code runs on it unchanged (scalars stay
 * bigint), every operation costs one bigint multiplication, and a challenger can read every value: which GT element
 * became a DEM key (each `gt.kdf` input is logged) and which hash-to-group outputs were computed on which inputs.
 *
 * It is asymmetric (G1 and G2 are distinct and tagged in their encodings), so that a scheme can only pair what its
 * code pairs on BLS12-381 as well. Nothing about it is secret or hard: it is a test instrument (the registry marks it
 * `instrument: true`; `demo` and `reproduce` refuse it unless it is asked for by name).
 *
 * The default order is the Mersenne prime 2^127 - 1: large enough that a random polynomial identity of low degree
 * holds by chance with probability below 2^-120 (Schwartz-Zippel), small enough to keep the games' linear algebra
 * fast.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DecodeError, ParameterError } from '../errors.js';
import { OpCounter } from '../ops.js';
import { randomScalar } from '../rng.js';
import { bigintToBytes, bytesToBigint, hashToScalar, kdfFromBytes, makeScalarField } from './common.js';
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
} from './types.js';

export type DlogKind = 'G1' | 'G2' | 'GT';

/** An element of the transparent group: its group and its exponent. */
export class DlogElement {
  constructor(
    readonly kind: DlogKind,
    readonly v: bigint,
  ) {}
}

/** One `gt.kdf` call: the exponent of its input and the info label. */
export interface KdfEntry {
  v: bigint;
  info: string;
}

/** One hash-to-group call: where it landed, its input and domain, and the exponent of the result. */
export interface HashEntry {
  kind: 'G1' | 'G2';
  data: Uint8Array;
  dst: string;
  v: bigint;
}

/** What the challenger can read: every KDF input and every hash-to-group evaluation, in call order. */
export interface DlogLog {
  kdf: KdfEntry[];
  hash: HashEntry[];
}

export interface DlogGroup extends PairingGroup {
  readonly log: DlogLog;
  /**
   * Re-keys the hash functions (to G1, G2 and Zr): a fresh random oracle. A game's independent runs each get their
   * own, so that no hash value is a constant shared by every run.
   */
  rekeyHashes(key: string): void;
  /** The exponent of any element of this group (throws ParameterError on a foreign value). */
  exponent(e: G1 | G2 | GT): bigint;
  /** The element of `kind` with exponent v. */
  element(kind: 'G1', v: bigint): G1;
  element(kind: 'G2', v: bigint): G2;
  element(kind: 'GT', v: bigint): GT;
}

/** 2^127 - 1 (a Mersenne prime). */
export const DLOG_DEFAULT_ORDER = (1n << 127n) - 1n;

const TAGS: Record<DlogKind, number> = { G1: 0xd1, G2: 0xd2, GT: 0xd3 };
/** Check bytes in every encoding, so that random bytes almost never decode (as an off-curve point would not). */
const CHECK = 3;

export function isDlogGroup(g: PairingGroup | null | undefined): g is DlogGroup {
  return g !== null && g !== undefined && (g as Partial<DlogGroup>).log !== undefined && g.name === 'dlog';
}

export function createDlogGroup(opts: { order?: bigint } = {}): DlogGroup {
  const r = opts.order ?? DLOG_DEFAULT_ORDER;
  if (r < 3n) throw new ParameterError('dlog order must be a prime > 2');
  const size = Math.ceil(r.toString(2).length / 8);
  const ops = new OpCounter();
  const field = makeScalarField(r, size, ops);
  let hashKey = '';
  const zr = Object.create(field, {
    hash: { value: (data: Uint8Array, dst: string) => field.hash(data, `${hashKey}${dst}`) },
  }) as typeof field;
  const log: DlogLog = { kdf: [], hash: [] };
  const red = zr.reduce;
  const elemSize = 1 + size + CHECK;

  const encode = (kind: DlogKind, v: bigint): Uint8Array => {
    const out = new Uint8Array(elemSize);
    out[0] = TAGS[kind];
    out.set(bigintToBytes(v, size), 1);
    out.set(sha256(out.subarray(0, 1 + size)).subarray(0, CHECK), 1 + size);
    return out;
  };
  const decode = (kind: DlogKind, b: Uint8Array, o?: DecodeOptions): DlogElement => {
    if (!(b instanceof Uint8Array) || b.length !== elemSize)
      throw new DecodeError('length', kind, `${b?.length} bytes, want ${elemSize}`);
    if (b[0] !== TAGS[kind]) throw new DecodeError('non-canonical', kind, `tag ${b[0]}`);
    const check = sha256(b.subarray(0, 1 + size)).subarray(0, CHECK);
    if (check.some((x, i) => x !== b[1 + size + i])) throw new DecodeError('not-on-curve', kind, 'check bytes');
    const v = bytesToBigint(b.subarray(1, 1 + size));
    if (v >= r) throw new DecodeError('non-canonical', kind, 'exponent >= r');
    if (v === 0n && !o?.allowIdentity) throw new DecodeError('identity', kind);
    return new DlogElement(kind, v);
  };
  const val = (kind: DlogKind, e: unknown): bigint => {
    if (!(e instanceof DlogElement)) throw new ParameterError(`not a dlog ${kind} element`);
    if (e.kind !== kind) throw new ParameterError(`a ${e.kind} element where ${kind} was expected`);
    return e.v;
  };

  function curve<E>(kind: 'G1' | 'G2'): CurveGroup<E> {
    const mk = (v: bigint) => new DlogElement(kind, red(v)) as unknown as E;
    const v = (e: E) => val(kind, e);
    const n =
      kind === 'G1'
        ? ({
            exp: 'expG1',
            fix: 'fixedExpG1',
            mul: 'mulG1',
            msm: 'msmG1Term',
            hash: 'hashG1',
            dec: 'decodeG1',
          } as const)
        : ({
            exp: 'expG2',
            fix: 'fixedExpG2',
            mul: 'mulG2',
            msm: 'msmG2Term',
            hash: 'hashG2',
            dec: 'decodeG2',
          } as const);
    return {
      name: kind,
      size: elemSize,
      generator: () => mk(1n),
      identity: () => mk(0n),
      random: (rng) => mk(randomScalar(rng, r)),
      mul(a, b) {
        ops.add(n.mul);
        return mk(v(a) + v(b));
      },
      inv: (a) => mk(-v(a)),
      exp(a, k) {
        ops.add(n.exp);
        return mk(v(a) * k);
      },
      multiExp(bases, ks) {
        if (bases.length !== ks.length) throw new ParameterError('multiExp: lengths differ');
        ops.add(n.msm, bases.length);
        let acc = 0n;
        for (let i = 0; i < bases.length; i++) acc += v(bases[i]!) * ks[i]!;
        return mk(acc);
      },
      eq: (a, b) => v(a) === v(b),
      isIdentity: (a) => v(a) === 0n,
      hash(data, dst) {
        ops.add(n.hash);
        const h = hashToScalar(data, `dlog/${kind}/${hashKey}${dst}`, r);
        log.hash.push({ kind, data: data.slice(), dst, v: h });
        return mk(h);
      },
      precompute(base): FixedBase<E> {
        const b = v(base);
        return {
          exp(k) {
            ops.add(n.fix);
            return mk(b * k);
          },
        };
      },
      toBytes: (a) => encode(kind, v(a)),
      fromBytes(bytes, o) {
        ops.add(n.dec);
        return decode(kind, bytes, o) as unknown as E;
      },
    };
  }

  const gtv = (e: GT) => val('GT', e);
  const mkT = (v: bigint) => new DlogElement('GT', red(v)) as unknown as GT;
  const gt: TargetGroup = {
    size: elemSize,
    one: () => mkT(0n),
    mul(a, b) {
      ops.add('mulGT');
      return mkT(gtv(a) + gtv(b));
    },
    inv(a) {
      ops.add('invGT');
      return mkT(-gtv(a));
    },
    div(a, b) {
      ops.add('mulGT');
      ops.add('invGT');
      return mkT(gtv(a) - gtv(b));
    },
    exp(a, k) {
      ops.add('expGT');
      return mkT(gtv(a) * k);
    },
    eq: (a, b) => gtv(a) === gtv(b),
    isOne: (a) => gtv(a) === 0n,
    precompute(base) {
      const b = gtv(base);
      return {
        exp(k) {
          ops.add('fixedExpGT');
          return mkT(b * k);
        },
      };
    },
    toBytes: (a) => encode('GT', gtv(a)),
    fromBytes(bytes, o) {
      ops.add('decodeGT');
      return decode('GT', bytes, o) as unknown as GT;
    },
    kdf(a, info) {
      const v = gtv(a);
      log.kdf.push({ v, info });
      return kdfFromBytes(encode('GT', v), info);
    },
  };

  const g1 = curve<G1>('G1');
  const g2 = curve<G2>('G2');
  const second = (b: G2 | PairingPrecomp): bigint =>
    b instanceof DlogElement ? val('G2', b) : (b as PairingPrecomp & { q: bigint }).q;

  const group: DlogGroup = {
    name: 'dlog',
    curve: 'transparent (discrete logarithms over Z_r; a test instrument, no security)',
    library: 'pure TypeScript (bigint)',
    securityBits: 0,
    symmetric: false,
    sizes: { Zr: size, G1: elemSize, G2: elemSize, GT: elemSize },
    zr,
    g1,
    g2,
    gt,
    ops,
    log,
    pair(a, b) {
      ops.add('millerLoop');
      ops.add('finalExp');
      return mkT(val('G1', a) * val('G2', b));
    },
    pairProd(pairs) {
      let acc = 0n;
      for (const [a, b] of pairs) {
        ops.add(b instanceof DlogElement ? 'millerLoop' : 'millerLoopPre');
        acc += val('G1', a) * second(b);
      }
      ops.add('finalExp');
      return mkT(acc);
    },
    precomputePairing(b) {
      const q = val('G2', b);
      const pre = {
        q,
        pair(a: G1) {
          ops.add('millerLoopPre');
          ops.add('finalExp');
          return mkT(val('G1', a) * q);
        },
        destroy() {},
      };
      return pre;
    },
    parts: {
      millerLoop(a, b) {
        ops.add('millerLoop');
        return { miller: red(val('G1', a) * val('G2', b)) } as unknown as MillerValue;
      },
      precomputedMillerLoop(a, b) {
        ops.add('millerLoopPre');
        return { miller: red(val('G1', a) * second(b)) } as unknown as MillerValue;
      },
      finalExp(f) {
        ops.add('finalExp');
        return mkT((f as unknown as { miller: bigint }).miller);
      },
    },
    rekeyHashes(key) {
      hashKey = key === '' ? '' : `${key}/`;
    },
    exponent(e) {
      if (!(e instanceof DlogElement)) throw new ParameterError('not a dlog element');
      return e.v;
    },
    element(kind: DlogKind, v: bigint) {
      return new DlogElement(kind, red(v)) as never;
    },
  };
  return group;
}
