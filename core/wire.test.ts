import { describe, expect, it } from '@jest/globals';
import { DecodeError } from './errors.js';
import { KIND, objectWriter, openObject, Reader, Writer } from './wire.js';

describe('wire: one strict writer and reader', () => {
  const sample = () =>
    new Writer()
      .u8(7)
      .u16(0x1234)
      .u32(0xdeadbeef)
      .u64(2n ** 40n)
      .fixed(Uint8Array.of(9, 9))
      .str('héllo')
      .finish();

  it('round-trips every field type in big-endian order', () => {
    const b = sample();
    expect(Array.from(b.subarray(0, 7))).toEqual([7, 0x12, 0x34, 0xde, 0xad, 0xbe, 0xef]);
    const r = new Reader(b, 'sample');
    expect([r.u8(), r.u16(), r.u32(), r.u64(), Array.from(r.fixed(2)), r.str()]).toEqual([
      7,
      0x1234,
      0xdeadbeef,
      2n ** 40n,
      [9, 9],
      'héllo',
    ]);
    r.end();
  });

  it('refuses every truncation and any trailing byte', () => {
    const b = sample();
    const readAll = (x: Uint8Array) => {
      const r = new Reader(x, 'sample');
      r.u8();
      r.u16();
      r.u32();
      r.u64();
      r.fixed(2);
      r.str();
      r.end();
    };
    for (let n = 0; n < b.length; n++) expect(() => readAll(b.subarray(0, n))).toThrow(DecodeError);
    expect(() => readAll(Uint8Array.of(...b, 0))).toThrow(DecodeError);
  });

  it('bounds declared lengths and refuses non-UTF-8 text', () => {
    const long = new Writer().bytes(new Uint8Array(10)).finish();
    expect(() => new Reader(long, 'x').bytes(9)).toThrow(DecodeError);
    expect(() => new Reader(long, 'x').bytes(20, 'f', 11)).toThrow(DecodeError);
    const bad = new Writer().bytes(Uint8Array.of(0xff, 0xfe)).finish();
    expect(() => new Reader(bad, 'x').str()).toThrow(DecodeError);
    expect(() => new Reader('nope' as unknown as Uint8Array, 'x')).toThrow(DecodeError);
    expect(() => new Writer().u8(256)).toThrow(RangeError);
    expect(() => new Writer().fixed(new Uint8Array(3), 4)).toThrow(RangeError);
  });

  it('rewraps a field decoder’s refusal as the object’s DecodeError', () => {
    const r = new Reader(Uint8Array.of(1, 2), 'obj');
    expect(() =>
      r.field(
        2,
        () => {
          throw new Error('not on the curve');
        },
        'c1',
      ),
    ).toThrow(/c1: not on the curve/);
  });

  it('object headers check version, scheme tag and kind', () => {
    const b = objectWriter(0x42, KIND.reKey).u8(5).finish();
    const { r, kind } = openObject(b, 0x42, [KIND.reKey], 'rk');
    expect([kind, r.u8()]).toEqual([KIND.reKey, 5]);
    expect(() => openObject(b, 0x43, [KIND.reKey], 'rk')).toThrow(DecodeError);
    expect(() => openObject(b, 0x42, [KIND.publicKey], 'rk')).toThrow(DecodeError);
    expect(() => openObject(Uint8Array.of(2, 0x42, KIND.reKey), 0x42, [KIND.reKey], 'rk')).toThrow(DecodeError);
    expect(() => openObject(b.subarray(0, 2), 0x42, [KIND.reKey], 'rk')).toThrow(DecodeError);
  });
});
