/**
 * Eq. 14: the audit record AR = H2(CID || h || C* || H2(rk') || C''' || T) and a zero-knowledge proof that the
 * delivered C''' was made from the stored C* with THE re-encryption key the patient's authorization fixes, without
 * publishing that key. Only H2(rk') goes on chain: rk' = (pk'_B.2)^(1/(x_P r_P)) is a long-term capability of
 * (P, HB) (it re-encrypts every record of the patient for HB), so a published rk' would be a published delegation.
 *
 * The statement. Public: pk'_P.1 (the patient's registered key), the receiver key T_B (pk'_B.2, or the Eq. 7b virtual
 * key) with Y_B = e(g1, T_B), C* = (C1*, C2*, D1) as chain A stores it, C''' = (C1''', C2''', O) as delivered, and a
 * context (scheme tag, CID, h, H2(rk'), T_B). Witness: rk' in G2 and W_R's u in Zr, with
 *     (a) e(pk'_P.1, rk') = Y_B                    (Eq. 8: the pairing is injective in its second argument, so
 *                                                   this pins rk' to the unique key for (pk'_P, T_B))
 *     (b) e(C1*, rk') Y_B^u = C1''', (d) e(D1, rk') = O   (Eq. 9-10, and W_D's outer element, Eq. 9 again)
 *     (c) Z^u = C2''' / C2*                        (Eq. 10)
 * (b) and (d) are folded into one equation with delta = H(statement) (128 bits) before any commitment:
 * Q = C1* D1^delta, R = C1''' O^delta, (b') e(Q, rk') Y_B^u = R. With rk' and u pinned by (a) and (c), a false
 * (b) or (d) satisfies (b') for at most one delta, so with delta from the random oracle a prover succeeds with
 * probability 1/2^128 per statement it tries.
 *
 * The protocol is the generic proof of knowledge of a preimage under a group homomorphism (Maurer, "Unifying
 * zero-knowledge proofs of knowledge", AFRICACRYPT 2009) for phi(rho, t) = (e(pk'_P.1, rho), e(Q, rho) Y_B^t, Z^t)
 * from G2 x Zr to GT^3, made non-interactive by Fiat-Shamir with the whole statement in the hash (Bernhard, Pereira
 * and Warinschi, ASIACRYPT 2012). Prover: rho <- G2, t <- Zr, A = phi(rho, t), c = H(context, statement, A) (128
 * bits), sigma = rho rk'^c, z = t + c u. Proof (A1, A2, c, sigma, z); the verifier recomputes A3 = Z^z (C2'''/C2*)^-c.
 *   - Completeness: phi is a homomorphism, so phi(sigma, z) = phi(rho, t) phi(rk', u)^c = A X^c.
 *   - Special soundness: two accepting answers (sigma, z), (sigma', z') to c != c' for one A give
 *     phi(sigma/sigma', z - z') = X^(c - c'), so rk' = (sigma/sigma')^(1/(c-c')), u = (z-z')/(c-c') (Zr is a field).
 *   - HVZK: pick sigma <- G2, z <- Zr, c; set A = phi(sigma, z) X^-c: the same distribution as a real run.
 * W_R draws rho as rk'^b with b <- Zr (uniform in G2 since rk' != 1), so A1 = Y_B^b and A2 = (C1'' O^delta)^b Y_B^t
 * take no pairing (Y_B^b and Y_B^t through Y_B's fixed-base table when registered); sigma = rk'^(b+c), through
 * rk''s fixed-base table when the relay registered rk' (as it does for rk''s pairing lines).
 *
 * Verification (one pairing): the two pairing equations e(pk'_P.1, sigma) = A1 Y_B^c and e(Q, sigma) Y_B^z = A2 R^c
 * are checked as one, e(pk'_P.1^gamma Q, sigma) = A1^gamma A2 R^c Y_B^(gamma c - z), with a 128-bit gamma hashed from
 * the whole proof: the small-exponent batch test of Bellare, Garay and Rabin (EUROCRYPT 1998). If either equation
 * fails, at most one gamma satisfies the product (GT has prime order q, and the pairing's output and Y_B lie in it).
 * A1 and A2 are decoded strictly into GT. pk'_P.1^gamma and Y_B^(gamma c - z) use the fixed-base tables of the
 * patient's key and of Y_B when the verifier registered them (per key, like the cached Y_B).
 *
 * What it shows: C''' is the output of Eq. 9-10 on chain A's C* under the unique rk' that delegates pk'_P to T_B,
 * re-randomized by SOME u the prover knows. What it does not show: that W_R (rather than a relay bypassing it) chose
 * u; nor that H2(rk') in the record is the hash of that key: the auditor cannot open H2(rk'); parties that know rk'
 * (the relay, W_P) can. The auditor's binding to the authorization is the uniqueness of (a): the patient's W_P
 * checked Eq. 8 against the requester's registered pk'_B before authorizing, so the key chain A authorizes is this
 * one. pk'_P.1 is not in the hash (W_R does not hold it); it is registered before any proof, so no prover chooses it
 * after the challenge. T (the record's timestamp) is bound by AR and the relay's signature, not by the proof: W_R
 * proves before the relay stamps the record; a proof re-used for another request is a second record with the same
 * C''' (chain/audit.ts reports it).
 */
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { cidOf, digest } from '../../core/dem.js';
import { DecodeError, VerificationError } from '../../core/errors.js';
import type { G1, G2, GT } from '../../core/groups/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import type { MxCiphertext, MxReKey, RerandProof } from './algorithms.js';
import type { MxParams } from './params.js';

