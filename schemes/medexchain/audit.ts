/**
 * Eq. 14: the audit record. AR = H2(CID || h || C* || H2(rk') || C''' || T), with a Chaum-Pedersen proof (Chaum and
 * Pedersen, CRYPTO '92; non-interactive by Fiat-Shamir) that the relay's firewall re-randomized C'' = (C1'', C2*)
 * into C''' with ONE exponent u on the bases (Y_B, Z):
 *     D1 = C1''' / C1'' = Y_B^u,   D2 = C2''' / C2* = Z^u.
 * The prover picks w, sets A1 = Y_B^w, A2 = Z^w, c = H(ctx, Y_B, Z, D1, D2, A1, A2), z = w + c u; anyone holding
 * the on-chain C*, rk' and the receiver's key recomputes C1'' = e(C1*, rk') and Y_B = e(g1, target), then
 * A1 = Y_B^z D1^-c and A2 = Z^z D2^-c, and checks c. A relay that substitutes another ciphertext (or a proxy that
 * re-encrypts with the wrong key) cannot produce a valid proof, and its signature on the record attributes it.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { concatBytes, utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { cidOf, digest } from '../../core/dem.js';
import { DecodeError, VerificationError } from '../../core/errors.js';
import type { GT } from '../../core/groups/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import type { MxCiphertext, MxReKey, RerandProof } from './algorithms.js';
import type { MxParams } from './params.js';

const PROOF_DST = 'medexchain/v1/audit-cp';

function challenge(pp: MxParams, ctx: Uint8Array, y: GT, d1: GT, d2: GT, a1: GT, a2: GT): bigint {
  const T = pp.group.gt;
  return pp.group.zr.hash(
    concatBytes(ctx, T.toBytes(y), T.toBytes(pp.Z), T.toBytes(d1), T.toBytes(d2), T.toBytes(a1), T.toBytes(a2)),
    PROOF_DST,
  );
}

/** The relay firewall's proof that (c1Out, c2Out) = (c1In Y^u, c2In Z^u). */
export function proveRerandomization(
  pp: MxParams,
  ctx: Uint8Array,
  y: GT,
  d1: GT,
  d2: GT,
  u: bigint,
  w: bigint,
): RerandProof {
  const G = pp.group;
  const a1 = G.gt.exp(y, w);
  const a2 = pp.zExp(w);
  const c = challenge(pp, ctx, y, d1, d2, a1, a2);
  return { c, z: G.zr.add(w, G.zr.mul(c, u)) };
}

export function verifyRerandomization(pp: MxParams, ctx: Uint8Array, y: GT, d1: GT, d2: GT, p: RerandProof): boolean {
  const G = pp.group;
  const a1 = G.gt.div(G.gt.exp(y, p.z), G.gt.exp(d1, p.c));
  const a2 = G.gt.div(pp.zExp(p.z), G.gt.exp(d2, p.c));
  return challenge(pp, ctx, y, d1, d2, a1, a2) === p.c;
}

/** What the audit record commits to (all as canonical encodings). */
export interface AuditRecord {
  version: 1;
  cid: string;
  h: Uint8Array;
  /** C* = (C1*, C2*) */
  c1Star: Uint8Array;
  c2Star: Uint8Array;
  /** H2(rk' || target) */
  rkDigest: Uint8Array;
  /** C''' = (C1''', C2''') */
  c1Out: Uint8Array;
  c2Out: Uint8Array;
  target: Uint8Array;
  /** W_D's outer-layer element D1 and its re-encryption e(D1, rk') (empty when there is no outer layer). */
  outerStar: Uint8Array;
  outerOut: Uint8Array;
  /** Timestamp (ms since the epoch). */
  t: bigint;
  proof: RerandProof;
  /** AR, the record's digest. */
  ar: Uint8Array;
}

export function rekeyDigest(pp: MxParams, rk: MxReKey): Uint8Array {
  return digest(concatBytes(pp.group.g2.toBytes(rk.rk), pp.group.g2.toBytes(rk.target)));
}

function recordContext(r: Omit<AuditRecord, 'ar' | 'proof' | 'version'>): Uint8Array {
  return new WireWriter()
    .fixed(utf8('MXAR'))
    .str(r.cid)
    .fixed(r.h)
    .bytes(r.c1Star)
    .bytes(r.c2Star)
    .fixed(r.rkDigest)
    .bytes(r.c1Out)
    .bytes(r.c2Out)
    .bytes(r.target)
    .bytes(r.outerStar)
    .bytes(r.outerOut)
    .u64(r.t)
    .finish();
}

