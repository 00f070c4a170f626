import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decode, encode, encodeCall, revertReason, selector, hex } from '../chainA/abi.js';
import { DecodeError } from '../../core/errors.js';

describe('ABI encoding', () => {
  it('matches the selector solc reports for append(bytes32,bytes)', () => {
    expect(hex(selector('append(bytes32,bytes)'))).toBe('039d31e9');
    expect(hex(selector('transfer(address,uint256)'))).toBe('a9059cbb');
  });

  it('encodes a dynamic bytes argument as the ABI spec example does (offset, length, padded data)', () => {
    const e = encode(['uint256', 'bytes'], [0x123n, new TextEncoder().encode('Hello, world!')]);
    expect(hex(e)).toBe(
      '0000000000000000000000000000000000000000000000000000000000000123' +
        '0000000000000000000000000000000000000000000000000000000000000040' +
        '000000000000000000000000000000000000000000000000000000000000000d' +
        '48656c6c6f2c20776f726c642100000000000000000000000000000000000000',
    );
    expect(encodeCall('f(uint256,bytes)', ['uint256', 'bytes'], [1n, new Uint8Array(0)]).length).toBe(4 + 96);
  });

  it('round-trips every supported type', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
        fc.uint8Array({ maxLength: 200 }),
        fc.boolean(),
        (b32, n, bytes, flag) => {
          const addr = hex(b32.subarray(0, 20));
          const out = decode(
            ['bytes32', 'uint256', 'bytes', 'bool', 'address'],
            encode(['bytes32', 'uint256', 'bytes', 'bool', 'address'], [b32, n, bytes, flag, addr]),
          );
          expect(out).toEqual([b32, n, bytes, flag, addr]);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('refuses return data whose offsets or lengths leave the buffer', () => {
    const good = encode(['bytes'], [new Uint8Array(40)]);
    expect(() => decode(['bytes'], good.subarray(0, good.length - 1))).toThrow(DecodeError);
    const badOffset = good.slice();
    badOffset[31] = 0xff;
    expect(() => decode(['bytes'], badOffset)).toThrow(DecodeError);
    expect(() => decode(['uint256'], new Uint8Array(31))).toThrow(DecodeError);
    const notBool = encode(['uint256'], [2n]);
    expect(() => decode(['bool'], notBool)).toThrow(DecodeError);
  });

  it('reads Error(string) revert reasons', () => {
    const data = new Uint8Array([
      0x08,
      0xc3,
      0x79,
      0xa0,
      ...encode(['bytes'], [new TextEncoder().encode('not the patient')]),
    ]);
    expect(revertReason(data)).toBe('not the patient');
    expect(revertReason(new Uint8Array(0))).toBe('reverted');
  });
});
