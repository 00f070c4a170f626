import { beforeAll, describe, expect, it } from '@jest/globals';
import { DecodeError } from './errors.js';
import { createMclGroup } from './groups/mcl.js';
import type { PairingGroup } from './groups/types.js';
import { elements, form, layout, pairingElements, schemeCodec, variants } from './layout.js';
import { SeededRng } from './rng.js';

let group: PairingGroup;
beforeAll(async () => {
  group = await createMclGroup('bls12-381');
});

const Inner = layout({ A: 'G1', B: 'GT' });
const Pk = layout({ h: 'G2', names: { list: 'str', min: 1, max: 4 }, tag: { fixed: 2 } }, (v) =>
  v.names.includes('') ? 'empty name' : undefined,
);
const Sk = layout({ x: 'Zr*', y: 'Zr' });
const Ct = variants('level', [
  [1, layout({ c: Inner, sealed: 'bytes' })],
  ['re', layout({ c: Inner, n: 'u8' })],
]);
const Rk = layout({ r: 'G1' });

describe('layout: generated codecs are strict', () => {
  const rng = new SeededRng('layout');
  const codec = () =>
    schemeCodec('layout-test', pairingElements(group), { publicKey: Pk, secretKey: Sk, ciphertext: Ct, reKey: Rk });
  const sample = () => ({
    pk: { h: group.g2.exp(group.g2.generator(), 5n), names: ['a', 'bé'], tag: Uint8Array.of(1, 2) },
    ct: {
      level: 1 as const,
      c: { A: group.g1.exp(group.g1.generator(), 3n), B: group.pair(group.g1.generator(), group.g2.generator()) },
      sealed: Uint8Array.of(9),
    },
  });

  it('round-trips every field kind and each variant', () => {
    const c = codec();
    const { pk, ct } = sample();
    const back = c.decodePublicKey(c.encodePublicKey(pk)) as typeof pk;
    expect(back.names).toEqual(pk.names);
    expect(group.g2.eq(back.h, pk.h)).toBe(true);
    const ct2 = c.decodeCiphertext(c.encodeCiphertext(ct)) as typeof ct;
    expect(ct2.level).toBe(1);
    const re = { level: 're' as const, c: ct.c, n: 7 };
    expect(c.encodeCiphertext(c.decodeCiphertext(c.encodeCiphertext(re)))).toEqual(c.encodeCiphertext(re));
    const sk = { x: group.zr.random(rng), y: 0n };
    expect(c.decodeSecretKey(c.encodeSecretKey(sk))).toEqual(sk);
  });

  it('refuses a wrong header, truncation, trailing bytes, a bad point, a zero where Zr* is declared', () => {
    const c = codec();
    const { pk, ct } = sample();
    const b = c.encodeCiphertext(ct);
    for (let n = 0; n < b.length; n++) expect(() => c.decodeCiphertext(b.subarray(0, n))).toThrow(DecodeError);
    expect(() => c.decodeCiphertext(Uint8Array.of(...b, 0))).toThrow(DecodeError);
    expect(() => c.decodePublicKey(b)).toThrow(DecodeError);
    const other = schemeCodec('other-scheme', pairingElements(group), {
      publicKey: Pk,
      secretKey: Sk,
      ciphertext: Ct,
      reKey: Rk,
    });
    expect(() => other.decodeCiphertext(b)).toThrow(DecodeError);
    const badPoint = b.slice();
    badPoint[4]! ^= 0xff;
    expect(() => c.decodeCiphertext(badPoint)).toThrow(DecodeError);
    expect(() => c.decodeSecretKey(c.encodeSecretKey({ x: 0n, y: 1n }))).toThrow(DecodeError);
    const noNames = c.encodePublicKey({ ...pk, names: [] });
    expect(() => c.decodePublicKey(noNames)).toThrow(/0 items/);
    expect(() => c.decodePublicKey(c.encodePublicKey({ ...pk, names: [''] }))).toThrow(/empty name/);
  });

  it('derives the paper accounting from the layout', () => {
    expect(elements(form(Ct, 1))).toEqual([
      { name: 'c.A', group: 'G1' },
      { name: 'c.B', group: 'GT' },
    ]);
    expect(elements(Sk).map((e) => e.group)).toEqual(['Zr', 'Zr']);
    expect(elements(layout({ xs: { list: 'G1' } }), { xs: 3 })).toHaveLength(3);
  });
});