/** Builds the record for a re-encryption: C* (first level, as stored), rk', C''' with its proof. */
export function buildAuditRecord(
  pp: MxParams,
  cid: string,
  ctStar: MxCiphertext,
  rk: MxReKey,
  ctOut: MxCiphertext,
  t: bigint,
): AuditRecord {
  if (ctStar.level !== 1 || ctOut.level !== 2 || !ctOut.proof)
    throw new VerificationError('audit', "needs a first-level C* and a proven second-level C'''");
  if (cid !== cidOf(ctStar.body)) throw new VerificationError('audit', "the CID is not the CID of C*'s body");
  const G = pp.group;
  const base = {
    cid,
    h: ctStar.h,
    c1Star: G.g1.toBytes(ctStar.c1),
    c2Star: G.gt.toBytes(ctStar.c2),
    rkDigest: rekeyDigest(pp, rk),
    c1Out: G.gt.toBytes(ctOut.c1),
    c2Out: G.gt.toBytes(ctOut.c2),
    target: G.g2.toBytes(rk.target),
    outerStar: ctStar.outer ? G.g1.toBytes(ctStar.outer) : new Uint8Array(0),
    outerOut: ctOut.outer ? G.gt.toBytes(ctOut.outer) : new Uint8Array(0),
    t,
  };
  return { version: 1, ...base, proof: ctOut.proof, ar: digest(recordContext(base)) };
}

/**
 * The proof's context: the CID of the record's body, which the relay's firewall computes from the ciphertext itself
 * (so no caller has to pass it), binding the proof to this record so that it cannot be moved to another one. The
 * record's timestamp is bound by AR and the relay's signature.
 */
export function proofContext(cid: string): Uint8Array {
  return new WireWriter().fixed(utf8('MXCP')).str(cid).finish();
}

/**
 * Anyone's check of a record against the published rk': the digest AR, H2(rk'), and the re-randomization proof.
 * Throws VerificationError naming what failed.
 */
export function verifyAuditRecord(pp: MxParams, rec: AuditRecord, rk: MxReKey): void {
  const G = pp.group;
  const { ar, proof, version, ...base } = rec;
  if (version !== 1) throw new VerificationError('audit', 'unknown record version');
  if (!equalBytes(digest(recordContext(base)), ar)) throw new VerificationError('audit-digest', 'AR does not match');
  if (!equalBytes(rekeyDigest(pp, rk), rec.rkDigest)) throw new VerificationError('audit-rekey', "H2(rk') mismatch");
  if (!equalBytes(G.g2.toBytes(rk.target), rec.target)) throw new VerificationError('audit-rekey', 'target mismatch');
  let c1Star, c2Star, c1Out, c2Out;
  try {
    c1Star = G.g1.fromBytes(rec.c1Star);
    c2Star = G.gt.fromBytes(rec.c2Star);
    c1Out = G.gt.fromBytes(rec.c1Out);
    c2Out = G.gt.fromBytes(rec.c2Out);
  } catch (e) {
    throw new VerificationError('audit-decode', e instanceof Error ? e.message : String(e));
  }
  // C1'' = e(C1*, rk') and Y_B = e(g1, target), with rk''s precomputed lines and the cached Y_B when this verifier
  // registered them (an auditor checking many records of one delegation builds them once).
  const c1Mid = pp.pairWithReKey(c1Star, rk.rk);
  const y = pp.receiverY(rk.target);
  const d1 = G.gt.div(c1Out, c1Mid);
  const d2 = G.gt.div(c2Out, c2Star);
  if (!verifyRerandomization(pp, proofContext(rec.cid), y, d1, d2, proof))
    throw new VerificationError('audit-proof', 'the re-randomization proof does not verify');
  if ((rec.outerStar.length === 0) !== (rec.outerOut.length === 0))
    throw new VerificationError('audit-outer', 'half an outer layer');
  if (rec.outerStar.length > 0) {
    let d: ReturnType<typeof G.g1.fromBytes>, dOut: ReturnType<typeof G.gt.fromBytes>;
    try {
      d = G.g1.fromBytes(rec.outerStar);
      dOut = G.gt.fromBytes(rec.outerOut);
    } catch (e) {
      throw new VerificationError('audit-decode', e instanceof Error ? e.message : String(e));
    }
    // ReEnc is deterministic on the outer element: e(D1, rk') must be what was delivered.
    if (!G.gt.eq(pp.pairWithReKey(d, rk.rk), dOut))
      throw new VerificationError('audit-outer', "e(D1, rk') is not the delivered element");
  }
}

export function encodeAuditRecord(pp: MxParams, r: AuditRecord): Uint8Array {
  const zr = pp.group.zr;
  return new WireWriter()
    .u8(1)
    .u8(0x41)
    .str(r.cid)
    .fixed(r.h)
    .fixed(r.c1Star)
    .fixed(r.c2Star)
    .fixed(r.rkDigest)
    .fixed(r.c1Out)
    .fixed(r.c2Out)
    .fixed(r.target)
    .bytes(r.outerStar)
    .bytes(r.outerOut)
    .u64(r.t)
    .fixed(zr.toBytes(r.proof.c))
    .fixed(zr.toBytes(r.proof.z))
    .fixed(r.ar)
    .finish();
}

