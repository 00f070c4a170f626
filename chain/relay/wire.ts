/**
 * The byte layout of relay messages: a tag byte, a version byte, then fields in a fixed order, each variable field
 * with a 32-bit length prefix and a per-field maximum. The reader is strict: any field longer than its maximum, any
 * length running past the end, an unknown tag or version, a non-UTF-8 string, and any trailing byte is a
 * DecodeError, so a malformed message never reaches a signature check with half-parsed fields.
 */
import { DecodeError } from '../../core/errors.js';

export const WIRE_VERSION = 1;

export class Writer {
  private parts: Uint8Array[] = [];

  u8(n: number): this {
    this.parts.push(Uint8Array.of(n));
    return this;
  }

  u64(n: bigint | number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(n));
    this.parts.push(b);
    return this;
  }

  fixed(b: Uint8Array, n: number): this {
    if (b.length !== n) throw new RangeError(`field must be ${n} bytes, got ${b.length}`);
    this.parts.push(b);
    return this;
  }

  bytes(b: Uint8Array, max: number): this {
    if (b.length > max) throw new RangeError(`field of ${b.length} bytes exceeds ${max}`);
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, b.length);
    this.parts.push(len, b);
    return this;
  }

  str(s: string, max: number): this {
    return this.bytes(new TextEncoder().encode(s), max);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class Reader {
  private pos = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly what: string,
  ) {}

  private need(n: number, field: string): void {
    if (this.pos + n > this.b.length) throw new DecodeError('length', this.what, `${field} runs past the end`);
  }

  get offset(): number {
    return this.pos;
  }

  u8(field: string): number {
    this.need(1, field);
    return this.b[this.pos++]!;
  }

  u64(field: string): bigint {
    this.need(8, field);
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 8).getBigUint64(0);
    this.pos += 8;
    return v;
  }

  /** A u64 that must fit a JavaScript safe integer (timestamps). */
  safeInt(field: string): number {
    const v = this.u64(field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DecodeError('format', this.what, `${field} out of range`);
    return Number(v);
  }

  fixed(n: number, field: string): Uint8Array {
    this.need(n, field);
    const out = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  bytes(max: number, field: string, min = 0): Uint8Array {
    this.need(4, `${field} length`);
    const len = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 4).getUint32(0);
    this.pos += 4;
    if (len > max || len < min)
      throw new DecodeError('length', this.what, `${field} of ${len} bytes (allowed ${min}..${max})`);
    return this.fixed(len, field);
  }

  str(max: number, field: string, min = 1): string {
    const b = this.bytes(max, field, min);
    try {
      return utf8.decode(b);
    } catch {
      throw new DecodeError('format', this.what, `${field} is not UTF-8`);
    }
  }

  /** Checks the tag and version bytes that open every message. */
  header(tag: number): void {
    const t = this.u8('tag');
    if (t !== tag) throw new DecodeError('version', this.what, `tag ${t}, expected ${tag}`);
    const v = this.u8('version');
    if (v !== WIRE_VERSION) throw new DecodeError('version', this.what, `version ${v}`);
  }

  end(): void {
    if (this.pos !== this.b.length)
      throw new DecodeError('length', this.what, `${this.b.length - this.pos} trailing bytes`);
  }
}
