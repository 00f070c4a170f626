/**
 * The contract every PairingGroup backend must meet, as a jest suite that each backend's test file runs on its own
 * group (mcl holds one curve per process, so each backend gets its own file). Properties use fast-check.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError } from '../errors.js';
import { SeededRng } from '../rng.js';
import type { PairingGroup } from './types.js';

/** Decoding either throws DecodeError or yields an element whose encoding is exactly the input. */
export function expectStrictDecode<E>(
  decode: (b: Uint8Array) => E,
  encode: (e: E) => Uint8Array,
  input: Uint8Array,
): 'accepted' | 'rejected' {
  let v: E;
  try {
    v = decode(input);
  } catch (e) {
    if (!(e instanceof DecodeError)) throw new Error(`decoder crashed with a non-DecodeError: ${String(e)}`);
    return 'rejected';
  }
  expect(Buffer.from(encode(v)).equals(Buffer.from(input))).toBe(true);
  return 'accepted';
}

/** Random and mutated inputs for a decoder: `n` in all, half random lengths/bytes, half bit-flipped valid ones. */
export function fuzzInputs(valid: Uint8Array[], n: number, seed: string): Uint8Array[] {
  const rng = new SeededRng(seed);
  const byte = () => {
    const b = new Uint8Array(1);
    rng.fill(b);
    return b[0]!;
  };
  const out: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const base = valid[i % valid.length]!;
    const kind = i % 4;
    if (kind === 0) {
      const len = (byte() << 2) % (base.length * 2 + 2);
      const b = new Uint8Array(len);
      rng.fill(b);
      out.push(b);
    } else if (kind === 1) {
      const b = base.slice();
      const flips = 1 + (byte() % 3);
      for (let f = 0; f < flips; f++) {
        const pos = ((byte() << 8) | byte()) % b.length;
        b[pos]! ^= 1 << (byte() % 8);
      }
      out.push(b);
    } else if (kind === 2) {
      const cut = ((byte() << 8) | byte()) % base.length;
      out.push(base.slice(0, cut));
    } else {
      const extra = new Uint8Array(1 + (byte() % 4));
      rng.fill(extra);
      out.push(Uint8Array.from([...base, ...extra]));
    }
  }
  return out;
}