export function decodeAuditRecord(pp: MxParams, b: Uint8Array): AuditRecord {
  const { sizes, zr } = pp.group;
  const rd = new WireReader(b, 'audit record');
  rd.header(1, 0x41);
  const cid = rd.str(128);
  const r: AuditRecord = {
    version: 1,
    cid,
    h: rd.fixed(32),
    c1Star: rd.fixed(sizes.G1),
    c2Star: rd.fixed(sizes.GT),
    rkDigest: rd.fixed(32),
    c1Out: rd.fixed(sizes.GT),
    c2Out: rd.fixed(sizes.GT),
    target: rd.fixed(sizes.G2),
    outerStar: rd.bytes(sizes.G1),
    outerOut: rd.bytes(sizes.GT),
    t: rd.u64(),
    proof: {
      c: zr.fromBytes(rd.fixed(sizes.Zr), { allowZero: true }),
      z: zr.fromBytes(rd.fixed(sizes.Zr), { allowZero: true }),
    },
    ar: rd.fixed(32),
  };
  rd.end();
  if (![0, sizes.G1].includes(r.outerStar.length) || ![0, sizes.GT].includes(r.outerOut.length))
    throw new DecodeError('length', 'audit record', 'outer-layer element of the wrong size');
  if (!/^b[a-z2-7]+$/.test(cid)) throw new DecodeError('format', 'audit record', 'CID is not base32');
  return r;
}

/**
 * A self-contained, publicly verifiable record: the encoded audit record, the encoded rk' it is checked against
 * (rk' is public here: the relay holds it and the record carries it, so it is on both chains; see the README on what
 * that exposes), and the codec encodings of C* and C''' whose components the record names, so that a verifier can
 * bind the proof to chain A's stored capsule and to the delivered blob byte for byte.
 */
export function encodeSelfContained(
  pp: MxParams,
  r: AuditRecord,
  rkBytes: Uint8Array,
  firstLevel: Uint8Array,
  reencrypted: Uint8Array,
): Uint8Array {
  return new WireWriter()
    .u8(2)
    .u8(0x42)
    .bytes(encodeAuditRecord(pp, r))
    .bytes(rkBytes)
    .bytes(firstLevel)
    .bytes(reencrypted)
    .finish();
}

export function decodeSelfContained(b: Uint8Array): {
  record: Uint8Array;
  reKey: Uint8Array;
  firstLevel: Uint8Array;
  reencrypted: Uint8Array;
} {
  const rd = new WireReader(b, 'self-contained audit record');
  rd.header(2, 0x42);
  const record = rd.bytes(1 << 16);
  const reKey = rd.bytes(4096);
  const firstLevel = rd.bytes(1 << 20);
  const reencrypted = rd.bytes(1 << 20);
  rd.end();
  return { record, reKey, firstLevel, reencrypted };
}

/**
 * The record names the C* and C''' it was made for: their components must be the ones in the given ciphertexts
 * (decoded strictly by the scheme's codec), and the CID the one of C*'s body. VerificationError says which differs.
 */
export function checkRecordNames(pp: MxParams, rec: AuditRecord, c1: MxCiphertext, c3: MxCiphertext): void {
  const G = pp.group;
  if (c1.level !== 1 || c3.level !== 2) throw new VerificationError('audit-binding', 'wrong ciphertext levels');
  const same = (a: Uint8Array, b: Uint8Array) => equalBytes(a, b);
  if (cidOf(c1.body) !== rec.cid || !same(c1.h, rec.h))
    throw new VerificationError('audit-cid', "the record's CID or h is not the stored C*'s");
  if (
    !same(G.g1.toBytes(c1.c1), rec.c1Star) ||
    !same(G.gt.toBytes(c1.c2), rec.c2Star) ||
    !same(c1.outer ? G.g1.toBytes(c1.outer) : new Uint8Array(0), rec.outerStar)
  )
    throw new VerificationError('audit-capsule', "the record's C* is not the stored first-level ciphertext");
  if (
    !same(G.gt.toBytes(c3.c1), rec.c1Out) ||
    !same(G.gt.toBytes(c3.c2), rec.c2Out) ||
    !same(c3.outer ? G.gt.toBytes(c3.outer) : new Uint8Array(0), rec.outerOut) ||
    !c3.proof ||
    c3.proof.c !== rec.proof.c ||
    c3.proof.z !== rec.proof.z
  )
    throw new VerificationError('audit-delivered', "the record's C''' is not the delivered ciphertext");
  const scopes = (c: MxCiphertext) => c.scope ?? new Uint8Array(0);
  if (cidOf(c3.body) !== rec.cid || !same(c3.h, rec.h) || !same(scopes(c3), scopes(c1)))
    throw new VerificationError('audit-delivered', 'the delivered body is another record');
}
