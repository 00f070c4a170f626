/**
 * Native-chain signatures: Ed25519 (RFC 8032). Signing is deterministic, so a subverted signer has no randomness to
 * bias: which is why the reverse firewalls guard the PRE algorithms and not the signatures. Each call is counted
 * (`sigSign`, `sigVerify`) on the caller's OpCounter so that measured time and counted cost match.
 *
 * Signing and verification go through `node:crypto` (OpenSSL): about 20x (sign) and 15x (verify) faster than the
 * pure-JS @noble/curves, which stays the reference: core/sig.test.ts checks that both give the same public keys and
 * signatures byte for byte and the same verdicts on valid and mutated signatures. Verification is RFC 8032's
 * (OpenSSL rejects a non-canonical S and a non-canonical point encoding); noble's default is the more permissive
 * ZIP-215 rule set, so the two may differ only on such crafted encodings, where the strict verdict is the safer one.
 * Public keys are still parsed by noble in `checkSigPublicKey`, which reports why a key is refused.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
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

// DER prefixes of an Ed25519 key (RFC 8410): PKCS#8 for the 32-byte seed, SubjectPublicKeyInfo for the public key.
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
const SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

function der(prefix: Uint8Array, key: Uint8Array): Buffer {
  const out = Buffer.alloc(prefix.length + key.length);
  out.set(prefix);
  out.set(key, prefix.length);
  return out;
}

/**
 * OpenSSL key objects, cached by the key's bytes (content, not array identity: a caller may reuse or mutate an
 * array), so a key signing or verifying many messages is parsed once. Bounded: the oldest entry goes first.
 */
class KeyCache {
  private readonly m = new Map<string, KeyObject | null>();
  constructor(private readonly max: number) {}
  get(bytes: Uint8Array, make: () => KeyObject | null): KeyObject | null {
    const id = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
    if (this.m.has(id)) return this.m.get(id)!;
    const k = make();
    if (this.m.size >= this.max) this.m.delete(this.m.keys().next().value!);
    this.m.set(id, k);
    return k;
  }
}
const privateKeys = new KeyCache(64);
const publicKeys = new KeyCache(256);

function privateKeyOf(secret: Uint8Array): KeyObject {
  if (secret.length !== 32) throw new RangeError('Ed25519 secret key must be 32 bytes');
  return privateKeys.get(secret, () =>
    createPrivateKey({ key: der(PKCS8_PREFIX, secret), format: 'der', type: 'pkcs8' }),
  )!;
}

/** The public key object, or null when OpenSSL refuses the bytes. */
function publicKeyOf(pub: Uint8Array): KeyObject | null {
  return publicKeys.get(pub, () => {
    try {
      return createPublicKey({ key: der(SPKI_PREFIX, pub), format: 'der', type: 'spki' });
    } catch {
      return null;
    }
  });
}

/** The 32-byte public key of a 32-byte secret (seed), as RFC 8032 section 5.1.5 derives it. */
export function sigPublicKey(secret: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyOf(secret)).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

export function sigKeygen(rng: Rng): SigningKey {
  const secret = randomBytes(rng, 32);
  return { secret, public: sigPublicKey(secret) };
}

export function sign(ops: OpCounter, key: SigningKey, msg: Uint8Array): Uint8Array {
  ops.add('sigSign');
  return new Uint8Array(nodeSign(null, msg, privateKeyOf(key.secret)));
}

/** False for any bad signature, key or encoding (never throws on malformed input). */
export function verify(ops: OpCounter, pub: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
  ops.add('sigVerify');
  if (pub.length !== SIG_PK_BYTES || sig.length !== SIG_BYTES) return false;
  const k = publicKeyOf(pub);
  if (!k) return false;
  try {
    return nodeVerify(null, msg, k, sig);
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
