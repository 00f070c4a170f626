/**
 * Eq. 7b: delegation to a receiver whose chain has no pairing key (chain B's native key is X25519). The patient
 * draws X, delegates to the virtual key g2^H2(X) as in Eq. 7, and wraps X for the receiver under its native key
 * with an ECIES-style KEM (ephemeral X25519, HKDF-SHA256, AES-256-GCM). The relay sees g2^H2(X) and E_B(X) but
 * never X; the receiver unwraps X and decrypts with 1/H2(X) in place of 1/x_B.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { invZr, openCounted, sealCounted } from '../../core/counted.js';
import { DecodeError, DecryptionError } from '../../core/errors.js';
import type { G2 } from '../../core/groups/types.js';
import type { OpCounter } from '../../core/ops.js';
import { randomBytes, type Rng } from '../../core/rng.js';
import { checkBody, openBody, type MxCiphertext } from './algorithms.js';
import type { MxParams } from './params.js';

const X_BYTES = 32;
const WRAP_AD = utf8('medexchain/v1/eq7b-wrap');
const FW_WRAP_AD = utf8('medexchain/v1/eq7b-firewall-wrap');
export const WRAPPED_X_BYTES = 32 + 12 + X_BYTES + 16;
/** W_P's re-wrap: E'_B(alpha || E_B(X)), an ephemeral X25519 key, a nonce, and the AEAD tag. */
export function firewallWrappedBytes(zrBytes: number): number {
  return 32 + 12 + zrBytes + WRAPPED_X_BYTES + 16;
}

/** ECIES to an X25519 key: ephemeral key E, HKDF-SHA256(shared, E || receiver), AES-256-GCM. Counts 2 dh, kdf, aead. */
function wrapTo(ops: OpCounter, receiver: Uint8Array, plain: Uint8Array, ad: Uint8Array, rng: Rng): Uint8Array {
  if (receiver.length !== 32) throw new DecodeError('length', 'X25519 public key', `${receiver.length} bytes`);
  const eph = randomBytes(rng, 32);
  ops.add('dh', 2);
  const E = x25519.getPublicKey(eph);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(eph, receiver);
  } catch {
    throw new DecodeError('not-on-curve', 'X25519 public key', 'low-order point');
  }
  ops.add('kdf');
  const key = hkdf(sha256, shared, concatBytes(E, receiver), ad, 32);
  return concatBytes(E, sealCounted(ops, key, plain, ad, rng));
}

/** Opens an X25519 wrap. Counts kdf and aead (the caller counts its 2 dh). */
function unwrapWith(ops: OpCounter, sk: Uint8Array, wrapped: Uint8Array, ad: Uint8Array): Uint8Array {
  const E = wrapped.subarray(0, 32);
  let shared: Uint8Array;
  try {
    shared = x25519.getSharedSecret(sk, E);
  } catch {
    throw new DecryptionError('bad ephemeral key in an X25519 wrap');
  }
  ops.add('kdf');
  const key = hkdf(sha256, shared, concatBytes(E, x25519.getPublicKey(sk)), ad, 32);
  return openCounted(ops, key, wrapped.subarray(32), ad);
}

/**
 * W_P's side of a firewalled Eq. 7b delegation: alpha and the patient's E_B(X), wrapped afresh under the receiver
 * key the relay's registry holds for the requester, so that none of the wrap's bytes come from the patient's
 * algorithm and only the registered requester learns alpha.
 */
export function firewallWrap(pp: MxParams, receiver: Uint8Array, alpha: bigint, wrappedX: Uint8Array, rng: Rng) {
  if (wrappedX.length !== WRAPPED_X_BYTES) throw new DecodeError('length', 'wrapped X', `${wrappedX.length} bytes`);
  return wrapTo(pp.group.ops, receiver, concatBytes(pp.group.zr.toBytes(alpha), wrappedX), FW_WRAP_AD, rng);
}

export function foreignKeygen(
  ops: OpCounter,
  rng: Rng,
): { pk: { kind: 'x25519'; key: Uint8Array }; sk: { kind: 'x25519'; key: Uint8Array } } {
  const sk = randomBytes(rng, 32);
  ops.add('dh');
  return { pk: { kind: 'x25519', key: x25519.getPublicKey(sk) }, sk: { kind: 'x25519', key: sk } };
}

/** H2(X) as a non-zero scalar. */
export function foreignExponent(pp: MxParams, X: Uint8Array): bigint {
  const h = pp.group.zr.hash(X, 'medexchain/v1/H2-eq7b');
  return h === 0n ? 1n : h;
}

/** The patient's side: a fresh X, the virtual key g2^H2(X) and E_B(X). */
export function delegateForeign(pp: MxParams, receiver: Uint8Array, rng: Rng): { target: G2; wrappedX: Uint8Array } {
  const X = randomBytes(rng, X_BYTES);
  const wrappedX = wrapTo(pp.group.ops, receiver, X, WRAP_AD, rng);
  return { target: pp.g2Exp(foreignExponent(pp, X)), wrappedX };
}

/** The receiver's side: unwraps X with its X25519 secret. */
export function unwrapX(ops: OpCounter, sk: Uint8Array, wrappedX: Uint8Array): Uint8Array {
  if (wrappedX.length !== WRAPPED_X_BYTES) throw new DecodeError('length', 'wrapped X', `${wrappedX.length} bytes`);
  return unwrapWith(ops, sk, wrappedX, WRAP_AD);
}

/**
 * The receiver's decryption exponent: H2(X) for a raw E_B(X), H2(X) * alpha when W_P re-wrapped it with alpha.
 * Counts 2 dh per unwrap.
 */
export function foreignReceiverExponent(pp: MxParams, sk: Uint8Array, wrapped: Uint8Array): bigint {
  const G = pp.group;
  if (wrapped.length === WRAPPED_X_BYTES) {
    G.ops.add('dh', 2);
    return foreignExponent(pp, unwrapX(G.ops, sk, wrapped));
  }
  if (wrapped.length !== firewallWrappedBytes(G.sizes.Zr))
    throw new DecodeError('length', 'wrapped X', `${wrapped.length} bytes`);
  G.ops.add('dh', 4);
  const inner = unwrapWith(G.ops, sk, wrapped, FW_WRAP_AD);
  const alpha = G.zr.fromBytes(inner.subarray(0, G.sizes.Zr));
  return G.zr.mul(foreignExponent(pp, unwrapX(G.ops, sk, inner.subarray(G.sizes.Zr))), alpha);
}

/** Dec for a foreign receiver: K = C2''' / C1'''^(1/(H2(X) alpha)) (alpha = 1 without W_P). */
export function decryptForeign(pp: MxParams, sk: Uint8Array, ct: MxCiphertext): Uint8Array {
  if (ct.level !== 2 || !ct.wrappedX) throw new DecryptionError('not a ciphertext re-encrypted for a foreign key');
  checkBody(ct);
  const G = pp.group;
  const inv = invZr(G.ops, G.zr, foreignReceiverExponent(pp, sk, ct.wrappedX));
  const kw = ct.outer ? G.gt.exp(ct.outer, inv) : null;
  const K = G.gt.div(ct.c2, G.gt.exp(ct.c1, inv));
  return openBody(pp, K, ct, kw);
}