const PROOF_DST = 'medexchain/v2/audit-reenc';
const MASK128 = (1n << 128n) - 1n;
const RK_DST = 'medexchain/v2/rk-digest';
const MAX_WRAP = 1024;

/**
 * H2(rk'), the value chain A's authorization holds: H(tag || SHA-256(rk') || target || wrapped X). rk' enters only
 * through its hash, so a record can carry SHA-256(rk') with the target and the wrap, and an auditor recomputes H2(rk')
 * from them: the receiver key the proof is about is then bound to the authorization for every receiver, an Eq. 7b
 * receiver (whose virtual key is registered nowhere) included.
 */
export function authorizationDigest(rkHash: Uint8Array, target: Uint8Array, wrappedX: Uint8Array): Uint8Array {
  return digest(new WireWriter().str(RK_DST).fixed(rkHash).bytes(target).bytes(wrappedX).finish());
}

export function rekeyDigest(pp: MxParams, rk: MxReKey): Uint8Array {
  const g2 = pp.group.g2;
  return authorizationDigest(digest(g2.toBytes(rk.rk)), g2.toBytes(rk.target), rk.wrappedX ?? new Uint8Array(0));
}

/** The proof's context: what the transcript binds besides the group elements. */
export interface ProofContext {
  cid: string;
  h: Uint8Array;
  /** H2(rk') */
  rkDigest: Uint8Array;
}

/** The statement's elements, canonically encoded (the hash reads these bytes). Outer elements are empty if absent. */
export interface StatementBytes {
  target: Uint8Array;
  c1Star: Uint8Array;
  c2Star: Uint8Array;
  outerStar: Uint8Array;
  c1Out: Uint8Array;
  c2Out: Uint8Array;
  outerOut: Uint8Array;
}

function statementWriter(ctx: ProofContext, s: StatementBytes): WireWriter {
  return new WireWriter()
    .str(PROOF_DST)
    .str(ctx.cid)
    .fixed(ctx.h)
    .fixed(ctx.rkDigest)
    .bytes(s.target)
    .bytes(s.c1Star)
    .bytes(s.c2Star)
    .bytes(s.outerStar)
    .bytes(s.c1Out)
    .bytes(s.c2Out)
    .bytes(s.outerOut);
}

const short = (pp: MxParams, data: Uint8Array, label: string) =>
  pp.group.zr.hash(data, `${PROOF_DST}/${label}`) & MASK128;

/** delta = H(context, statement), 128 bits: the weight that folds the outer element's equation into C1's. */
export function foldWeight(pp: MxParams, ctx: ProofContext, s: StatementBytes): bigint {
  return short(pp, statementWriter(ctx, s).finish(), 'delta');
}

