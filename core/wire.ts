/**
 * The one binary codec every wire format in the project is written with (scheme objects, MedExChain's messages, the
 * chain relay's messages): fixed-size fields, big-endian u8/u16/u32/u64 integers and u32-length-prefixed byte
 * strings. The reader is strict: a short read, a declared length outside its bounds, non-UTF-8 text or (at `end()`)
 * a trailing byte is a DecodeError, and a group decoder's refusal is rewrapped as this object's DecodeError, so a
 * decoder built on it accepts exactly one encoding per value and nothing half-built escapes it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { DecodeError } from './errors.js';

export class Writer {
  private readonly parts: Uint8Array[] = [];
  private n = 0;

  private push(b: Uint8Array): this {
    this.parts.push(b);
    this.n += b.length;
    return this;
  }

  u8(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 out of range: ${v}`);
    return this.push(Uint8Array.of(v));
  }

  u16(v: number): this {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw new RangeError(`u16 out of range: ${v}`);
    return this.push(Uint8Array.of(v >> 8, v & 0xff));
  }

  u32(v: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v);
    return this.push(b);
  }

  u64(v: bigint | number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(v));
    return this.push(b);
  }

  /** A field whose length the reader knows; `n`, when given, is checked so a wrong-sized value cannot be written. */
  fixed(b: Uint8Array, n?: number): this {
    if (n !== undefined && b.length !== n) throw new RangeError(`field must be ${n} bytes, got ${b.length}`);
    return this.push(b);
  }

  /** A u32-length-prefixed byte string, at most `max` bytes when given. */
  bytes(b: Uint8Array, max?: number): this {
    if (max !== undefined && b.length > max) throw new RangeError(`field of ${b.length} bytes exceeds ${max}`);
    this.u32(b.length);
    return this.push(b);
  }

  /** A UTF-8 string as length-prefixed bytes. */
  str(s: string, max?: number): this {
    return this.bytes(utf8ToBytes(s), max);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.n);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

const td = new TextDecoder('utf-8', { fatal: true });

export class Reader {
  private pos = 0;

  constructor(
    private readonly b: Uint8Array,
    readonly what: string,
  ) {
    if (!(b instanceof Uint8Array)) throw new DecodeError('format', what, 'not a byte array');
  }

  get offset(): number {
    return this.pos;
  }

  private take(n: number, field: string): Uint8Array {
    if (n < 0 || this.pos + n > this.b.length)
      throw new DecodeError(
        'length',
        this.what,
        `${field} runs past the end (needs ${n} bytes at offset ${this.pos}, has ${this.b.length - this.pos})`,
      );
    const out = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(field = 'u8'): number {
    return this.take(1, field)[0]!;
  }

  u16(field = 'u16'): number {
    const t = this.take(2, field);
    return (t[0]! << 8) | t[1]!;
  }

  u32(field = 'u32'): number {
    return new DataView(this.take(4, field).buffer).getUint32(0);
  }

  u64(field = 'u64'): bigint {
    return new DataView(this.take(8, field).buffer).getBigUint64(0);
  }

  /** A u64 that must fit a JavaScript safe integer (timestamps, counters). */
  safeInt(field = 'integer'): number {
    const v = this.u64(field);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DecodeError('format', this.what, `${field} out of range`);
    return Number(v);
  }

  fixed(n: number, field = 'field'): Uint8Array {
    return this.take(n, field);
  }

  /** Length-prefixed bytes; the declared length is checked against [min, max] before anything is taken. */
  bytes(max = 1 << 26, field = 'bytes', min = 0): Uint8Array {
    const n = this.u32(`${field} length`);
    if (n > max || n < min)
      throw new DecodeError('length', this.what, `${field} of ${n} bytes exceeds the bounds ${min}..${max}`);
    return this.take(n, field);
  }

  str(max = 4096, field = 'string', min = 0): string {
    const b = this.bytes(max, field, min);
    try {
      return td.decode(b);
    } catch {
      throw new DecodeError('format', this.what, `${field} is not UTF-8`);
    }
  }

  /** Decodes a fixed-size field with a group's strict decoder, rewrapping its refusal as this object's error. */
  field<T>(n: number, decode: (b: Uint8Array) => T, name: string): T {
    const b = this.take(n, name);
    try {
      return decode(b);
    } catch (e) {
      if (e instanceof DecodeError) throw new DecodeError(e.reason, this.what, `${name}: ${e.message}`);
      throw new DecodeError('format', this.what, `${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Expects a byte with a known value (a version, a type tag). */
  expect(value: number, field: string): void {
    const v = this.u8(field);
    if (v !== value) throw new DecodeError('version', this.what, `${field} ${v}, want ${value}`);
  }

  /** Expects a version byte and a type tag, in that order. */
  header(version: number, tag: number): void {
    this.expect(version, 'version');
    this.expect(tag, 'tag');
  }

  /** Requires that every byte was consumed. */
  end(): void {
    if (this.pos !== this.b.length)
      throw new DecodeError('length', this.what, `${this.b.length - this.pos} trailing bytes`);
  }
}

/**
 * Scheme objects (keys, ciphertexts, re-encryption keys) open with a three-byte header: format version, scheme tag,
 * object kind, so one scheme's bytes are never mistaken for another's or for another kind of object.
 */
export const OBJECT_VERSION = 1;

/** A scheme's tag, derived from its name so no table needs editing; core/wire.test.ts checks registered names. */
export function schemeTag(name: string): number {
  return sha256(utf8ToBytes(`medexchain/scheme-tag/${name}`))[0]!;
}

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

export function objectWriter(tag: number, kind: number): Writer {
  return new Writer().u8(OBJECT_VERSION).u8(tag).u8(kind);
}

/** Checks an object's header; `kinds` lists the kinds acceptable here. Returns the reader and the kind found. */
export function openObject(
  b: Uint8Array,
  tag: number,
  kinds: readonly number[],
  what: string,
): { r: Reader; kind: number } {
  const r = new Reader(b, what);
  if (b.length < 3) throw new DecodeError('length', what, 'shorter than the header');
  r.expect(OBJECT_VERSION, 'format version');
  r.expect(tag, 'scheme tag');
  const kind = r.u8('object kind');
  if (!kinds.includes(kind)) throw new DecodeError('version', what, `object kind 0x${kind.toString(16)}`);
  return { r, kind };
}
