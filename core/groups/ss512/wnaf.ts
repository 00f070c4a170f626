/**
 * Signed-digit recodings of exponents shared by the curve and GT code, where negation is free (point negation,
 * conjugation of a norm-1 element).
 */

/**
 * The width-w NAF of k >= 0, least significant digit first: every non-zero digit is odd with |d| < 2^(w-1), and
 * any w consecutive digits hold at most one non-zero (Hankerson-Menezes-Vanstone, "Guide to ECC", Algorithm 3.35).
 * Computed on a bit array with a carry instead of on bigint, which would cost a bigint operation per bit.
 */
export function wnaf(k: bigint, w: number): Int8Array {
  if (k < 0n) throw new RangeError('wnaf: negative exponent');
  if (w < 2 || w > 7) throw new RangeError('wnaf: window out of range');
  const s = k.toString(2);
  const n = k === 0n ? 0 : s.length;
  const bits = new Uint8Array(n + w + 1);
  for (let j = 0; j < n; j++) bits[j] = s.charCodeAt(n - 1 - j) - 48;
  const out = new Int8Array(n + w + 1);
  const W = 1 << w;
  const half = W >> 1;
  let i = 0;
  let carry = 0;
  // Invariant: the value still to recode is (bits[i..] read as an integer) + carry.
  while (i < n || carry !== 0) {
    const b = bits[i]! + carry;
    if ((b & 1) === 0) {
      carry = b >> 1;
      i++;
      continue;
    }
    let win = carry;
    for (let j = 0; j < w; j++) win += bits[i + j]! << j;
    const m = win & (W - 1); // odd, so win < W and nothing overflows past the window
    if (m >= half) {
      out[i] = m - W;
      carry = 1;
    } else {
      out[i] = m;
      carry = 0;
    }
    i += w;
  }
  return out.subarray(0, Math.max(i, 0));
}

/**
 * Signed base-2^w digits of k >= 0, least significant first, each in [-2^(w-1), 2^(w-1)], `count` of them (enough
 * for any k < 2^(w*count - 1)). Used by the fixed-base tables, which store only the positive half.
 */
export function signedWindows(k: bigint, w: number, count: number): Int16Array {
  const W = 1n << BigInt(w);
  const half = Number(W >> 1n);
  const mask = W - 1n;
  const out = new Int16Array(count);
  let e = k;
  for (let j = 0; j < count; j++) {
    let d = Number(e & mask);
    e >>= BigInt(w);
    if (d > half) {
      d -= Number(W);
      e += 1n;
    }
    out[j] = d;
  }
  if (e !== 0n) throw new RangeError('signedWindows: exponent too large for the table');
  return out;
}