/** c = H(context, statement, A1, A2, A3), 128 bits (exported for the tests' mutant verifiers). */
export function challenge(
  pp: MxParams,
  ctx: ProofContext,
  s: StatementBytes,
  a1: Uint8Array,
  a2: Uint8Array,
  a3: GT,
): bigint {
  const w = statementWriter(ctx, s).fixed(a1).fixed(a2).fixed(pp.group.gt.toBytes(a3));
  return short(pp, w.finish(), 'challenge');
}

/**
 * W_R's proof, given the relay's rk' (the witness ReEnc used), u, and its own fresh b, t. `mid` is ReEnc's output
 * C1'' = e(C1*, rk') (and O = e(D1, rk')), `y` is Y_B.
 */
export function proveReencryption(
  pp: MxParams,
  ctx: ProofContext,
  s: StatementBytes,
  rk: G2,
  mid: { c1: GT; outer?: GT },
  target: G2,
  y: GT,
  u: bigint,
  b: bigint,
  t: bigint,
): RerandProof {
  const G = pp.group;
  if (G.g2.isIdentity(rk)) throw new VerificationError('crf-reenc', "rk' is the identity");
  if (!mid.outer !== (s.outerStar.length === 0))
    throw new VerificationError('crf-reenc', 'the outer element is half present');
  const delta = mid.outer ? foldWeight(pp, ctx, s) : 0n;
  const base = mid.outer ? G.gt.mul(mid.c1, G.gt.exp(mid.outer, delta)) : mid.c1;
  const a1 = G.gt.toBytes(pp.receiverYExp(target, y, b));
  const a2 = G.gt.toBytes(G.gt.mul(G.gt.exp(base, b), pp.receiverYExp(target, y, t)));
  const c = challenge(pp, ctx, s, a1, a2, pp.zExp(t));
  return { a1, a2, c, sigma: pp.reKeyExp(rk, G.zr.add(b, c)), z: G.zr.add(t, G.zr.mul(c, u)) };
}

/** The statement's elements decoded (strictly) from their bytes. */
export interface Statement {
  p1: G1;
  target: G2;
  y: GT;
  c1Star: G1;
  c2Star: GT;
  outerStar?: G1;
  c1Out: GT;
  c2Out: GT;
  outerOut?: GT;
}

/** Anyone's check of the proof; false if it does not verify. */
export function verifyReencryption(
  pp: MxParams,
  ctx: ProofContext,
  s: StatementBytes,
  st: Statement,
  p: RerandProof,
): boolean {
  const G = pp.group;
  let a1: GT, a2: GT;
  try {
    a1 = G.gt.fromBytes(p.a1);
    a2 = G.gt.fromBytes(p.a2);
  } catch {
    return false;
  }
  if (p.c > MASK128) return false;
  const delta = st.outerStar ? foldWeight(pp, ctx, s) : 0n;
  const q = st.outerStar ? G.g1.mul(st.c1Star, G.g1.exp(st.outerStar, delta)) : st.c1Star;
  const r = st.outerOut ? G.gt.mul(st.c1Out, G.gt.exp(st.outerOut, delta)) : st.c1Out;
  const a3 = G.gt.div(pp.zExp(p.z), G.gt.exp(G.gt.div(st.c2Out, st.c2Star), p.c));
  if (challenge(pp, ctx, s, p.a1, p.a2, a3) !== p.c) return false;
  const zr = G.zr;
  const gamma = short(
    pp,
    new WireWriter()
      .fixed(p.a1)
      .fixed(p.a2)
      .fixed(zr.toBytes(p.c))
      .fixed(G.g2.toBytes(p.sigma))
      .fixed(zr.toBytes(p.z))
      .finish(),
    'gamma',
  );
  const lhs = G.pair(G.g1.mul(pp.keyExp(st.p1, gamma), q), p.sigma);
  const rhs = G.gt.mul(
    G.gt.mul(G.gt.exp(a1, gamma), a2),
    G.gt.mul(G.gt.exp(r, p.c), pp.receiverYExp(st.target, st.y, zr.sub(zr.mul(gamma, p.c), p.z))),
  );
  return G.gt.eq(lhs, rhs);
}

