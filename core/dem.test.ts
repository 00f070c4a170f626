import { describe, expect, it } from '@jest/globals';
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { DecryptionError, ParameterError } from './errors.js';
import { DEM_OVERHEAD, open, seal } from './dem.js';
import { randomBytes, SeededRng } from './rng.js';

// The DEM's AES-256-GCM runs on OpenSSL (node:crypto); @noble/ciphers is the independent reference it must match
// byte for byte, so records sealed before the switch still open and every measured size stays the same.
describe('DEM: AES-256-GCM through node:crypto equals @noble/ciphers', () => {
  const rng = new SeededRng('dem-differential');
  // Lengths around the 16-byte block boundary and larger, with and without associated data.
  const lengths = [0, 1, 15, 16, 17, 31, 32, 33, 64, 255, 1000, 4096, 65537];

  it.each(lengths)('seals %i bytes exactly as noble does, and each opens the other', (n) => {
    for (const aadLen of [0, 13, 48]) {
      const key = randomBytes(rng, 32);
      const m = randomBytes(rng, n);
      const aad = randomBytes(rng, aadLen);
      const seed = `case-${n}-${aadLen}`;
      const sealed = seal(key, m, aad, new SeededRng(seed));
      expect(sealed.length).toBe(n + DEM_OVERHEAD);
      const nonce = randomBytes(new SeededRng(seed), 12);
      const reference = gcm(key, nonce, aad).encrypt(m);
      expect(Buffer.from(sealed.subarray(12)).equals(Buffer.from(reference))).toBe(true);
      expect(Buffer.from(sealed.subarray(0, 12)).equals(Buffer.from(nonce))).toBe(true);
      expect(open(key, sealed, aad)).toEqual(m);
      expect(gcm(key, nonce, aad).decrypt(sealed.subarray(12))).toEqual(m);
    }
  });

  it('ChaCha20-Poly1305 (Umbral) is noble’s construction with the same framing', () => {
    const key = randomBytes(rng, 32);
    const m = randomBytes(rng, 100);
    const aad = randomBytes(rng, 7);
    const sealed = seal(key, m, aad, new SeededRng('chacha'), 'chacha20-poly1305');
    const nonce = randomBytes(new SeededRng('chacha'), 12);
    expect(sealed.subarray(12)).toEqual(chacha20poly1305(key, nonce, aad).encrypt(m));
    expect(open(key, sealed, aad, 'chacha20-poly1305')).toEqual(m);
    expect(() => open(key, sealed, aad)).toThrow(DecryptionError);
  });

  it('refuses a changed byte, wrong associated data, a wrong key, a short record and a bad key size', () => {
    const key = randomBytes(rng, 32);
    const m = randomBytes(rng, 40);
    const aad = Uint8Array.of(1, 2, 3);
    const sealed = seal(key, m, aad, rng);
    for (const i of [0, 11, 12, 30, sealed.length - 1]) {
      const bad = sealed.slice();
      bad[i]! ^= 1;
      expect(() => open(key, bad, aad)).toThrow(DecryptionError);
    }
    expect(() => open(key, sealed, Uint8Array.of(1, 2))).toThrow(DecryptionError);
    expect(() => open(randomBytes(rng, 32), sealed, aad)).toThrow(DecryptionError);
    expect(() => open(key, sealed.subarray(0, DEM_OVERHEAD - 1), aad)).toThrow(DecryptionError);
    expect(() => seal(key.subarray(0, 16), m, aad, rng)).toThrow(ParameterError);
    expect(() => open(key.subarray(0, 31), sealed, aad)).toThrow(ParameterError);
  });
});
