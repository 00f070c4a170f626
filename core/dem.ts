/**
 * The one data encapsulation every scheme uses (KEM/DEM, Cramer-Shoup 2003), so that all of them encrypt the same
 * byte records the same way and differ only in how the key is carried: a 32-byte key from the KEM, a fresh 96-bit
 * nonce drawn from the caller's Rng and sent in front, and an AEAD whose associated data binds the record to its
 * key capsule. AES-256-GCM runs on Node's OpenSSL (`node:crypto`, hardware AES where the CPU has it); its outputs are
 * byte-identical to @noble/ciphers' GCM, which a differential test checks. ChaCha20-Poly1305 serves Umbral, as its
 * specification prescribes. Also here: H2 (SHA-256) and the CID that the chain stores next to a ciphertext (CIDv1,
 * raw codec, sha2-256, as IPFS Kubo computes with `--cid-version 1 --raw-leaves`).
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { create as createDigest } from 'multiformats/hashes/digest';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { DecryptionError, ParameterError } from './errors.js';
import { randomBytes, type Rng } from './rng.js';

export type Aead = 'aes-256-gcm' | 'chacha20-poly1305';

const NONCE = 12;
const TAG = 16;
/** Bytes a sealed record adds to its plaintext: nonce and tag. */
export const DEM_OVERHEAD = NONCE + TAG;

function checkKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== 32)
    throw new ParameterError(`DEM key must be 32 bytes, got ${key?.length}`);
}

function gcmEncrypt(key: Uint8Array, nonce: Uint8Array, m: Uint8Array, aad: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  c.setAAD(aad);
  const head = c.update(m);
  const tail = c.final();
  const out = new Uint8Array(head.length + tail.length + TAG);
  out.set(head);
  out.set(tail, head.length);
  out.set(c.getAuthTag(), head.length + tail.length);
  return out;
}

function gcmDecrypt(key: Uint8Array, nonce: Uint8Array, body: Uint8Array, aad: Uint8Array): Uint8Array {
  const d = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG });
  d.setAAD(aad);
  d.setAuthTag(body.subarray(body.length - TAG));
  const head = d.update(body.subarray(0, body.length - TAG));
  const tail = d.final(); // throws on a tag mismatch, before any plaintext is returned
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  return out;
}

/** Seals `m` under `key`: nonce || AEAD(m) || tag. */
export function seal(
  key: Uint8Array,
  m: Uint8Array,
  aad: Uint8Array,
  rng: Rng,
  aead: Aead = 'aes-256-gcm',
): Uint8Array {
  checkKey(key);
  const nonce = randomBytes(rng, NONCE);
  const body = aead === 'aes-256-gcm' ? gcmEncrypt(key, nonce, m, aad) : chacha20poly1305(key, nonce, aad).encrypt(m);
  const out = new Uint8Array(NONCE + body.length);
  out.set(nonce);
  out.set(body, NONCE);
  return out;
}

/** Opens a sealed record; a wrong key, a changed byte or wrong associated data is a DecryptionError, never text. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array, aead: Aead = 'aes-256-gcm'): Uint8Array {
  checkKey(key);
  if (sealed.length < DEM_OVERHEAD) throw new DecryptionError('sealed record shorter than nonce and tag');
  const nonce = sealed.subarray(0, NONCE);
  const body = sealed.subarray(NONCE);
  try {
    return aead === 'aes-256-gcm' ? gcmDecrypt(key, nonce, body, aad) : chacha20poly1305(key, nonce, aad).decrypt(body);
  } catch {
    throw new DecryptionError('AEAD tag mismatch (wrong key or altered record)');
  }
}

/** HKDF-SHA256 to a 32-byte DEM key (for KEMs whose shared value is a curve point, e.g. Umbral). */
export function deriveKey(shared: Uint8Array, info: string): Uint8Array {
  return hkdf(sha256, shared, undefined, utf8ToBytes(info), 32);
}

/** H2 as a digest: SHA-256. */
export function digest(data: Uint8Array): Uint8Array {
  return sha256(data);
}

/** CIDv1 (raw codec 0x55, sha2-256 multihash) of a byte string, as a base32 string (bafkrei...). */
export function cidOf(data: Uint8Array): string {
  return CID.create(1, raw.code, createDigest(0x12, sha256(data))).toString();
}