/** What the audit record commits to (all as canonical encodings). */
export interface AuditRecord {
  version: 2;
  cid: string;
  h: Uint8Array;
  /** C* = (C1*, C2*) */
  c1Star: Uint8Array;
  c2Star: Uint8Array;
  /** SHA-256(rk') and the wrapped X of an Eq. 7b key (empty otherwise): with target they give H2(rk'); never rk'. */
  rkHash: Uint8Array;
  wrappedX: Uint8Array;
  /** C''' = (C1''', C2''') */
  c1Out: Uint8Array;
  c2Out: Uint8Array;
  /** The receiver key T_B: pk'_B.2, or the Eq. 7b virtual key. */
  target: Uint8Array;
  /** The delegator's registered pk'_P.1. */
  delegator: Uint8Array;
  /** W_D's outer-layer element D1 and its re-encryption e(D1, rk') (empty when there is no outer layer). */
  outerStar: Uint8Array;
  outerOut: Uint8Array;
  /** Timestamp (ms since the epoch). */
  t: bigint;
  proof: RerandProof;
  /** AR, the record's digest. */
  ar: Uint8Array;
}

export function statementOf(r: Omit<AuditRecord, 'ar' | 'proof' | 'version'>): StatementBytes {
  return {
    target: r.target,
    c1Star: r.c1Star,
    c2Star: r.c2Star,
    outerStar: r.outerStar,
    c1Out: r.c1Out,
    c2Out: r.c2Out,
    outerOut: r.outerOut,
  };
}

function recordContext(r: Omit<AuditRecord, 'ar' | 'proof' | 'version'>): Uint8Array {
  return new WireWriter()
    .fixed(utf8('MXA2'))
    .str(r.cid)
    .fixed(r.h)
    .bytes(r.c1Star)
    .bytes(r.c2Star)
    .fixed(r.rkHash)
    .bytes(r.wrappedX)
    .bytes(r.c1Out)
    .bytes(r.c2Out)
    .bytes(r.target)
    .bytes(r.delegator)
    .bytes(r.outerStar)
    .bytes(r.outerOut)
    .u64(r.t)
    .finish();
}

/** AR over a record's fields (anyone, a cheating relay included, can compute it: it is a hash, not a signature). */
export function recordDigest(r: Omit<AuditRecord, 'ar' | 'proof' | 'version'>): Uint8Array {
  return digest(recordContext(r));
}

/** The bytes of a first-level C* and a second-level C''' as the proof's statement names them. */
export function statementBytes(pp: MxParams, target: G2, ctStar: MxCiphertext, ctOut: MxCiphertext): StatementBytes {
  if (ctStar.level !== 1 || ctOut.level !== 2) throw new VerificationError('audit', 'wrong ciphertext levels');
  const G = pp.group;
  return {
    target: G.g2.toBytes(target),
    c1Star: G.g1.toBytes(ctStar.c1),
    c2Star: G.gt.toBytes(ctStar.c2),
    outerStar: ctStar.outer ? G.g1.toBytes(ctStar.outer) : new Uint8Array(0),
    c1Out: G.gt.toBytes(ctOut.c1),
    c2Out: G.gt.toBytes(ctOut.c2),
    outerOut: ctOut.outer ? G.gt.toBytes(ctOut.outer) : new Uint8Array(0),
  };
}

/**
 * Builds the record for a re-encryption: C* (first level, as stored), H2(rk'), C''' with W_R's proof, and the
 * delegator's registered key the proof is checked against. rk' itself is not in the record.
 */
export function buildAuditRecord(
  pp: MxParams,
  cid: string,
  ctStar: MxCiphertext,
  rk: MxReKey,
  ctOut: MxCiphertext,
  delegator: G1,
  t: bigint,
): AuditRecord {
  if (ctStar.level !== 1 || ctOut.level !== 2 || !ctOut.proof)
    throw new VerificationError('audit', "needs a first-level C* and a proven second-level C'''");
  if (cid !== cidOf(ctStar.body)) throw new VerificationError('audit', "the CID is not the CID of C*'s body");
  const base = {
    cid,
    h: ctStar.h,
    rkHash: digest(pp.group.g2.toBytes(rk.rk)),
    wrappedX: rk.wrappedX ?? new Uint8Array(0),
    ...statementBytes(pp, rk.target, ctStar, ctOut),
    delegator: pp.group.g1.toBytes(delegator),
    t,
  };
  return { version: 2, ...base, proof: ctOut.proof, ar: digest(recordContext(base)) };
}

