/**
 * Small helpers the games share: how to address a user (the instance's `recipientFor`), byte comparisons and
 * searches.
 */
import { addressOf, type KeyPair, type Recipient, type SchemeInstance } from '../../core/types.js';

/** The recipient a message or a delegation for this user is addressed to, as the instance addresses it. */
export function recipientOf(inst: SchemeInstance, id: string, key: KeyPair): Recipient {
  return addressOf(inst, { id }, key);
}

export { equalBytes as bytesEqual } from '@noble/curves/utils.js';

/** Whether `needle` occurs anywhere in `hay` (naive search: haystacks here are a few kB). */
export function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0 || needle.length > hay.length) return false;
  const first = needle[0]!;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    if (hay[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Bit `i` of a byte string (bit 0 = most significant bit of byte 0), cycling over the whole string. */
export function bitAt(b: Uint8Array, i: number): number {
  if (b.length === 0) return 0;
  const j = i % (b.length * 8);
  return (b[j >> 3]! >> (7 - (j & 7))) & 1;
}
