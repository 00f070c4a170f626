/**
 * Mutants built by wrapping a registered scheme: the scheme's own code runs, on a group or with a randomness source
 * that carries one realistic mistake, or with one algorithm's inputs or outputs altered. They track the real code:
 * a change to the scheme changes its mutants.
 */
import type { PairingGroup } from '../../core/groups/types.js';
import { SeededRng, type Rng } from '../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../core/types.js';

export interface Mutant {
  /** The mutant's scheme (its name is `<of>~<mistake>`). */
  scheme: Scheme;
  /** The registered scheme it mutates. */
  of: string;
  /**
   * The genuine scheme itself, where the mutant wraps it: a game that shows an attack on the genuine scheme too (a
   * known weakness, such as MedExChain's record-independent rk') is no evidence against the mutant.
   */
  base?: Scheme;
  /** The flaw class. */
  flaw: FlawClass;
  /** The mistake, in words: where and what. */
  mistake: string;
}

export type FlawClass =
  | 'kem-key-from-public-value'
  | 'randomness-reused'
  | 'blinding-dropped'
  | 'rekey-carries-secret'
  | 'rekey-independent-of-delegatee'
  | 'abe-key-without-per-user-randomness'
  | 'identity-hash-ignores-input'
  | 'missing-subgroup-check'
  | 'firewall-blinding-dropped'
  | 'firewall-passthrough'
  | 'scope-ignored';

export interface WrapSpec {
  /** Replaces the group the scheme's instance is created on. */
  group?(g: PairingGroup): PairingGroup;
  /** Replaces some of the instance's verbs; `base` is the unmodified instance. */
  instance?(base: SchemeInstance): Partial<SchemeInstance>;
}

/** A mutant of `base`: same declarations, one mistake in its group or its instance. */
export function wrapScheme(base: Scheme, name: string, flaw: FlawClass, mistake: string, spec: WrapSpec): Mutant {
  const scheme: Scheme = {
    ...base,
    name: `${base.name}~${name}`,
    title: `Mutant of ${base.title}: ${mistake}`,
    citation: `Test-only mutant (${flaw}) of: ${base.citation}`,
    async create(opts) {
      const group = opts.group && spec.group ? spec.group(opts.group) : opts.group;
      const inst = await base.create({ ...opts, group });
      if (!spec.instance) return inst;
      const over = spec.instance(inst);
      const out: SchemeInstance = Object.create(inst);
      for (const [k, v] of Object.entries(over)) Object.defineProperty(out, k, { value: v, enumerable: true });
      return out;
    },
  };
  return { scheme, of: base.name, flaw, mistake, base };
}

/** A group whose `part` (gt, g1, g2, zr) has some methods replaced. */
export function overrideGroup<K extends 'gt' | 'g1' | 'g2' | 'zr'>(
  g: PairingGroup,
  part: K,
  methods: Partial<PairingGroup[K]>,
): PairingGroup {
  const props: PropertyDescriptorMap = {};
  for (const [k, v] of Object.entries(methods)) props[k] = { value: v };
  const inner = Object.create(g[part] as object, props);
  return Object.create(g, { [part]: { value: inner } });
}

/**
 * Randomness drawn once and cached: the first call seeds a stream from the caller's generator, and every later call
 * restarts that same stream (randomness reused across calls of one instance, fresh per instance).
 */
export function cachedRng(): (rng: Rng) => Rng {
  let seed: string | null = null;
  return (rng) => {
    if (seed === null) {
      const b = new Uint8Array(32);
      rng.fill(b);
      seed = Buffer.from(b).toString('hex');
    }
    return new SeededRng(`cached-${seed}`);
  };
}
