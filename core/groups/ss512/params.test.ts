import { describe, expect, test } from '@jest/globals';
import { FQ_BYTES, G_BYTES, GT_BYTES, H, Q, R, R_EXP1, R_EXP2, SQRT_EXP, ZR_BYTES } from './params.js';

/** Miller-Rabin with the first 20 primes as bases (error < 4^-20 for these fixed inputs; no randomness needed). */
function isProbablePrime(n: bigint): boolean {
  const bases = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n, 43n, 47n, 53n, 59n, 61n, 67n, 71n];
  if (n < 2n) return false;
  for (const p of bases) if (n % p === 0n) return n === p;
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const pow = (b: bigint, e: bigint) => {
    let r = 1n;
    b %= n;
    while (e > 0n) {
      if (e & 1n) r = (r * b) % n;
      b = (b * b) % n;
      e >>= 1n;
    }
    return r;
  };
  outer: for (const a of bases) {
    let x = pow(a, d);
    if (x === 1n || x === n - 1n) continue;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) continue outer;
    }
    return false;
  }
  return true;
}

describe('SS512 parameters (PBC a.param)', () => {
  test('q is a 512-bit prime, q = 3 mod 4', () => {
    expect(Q.toString(2).length).toBe(512);
    expect(Q % 4n).toBe(3n);
    expect(isProbablePrime(Q)).toBe(true);
  });
  test('r is the 160-bit Solinas prime 2^159 + 2^107 + 1', () => {
    expect(R).toBe((1n << BigInt(R_EXP2)) + (1n << BigInt(R_EXP1)) + 1n);
    expect(R.toString(2).length).toBe(160);
    expect(isProbablePrime(R)).toBe(true);
  });
  test('#E(F_q) = q + 1 = h r with gcd(h, r) = 1, and r | q + 1 (embedding degree 2)', () => {
    expect(H * R).toBe(Q + 1n);
    expect(H % R).not.toBe(0n);
    expect((Q * Q - 1n) % R).toBe(0n);
    expect((Q - 1n) % R).not.toBe(0n); // so the degree is exactly 2
  });
  test('sizes: 64-byte coordinates, 128-byte G and GT, 20-byte Zr', () => {
    expect(FQ_BYTES * 8).toBeGreaterThanOrEqual(512);
    expect(G_BYTES).toBe(128);
    expect(GT_BYTES).toBe(128);
    expect(ZR_BYTES * 8).toBe(160);
    expect(SQRT_EXP * 4n).toBe(Q + 1n);
  });
  test('the primality check itself separates known primes from composites (incl. a Carmichael number)', () => {
    expect(isProbablePrime(Q * R)).toBe(false);
    expect(isProbablePrime(561n)).toBe(false);
    expect(isProbablePrime(H)).toBe(false);
    expect(isProbablePrime((1n << 127n) - 1n)).toBe(true);
  });
});
