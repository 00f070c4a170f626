/**
 * The baselines' wire format: a three-byte header (format version, scheme tag, object kind) followed by fields in a
 * fixed order. Fixed-size fields (points, scalars) are written bare; variable ones carry a big-endian length
 * prefix. Decoding is strict: a wrong header, a length that does not fit, trailing bytes or a field the group's own
 * strict decoder refuses all throw `DecodeError`, so nothing half-built ever escapes a decoder.
 */
import { DecodeError } from './errors.js';

export const WIRE_VERSION = 1;

/** One tag per scheme, so that one scheme's bytes are never mistaken for another's. */
export const SCHEME_TAG = {
  bbs98: 0x11,
  afgh06: 0x12,
  ga07: 0x13,
  umbral: 0x14,
  bsw07: 0x15,
  waters11: 0x16,
  bibm24: 0x17,
} as const;

/** Object kinds; schemes with several ciphertext levels use distinct kinds for each. */
export const KIND = {
  publicKey: 0x01,
  secretKey: 0x02,
  ciphertext1: 0x03,
  ciphertext2: 0x04,
  reKey: 0x05,
  /** A re-encrypted ciphertext, where its form differs from both levels (AFGH06). */
  reencrypted: 0x06,
} as const;

const td = new TextDecoder('utf-8', { fatal: true });
const te = new TextEncoder();

export class Writer {
  private readonly parts: Uint8Array[] = [];

  constructor(scheme: number, kind: number) {
    this.parts.push(Uint8Array.of(WIRE_VERSION, scheme, kind));
  }

  /** A fixed-size field (a point or scalar already encoded by its group). */
  fixed(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }

  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 out of range: ${v}`);
    this.parts.push(Uint8Array.of(v));
    return this;
  }

  u16(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`u16 out of range: ${v}`);
    this.parts.push(Uint8Array.of(v >> 8, v & 0xff));
    return this;
  }

  /** Variable-length bytes with a 4-byte length prefix. */
  bytes(b: Uint8Array): this {
    const n = b.length;
    this.parts.push(Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff), b);
    return this;
  }

  /** A UTF-8 string with a 2-byte length prefix. */
  str(s: string): this {
    const b = te.encode(s);
    this.u16(b.length);
    this.parts.push(b);
    return this;
  }

  finish(): Uint8Array {
    const total = this.parts.reduce((s, p) => s + p.length, 0);
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export class Reader {
  private pos = 3;

  /** Checks the header; `kinds` lists the object kinds acceptable here. Returns the reader and the kind found. */
  static open(b: Uint8Array, scheme: number, kinds: readonly number[], what: string): { r: Reader; kind: number } {
    if (!(b instanceof Uint8Array)) throw new DecodeError('format', what, 'not a byte array');
    if (b.length < 3) throw new DecodeError('length', what, 'shorter than the header');
    if (b[0] !== WIRE_VERSION) throw new DecodeError('version', what, `format version ${b[0]}`);
    if (b[1] !== scheme) throw new DecodeError('version', what, `scheme tag 0x${b[1]!.toString(16)}`);
    if (!kinds.includes(b[2]!)) throw new DecodeError('version', what, `object kind 0x${b[2]!.toString(16)}`);
    return { r: new Reader(b, what), kind: b[2]! };
  }

  private constructor(
    private readonly b: Uint8Array,
    readonly what: string,
  ) {}

  private take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.b.length)
      throw new DecodeError(
        'length',
        this.what,
        `needs ${n} bytes at offset ${this.pos}, has ${this.b.length - this.pos}`,
      );
    const out = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  fixed(n: number): Uint8Array {
    return this.take(n);
  }

  u8(): number {
    return this.take(1)[0]!;
  }

  u16(): number {
    const b = this.take(2);
    return (b[0]! << 8) | b[1]!;
  }

  /** Variable-length bytes; `max` bounds the declared length before anything is allocated. */
  bytes(max = 1 << 26): Uint8Array {
    const h = this.take(4);
    const n = ((h[0]! << 24) >>> 0) + (h[1]! << 16) + (h[2]! << 8) + h[3]!;
    if (n > max) throw new DecodeError('length', this.what, `field of ${n} bytes exceeds ${max}`);
    return this.take(n);
  }

  str(max = 1024): string {
    const n = this.u16();
    if (n > max) throw new DecodeError('length', this.what, `string of ${n} bytes exceeds ${max}`);
    try {
      return td.decode(this.take(n));
    } catch (e) {
      if (e instanceof DecodeError) throw e;
      throw new DecodeError('format', this.what, 'string is not UTF-8');
    }
  }

  /** Decodes a field with a group's strict decoder, rewrapping anything it throws as this object's DecodeError. */
  field<T>(n: number, decode: (b: Uint8Array) => T, name: string): T {
    const b = this.take(n);
    try {
      return decode(b);
    } catch (e) {
      if (e instanceof DecodeError) throw new DecodeError(e.reason, this.what, `${name}: ${e.message}`);
      throw new DecodeError('format', this.what, `${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Requires that every byte was consumed. */
  end(): void {
    if (this.pos !== this.b.length)
      throw new DecodeError('length', this.what, `${this.b.length - this.pos} trailing bytes`);
  }
}
