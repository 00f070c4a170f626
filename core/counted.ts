/**
 * The symmetric and scalar primitives a scheme performs besides its group operations, each counted on the caller's
 * OpCounter (`aead`, `kdf`, `invZr`) as core/sig.ts counts signatures: the group backends count only their own
 * arithmetic, and these primitives have measured unit costs (experiments/measure/unitcosts.ts), so a scheme that
 * leaves them out of its cost model under-states what its algorithms cost. A scheme calls these instead of the bare
 * core/dem.ts functions, `gt.kdf` or `zr.inv`, and declares the counts in its cost model; its cost-model test then
 * holds the declaration to what the code did.
 */
import { deriveKey, open, seal, type Aead } from './dem.js';
import type { GT, ScalarField, TargetGroup } from './groups/types.js';
import type { OpCounter } from './ops.js';
import type { Rng } from './rng.js';

/** `seal` (core/dem.ts), counted as one `aead`. */
export function sealCounted(
  ops: OpCounter,
  key: Uint8Array,
  m: Uint8Array,
  aad: Uint8Array,
  rng: Rng,
  aead: Aead = 'aes-256-gcm',
): Uint8Array {
  ops.add('aead');
  return seal(key, m, aad, rng, aead);
}

/** `open` (core/dem.ts), counted as one `aead` (also when it refuses: the tag was computed). */
export function openCounted(
  ops: OpCounter,
  key: Uint8Array,
  sealed: Uint8Array,
  aad: Uint8Array,
  aead: Aead = 'aes-256-gcm',
): Uint8Array {
  ops.add('aead');
  return open(key, sealed, aad, aead);
}

/** H1: GT -> 32-byte key (the target group's KDF), counted as one `kdf`. */
export function kdfGT(ops: OpCounter, gt: TargetGroup, K: GT, info: string): Uint8Array {
  ops.add('kdf');
  return gt.kdf(K, info);
}

/** HKDF-SHA-256 over a point's encoding (core/dem.ts `deriveKey`), counted as one `kdf`. */
export function deriveKeyCounted(ops: OpCounter, shared: Uint8Array, info: string): Uint8Array {
  ops.add('kdf');
  return deriveKey(shared, info);
}

/** A scalar's inverse modulo the group order, counted as one `invZr`. */
export function invZr(ops: OpCounter, zr: ScalarField, a: bigint): bigint {
  ops.add('invZr');
  return zr.inv(a);
}
