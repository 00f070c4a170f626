/**
 * Native-chain signatures: Ed25519 (RFC 8032) via @noble/curves. Signing is deterministic, so a subverted signer has
 * no randomness to bias: which is why the reverse firewalls guard the PRE algorithms and not the signatures. Each
 * call is counted (`sigSign`, `sigVerify`) on the caller's OpCounter so that measured time and counted cost match.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { DecodeError } from './errors.js';
import type { OpCounter } from './ops.js';
import { randomBytes, type Rng } from './rng.js';

export interface SigningKey {
  secret: Uint8Array;
  public: Uint8Array;
}

export const SIG_BYTES = 64;
export const SIG_PK_BYTES = 32;

export function sigKeygen(rng: Rng): SigningKey {
  const secret = randomBytes(rng, 32);
  return { secret, public: ed25519.getPublicKey(secret) };
}

export function sign(ops: OpCounter, key: SigningKey, msg: Uint8Array): Uint8Array {
  ops.add('sigSign');
  return ed25519.sign(msg, key.secret);
}

/** False for any bad signature, key or encoding (never throws on malformed input). */
export function verify(ops: OpCounter, pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  ops.add('sigVerify');
  if (pub.length !== SIG_PK_BYTES || sig.length !== SIG_BYTES) return false;
  try {
    return ed25519.verify(sig, msg, pub);
  } catch {
    return false;
  }
}

export function checkSigPublicKey(pub: Uint8Array): void {
  if (pub.length !== SIG_PK_BYTES) throw new DecodeError('length', 'Ed25519 public key', `${pub.length} bytes`);
  try {
    ed25519.Point.fromBytes(pub);
  } catch {
    throw new DecodeError('not-on-curve', 'Ed25519 public key');
  }
}
