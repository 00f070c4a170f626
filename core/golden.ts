import { SeededRng } from './rng.js';
import { addressOf, type SchemeInstance } from './types.js';

/**
 * The encodings of one seeded run of a PRE scheme (keys, a ciphertext, a re-encryption key, the re-encrypted
 * ciphertext), as hex. Stored beside a scheme's tests, they catch any codec change: the test recomputes them and
 * compares, and decodes each stored vector and re-encodes it to the same bytes.
 */
export function goldenEncodings(inst: SchemeInstance, seed: string): Record<string, string> {
  const rng = new SeededRng(seed);
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const [alice, bob] = [{ id: 'alice' }, { id: 'hospital-b' }];
  const a = inst.keygen(alice, rng);
  const b = inst.keygen(bob, rng);
  const c = inst.codec;
  const ct = inst.encrypt(addressOf(inst, alice, a), new TextEncoder().encode('golden record'), rng);
  const out: Record<string, string> = {
    publicKey: hex(c.encodePublicKey(a.pk)),
    secretKey: hex(c.encodeSecretKey(a.sk)),
    ciphertext: hex(c.encodeCiphertext(ct)),
  };
  if (inst.rekeygen && inst.reencrypt) {
    const rk = inst.rekeygen(a, addressOf(inst, bob, b), rng);
    out.reKey = hex(c.encodeReKey(rk));
    out.reencrypted = hex(c.encodeCiphertext(inst.reencrypt(rk, ct, rng)));
  }
  return out;
}
