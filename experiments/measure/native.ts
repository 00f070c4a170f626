/**
 * Unit costs of the primitives that are not group operations: Ed25519 signing and verification (`sigSign`,
 * `sigVerify`, core/sig.ts), one X25519 scalar multiplication (`dh`), one AES-256-GCM seal of a record-sized
 * message (`aead`, core/dem.ts) and one HKDF key derivation (`kdf`, over a 128-byte input, the size of an SS512 GT
 * element). Backend-independent.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { seal as aeadSeal } from '../../core/dem.js';
import { kdfFromBytes } from '../../core/groups/common.js';
import { OpCounter } from '../../core/ops.js';
import { SeededRng, randomBytes } from '../../core/rng.js';
import { sampleRecord } from '../../core/story.js';
import { sign, sigKeygen, verify } from '../../core/sig.js';

/** The timing tasks, by op name (experiments/measure/unitcosts.ts times them with a backend's own). */
export function nativeTasks(seed = 'native-unit-costs'): Record<string, () => unknown> {
  const rng = new SeededRng(seed);
  const ops = new OpCounter();
  const key = sigKeygen(rng);
  const msg = randomBytes(rng, 200);
  const sig = sign(ops, key, msg);
  const a = randomBytes(rng, 32);
  const B = x25519.getPublicKey(randomBytes(rng, 32));
  const demKey = randomBytes(rng, 32);
  const record = sampleRecord();
  const ad = randomBytes(rng, 32);
  const nonceRng = rng.fork('nonces');
  const gtLike = randomBytes(rng, 128);
  return {
    sigSign: () => sign(ops, key, msg),
    sigVerify: () => verify(ops, key.public, msg, sig),
    dh: () => x25519.getSharedSecret(a, B),
    aead: () => aeadSeal(demKey, record, ad, nonceRng),
    kdf: () => kdfFromBytes(gtLike, 'medexchain-unit-cost'),
  };
}