/** H2(rk') as the record determines it (from SHA-256(rk'), its target and its wrap). */
export function recordRekeyDigest(r: Pick<AuditRecord, 'rkHash' | 'target' | 'wrappedX'>): Uint8Array {
  return authorizationDigest(r.rkHash, r.target, r.wrappedX);
}

/** The keys an auditor checks a record against: the registered delegator key, and the receiver's if it has one. */
export interface AuditKeys {
  /** pk'_P.1 as registered. */
  delegator: G1;
  /** pk'_B.2 as registered; absent for an Eq. 7b receiver (its virtual key exists only in rk', the record names it). */
  receiver?: G2;
}

/**
 * Anyone's check of a record against the registered keys: AR, the keys the record names, and the proof.
 * Throws VerificationError naming what failed: audit-digest, audit-delegator, audit-receiver, audit-decode,
 * audit-proof.
 */
export function verifyAuditRecord(pp: MxParams, rec: AuditRecord, keys: AuditKeys): void {
  const G = pp.group;
  const { ar, proof, version, ...base } = rec;
  if (version !== 2) throw new VerificationError('audit', 'unknown record version');
  if (!equalBytes(digest(recordContext(base)), ar)) throw new VerificationError('audit-digest', 'AR does not match');
  if (!equalBytes(G.g1.toBytes(keys.delegator), rec.delegator))
    throw new VerificationError('audit-delegator', "the record names another delegator key than the registered pk'_P");
  if (keys.receiver && !equalBytes(G.g2.toBytes(keys.receiver), rec.target))
    throw new VerificationError('audit-receiver', "the record names another receiver key than the registered pk'_B");
  let st: Statement;
  try {
    const target = keys.receiver ?? G.g2.fromBytes(rec.target);
    st = {
      p1: keys.delegator,
      target,
      y: pp.receiverY(target),
      c1Star: G.g1.fromBytes(rec.c1Star),
      c2Star: G.gt.fromBytes(rec.c2Star),
      c1Out: G.gt.fromBytes(rec.c1Out),
      c2Out: G.gt.fromBytes(rec.c2Out),
    };
    if ((rec.outerStar.length === 0) !== (rec.outerOut.length === 0))
      throw new VerificationError('audit-outer', 'half an outer layer');
    if (rec.outerStar.length > 0) {
      st.outerStar = G.g1.fromBytes(rec.outerStar);
      st.outerOut = G.gt.fromBytes(rec.outerOut);
    }
  } catch (e) {
    if (e instanceof VerificationError) throw e;
    throw new VerificationError('audit-decode', e instanceof Error ? e.message : String(e));
  }
  const ctx = { cid: rec.cid, h: rec.h, rkDigest: recordRekeyDigest(rec) };
  if (!verifyReencryption(pp, ctx, statementOf(base), st, proof))
    throw new VerificationError('audit-proof', 'the re-encryption proof does not verify');
}

export function encodeProof(pp: MxParams, w: WireWriter, p: RerandProof): WireWriter {
  const G = pp.group;
  return w.fixed(p.a1).fixed(p.a2).fixed(G.zr.toBytes(p.c)).fixed(G.g2.toBytes(p.sigma)).fixed(G.zr.toBytes(p.z));
}

/** Decodes a proof: A1, A2 stay bytes (the verifier decodes them strictly into GT), sigma is decoded into G2. */
export function decodeProof(pp: MxParams, rd: WireReader): RerandProof {
  const { sizes, zr, g2 } = pp.group;
  return {
    a1: rd.fixed(sizes.GT),
    a2: rd.fixed(sizes.GT),
    c: zr.fromBytes(rd.fixed(sizes.Zr), { allowZero: true }),
    sigma: g2.fromBytes(rd.fixed(sizes.G2)),
    z: zr.fromBytes(rd.fixed(sizes.Zr), { allowZero: true }),
  };
}

