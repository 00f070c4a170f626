/**
 * MedExChain's wire format, version 1: every object starts with a version byte and a type tag, group elements are
 * fixed-size canonical encodings decoded strictly by the backend (length, canonical, on curve, subgroup, no
 * identity), variable fields are length-prefixed, and trailing bytes are refused.
 */
import { DecodeError } from '../../core/errors.js';
import type { G1, GT, PairingGroup } from '../../core/groups/types.js';
import type { SchemeCodec } from '../../core/types.js';
import { WireReader, WireWriter } from '../../core/wire.js';
import type { MxCiphertext, MxPublicKey, MxReKey, MxSecretKey } from './algorithms.js';
import { WRAPPED_X_BYTES } from './foreign.js';

const V = 1;
const T_PK_PAIRING = 0x01;
const T_PK_FOREIGN = 0x02;
const T_SK_PAIRING = 0x03;
const T_SK_FOREIGN = 0x04;
const T_CT1 = 0x11;
const T_CT2 = 0x12;
const T_RK = 0x21;
const MAX_BODY = 1 << 26;

export function medexchainCodec(G: PairingGroup): SchemeCodec<MxPublicKey, MxSecretKey, MxCiphertext, MxReKey> {
  return {
    encodePublicKey(pk) {
      const w = new WireWriter().u8(V);
      if (pk.kind === 'pairing')
        return w.u8(T_PK_PAIRING).fixed(G.g1.toBytes(pk.p1)).fixed(G.g2.toBytes(pk.p2)).finish();
      return w.u8(T_PK_FOREIGN).fixed(pk.key).finish();
    },
    decodePublicKey(b) {
      const rd = new WireReader(b, 'public key');
      if (rd.u8() !== V) throw new DecodeError('version', 'public key');
      const tag = rd.u8();
      let pk: MxPublicKey;
      if (tag === T_PK_PAIRING)
        pk = { kind: 'pairing', p1: G.g1.fromBytes(rd.fixed(G.sizes.G1)), p2: G.g2.fromBytes(rd.fixed(G.sizes.G2)) };
      else if (tag === T_PK_FOREIGN) pk = { kind: 'x25519', key: rd.fixed(32) };
      else throw new DecodeError('version', 'public key', `tag ${tag}`);
      rd.end();
      return pk;
    },
    encodeSecretKey(sk) {
      const w = new WireWriter().u8(V);
      if (sk.kind === 'pairing') return w.u8(T_SK_PAIRING).fixed(G.zr.toBytes(sk.x)).finish();
      return w.u8(T_SK_FOREIGN).fixed(sk.key).finish();
    },
    decodeSecretKey(b) {
      const rd = new WireReader(b, 'secret key');
      if (rd.u8() !== V) throw new DecodeError('version', 'secret key');
      const tag = rd.u8();
      let sk: MxSecretKey;
      if (tag === T_SK_PAIRING) sk = { kind: 'pairing', x: G.zr.fromBytes(rd.fixed(G.sizes.Zr)) };
      else if (tag === T_SK_FOREIGN) sk = { kind: 'x25519', key: rd.fixed(32) };
      else throw new DecodeError('version', 'secret key', `tag ${tag}`);
      rd.end();
      return sk;
    },
    encodeCiphertext(ct) {
      const w = new WireWriter().u8(V);
      if (ct.level === 1) {
        w.u8(T_CT1)
          .fixed(G.g1.toBytes(ct.c1))
          .fixed(G.gt.toBytes(ct.c2))
          .u8(ct.outer ? 1 : 0);
        if (ct.outer) w.fixed(G.g1.toBytes(ct.outer));
      } else {
        const flags = (ct.wrappedX ? 1 : 0) | (ct.proof ? 2 : 0) | (ct.outer ? 4 : 0);
        w.u8(T_CT2).fixed(G.gt.toBytes(ct.c1)).fixed(G.gt.toBytes(ct.c2)).u8(flags);
        if (ct.wrappedX) w.fixed(ct.wrappedX);
        if (ct.proof) w.fixed(G.zr.toBytes(ct.proof.c)).fixed(G.zr.toBytes(ct.proof.z));
        if (ct.outer) w.fixed(G.gt.toBytes(ct.outer));
      }
      return w.fixed(ct.h).bytes(ct.body).finish();
    },
    decodeCiphertext(b) {
      const rd = new WireReader(b, 'ciphertext');
      if (rd.u8() !== V) throw new DecodeError('version', 'ciphertext');
      const tag = rd.u8();
      let ct: MxCiphertext;
      if (tag === T_CT1) {
        const c1 = G.g1.fromBytes(rd.fixed(G.sizes.G1));
        const c2 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const f = rd.u8();
        if (f > 1) throw new DecodeError('format', 'ciphertext', 'unknown flags');
        const outer = f ? G.g1.fromBytes(rd.fixed(G.sizes.G1)) : undefined;
        ct = { level: 1, c1, c2, h: rd.fixed(32), body: rd.bytes(MAX_BODY) };
        if (outer) ct.outer = outer;
      } else if (tag === T_CT2) {
        const c1 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const c2 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const flags = rd.u8();
        if (flags > 7) throw new DecodeError('format', 'ciphertext', 'unknown flags');
        const wrappedX = flags & 1 ? rd.fixed(WRAPPED_X_BYTES) : undefined;
        const proof =
          flags & 2
            ? {
                c: G.zr.fromBytes(rd.fixed(G.sizes.Zr), { allowZero: true }),
                z: G.zr.fromBytes(rd.fixed(G.sizes.Zr), { allowZero: true }),
              }
            : undefined;
        const outer = flags & 4 ? G.gt.fromBytes(rd.fixed(G.sizes.GT)) : undefined;
        ct = { level: 2, c1, c2, h: rd.fixed(32), body: rd.bytes(MAX_BODY) };
        if (wrappedX) ct.wrappedX = wrappedX;
        if (proof) ct.proof = proof;
        if (outer) ct.outer = outer;
      } else throw new DecodeError('version', 'ciphertext', `tag ${tag}`);
      rd.end();
      return ct;
    },
    encodeReKey(rk) {
      const w = new WireWriter()
        .u8(V)
        .u8(T_RK)
        .fixed(G.g2.toBytes(rk.rk))
        .fixed(G.g2.toBytes(rk.target))
        .u8(rk.wrappedX ? 1 : 0);
      if (rk.wrappedX) w.fixed(rk.wrappedX);
      return w.finish();
    },
    decodeReKey(b) {
      const rd = new WireReader(b, 're-encryption key');
      rd.header(V, T_RK);
      const rk: MxReKey = { rk: G.g2.fromBytes(rd.fixed(G.sizes.G2)), target: G.g2.fromBytes(rd.fixed(G.sizes.G2)) };
      const f = rd.u8();
      if (f > 1) throw new DecodeError('format', 're-encryption key', 'unknown flags');
      if (f) rk.wrappedX = rd.fixed(WRAPPED_X_BYTES);
      rd.end();
      return rk;
    },
  };
}

/** The first-level capsule C* = (C1*, C2*), with W_D's D1 when present, alone (messages M1 and M5). */
export function encodeCapsule(G: PairingGroup, ct: MxCiphertext): Uint8Array {
  if (ct.level !== 1) throw new DecodeError('format', 'capsule', 'not first level');
  const w = new WireWriter()
    .u8(V)
    .u8(0x31)
    .fixed(G.g1.toBytes(ct.c1))
    .fixed(G.gt.toBytes(ct.c2))
    .u8(ct.outer ? 1 : 0);
  if (ct.outer) w.fixed(G.g1.toBytes(ct.outer));
  return w.finish();
}

export function decodeCapsule(G: PairingGroup, b: Uint8Array): { c1: G1; c2: GT; outer?: G1 } {
  const rd = new WireReader(b, 'capsule');
  rd.header(V, 0x31);
  const c1 = G.g1.fromBytes(rd.fixed(G.sizes.G1));
  const c2 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
  const f = rd.u8();
  if (f > 1) throw new DecodeError('format', 'capsule', 'unknown flags');
  const outer = f ? G.g1.fromBytes(rd.fixed(G.sizes.G1)) : undefined;
  rd.end();
  return outer ? { c1, c2, outer } : { c1, c2 };
}
