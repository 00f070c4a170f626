/**
 * Data encapsulation shared by every scheme, so that all of them encrypt the same records the same way: AES-256-GCM
 * (@noble/ciphers) under a 32-byte key derived from the KEM, a random 96-bit nonce, and the digest H2 (SHA-256) that
 * the chain stores next to the ciphertext's CID (CIDv1, raw codec, sha2-256, as IPFS Kubo computes with
 * `--cid-version 1 --raw-leaves`).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { create as createDigest } from 'multiformats/hashes/digest';
import { DecryptionError, DecodeError } from './errors.js';
import { randomBytes, type Rng } from './rng.js';

export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

/** AEAD encryption: nonce || ciphertext || tag. */
export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, ad: Uint8Array, rng: Rng): Uint8Array {
  if (key.length !== 32) throw new RangeError('AEAD key must be 32 bytes');
  const nonce = randomBytes(rng, NONCE_BYTES);
  const ct = gcm(key, nonce, ad).encrypt(plaintext);
  const out = new Uint8Array(NONCE_BYTES + ct.length);
  out.set(nonce);
  out.set(ct, NONCE_BYTES);
  return out;
}

/** AEAD decryption; a wrong key or any modified byte gives DecryptionError, never a plaintext. */
export function aeadOpen(key: Uint8Array, sealed: Uint8Array, ad: Uint8Array): Uint8Array {
  if (sealed.length < NONCE_BYTES + TAG_BYTES) throw new DecryptionError('AEAD ciphertext too short');
  try {
    return gcm(key, sealed.subarray(0, NONCE_BYTES), ad).decrypt(sealed.subarray(NONCE_BYTES));
  } catch {
    throw new DecryptionError('AEAD tag mismatch (wrong key or modified ciphertext)');
  }
}

/** H2 as a digest: SHA-256. */
export function digest(data: Uint8Array): Uint8Array {
  return sha256(data);
}

/** CIDv1 (raw codec 0x55, sha2-256 multihash) of a byte string, as a base32 string (bafkrei...). */
export function cidOf(data: Uint8Array): string {
  const mh = createDigest(0x12, sha256(data));
  return CID.create(1, raw.code, mh).toString();
}

/** Parses a CID string strictly (CIDv1, raw codec, sha2-256) and returns its 32-byte digest. */
export function cidDigest(cid: string): Uint8Array {
  let c: CID;
  try {
    c = CID.parse(cid);
  } catch {
    throw new DecodeError('format', 'CID', 'not a CID string');
  }
  if (c.version !== 1 || c.code !== raw.code || c.multihash.code !== 0x12 || c.multihash.digest.length !== 32)
    throw new DecodeError('format', 'CID', 'expected CIDv1, raw codec, sha2-256');
  return c.multihash.digest;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
