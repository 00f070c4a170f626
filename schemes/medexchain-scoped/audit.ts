/**
 * MedExChain-Scoped's audit record (the analogue of the reference design's Eq. 14): the relay publishes
 * AR = H2(CID || h || tau || C* || H2(rk') || C''' || pk'_B || T) with a Chaum-Pedersen proof (Chaum and Pedersen,
 * CRYPTO '92, Fiat-Shamir) that C''' re-randomizes C'' with one exponent u on the bases (g1, Y_G):
 * C1''' / C1* = g1^u and T''' / T = Y_G^u, where anyone holding rk' recomputes T = C2* e(C1*, R) and
 * Y_G = e(g1, E2) / e(pk'_B.1, E1).
 *
 * What the proof shows: that the delivered C''' is a re-randomization of the C'' that rk' and the stored C* give, for
 * the receiver key in the record. It does not show WHO re-randomized: any relay can prove with its own u (even 0).
 * The relay's signature on the record attributes it. rk'_tau converts only scope tau, so publishing it with the record
 * exposes nothing beyond that one record to its authorized receiver.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { cidOf, digest } from '../../core/dem.js';
import { VerificationError } from '../../core/errors.js';
import type { G1, GT } from '../../core/groups/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import type { MxPairingKey } from '../medexchain/algorithms.js';
import type { MxParams } from '../medexchain/params.js';
import { bindingDigest, receiverY, type ScCiphertext, type ScProof, type ScReKey } from './algorithms.js';

const PROOF_DST = 'medexchain-scoped/v1/audit-cp';

function challenge(pp: MxParams, ctx: Uint8Array, y: GT, d1: G1, d2: GT, a1: G1, a2: GT): bigint {
  const G = pp.group;
  return G.zr.hash(
    new WireWriter()
      .bytes(ctx)
      .fixed(G.gt.toBytes(y))
      .fixed(G.g1.toBytes(d1))
      .fixed(G.gt.toBytes(d2))
      .fixed(G.g1.toBytes(a1))
      .fixed(G.gt.toBytes(a2))
      .finish(),
    PROOF_DST,
  );
}

/** The proof's context: the CID of the body and the scope, so a proof cannot move to another record. */
export function proofContext(cid: string, scope: Uint8Array): Uint8Array {
  return new WireWriter().fixed(utf8('MXSP')).str(cid).bytes(scope).finish();
}

export function prove(pp: MxParams, ctx: Uint8Array, y: GT, d1: G1, d2: GT, u: bigint, w: bigint): ScProof {
  const G = pp.group;
  const c = challenge(pp, ctx, y, d1, d2, pp.g1Exp(w), G.gt.exp(y, w));
  return { c, z: G.zr.add(w, G.zr.mul(c, u)) };
}

export function verifyProof(pp: MxParams, ctx: Uint8Array, y: GT, d1: G1, d2: GT, p: ScProof): boolean {
  const G = pp.group;
  const a1 = G.g1.mul(pp.g1Exp(p.z), G.g1.inv(G.g1.exp(d1, p.c)));
  const a2 = G.gt.div(G.gt.exp(y, p.z), G.gt.exp(d2, p.c));
  return challenge(pp, ctx, y, d1, d2, a1, a2) === p.c;
}

export function rekeyDigest(pp: MxParams, rk: ScReKey): Uint8Array {
  const g2 = pp.group.g2;
  return digest(
    new WireWriter()
      .fixed(g2.toBytes(rk.r))
      .fixed(g2.toBytes(rk.e1))
      .fixed(g2.toBytes(rk.e2))
      .bytes(rk.scope)
      .fixed(g2.toBytes(rk.target))
      .fixed(pp.group.g1.toBytes(rk.targetP1))
      .finish(),
  );
}

export interface ScAuditRecord {
  cid: string;
  h: Uint8Array;
  scope: Uint8Array;
  /** C* = (C1*, C2*, D1) and C''' = (C1''', T''', T_D), canonical encodings. */
  c1Star: Uint8Array;
  c2Star: Uint8Array;
  d1: Uint8Array;
  c1Out: Uint8Array;
  tOut: Uint8Array;
  td: Uint8Array;
  rkDigest: Uint8Array;
  /** pk'_B = (pk'_B.1, pk'_B.2) from the relay's registry. */
  pkB1: Uint8Array;
  pkB2: Uint8Array;
  t: bigint;
  proof: ScProof;
}

