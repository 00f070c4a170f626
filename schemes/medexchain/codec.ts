/**
 * MedExChain's wire format (version byte V below): every object starts with a version byte and a type tag, group elements are
 * fixed-size canonical encodings decoded strictly by the backend (length, canonical, on curve, subgroup, no
 * identity), variable fields are length-prefixed, and trailing bytes are refused.
 */
import { DecodeError } from '../../core/errors.js';
import type { G1, G2, GT, PairingGroup } from '../../core/groups/types.js';
import type { SchemeCodec } from '../../core/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import type { MxCiphertext, MxPublicKey, MxReKey, MxSecretKey } from './algorithms.js';
import { WRAPPED_X_BYTES, firewallWrappedBytes } from './foreign.js';

// Version 2: scope, the capsule binding and W_P's Eq. 7b re-wrap. Version 3: the level-2 ciphertext's proof is W_R's
// proof of knowledge of (rk', u) (commitments a1, a2 in GT, sigma in G2), no longer a Chaum-Pedersen proof over rk'.
const V = 3;
const T_PK_PAIRING = 0x01;
const T_PK_FOREIGN = 0x02;
const T_SK_PAIRING = 0x03;
const T_SK_FOREIGN = 0x04;
const T_CT1 = 0x11;
const T_CT2 = 0x12;
const T_RK = 0x21;
const MAX_BODY = 1 << 26;
const MAX_SCOPE = 256;
const BIND_BYTES = 32;

function wrapped(G: PairingGroup, rd: WireReader, what: string): Uint8Array {
  const w = rd.bytes(firewallWrappedBytes(G.sizes.Zr));
  if (w.length !== WRAPPED_X_BYTES && w.length !== firewallWrappedBytes(G.sizes.Zr))
    throw new DecodeError('length', what, `wrapped X of ${w.length} bytes`);
  return w;
}

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
        const flags = (ct.wrappedX ? 1 : 0) | (ct.proof ? 2 : 0) | (ct.outer ? 4 : 0) | (ct.bind ? 8 : 0);
        w.u8(T_CT2).fixed(G.gt.toBytes(ct.c1)).fixed(G.gt.toBytes(ct.c2)).u8(flags);
        if (ct.wrappedX) w.bytes(ct.wrappedX);
        if (ct.proof)
          w.fixed(ct.proof.a1)
            .fixed(ct.proof.a2)
            .fixed(G.zr.toBytes(ct.proof.c))
            .fixed(G.g2.toBytes(ct.proof.sigma))
            .fixed(G.zr.toBytes(ct.proof.z));
        if (ct.outer) w.fixed(G.gt.toBytes(ct.outer));
        if (ct.bind) w.fixed(ct.bind);
      }
      return w
        .bytes(ct.scope ?? new Uint8Array(0))
        .fixed(ct.h)
        .bytes(ct.body)
        .finish();
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
        const scope = rd.bytes(MAX_SCOPE);
        ct = { level: 1, c1, c2, h: rd.fixed(32), body: rd.bytes(MAX_BODY) };
        if (outer) ct.outer = outer;
        if (scope.length) ct.scope = scope;
      } else if (tag === T_CT2) {
        const c1 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const c2 = G.gt.fromBytes(rd.fixed(G.sizes.GT));
        const flags = rd.u8();
        if (flags > 15) throw new DecodeError('format', 'ciphertext', 'unknown flags');
        const wrappedX = flags & 1 ? wrapped(G, rd, 'ciphertext') : undefined;
        const proof =
          flags & 2
            ? {
                a1: rd.fixed(G.sizes.GT),
                a2: rd.fixed(G.sizes.GT),
                c: G.zr.fromBytes(rd.fixed(G.sizes.Zr), { allowZero: true }),
                sigma: G.g2.fromBytes(rd.fixed(G.sizes.G2)),
                z: G.zr.fromBytes(rd.fixed(G.sizes.Zr), { allowZero: true }),
              }
            : undefined;
        const outer = flags & 4 ? G.gt.fromBytes(rd.fixed(G.sizes.GT)) : undefined;
        const bind = flags & 8 ? rd.fixed(BIND_BYTES) : undefined;
        if (!outer !== !bind) throw new DecodeError('format', 'ciphertext', 'an outer layer needs its binding');
        const scope = rd.bytes(MAX_SCOPE);
        ct = { level: 2, c1, c2, h: rd.fixed(32), body: rd.bytes(MAX_BODY) };
        if (wrappedX) ct.wrappedX = wrappedX;
        if (proof) ct.proof = proof;
        if (outer) ct.outer = outer;
        if (bind) ct.bind = bind;
        if (scope.length) ct.scope = scope;
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
      if (rk.wrappedX) w.bytes(rk.wrappedX);
      return w.finish();
    },
    decodeReKey: (b) => decodeReKeyKnowing(G, b, null),
  };
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * The G2 elements one party has already decoded strictly, by their exact encodings. A strict decode is a function
 * of the bytes (the same bytes give the same element or the same refusal), so bytes seen before need no second
 * subgroup check: the relay decodes pk'_B in the request (M2) and meets pk'_B.2 again as the target of rk' (M4).
 * Bytes that differ in any bit are decoded afresh, with the same errors as without this record.
 */
export class DecodedG2 {
  private readonly seen = new Map<string, G2>();
  constructor(private readonly G: PairingGroup) {}
  /** Records an element this party decoded strictly (its canonical encoding is the bytes it came from). */
  add(e: G2): void {
    this.seen.set(hexOf(this.G.g2.toBytes(e)), e);
  }
  /** The element for `bytes`: the recorded one, or a strict decode. */
  decode(bytes: Uint8Array): G2 {
    return this.seen.get(hexOf(bytes)) ?? this.G.g2.fromBytes(bytes);
  }
}

/** rk' from its encoding; `known` (if any) spares a second strict decode of an element the party already holds. */
export function decodeReKeyKnowing(G: PairingGroup, b: Uint8Array, known: DecodedG2 | null): MxReKey {
  const g2 = (bytes: Uint8Array) => (known ? known.decode(bytes) : G.g2.fromBytes(bytes));
  const rd = new WireReader(b, 're-encryption key');
  rd.header(V, T_RK);
  const rk: MxReKey = { rk: g2(rd.fixed(G.sizes.G2)), target: g2(rd.fixed(G.sizes.G2)) };
  const f = rd.u8();
  if (f > 1) throw new DecodeError('format', 're-encryption key', 'unknown flags');
  if (f) rk.wrappedX = wrapped(G, rd, 're-encryption key');
  rd.end();
  return rk;
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
