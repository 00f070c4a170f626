/**
 * The mutant catalogue: realistic one-place mistakes in the registered schemes, each named by its flaw class, in a
 * registry of their own (never registry/schemes.ts). The games play them exactly as they play any scheme; the kill
 * rate (run.ts) is the share of mutants some game breaks with an attack replayed on a real backend.
 */
import type { GT } from '../../core/groups/types.js';
import { ParameterError } from '../../core/errors.js';
import { schemes } from '../../registry/schemes.js';
import type { Scheme } from '../../core/types.js';
import { registerSchemeList } from '../games/jobs.js';
import { kemMutants } from './kem.js';
import { medexchainFirewallMutants } from './medexchain.js';
import { cachedRng, overrideGroup, wrapScheme, type Mutant } from './wrap.js';

const byName = (n: string): Scheme => {
  const s = schemes.find((x) => x.name === n);
  if (!s) throw new ParameterError(`mutants: no registered scheme '${n}'`);
  return s;
};

/** The KDF is fed the public Z = e(g1, g2) instead of the KEM's element (a wrong variable in one call). */
function kdfPublic(of: string): Mutant {
  return wrapScheme(
    byName(of),
    'kdf-public',
    'kem-key-from-public-value',
    'gt.kdf is applied to the public Z = e(g1, g2) instead of the encapsulated element',
    {
      group: (g) => {
        let Z: GT | null = null;
        return overrideGroup(g, 'gt', {
          kdf: (_a: GT, info: string) => g.gt.kdf((Z ??= g.pair(g.g1.generator(), g.g2.generator())), info),
        });
      },
    },
  );
}

/** Enc caches its randomness: every encryption reuses it. */
function encRngConstant(of: string): Mutant {
  return wrapScheme(
    byName(of),
    'enc-rng-cached',
    'randomness-reused',
    'Enc draws its randomness once and caches it, so every encryption reuses the same randomness',
    {
      instance: (base) => {
        const cached = cachedRng();
        return { encrypt: (to, m, rng, scope) => base.encrypt(to, m, cached(rng), scope) };
      },
    },
  );
}

/** KeyGen caches its randomness: every key of the instance shares it. */
function keygenRngConstant(of: string, flaw: Mutant['flaw']): Mutant {
  return wrapScheme(
    byName(of),
    'keygen-rng-cached',
    flaw,
    'KeyGen draws its randomness once and caches it, so every issued key shares it',
    {
      instance: (base) => {
        const cached = cachedRng();
        return { keygen: (subject, rng) => base.keygen(subject, cached(rng)) };
      },
    },
  );
}

/** Hash-to-group ignores its input (hashes the empty string under the right domain). */
function hashIgnoresInput(of: string, flaw: Mutant['flaw'] = 'identity-hash-ignores-input'): Mutant {
  return wrapScheme(
    byName(of),
    'hash-ignores-input',
    flaw,
    'hash to G1/G2 ignores its input (an identity or attribute), hashing only the domain tag',
    {
      group: (g) => {
        const empty = new Uint8Array(0);
        const g1 = overrideGroup(g, 'g1', { hash: (_d: Uint8Array, dst: string) => g.g1.hash(empty, dst) });
        return overrideGroup(g1, 'g2', { hash: (_d: Uint8Array, dst: string) => g.g2.hash(empty, dst) });
      },
    },
  );
}

/** Decoders accept the identity element (the membership check is skipped): no game here can see it. */
function noSubgroupCheck(of: string): Mutant {
  return wrapScheme(
    byName(of),
    'no-subgroup-check',
    'missing-subgroup-check',
    'G1 decoding accepts the identity element (the check that rejects degenerate points is skipped)',
    {
      group: (g) =>
        overrideGroup(g, 'g1', { fromBytes: (b: Uint8Array) => g.g1.fromBytes(b, { allowIdentity: true }) }),
    },
  );
}

export const mutants: Mutant[] = [
  ...['afgh06', 'ga07', 'medexchain', 'bibm24', 'bsw07', 'waters11'].map(kdfPublic),
  ...['afgh06', 'ga07', 'medexchain', 'bibm24', 'bsw07', 'waters11', 'bbs98'].map(encRngConstant),
  keygenRngConstant('afgh06', 'randomness-reused'),
  keygenRngConstant('medexchain', 'randomness-reused'),
  keygenRngConstant('bsw07', 'abe-key-without-per-user-randomness'),
  keygenRngConstant('waters11', 'abe-key-without-per-user-randomness'),
  ...['ga07', 'bsw07', 'waters11'].map((of) => hashIgnoresInput(of)),
  kdfPublic('medexchain-scoped'),
  hashIgnoresInput('medexchain-scoped', 'scope-ignored'),
  ...kemMutants,
  noSubgroupCheck('afgh06'),
  ...medexchainFirewallMutants(byName('medexchain')),
];

// Worker threads load a mutant from this module by its place in the list, never by its name.
registerSchemeList(
  new URL('./index.ts', import.meta.url).href,
  'mutants',
  mutants.map((m) => m.scheme),
  'scheme',
);

export function findMutant(name: string): Mutant {
  const m = mutants.find((x) => x.scheme.name === name.toLowerCase());
  if (!m) throw new ParameterError(`unknown mutant '${name}'`);
  return m;
}

export type { Mutant, FlawClass } from './wrap.js';