function body(pp: MxParams, r: ScAuditRecord): WireWriter {
  return new WireWriter()
    .u8(1)
    .u8(0x51)
    .str(r.cid)
    .fixed(r.h)
    .bytes(r.scope)
    .fixed(r.c1Star)
    .fixed(r.c2Star)
    .bytes(r.d1)
    .fixed(r.c1Out)
    .fixed(r.tOut)
    .bytes(r.td)
    .fixed(r.rkDigest)
    .fixed(r.pkB1)
    .fixed(r.pkB2)
    .u64(r.t);
}

/** The record bytes: the body, the proof and AR = H2(body). */
export function encodeRecord(pp: MxParams, r: ScAuditRecord): Uint8Array {
  const b = body(pp, r).finish();
  const zr = pp.group.zr;
  return new WireWriter().bytes(b).fixed(zr.toBytes(r.proof.c)).fixed(zr.toBytes(r.proof.z)).fixed(digest(b)).finish();
}

export function decodeRecord(pp: MxParams, bytes: Uint8Array): ScAuditRecord {
  const { sizes, zr } = pp.group;
  const outer = new WireReader(bytes, 'scoped audit record');
  const b = outer.bytes(1 << 16);
  const proof = {
    c: zr.fromBytes(outer.fixed(sizes.Zr), { allowZero: true }),
    z: zr.fromBytes(outer.fixed(sizes.Zr), { allowZero: true }),
  };
  const ar = outer.fixed(32);
  outer.end();
  if (!equalBytes(digest(b), ar)) throw new VerificationError('audit-digest', 'AR does not match');
  const rd = new WireReader(b, 'scoped audit record');
  rd.header(1, 0x51);
  const r: ScAuditRecord = {
    cid: rd.str(128),
    h: rd.fixed(32),
    scope: rd.bytes(256),
    c1Star: rd.fixed(sizes.G1),
    c2Star: rd.fixed(sizes.GT),
    d1: rd.bytes(sizes.G1),
    c1Out: rd.fixed(sizes.G1),
    tOut: rd.fixed(sizes.GT),
    td: rd.bytes(sizes.GT),
    rkDigest: rd.fixed(32),
    pkB1: rd.fixed(sizes.G1),
    pkB2: rd.fixed(sizes.G2),
    t: rd.u64(),
    proof,
  };
  rd.end();
  return r;
}

/** Built by the relay from the stored C*, rk' and W_R's output. */
export function buildRecord(
  pp: MxParams,
  ctStar: ScCiphertext,
  rk: ScReKey,
  out: ScCiphertext,
  pkB: MxPairingKey,
  t: bigint,
): ScAuditRecord {
  if (ctStar.level !== 1 || out.level !== 2 || !out.proof)
    throw new VerificationError('audit', "needs a first-level C* and a proven second-level C'''");
  const G = pp.group;
  return {
    cid: cidOf(ctStar.body),
    h: ctStar.h,
    scope: ctStar.scope,
    c1Star: G.g1.toBytes(ctStar.c1),
    c2Star: G.gt.toBytes(ctStar.c2),
    d1: ctStar.d1 ? G.g1.toBytes(ctStar.d1) : new Uint8Array(0),
    c1Out: G.g1.toBytes(out.c1),
    tOut: G.gt.toBytes(out.t),
    td: out.td ? G.gt.toBytes(out.td) : new Uint8Array(0),
    rkDigest: rekeyDigest(pp, rk),
    pkB1: G.g1.toBytes(pkB.p1),
    pkB2: G.g2.toBytes(pkB.p2),
    t,
    proof: out.proof,
  };
}

