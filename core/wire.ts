/**
 * A small strict binary codec for wire formats: fixed-size fields, u8/u16/u32/u64 integers and length-prefixed
 * byte strings, big-endian. The reader throws DecodeError on any short read and `end()` rejects trailing bytes,
 * so a decoder built from it accepts exactly one encoding per value.
 */
import { DecodeError } from './errors.js';

export class WireWriter {
  private parts: Uint8Array[] = [];
  private n = 0;
  private push(b: Uint8Array) {
    this.parts.push(b);
    this.n += b.length;
    return this;
  }
  u8(v: number) {
    return this.push(Uint8Array.of(v & 0xff));
  }
  u16(v: number) {
    return this.push(Uint8Array.of((v >> 8) & 0xff, v & 0xff));
  }
  u32(v: number) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v);
    return this.push(b);
  }
  u64(v: bigint) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v);
    return this.push(b);
  }
  /** A field whose length the reader knows. */
  fixed(b: Uint8Array) {
    return this.push(b);
  }
  /** A u32-length-prefixed byte string. */
  bytes(b: Uint8Array) {
    this.u32(b.length);
    return this.push(b);
  }
  str(s: string) {
    return this.bytes(new TextEncoder().encode(s));
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

export class WireReader {
  private o = 0;
  constructor(
    private readonly b: Uint8Array,
    private readonly what: string,
  ) {
    if (!(b instanceof Uint8Array)) throw new DecodeError('format', what, 'not a byte array');
  }
  private take(n: number): Uint8Array {
    if (n < 0 || this.o + n > this.b.length)
      throw new DecodeError('length', this.what, `truncated at byte ${this.o} (need ${n} more)`);
    const out = this.b.subarray(this.o, this.o + n);
    this.o += n;
    return out;
  }
  u8() {
    return this.take(1)[0]!;
  }
  u16() {
    const t = this.take(2);
    return (t[0]! << 8) | t[1]!;
  }
  u32() {
    const t = this.take(4);
    return new DataView(t.buffer, t.byteOffset, 4).getUint32(0);
  }
  u64() {
    const t = this.take(8);
    return new DataView(t.buffer, t.byteOffset, 8).getBigUint64(0);
  }
  fixed(n: number) {
    return this.take(n).slice();
  }
  bytes(max = 1 << 24) {
    const n = this.u32();
    if (n > max) throw new DecodeError('length', this.what, `field of ${n} bytes exceeds ${max}`);
    return this.take(n).slice();
  }
  str(max = 4096) {
    const b = this.bytes(max);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(b);
    } catch {
      throw new DecodeError('format', this.what, 'invalid UTF-8');
    }
  }
  /** Expects a version byte and a type tag. */
  header(version: number, tag: number) {
    const v = this.u8();
    if (v !== version) throw new DecodeError('version', this.what, `version ${v}, want ${version}`);
    const t = this.u8();
    if (t !== tag) throw new DecodeError('version', this.what, `tag ${t}, want ${tag}`);
  }
  end() {
    if (this.o !== this.b.length)
      throw new DecodeError('length', this.what, `${this.b.length - this.o} trailing bytes`);
  }
}
