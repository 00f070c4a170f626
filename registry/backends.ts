/**
 * The pairing backends, by name. Factories load their library lazily so that a command touching one backend does
 * not initialize the others (mcl-wasm supports one curve per process: see core/groups/mcl.ts).
 * Adding a backend is one entry here.
 */
import type { BackendFactory, PairingGroup } from '../core/groups/types.js';

/** A registered backend. `instrument`: a test instrument (no security), never listed or measured, only named. */
export type RegisteredBackend = BackendFactory & { instrument?: boolean };
import { ParameterError } from '../core/errors.js';

export const backends: RegisteredBackend[] = [
  {
    name: 'bls12-381',
    curve: 'BLS12-381',
    library: 'mcl-wasm',
    securityBits: 117,
    symmetric: false,
    sizes: { Zr: 32, G1: 48, G2: 96, GT: 576 },
    create: async () => (await import('../core/groups/mcl.js')).createMclGroup('bls12-381'),
  },
  {
    name: 'bn254',
    curve: 'BN254 (BN_SNARK1, alt_bn128)',
    library: 'mcl-wasm',
    securityBits: 100,
    symmetric: false,
    sizes: { Zr: 32, G1: 32, G2: 64, GT: 384 },
    create: async () => (await import('../core/groups/mcl.js')).createMclGroup('bn254'),
  },
  {
    name: 'noble-bls12-381',
    curve: 'BLS12-381',
    library: '@noble/curves',
    securityBits: 117,
    symmetric: false,
    sizes: { Zr: 32, G1: 48, G2: 96, GT: 576 },
    create: async () => (await import('../core/groups/noble.js')).createNobleGroup(),
  },
  {
    name: 'ss512',
    curve: 'SS512 (PBC Type A: y^2 = x^3 + x, 512-bit q, 160-bit r)',
    library: 'pure TypeScript (bigint)',
    securityBits: 80,
    symmetric: true,
    sizes: { Zr: 20, G1: 128, G2: 128, GT: 128 },
    create: async () => (await import('../core/groups/ss512/index.js')).createSs512Group(),
  },
];

/**
 * Test instruments: backends that run every scheme but protect nothing (`dlog` represents each element by its
 * discrete logarithm, for the games' algebraic adversary). They are not in `backends`, so nothing lists, measures or
 * demonstrates them unless a caller names one.
 */
export const instruments: RegisteredBackend[] = [
  {
    name: 'dlog',
    curve: 'transparent (every element is its discrete logarithm over Z_r, r = 2^127 - 1)',
    library: 'pure TypeScript (bigint)',
    securityBits: 0,
    symmetric: false,
    sizes: { Zr: 16, G1: 20, G2: 20, GT: 20 },
    instrument: true,
    create: async () => (await import('../core/groups/dlog.js')).createDlogGroup(),
  },
];

/** The real backends' names (instruments excluded). */
export function backendNames(): string[] {
  return backends.map((b) => b.name);
}

/** A backend by name: a real one, or an instrument asked for by its name. */
export function findBackend(name: string): RegisteredBackend {
  const b = backends.find((x) => x.name === name) ?? instruments.find((x) => x.name === name);
  if (!b) throw new ParameterError(`unknown backend '${name}' (known: ${backendNames().join(', ')})`);
  return b;
}

export async function createBackend(name: string): Promise<PairingGroup> {
  return findBackend(name).create();
}