/** Anyone's check of a record against rk'_tau; throws VerificationError naming what failed. */
export function verifyRecord(pp: MxParams, r: ScAuditRecord, rk: ScReKey): void {
  const G = pp.group;
  if (!equalBytes(rekeyDigest(pp, rk), r.rkDigest)) throw new VerificationError('audit-rekey', "H2(rk') mismatch");
  if (!equalBytes(rk.scope, r.scope)) throw new VerificationError('audit-scope', 'rk is for another scope');
  if (!equalBytes(G.g2.toBytes(rk.target), r.pkB2) || !equalBytes(G.g1.toBytes(rk.targetP1), r.pkB1))
    throw new VerificationError('audit-rekey', 'target mismatch');
  let c1Star, c2Star, c1Out, tOut, pkB1, pkB2;
  try {
    c1Star = G.g1.fromBytes(r.c1Star);
    c2Star = G.gt.fromBytes(r.c2Star);
    c1Out = G.g1.fromBytes(r.c1Out);
    tOut = G.gt.fromBytes(r.tOut);
    pkB1 = G.g1.fromBytes(r.pkB1);
    pkB2 = G.g2.fromBytes(r.pkB2);
  } catch (e) {
    throw new VerificationError('audit-decode', e instanceof Error ? e.message : String(e));
  }
  const pkB: MxPairingKey = { kind: 'pairing', p1: pkB1, p2: pkB2 };
  const tMid = G.gt.mul(c2Star, G.pair(c1Star, rk.r)); // T = C2* e(C1*, R)
  const y = receiverY(
    pp,
    { level: 2, c1: c1Star, t: tMid, e1: rk.e1, e2: rk.e2, scope: r.scope, body: new Uint8Array(0), h: r.h },
    pkB,
  );
  const d1 = G.g1.mul(c1Out, G.g1.inv(c1Star));
  const d2 = G.gt.div(tOut, tMid);
  if (!verifyProof(pp, proofContext(r.cid, r.scope), y, d1, d2, r.proof))
    throw new VerificationError('audit-proof', 'the re-randomization proof does not verify');
  if ((r.d1.length === 0) !== (r.td.length === 0)) throw new VerificationError('audit-outer', 'half an outer layer');
  if (r.d1.length > 0) {
    let d, td;
    try {
      d = G.g1.fromBytes(r.d1);
      td = G.gt.fromBytes(r.td);
    } catch (e) {
      throw new VerificationError('audit-decode', e instanceof Error ? e.message : String(e));
    }
    if (!G.gt.eq(G.pair(d, rk.r), td)) throw new VerificationError('audit-outer', 'e(D1, R) is not the delivered T_D');
  }
}

/**
 * The self-contained record of the scheme's `audit` verb: the record, the encoded rk'_tau (public: it converts one
 * record for one receiver), and the codec encodings of C* and C''' whose components the record names.
 */
export function encodeSelfContained(
  pp: MxParams,
  r: ScAuditRecord,
  rk: Uint8Array,
  firstLevel: Uint8Array,
  reencrypted: Uint8Array,
): Uint8Array {
  return new WireWriter()
    .u8(1)
    .u8(0x52)
    .bytes(encodeRecord(pp, r))
    .bytes(rk)
    .bytes(firstLevel)
    .bytes(reencrypted)
    .finish();
}

export function decodeSelfContained(b: Uint8Array) {
  const rd = new WireReader(b, 'self-contained scoped audit record');
  rd.header(1, 0x52);
  const out = {
    record: rd.bytes(1 << 16),
    reKey: rd.bytes(4096),
    firstLevel: rd.bytes(1 << 20),
    reencrypted: rd.bytes(1 << 20),
  };
  rd.end();
  return out;
}

/** The record's C* and C''' are the given ciphertexts' (CID, h, scope and every element); which differs is named. */
export function checkRecordNames(
  pp: MxParams,
  r: ScAuditRecord,
  rk: ScReKey,
  c1: ScCiphertext,
  c3: ScCiphertext,
): void {
  const G = pp.group;
  if (c1.level !== 1 || c3.level !== 2) throw new VerificationError('audit-binding', 'wrong ciphertext levels');
  const eq = equalBytes;
  const none = new Uint8Array(0);
  if (cidOf(c1.body) !== r.cid || !eq(c1.h, r.h) || !eq(c1.scope, r.scope))
    throw new VerificationError('audit-cid', "the record's CID, h or scope is not the stored C*'s");
  if (
    !eq(G.g1.toBytes(c1.c1), r.c1Star) ||
    !eq(G.gt.toBytes(c1.c2), r.c2Star) ||
    !eq(c1.d1 ? G.g1.toBytes(c1.d1) : none, r.d1)
  )
    throw new VerificationError('audit-capsule', "the record's C* is not the stored first-level ciphertext");
  if (
    !eq(G.g1.toBytes(c3.c1), r.c1Out) ||
    !eq(G.gt.toBytes(c3.t), r.tOut) ||
    !eq(c3.td ? G.gt.toBytes(c3.td) : none, r.td) ||
    !c3.proof ||
    c3.proof.c !== r.proof.c ||
    c3.proof.z !== r.proof.z ||
    cidOf(c3.body) !== r.cid ||
    !eq(c3.h, r.h) ||
    !eq(c3.scope, r.scope) ||
    !G.g2.eq(c3.e1, rk.e1) ||
    !G.g2.eq(c3.e2, rk.e2) ||
    !eq(c3.d1 ? G.g1.toBytes(c3.d1) : none, r.d1) ||
    !eq(c3.bind ?? none, c1.d1 ? bindingDigest(pp, c1) : none)
  )
    throw new VerificationError('audit-delivered', "the record's C''' is not the delivered ciphertext");
}