export function encodeAuditRecord(pp: MxParams, r: AuditRecord): Uint8Array {
  const w = new WireWriter()
    .u8(2)
    .u8(0x41)
    .str(r.cid)
    .fixed(r.h)
    .fixed(r.c1Star)
    .fixed(r.c2Star)
    .fixed(r.rkHash)
    .bytes(r.wrappedX)
    .fixed(r.c1Out)
    .fixed(r.c2Out)
    .fixed(r.target)
    .fixed(r.delegator)
    .bytes(r.outerStar)
    .bytes(r.outerOut)
    .u64(r.t);
  return encodeProof(pp, w, r.proof).fixed(r.ar).finish();
}

export function decodeAuditRecord(pp: MxParams, b: Uint8Array): AuditRecord {
  const { sizes } = pp.group;
  const rd = new WireReader(b, 'audit record');
  rd.header(2, 0x41);
  const cid = rd.str(128);
  const r: AuditRecord = {
    version: 2,
    cid,
    h: rd.fixed(32),
    c1Star: rd.fixed(sizes.G1),
    c2Star: rd.fixed(sizes.GT),
    rkHash: rd.fixed(32),
    wrappedX: rd.bytes(MAX_WRAP),
    c1Out: rd.fixed(sizes.GT),
    c2Out: rd.fixed(sizes.GT),
    target: rd.fixed(sizes.G2),
    delegator: rd.fixed(sizes.G1),
    outerStar: rd.bytes(sizes.G1),
    outerOut: rd.bytes(sizes.GT),
    t: rd.u64(),
    proof: decodeProof(pp, rd),
    ar: rd.fixed(32),
  };
  rd.end();
  if (![0, sizes.G1].includes(r.outerStar.length) || ![0, sizes.GT].includes(r.outerOut.length))
    throw new DecodeError('length', 'audit record', 'outer-layer element of the wrong size');
  if (!/^b[a-z2-7]+$/.test(cid)) throw new DecodeError('format', 'audit record', 'CID is not base32');
  return r;
}

/**
 * A self-contained, publicly verifiable record: the encoded audit record and the codec encodings of C* and C'''
 * whose components the record names, so that a verifier can bind the proof to chain A's stored capsule and to the
 * delivered blob byte for byte. It carries no re-encryption key.
 */
export function encodeSelfContained(
  pp: MxParams,
  r: AuditRecord,
  firstLevel: Uint8Array,
  reencrypted: Uint8Array,
): Uint8Array {
  return new WireWriter().u8(3).u8(0x42).bytes(encodeAuditRecord(pp, r)).bytes(firstLevel).bytes(reencrypted).finish();
}

export function decodeSelfContained(b: Uint8Array): {
  record: Uint8Array;
  firstLevel: Uint8Array;
  reencrypted: Uint8Array;
} {
  const rd = new WireReader(b, 'self-contained audit record');
  rd.header(3, 0x42);
  const record = rd.bytes(1 << 16);
  const firstLevel = rd.bytes(1 << 20);
  const reencrypted = rd.bytes(1 << 20);
  rd.end();
  return { record, firstLevel, reencrypted };
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
  const p = c3.proof;
  if (
    !same(G.gt.toBytes(c3.c1), rec.c1Out) ||
    !same(G.gt.toBytes(c3.c2), rec.c2Out) ||
    !same(c3.outer ? G.gt.toBytes(c3.outer) : new Uint8Array(0), rec.outerOut) ||
    !p ||
    !same(p.a1, rec.proof.a1) ||
    !same(p.a2, rec.proof.a2) ||
    p.c !== rec.proof.c ||
    !G.g2.eq(p.sigma, rec.proof.sigma) ||
    p.z !== rec.proof.z
  )
    throw new VerificationError('audit-delivered', "the record's C''' is not the delivered ciphertext");
  const scopes = (c: MxCiphertext) => c.scope ?? new Uint8Array(0);
  if (cidOf(c3.body) !== rec.cid || !same(c3.h, rec.h) || !same(scopes(c3), scopes(c1)))
    throw new VerificationError('audit-delivered', 'the delivered body is another record');
}
