/**
 * Randomness sources. Every algorithm in the harness takes its randomness as an explicit `Rng` argument instead of
 * reaching for a global: this is what lets the ASA game substitute a subverted randomness choice (rejection
 * sampling) for an honest one, lets a reverse firewall own a source separate from its party's, and makes seeded
 * runs (`--seed`) reproducible.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes as cryptoRandomBytes } from 'node:crypto';

export interface Rng {
  /** Fills `out` with random bytes. */
  fill(out: Uint8Array): void;
}

/** The operating system's CSPRNG. */
export const systemRng: Rng = {
  fill(out) {
    out.set(cryptoRandomBytes(out.length));
  },
};

/**
 * A deterministic generator: the ChaCha20 keystream under key SHA-256(seed). For reproducible experiments and games
 * only; `fork(label)` derives independent child streams so that adding a draw in one place does not shift another.
 */
export class SeededRng implements Rng {
  private readonly key: Uint8Array;
  private counter = 0;
  private buf = new Uint8Array(0);
  private pos = 0;

  constructor(seed: string | Uint8Array) {
    this.key = sha256(typeof seed === 'string' ? new TextEncoder().encode(seed) : seed);
  }

  fill(out: Uint8Array): void {
    let o = 0;
    while (o < out.length) {
      if (this.pos >= this.buf.length) this.refill();
      const n = Math.min(out.length - o, this.buf.length - this.pos);
      out.set(this.buf.subarray(this.pos, this.pos + n), o);
      this.pos += n;
      o += n;
    }
  }

  /** An independent stream labelled `label`. */
  fork(label: string): SeededRng {
    const l = new TextEncoder().encode(label);
    const s = new Uint8Array(this.key.length + l.length);
    s.set(this.key);
    s.set(l, this.key.length);
    return new SeededRng(s);
  }

  private refill() {
    const nonce = new Uint8Array(12);
    new DataView(nonce.buffer).setUint32(0, this.counter++, true);
    this.buf = chacha20(this.key, nonce, new Uint8Array(4096));
    this.pos = 0;
  }
}

export function randomBytes(rng: Rng, n: number): Uint8Array {
  const out = new Uint8Array(n);
  rng.fill(out);
  return out;
}

/** A uniform integer in [lo, hi) by rejection sampling (no modulo bias). */
export function randomBelow(rng: Rng, hi: bigint, lo = 0n): bigint {
  const span = hi - lo;
  if (span <= 0n) throw new RangeError('empty range');
  const bits = span.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  const b = new Uint8Array(bytes);
  for (;;) {
    rng.fill(b);
    let v = 0n;
    for (const x of b) v = (v << 8n) | BigInt(x);
    v &= mask;
    if (v < span) return lo + v;
  }
}

/** A uniform non-zero scalar modulo a prime `order`. */
export function randomScalar(rng: Rng, order: bigint): bigint {
  return randomBelow(rng, order, 1n);
}
