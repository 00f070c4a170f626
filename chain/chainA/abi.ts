/**
 * The slice of the Solidity contract ABI (https://docs.soliditylang.org/en/latest/abi-spec.html) that chain A's
 * contracts use: static words (bytes32, uint256, address, bool) and dynamic `bytes`, head/tail encoded. Decoding is
 * strict (offsets and lengths must lie inside the data) and throws DecodeError, since return data and logs come from
 * an endpoint we do not control when `--rpc` is used.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes as concat } from '@noble/hashes/utils.js';
import { DecodeError } from '../../core/errors.js';

export type AbiType = 'bytes32' | 'uint256' | 'address' | 'bool' | 'bytes';
export type AbiValue = Uint8Array | bigint | string | boolean;

const WORD = 32;

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function unhex(s: string): Uint8Array {
  const h = s.startsWith('0x') ? s.slice(2) : s;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h))
    throw new DecodeError('format', 'hex string', `'${s.slice(0, 20)}'`);
  return new Uint8Array(Buffer.from(h, 'hex'));
}

export function keccak(b: Uint8Array): Uint8Array {
  return keccak_256(b);
}

/** The 4-byte selector of a function signature such as `append(bytes32,bytes)`. */
export function selector(signature: string): Uint8Array {
  return keccak(new TextEncoder().encode(signature)).subarray(0, 4);
}

function word(v: bigint): Uint8Array {
  if (v < 0n || v >= 1n << 256n) throw new RangeError('uint256 out of range');
  return unhex(v.toString(16).padStart(64, '0'));
}

function encodeStatic(t: Exclude<AbiType, 'bytes'>, v: AbiValue): Uint8Array {
  switch (t) {
    case 'uint256':
      return word(BigInt(v as bigint));
    case 'bool':
      return word(v ? 1n : 0n);
    case 'address': {
      const a = typeof v === 'string' ? unhex(v) : (v as Uint8Array);
      if (a.length !== 20) throw new RangeError('address must be 20 bytes');
      const out = new Uint8Array(WORD);
      out.set(a, 12);
      return out;
    }
    case 'bytes32': {
      const b = v as Uint8Array;
      if (!(b instanceof Uint8Array) || b.length !== 32) throw new RangeError('bytes32 must be 32 bytes');
      return b;
    }
  }
}

function padded(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(b.length / WORD) * WORD);
  out.set(b);
  return out;
}

/** ABI-encodes `values` as the tuple `types` (the arguments of a call, without the selector). */
export function encode(types: AbiType[], values: AbiValue[]): Uint8Array {
  if (types.length !== values.length) throw new RangeError('types and values differ in length');
  const heads: Uint8Array[] = [];
  const tails: Uint8Array[] = [];
  let tailOffset = types.length * WORD;
  types.forEach((t, i) => {
    if (t === 'bytes') {
      const b = values[i] as Uint8Array;
      heads.push(word(BigInt(tailOffset)));
      const tail = concat(word(BigInt(b.length)), padded(b));
      tails.push(tail);
      tailOffset += tail.length;
    } else heads.push(encodeStatic(t, values[i]!));
  });
  return concat(...heads, ...tails);
}

export function encodeCall(signature: string, types: AbiType[], values: AbiValue[]): Uint8Array {
  return concat(selector(signature), encode(types, values));
}

function readWord(data: Uint8Array, at: number, what: string): bigint {
  if (at < 0 || at + WORD > data.length)
    throw new DecodeError('length', what, `word at ${at} beyond ${data.length} bytes`);
  let v = 0n;
  for (let i = at; i < at + WORD; i++) v = (v << 8n) | BigInt(data[i]!);
  return v;
}

/** Decodes ABI data as the tuple `types`: bytes32/bytes -> Uint8Array, uint256 -> bigint, address -> hex, bool. */
export function decode(types: AbiType[], data: Uint8Array): AbiValue[] {
  return types.map((t, i) => {
    const head = readWord(data, i * WORD, 'ABI head');
    switch (t) {
      case 'uint256':
        return head;
      case 'bool':
        if (head > 1n) throw new DecodeError('non-canonical', 'ABI bool');
        return head === 1n;
      case 'address':
        if (head >> 160n !== 0n) throw new DecodeError('non-canonical', 'ABI address');
        return head.toString(16).padStart(40, '0');
      case 'bytes32':
        return data.slice(i * WORD, (i + 1) * WORD);
      case 'bytes': {
        if (head > BigInt(data.length)) throw new DecodeError('length', 'ABI bytes offset');
        const off = Number(head);
        const len = readWord(data, off, 'ABI bytes length');
        // The data must be present with its padding to a whole word, as Solidity's own decoder requires.
        if (((len + 31n) / 32n) * 32n > BigInt(data.length - off - WORD))
          throw new DecodeError('length', 'ABI bytes', 'length beyond data');
        return data.slice(off + WORD, off + WORD + Number(len));
      }
    }
  });
}

/** The revert reason of `Error(string)` return data, if that is what it is. */
export function revertReason(data: Uint8Array): string {
  if (data.length >= 4 && hex(data.subarray(0, 4)) === '08c379a0') {
    try {
      const [s] = decode(['bytes'], data.subarray(4));
      return new TextDecoder().decode(s as Uint8Array);
    } catch {
      // fall through to the raw form
    }
  }
  return data.length ? `0x${hex(data)}` : 'reverted';
}

export { concat };
