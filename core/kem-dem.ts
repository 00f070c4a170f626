/**
 * The data-encapsulation half of every baseline's hybrid encryption (KEM/DEM, Cramer-Shoup 2003): each scheme's
 * KEM yields a key-group element, a 32-byte key is derived from it, and the record itself is sealed with an AEAD, so
 * every scheme encrypts the same byte records and differs only in how the key is carried. AES-256-GCM for the
 * pairing schemes; ChaCha20-Poly1305 for Umbral, as its specification prescribes. A fresh 12-byte nonce is drawn
 * from the caller's Rng for every record and sent in front of the sealed bytes. The associated data binds the
 * sealed record to its key capsule, so a capsule cannot be spliced onto another record.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { DecryptionError, ParameterError } from './errors.js';
import { randomBytes, type Rng } from './rng.js';

export type Aead = 'aes-256-gcm' | 'chacha20-poly1305';

const NONCE = 12;
const TAG = 16;
/** Bytes a sealed record adds to its plaintext: nonce and tag. */
export const DEM_OVERHEAD = NONCE + TAG;

function cipher(aead: Aead, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array) {
  if (key.length !== 32) throw new ParameterError(`DEM key must be 32 bytes, got ${key.length}`);
  return aead === 'aes-256-gcm' ? gcm(key, nonce, aad) : chacha20poly1305(key, nonce, aad);
}

/** Seals `m` under `key`: nonce || AEAD(m). */
export function seal(aead: Aead, key: Uint8Array, m: Uint8Array, aad: Uint8Array, rng: Rng): Uint8Array {
  const nonce = randomBytes(rng, NONCE);
  const body = cipher(aead, key, nonce, aad).encrypt(m);
  const out = new Uint8Array(NONCE + body.length);
  out.set(nonce);
  out.set(body, NONCE);
  return out;
}

/** Opens a sealed record; a wrong key, a changed byte or wrong associated data is a DecryptionError. */
export function open(aead: Aead, key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  if (sealed.length < DEM_OVERHEAD) throw new DecryptionError('sealed record shorter than nonce and tag');
  try {
    return cipher(aead, key, sealed.subarray(0, NONCE), aad).decrypt(sealed.subarray(NONCE));
  } catch {
    throw new DecryptionError('AEAD tag mismatch (wrong key or altered record)');
  }
}

/** HKDF-SHA256 to a 32-byte DEM key (for KEMs whose shared value is a curve point, e.g. Umbral). */
export function deriveKey(shared: Uint8Array, info: string): Uint8Array {
  return hkdf(sha256, shared, undefined, new TextEncoder().encode(info), 32);
}
