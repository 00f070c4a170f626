/**
 * Mutants of AFGH06 in its KEM form (the strawmen's core, proofs/games/strawmen/kem-pre.ts: Ateniese, Fu, Green,
 * Hohenberger, NDSS 2005, Sec. 3.3), for the mistakes that live inside an algorithm's arithmetic, where wrapping the
 * registered scheme cannot reach. Each replaces exactly one algorithm through the core's flaw hooks.
 */
import { VerificationError } from '../../core/errors.js';
import { kemPreScheme, type KemPreFlaws } from '../games/strawmen/kem-pre.js';
import type { FlawClass, Mutant } from './wrap.js';

function kem(name: string, flaw: FlawClass, mistake: string, flaws: KemPreFlaws): Mutant {
  const scheme = kemPreScheme({
    name: `afgh06-kem~${name}`,
    title: `Mutant of AFGH06 (KEM form): ${mistake}`,
    flaw: mistake,
    flaws,
  });
  return { scheme, of: 'afgh06', flaw, mistake };
}

/** A trusted-proxy re-encryption: the proxy decapsulates with a scalar derived from the key and re-encapsulates. */
function proxyWith(toSecret: (s: bigint, inv: (x: bigint) => bigint) => bigint): Pick<KemPreFlaws, 'reencrypt'> {
  return {
    reencrypt(env, rk, ct, rng) {
      if (rk.kind !== 'scalar') throw new VerificationError('rekey-kind', 'not a scalar re-encryption key');
      const g = env.group;
      const K = env.decapsulate(
        toSecret(rk.s, (x) => g.zr.inv(x)),
        ct,
      );
      const k = g.zr.random(rng);
      return { level: 1, c1: g.g1.exp(rk.to.p1, k), c2: g.gt.mul(K, g.gt.exp(env.Z, k)), cm: ct.cm, tag: ct.tag };
    },
  };
}

export const kemMutants: Mutant[] = [
  kem('rk-carries-xa', 'rekey-carries-secret', "ReKeyGen: rk = (x_A, pk_B), the delegator's secret itself", {
    rekeygen: (_env, from, to) => ({ kind: 'scalar', s: from.sk, to }),
    ...proxyWith((s) => s),
  }),
  kem(
    'rk-carries-inv-xa',
    'rekey-carries-secret',
    "ReKeyGen: rk = (1/x_A, pk_B), the inverse of the delegator's secret",
    {
      rekeygen: (env, from, to) => ({ kind: 'scalar', s: env.group.zr.inv(from.sk), to }),
      ...proxyWith((s, inv) => inv(s)),
    },
  ),
  kem(
    'rk-ignores-delegatee',
    'rekey-independent-of-delegatee',
    'ReKeyGen: rk = g2^(1/x_A), pk_B never enters (and Dec of a re-encrypted ciphertext needs no key)',
    {
      rekeygen: (env, from) => ({
        kind: 'g2',
        r: env.group.g2.exp(env.group.g2.generator(), env.group.zr.inv(from.sk)),
      }),
      decapsulate(env, x, ct) {
        const g = env.group;
        return ct.level === 1
          ? g.gt.div(ct.c2, g.gt.exp(g.pair(ct.c1, g.g2.generator()), g.zr.inv(x)))
          : g.gt.div(ct.c2, ct.c1);
      },
    },
  ),
  kem('c2-unblinded', 'blinding-dropped', 'Enc: C2 = K, the blinding factor Z^k is dropped', {
    blind: (env) => env.group.gt.one(),
  }),
  kem('k-equals-t', 'randomness-reused', 'Enc: one scalar for both the key and the blinding (t = k), so C2 = K^2', {
    encRandomness(env, _pk, _m, rng) {
      const k = env.group.zr.random(rng);
      return { t: k, k };
    },
  }),
  kem(
    'k-constant',
    'randomness-reused',
    'Enc: the encapsulation scalar k is the constant 1 (an uninitialised nonce), so C1 = pk',
    {
      encRandomness(env, _pk, _m, rng) {
        return { t: env.group.zr.random(rng), k: 1n };
      },
    },
  ),
];
