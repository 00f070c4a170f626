/**
 * MedExChain-Scoped's wire format, version 1: a version byte and a type tag, fixed-size canonical group elements
 * decoded strictly by the backend, length-prefixed variable fields, no trailing bytes. Keys are MedExChain's.
 */
import { DecodeError } from '../../core/errors.js';
import type { PairingGroup } from '../../core/groups/types.js';
import type { SchemeCodec } from '../../core/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import type { MxPublicKey, MxSecretKey } from '../medexchain/algorithms.js';
import { medexchainCodec } from '../medexchain/codec.js';
import type { ScCiphertext, ScReKey } from './algorithms.js';

const V = 1;
const T_CT1 = 0x61;
const T_CT2 = 0x62;
const T_RK = 0x63;
const MAX_BODY = 1 << 26;
export const MAX_SCOPE = 256;

export function scopedCodec(G: PairingGroup): SchemeCodec<MxPublicKey, MxSecretKey, ScCiphertext, ScReKey> {
  const keys = medexchainCodec(G);
  return {
    encodePublicKey: keys.encodePublicKey,
    decodePublicKey: keys.decodePublicKey,
    encodeSecretKey: keys.encodeSecretKey,
    decodeSecretKey: keys.decodeSecretKey,
    encodeCiphertext(ct) {
      const w = new WireWriter().u8(V);
      if (ct.level === 1) {
        w.u8(T_CT1)
          .fixed(G.g1.toBytes(ct.c1))
          .fixed(G.gt.toBytes(ct.c2))
          .u8(ct.d1 ? 1 : 0);
        if (ct.d1) w.fixed(G.g1.toBytes(ct.d1));
      } else {
        const outer = ct.d1 && ct.td && ct.bind;
        w.u8(T_CT2)
          .fixed(G.g1.toBytes(ct.c1))
          .fixed(G.gt.toBytes(ct.t))
          .fixed(G.g2.toBytes(ct.e1))
          .fixed(G.g2.toBytes(ct.e2))
          .u8((outer ? 1 : 0) | (ct.proof ? 2 : 0));
        if (outer) w.fixed(G.g1.toBytes(ct.d1!)).fixed(G.gt.toBytes(ct.td!)).fixed(ct.bind!);
        if (ct.proof) w.fixed(G.zr.toBytes(ct.proof.c)).fixed(G.zr.toBytes(ct.proof.z));
      }
      return w.bytes(ct.scope).fixed(ct.h).bytes(ct.body).finish();
    },
    decodeCiphertext(b) {
      const rd = new WireReader(b, 'ciphertext');
      if (rd.u8() !== V) throw new DecodeError('version', 'ciphertext');
      const tag = rd.u8();
      let ct: ScCiphertext;
      if (tag === T_CT1) {
        const c1 = G.g1.fromBytes(rd.fixed(G.sizes.G1));
        const c2 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const f = rd.u8();
        if (f > 1) throw new DecodeError('format', 'ciphertext', 'unknown flags');
        const d1 = f ? G.g1.fromBytes(rd.fixed(G.sizes.G1)) : undefined;
        ct = { level: 1, c1, c2, scope: rd.bytes(MAX_SCOPE), h: rd.fixed(32), body: rd.bytes(MAX_BODY) };
        if (d1) ct.d1 = d1;
      } else if (tag === T_CT2) {
        const c1 = G.g1.fromBytes(rd.fixed(G.sizes.G1));
        const t = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const e1 = G.g2.fromBytes(rd.fixed(G.sizes.G2));
        const e2 = G.g2.fromBytes(rd.fixed(G.sizes.G2));
        const f = rd.u8();
        if (f > 3) throw new DecodeError('format', 'ciphertext', 'unknown flags');
        const outer =
          f & 1
            ? {
                d1: G.g1.fromBytes(rd.fixed(G.sizes.G1)),
                td: G.gt.fromBytes(rd.fixed(G.sizes.GT)),
                bind: rd.fixed(32),
              }
            : {};
        const proof =
          f & 2
            ? {
                c: G.zr.fromBytes(rd.fixed(G.sizes.Zr), { allowZero: true }),
                z: G.zr.fromBytes(rd.fixed(G.sizes.Zr), { allowZero: true }),
              }
            : undefined;
        ct = {
          level: 2,
          c1,
          t,
          e1,
          e2,
          ...outer,
          scope: rd.bytes(MAX_SCOPE),
          h: rd.fixed(32),
          body: rd.bytes(MAX_BODY),
        };
        if (proof) ct.proof = proof;
      } else throw new DecodeError('version', 'ciphertext', `tag ${tag}`);
      rd.end();
      return ct;
    },
    encodeReKey(rk) {
      return new WireWriter()
        .u8(V)
        .u8(T_RK)
        .fixed(G.g2.toBytes(rk.r))
        .fixed(G.g2.toBytes(rk.e1))
        .fixed(G.g2.toBytes(rk.e2))
        .fixed(G.g2.toBytes(rk.target))
        .fixed(G.g1.toBytes(rk.targetP1))
        .bytes(rk.scope)
        .finish();
    },
    decodeReKey(b) {
      const rd = new WireReader(b, 're-encryption key');
      rd.header(V, T_RK);
      const rk: ScReKey = {
        r: G.g2.fromBytes(rd.fixed(G.sizes.G2)),
        e1: G.g2.fromBytes(rd.fixed(G.sizes.G2)),
        e2: G.g2.fromBytes(rd.fixed(G.sizes.G2)),
        target: G.g2.fromBytes(rd.fixed(G.sizes.G2)),
        targetP1: G.g1.fromBytes(rd.fixed(G.sizes.G1)),
        scope: rd.bytes(MAX_SCOPE),
      };
      rd.end();
      return rk;
    },
  };
}

/** The first-level capsule C* = (C1*, C2*, D1) with its scope, alone (messages M1 and M5). */
export function encodeCapsule(G: PairingGroup, ct: ScCiphertext): Uint8Array {
  if (ct.level !== 1) throw new DecodeError('format', 'capsule', 'not first level');
  const w = new WireWriter()
    .u8(V)
    .u8(0x64)
    .fixed(G.g1.toBytes(ct.c1))
    .fixed(G.gt.toBytes(ct.c2))
    .u8(ct.d1 ? 1 : 0);
  if (ct.d1) w.fixed(G.g1.toBytes(ct.d1));
  return w.bytes(ct.scope).finish();
}

export function decodeCapsule(
  G: PairingGroup,
  b: Uint8Array,
): {
  c1: ReturnType<PairingGroup['g1']['fromBytes']>;
  c2: ReturnType<PairingGroup['gt']['fromBytes']>;
  d1?: ReturnType<PairingGroup['g1']['fromBytes']>;
  scope: Uint8Array;
} {
  const rd = new WireReader(b, 'capsule');
  rd.header(V, 0x64);
  const c1 = G.g1.fromBytes(rd.fixed(G.sizes.G1));
  const c2 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
  const f = rd.u8();
  if (f > 1) throw new DecodeError('format', 'capsule', 'unknown flags');
  const d1 = f ? G.g1.fromBytes(rd.fixed(G.sizes.G1)) : undefined;
  const scope = rd.bytes(MAX_SCOPE);
  rd.end();
  return d1 ? { c1, c2, d1, scope } : { c1, c2, scope };
}