export function pairingGroupContract(
  name: string,
  make: () => Promise<PairingGroup>,
  opts: { runs: number; fuzz: number },
): void {
  describe(`PairingGroup contract: ${name}`, () => {
    let G: PairingGroup;
    const rng = new SeededRng(`contract-${name}`);
    test('creates', async () => {
      G = await make();
      expect(G.zr.order > 0n).toBe(true);
    });

    test('bilinearity: e(g1^a, g2^b) = e(g1, g2)^(ab), and non-degeneracy', () => {
      const Z = G.pair(G.g1.generator(), G.g2.generator());
      expect(G.gt.isOne(Z)).toBe(false);
      fc.assert(
        fc.property(fc.bigInt(1n, G.zr.order - 1n), fc.bigInt(1n, G.zr.order - 1n), (a, b) => {
          const lhs = G.pair(G.g1.exp(G.g1.generator(), a), G.g2.exp(G.g2.generator(), b));
          return G.gt.eq(lhs, G.gt.exp(Z, G.zr.mul(a, b)));
        }),
        { numRuns: opts.runs },
      );
    });

    test('products of pairings, precomputed pairings, fixed-base and multi-exponentiation agree with the plain ones', () => {
      fc.assert(
        fc.property(fc.bigInt(1n, G.zr.order - 1n), fc.bigInt(0n, G.zr.order - 1n), (a, b) => {
          const P = G.g1.exp(G.g1.generator(), a);
          const Q = G.g2.exp(G.g2.generator(), b === 0n ? 1n : b);
          const pc = G.precomputePairing(Q);
          const ok =
            G.gt.eq(pc.pair(P), G.pair(P, Q)) &&
            G.gt.eq(
              G.pairProd([
                [P, Q],
                [G.g1.generator(), pc],
              ]),
              G.gt.mul(G.pair(P, Q), G.pair(G.g1.generator(), Q)),
            ) &&
            G.g1.eq(G.g1.precompute(P).exp(b), G.g1.exp(P, b)) &&
            G.g2.eq(G.g2.precompute(Q).exp(a), G.g2.exp(Q, a)) &&
            G.g1.eq(
              G.g1.multiExp([P, G.g1.generator()], [a, b]),
              G.g1.mul(G.g1.exp(P, a), G.g1.exp(G.g1.generator(), b)),
            );
          pc.destroy();
          return ok;
        }),
        { numRuns: opts.runs },
      );
      const Z = G.pair(G.g1.generator(), G.g2.generator());
      const k = G.zr.random(rng);
      expect(G.gt.eq(G.gt.precompute(Z).exp(k), G.gt.exp(Z, k))).toBe(true);
      expect(G.gt.eq(G.gt.div(G.gt.exp(Z, k), G.gt.exp(Z, k)), G.gt.one())).toBe(true);
    });

    test('a product of pairings equals the product of its pairings for every mix of precomputed and plain terms', () => {
      const P = [G.g1.random(rng), G.g1.random(rng), G.g1.random(rng), G.g1.identity()];
      const Q = [G.g2.random(rng), G.g2.random(rng), G.g2.random(rng)];
      const pcs = Q.map((q) => G.precomputePairing(q));
      const single = (i: number, j: number) => G.pair(P[i]!, Q[j]!);
      // Which terms take the precomputed argument: each subset of three terms, plus an identity term.
      for (let mask = 0; mask < 8; mask++)
        for (const n of [1, 2, 3]) {
          const terms: [number, number][] = [
            [0, 0],
            [1, 1],
            [2, 2],
          ].slice(0, n) as [number, number][];
          const withId = [...terms, [3, 0] as [number, number]];
          for (const ts of [terms, withId]) {
            const got = G.ops.measure(() =>
              G.pairProd(ts.map(([i, j], k) => [P[i]!, mask & (1 << k) && k < 3 ? pcs[j]! : Q[j]!] as const)),
            );
            const want = ts.map(([i, j]) => single(i, j)).reduce((x, y) => G.gt.mul(x, y));
            expect(G.gt.eq(got.result, want)).toBe(true);
            const pre = ts.filter((_, k) => mask & (1 << k) && k < 3).length;
            expect(got.ops).toEqual({
              finalExp: 1,
              ...(pre ? { millerLoopPre: pre } : {}),
              ...(ts.length - pre ? { millerLoop: ts.length - pre } : {}),
            });
          }
        }
      for (const pc of pcs) pc.destroy();
    });

    test('the pairing parts compose to the pairing and count as it does', () => {
      const parts = G.parts;
      if (!parts) throw new Error(`${name} exposes no pairing parts`);
      const P = G.g1.random(rng);
      const Q = G.g2.random(rng);
      const pc = G.precomputePairing(Q);
      const direct = G.ops.measure(() => G.pair(P, Q));
      const split = G.ops.measure(() => parts.finalExp(parts.millerLoop(P, Q)));
      const pre = G.ops.measure(() => parts.finalExp(parts.precomputedMillerLoop(P, pc)));
      expect(G.gt.eq(split.result, direct.result)).toBe(true);
      expect(G.gt.eq(pre.result, direct.result)).toBe(true);
      expect(split.ops).toEqual(direct.ops);
      expect(pre.ops).toEqual({ millerLoopPre: 1, finalExp: 1 });
      // The identity pairs to one through the parts too.
      expect(G.gt.isOne(parts.finalExp(parts.millerLoop(G.g1.identity(), Q)))).toBe(true);
      pc.destroy();
    });

    test('serialization round-trips and has the declared sizes', () => {
      const P = G.g1.random(rng);
      const Q = G.g2.random(rng);
      const T = G.pair(P, Q);
      expect(G.g1.toBytes(P).length).toBe(G.sizes.G1);
      expect(G.g2.toBytes(Q).length).toBe(G.sizes.G2);
      expect(G.gt.toBytes(T).length).toBe(G.sizes.GT);
      expect(G.g1.eq(G.g1.fromBytes(G.g1.toBytes(P)), P)).toBe(true);
      expect(G.g2.eq(G.g2.fromBytes(G.g2.toBytes(Q)), Q)).toBe(true);
      expect(G.gt.eq(G.gt.fromBytes(G.gt.toBytes(T)), T)).toBe(true);
      const k = G.zr.random(rng);
      expect(G.zr.fromBytes(G.zr.toBytes(k))).toBe(k);
    });

    test('hashing is deterministic and domain-separated', () => {
      const m = new TextEncoder().encode('record');
      expect(G.g1.eq(G.g1.hash(m, 'A'), G.g1.hash(m, 'A'))).toBe(true);
      expect(G.g1.eq(G.g1.hash(m, 'A'), G.g1.hash(m, 'B'))).toBe(false);
      expect(G.g2.eq(G.g2.hash(m, 'A'), G.g2.hash(m, 'B'))).toBe(false);
      expect(G.zr.hash(m, 'A')).not.toBe(G.zr.hash(m, 'B'));
    });

    test('decoders reject wrong lengths, identity, non-canonical scalars and field elements', () => {
      const reason = (f: () => unknown) => {
        try {
          f();
        } catch (e) {
          if (e instanceof DecodeError) return e.reason;
          throw e;
        }
        return 'accepted';
      };
      const P = G.g1.toBytes(G.g1.random(rng));
      expect(reason(() => G.g1.fromBytes(P.slice(1)))).toBe('length');
      expect(reason(() => G.g1.fromBytes(new Uint8Array([...P, 0])))).toBe('length');
      expect(reason(() => G.g1.fromBytes(G.g1.toBytes(G.g1.identity())))).toBe('identity');
      expect(G.g1.isIdentity(G.g1.fromBytes(G.g1.toBytes(G.g1.identity()), { allowIdentity: true }))).toBe(true);
      expect(reason(() => G.g2.fromBytes(G.g2.toBytes(G.g2.identity())))).toBe('identity');
      expect(reason(() => G.gt.fromBytes(G.gt.toBytes(G.gt.one())))).toBe('identity');
      expect(reason(() => G.zr.fromBytes(G.zr.toBytes(0n)))).toBe('identity');
      const big = new Uint8Array(G.sizes.Zr).fill(0xff);
      expect(reason(() => G.zr.fromBytes(big))).toBe('non-canonical');
      expect(reason(() => G.zr.fromBytes(new Uint8Array(G.sizes.Zr + 1)))).toBe('length');
      // A GT-sized byte string of a field element outside the order-r subgroup: 2 as an Fp12 element.
      const two = new Uint8Array(G.sizes.GT);
      two[G.sizes.GT - 1] = 2;
      expect(['not-in-subgroup', 'non-canonical']).toContain(reason(() => G.gt.fromBytes(two)));
    });

    test(`decoders survive ${opts.fuzz} random and mutated inputs each, accepting only canonical valid encodings`, () => {
      const P = [1, 2, 3].map(() => G.g1.toBytes(G.g1.random(rng)));
      const Q = [1, 2].map(() => G.g2.toBytes(G.g2.random(rng)));
      const T = [G.gt.toBytes(G.pair(G.g1.random(rng), G.g2.generator()))];
      const S = [G.zr.toBytes(G.zr.random(rng))];
      const counts = { accepted: 0, rejected: 0 };
      for (const b of fuzzInputs(P, opts.fuzz, 'g1'))
        counts[
          expectStrictDecode(
            (x) => G.g1.fromBytes(x),
            (e) => G.g1.toBytes(e),
            b,
          )
        ]++;
      for (const b of fuzzInputs(Q, opts.fuzz, 'g2'))
        counts[
          expectStrictDecode(
            (x) => G.g2.fromBytes(x),
            (e) => G.g2.toBytes(e),
            b,
          )
        ]++;
      for (const b of fuzzInputs(S, opts.fuzz, 'zr'))
        counts[
          expectStrictDecode(
            (x) => G.zr.fromBytes(x),
            (e) => G.zr.toBytes(e),
            b,
          )
        ]++;
      // GT decoding includes an exponentiation (x^r = 1), so it gets a tenth of the budget here and the full one in
      // the fuzz script (experiments/fuzz).
      for (const b of fuzzInputs(T, Math.ceil(opts.fuzz / 10), 'gt'))
        counts[
          expectStrictDecode(
            (x) => G.gt.fromBytes(x),
            (e) => G.gt.toBytes(e),
            b,
          )
        ]++;
      expect(counts.rejected).toBeGreaterThan(counts.accepted);
    });
  });
}
