/**
 * A tap on a real backend's KDF, for replaying an algebraic attack there. The challenger wraps the group a scheme
 * instance is created on; while an override is set, every `gt.kdf(a, info)` call derives its key from the GT element
 * the override supplies instead of `a`. Running the scheme's own decryption with such an override is "decryption
 * with the attack's key": the plaintext then depends on the decrypting key only through the KDF inputs, which the
 * attack supplied. Nothing here looks at the scheme; the group is otherwise untouched (same name, same counters).
 */
import type { GT, PairingGroup, TargetGroup } from '../../core/groups/types.js';

export type KdfOverride = (a: GT, info: string) => GT;

export interface TappedGroup {
  readonly group: PairingGroup;
  /** Runs `fn` with every KDF input replaced by `override(a, info)`. */
  withKdf<T>(override: KdfOverride, fn: () => T): T;
}

export function tapKdf(inner: PairingGroup): TappedGroup {
  let override: KdfOverride | null = null;
  const gt: TargetGroup = Object.create(inner.gt, {
    kdf: {
      value: (a: GT, info: string) => inner.gt.kdf(override ? override(a, info) : a, info),
    },
  });
  const group: PairingGroup = Object.create(inner, { gt: { value: gt } });
  return {
    group,
    withKdf(o, fn) {
      const before = override;
      override = o;
      try {
        return fn();
      } finally {
        override = before;
      }
    },
  };
}
