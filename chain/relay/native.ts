/**
 * Chain-native keys of the parties: what each chain's own cryptosystem gives them, independent of the PRE scheme.
 * Chain A (Ethereum-style) parties sign with secp256k1 ECDSA (their account key); chain B parties sign with Ed25519
 * and agree keys with X25519. The relay verifies each message under the native key the registry binds to the
 * sender, whichever of the two it is.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { randomBytes, type Rng } from '../../core/rng.js';
import { DecodeError } from '../../core/errors.js';

export type SigAlg = 'ed25519' | 'secp256k1';
export const SIG_ALGS: readonly SigAlg[] = ['ed25519', 'secp256k1'];

export interface NativeSigner {
  readonly alg: SigAlg;
  readonly publicKey: Uint8Array;
  sign(msg: Uint8Array): Uint8Array;
}

export function signerFromSecret(alg: SigAlg, sk: Uint8Array): NativeSigner {
  if (alg === 'ed25519') return { alg, publicKey: ed25519.getPublicKey(sk), sign: (m) => ed25519.sign(m, sk) };
  return { alg, publicKey: secp256k1.getPublicKey(sk, true), sign: (m) => secp256k1.sign(m, sk) };
}

/** A fresh secret key for `alg` from `rng` (rejection-sampled to a valid scalar for secp256k1). */
export function newSecret(alg: SigAlg | 'x25519', rng: Rng): Uint8Array {
  for (;;) {
    const sk = randomBytes(rng, 32);
    if (alg !== 'secp256k1' || secp256k1.utils.isValidSecretKey(sk)) return sk;
  }
}

export function publicKeyLength(alg: SigAlg): number {
  return alg === 'ed25519' ? 32 : 33;
}

/** Verifies a native signature; malformed keys or signatures verify as false, never throw. */
export function verifyNative(alg: SigAlg, pk: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  try {
    if (sig.length !== 64) return false;
    return alg === 'ed25519' ? ed25519.verify(sig, msg, pk) : secp256k1.verify(sig, msg, pk);
  } catch {
    return false;
  }
}

export function algCode(alg: SigAlg): number {
  return SIG_ALGS.indexOf(alg) + 1;
}

export function algFromCode(c: number, what: string): SigAlg {
  const a = SIG_ALGS[c - 1];
  if (!a) throw new DecodeError('format', what, `unknown signature algorithm ${c}`);
  return a;
}

export function x25519Public(sk: Uint8Array): Uint8Array {
  return x25519.getPublicKey(sk);
}
