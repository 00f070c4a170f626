import { describe, expect, test } from '@jest/globals';
import { ed25519 } from '@noble/curves/ed25519.js';
import { DecodeError } from './errors.js';
import { OpCounter } from './ops.js';
import { SeededRng, randomBytes } from './rng.js';
import { checkSigPublicKey, sigKeygen, sigPublicKey, sign, verify } from './sig.js';

// Differential tests: node:crypto (OpenSSL) against @noble/curves, the pure-JS reference.
describe('Ed25519 through node:crypto, against @noble/curves', () => {
  const rng = new SeededRng('sig-differential');
  const ops = new OpCounter();

  test('RFC 8032 test 1 (empty message): public key and signature', () => {
    const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
    const secret = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pub = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const sig = hex(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    );
    expect(Buffer.from(sigPublicKey(secret)).toString('hex')).toBe(Buffer.from(pub).toString('hex'));
    expect(Buffer.from(sign(ops, { secret, public: pub }, new Uint8Array(0)))).toEqual(Buffer.from(sig));
    expect(verify(ops, pub, new Uint8Array(0), sig)).toBe(true);
  });

  test('same public keys and signatures byte for byte, same verdicts, on 200 random keys and messages', () => {
    for (let i = 0; i < 200; i++) {
      const key = sigKeygen(rng);
      const msg = randomBytes(rng, i % 7 === 0 ? 0 : 1 + ((i * 37) % 300));
      expect(Buffer.from(key.public)).toEqual(Buffer.from(ed25519.getPublicKey(key.secret)));
      const sig = sign(ops, key, msg);
      expect(Buffer.from(sig)).toEqual(Buffer.from(ed25519.sign(msg, key.secret)));
      expect(verify(ops, key.public, msg, sig)).toBe(true);
      expect(ed25519.verify(sig, msg, key.public)).toBe(true);
    }
  });

  test('same verdicts on mutated signatures, messages and keys', () => {
    const flip = (b: Uint8Array, bit: number) => {
      const c = b.slice();
      c[(bit >> 3) % c.length]! ^= 1 << (bit & 7);
      return c;
    };
    let rejected = 0;
    for (let i = 0; i < 150; i++) {
      const key = sigKeygen(rng);
      const msg = randomBytes(rng, 40);
      const sig = sign(ops, key, msg);
      const bit = Number(randomBytes(rng, 2).reduce((a, x) => a * 256 + x, 0));
      const cases: [Uint8Array, Uint8Array, Uint8Array][] = [
        [key.public, msg, flip(sig, bit % 512)],
        [key.public, flip(msg, bit % 320), sig],
        [flip(key.public, bit % 256), msg, sig],
      ];
      for (const [p, m, s] of cases) {
        let ref: boolean;
        try {
          ref = ed25519.verify(s, m, p);
        } catch {
          ref = false;
        }
        const ours = verify(ops, p, m, s);
        expect(ours).toBe(ref);
        if (!ours) rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(400);
  });

  test('a key array reused with other bytes is not confused with the first key', () => {
    const a = sigKeygen(rng);
    const msg = randomBytes(rng, 10);
    const sig = sign(ops, a, msg);
    const pub = a.public.slice();
    expect(verify(ops, pub, msg, sig)).toBe(true);
    pub[0]! ^= 1;
    expect(verify(ops, pub, msg, sig)).toBe(false);
    const b = sigKeygen(rng);
    const secret = a.secret.slice();
    secret.set(b.secret);
    expect(Buffer.from(sign(ops, { secret, public: b.public }, msg))).toEqual(Buffer.from(ed25519.sign(msg, b.secret)));
  });

  test('malformed input: false, never a throw; bad public keys get a DecodeError', () => {
    const key = sigKeygen(rng);
    const msg = randomBytes(rng, 10);
    const sig = sign(ops, key, msg);
    expect(verify(ops, key.public.slice(1), msg, sig)).toBe(false);
    expect(verify(ops, key.public, msg, sig.slice(1))).toBe(false);
    expect(verify(ops, new Uint8Array(32).fill(0xff), msg, sig)).toBe(false);
    expect(() => checkSigPublicKey(new Uint8Array(31))).toThrow(DecodeError);
    expect(() => sign(ops, { secret: new Uint8Array(31), public: key.public }, msg)).toThrow(RangeError);
  });

  test('each call is counted', () => {
    const c = new OpCounter();
    const key = sigKeygen(rng);
    const { ops: counted } = c.measure(() => verify(c, key.public, new Uint8Array(1), sign(c, key, new Uint8Array(1))));
    expect(counted).toEqual({ sigSign: 1, sigVerify: 1 });
  });
});
