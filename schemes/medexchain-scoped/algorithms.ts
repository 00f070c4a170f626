/**
 * MedExChain-Scoped: MedExChain's flow with a delegation that covers one scope (a record, or a record type or epoch
 * the patient chooses), enforced by the cryptography instead of the protocol alone. Our extension, not the paper's.
 *
 * Construction. The type-based PRE of Tang (Q. Tang, "Type-based proxy re-encryption and its construction",
 * INDOCRYPT 2008) lets one delegator key pair delegate per message type: the type enters the ciphertext and the
 * re-encryption key through a hash, so a key for one type does not convert another. We instantiate that idea over
 * MedExChain's asymmetric pairing with the re-encryption-key shape of Green and Ateniese (ACNS 2007, Sec. 4:
 * rk = sk_A(type)^-1 * G with G encrypted to the delegatee): the patient's key for scope tau is H(tau)^a, a BLS
 * signature on tau under a = x_P r_P, and rk'_tau = H(tau)^-a * G for a random G in G2 that only Hospital B can
 * recover. The equations below are ours (numbered S4-S13 after the reference design's Eqs. 4-13); we did not copy
 * Tang's, whose scheme is symmetric-pairing and has no firewalls.
 *
 *   S4  Enc (device):  Y_tau = e(pk'_P.1, H(tau)), K = Z^t, C1 = g1^k, C2 = K Y_tau^k, C_M = AEAD(H1(K), m, tau)
 *   S5  CRF-Enc (W_D): C1* = C1 g1^s, C2* = C2 Y_tau^s; outer layer D1 = g1^w, body sealed under H1(Y_tau^w)
 *                      with associated data H2(tau, C1*, C2*, D1)
 *   S7  ReKeyGen (P):  G0 = g2^xi, R0 = H(tau)^-x_P G0, E = (E1, E2) = (g2^v, G0 (pk'_B.2)^v)
 *   S8  CRF-ReKeyGen (W_P): R = R0^r_P g2^rho, E1 = E1^r_P g2^v', E2 = E2^r_P g2^rho (pk'_B.2)^v', so G = G0^r_P
 *                      g2^rho and R = H(tau)^-a G; accepted only if
 *                      e(g1, R / E2) e(pk'_P.1, H(tau)) e(pk'_B.1, E1) = 1, with pk'_B from the signed request
 *                      (this holds iff R / G = H(tau)^-a for the G that E encrypts under pk'_B)
 *   S9  ReEnc (relay): T = C2* e(C1*, R) = K e(C1*, G), T_D = e(D1, R) = e(D1, G) / K_W; C'' = (C1*, T, E, D1, T_D)
 *   S10 CRF-ReEnc (W_R): Y_G = e(g1, E2) / e(pk'_B.1, E1) = e(g1, G) with pk'_B from the registry,
 *                      C1''' = C1* g1^u, T''' = T Y_G^u, and a Chaum-Pedersen proof of the shared u
 *   S11 W_B:           E1 -> E1^r_B
 *   S12 Dec (HB):      G = E2 / (E1^r_B)^x_B, K = T''' / e(C1''', G), K_W = e(D1, G) / T_D
 *   S13 Owner:         W_P: C1* -> C1*^r_P, D1 -> D1^r_P; P: K = C2* / e(C1*^(r_P x_P), H(tau)), K_W likewise
 *
 * Why a key for tau1 does not open tau2: applied to a tau2 ciphertext, S9 leaves K e(C1, G) (H(tau2)/H(tau1))^(a k)
 * in T, and removing it needs H(tau2)^a, a BLS signature on tau2 that rk'_tau1, G and every key Hospital B and W_B
 * hold do not give (Boneh-Lynn-Shacham unforgeability, CDH in the random-oracle model). ReEnc also refuses a
 * mismatched scope label outright; the test forces past that check and sees the AEAD fail.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { kdfGT, openCounted, sealCounted } from '../../core/counted.js';
import { digest } from '../../core/dem.js';
import { DecodeError, DecryptionError, VerificationError } from '../../core/errors.js';
import type { G1, G2, GT } from '../../core/groups/types.js';
import type { Rng } from '../../core/rng.js';
import { Writer as WireWriter } from '../../core/wire.js';
import type { MxPairingKey } from '../medexchain/algorithms.js';
import type { MxParams } from '../medexchain/params.js';

export const TYPE_DST = 'medexchain-scoped/v1/H-type';
const RECORD_AD = 'medexchain-scoped/v1/record';
const OUTER_AD = 'medexchain-scoped/v1/firewall-layer';
const KDF_INFO = 'medexchain-scoped/v1/record-key';
const OUTER_KDF_INFO = 'medexchain-scoped/v1/firewall-layer-key';

/** Chaum-Pedersen (c, z) that C1''' / C1* = g1^u and T''' / T = Y_G^u. */
export interface ScProof {
  c: bigint;
  z: bigint;
}

export type ScCiphertext =
  | {
      level: 1;
      c1: G1;
      c2: GT;
      scope: Uint8Array;
      body: Uint8Array;
      h: Uint8Array;
      /** W_D's outer layer D1 = g1^w. */
      d1?: G1;
      /** The binding digest of (tau, C*) kept by W_P before it unblinds (not on the wire). */
      bind?: Uint8Array;
    }
  | {
      level: 2;
      c1: G1;
      t: GT;
      e1: G2;
      e2: G2;
      scope: Uint8Array;
      body: Uint8Array;
      h: Uint8Array;
      d1?: G1;
      td?: GT;
      /** H2(tau, C*), computed by the relay from the stored C*; the key of W_D's outer AEAD's associated data. */
      bind?: Uint8Array;
      proof?: ScProof;
      /** The receiver key the relay re-encrypted for (relay-side annotation; not on the wire). */
      target?: G2;
    };

/** rk'_tau = (R, E1, E2) for one scope, with the scope label and the requester key it names. */
export interface ScReKey {
  r: G2;
  e1: G2;
  e2: G2;
  scope: Uint8Array;
  /** pk'_B = (targetP1, target) (annotation; the firewall's check uses the signed request's key). */
  target: G2;
  targetP1: G1;
}

/** H(tau) in G2. */
export function typeHash(pp: MxParams, scope: Uint8Array): G2 {
  return pp.group.g2.hash(scope, TYPE_DST);
}

/** Y_tau = e(pk'_P.1, H(tau)). */
export function scopeY(pp: MxParams, pkP: MxPairingKey, scope: Uint8Array): GT {
  return pp.group.pair(pkP.p1, typeHash(pp, scope));
}

function recordAD(scope: Uint8Array): Uint8Array {
  return new WireWriter().str(RECORD_AD).bytes(scope).finish();
}

/** H2(tau, C1*, C2*, D1): W_D's associated data. */
export function bindingDigest(pp: MxParams, ct: ScCiphertext): Uint8Array {
  if (ct.level !== 1 || !ct.d1) throw new VerificationError('bind', 'needs a first-level ciphertext with D1');
  const G = pp.group;
  return digest(
    new WireWriter()
      .str(OUTER_AD)
      .bytes(ct.scope)
      .fixed(G.g1.toBytes(ct.c1))
      .fixed(G.gt.toBytes(ct.c2))
      .fixed(G.g1.toBytes(ct.d1))
      .finish(),
  );
}

/** S4. */
export function encrypt(
  pp: MxParams,
  pkP: MxPairingKey,
  m: Uint8Array,
  scope: Uint8Array,
  t: bigint,
  k: bigint,
  rng: Rng,
): ScCiphertext {
  const G = pp.group;
  const y = scopeY(pp, pkP, scope);
  const K = pp.zExp(t);
  const c1 = pp.g1Exp(k);
  const c2 = G.gt.mul(K, G.gt.exp(y, k));
  const body = sealCounted(G.ops, kdfGT(G.ops, G.gt, K, KDF_INFO), m, recordAD(scope), rng);
  return { level: 1, c1, c2, scope, body, h: digest(body) };
}

/** S5: W_D re-randomizes the capsule and seals the body under a key of its own, bound to tau and C*. */
export function firewallEncrypt(
  pp: MxParams,
  ct: ScCiphertext,
  pkP: MxPairingKey,
  s: bigint,
  w: bigint,
  rng: Rng,
): ScCiphertext {
  if (ct.level !== 1 || ct.d1) throw new VerificationError('crf-enc', 'expects a fresh first-level ciphertext');
  const G = pp.group;
  if (G.g1.isIdentity(ct.c1)) throw new VerificationError('crf-enc', 'C1 is the identity');
  const y = scopeY(pp, pkP, ct.scope);
  const star: ScCiphertext = {
    ...ct,
    c1: G.g1.mul(ct.c1, pp.g1Exp(s)),
    c2: G.gt.mul(ct.c2, G.gt.exp(y, s)),
    d1: pp.g1Exp(w),
  };
  const kw = kdfGT(G.ops, G.gt, G.gt.exp(y, w), OUTER_KDF_INFO);
  const body = sealCounted(G.ops, kw, ct.body, bindingDigest(pp, star), rng);
  return { ...star, body, h: digest(body) };
}

/** S7: the patient's re-encryption key for scope tau, towards pk'_B (from the signed request). */
export function rekeygen(
  pp: MxParams,
  xP: bigint,
  pkB: MxPairingKey,
  scope: Uint8Array,
  xi: bigint,
  v: bigint,
): ScReKey {
  const G = pp.group;
  const g0 = pp.g2Exp(xi);
  const r = G.g2.mul(G.g2.exp(typeHash(pp, scope), G.zr.neg(xP)), g0);
  return { r, e1: pp.g2Exp(v), e2: G.g2.mul(g0, G.g2.exp(pkB.p2, v)), scope, target: pkB.p2, targetP1: pkB.p1 };
}

/** S8's check: e(g1, R / E2) e(pk'_P.1, H(tau)) e(pk'_B.1, E1) = 1. */
export function checkReKey(pp: MxParams, rk: ScReKey, pkP: MxPairingKey, pkB: MxPairingKey): void {
  const G = pp.group;
  if (G.g2.isIdentity(rk.r) || G.g2.isIdentity(rk.e1) || G.g2.isIdentity(rk.e2))
    throw new VerificationError('rekey-check', 'identity');
  const ok = G.gt.isOne(
    G.pairProd([
      [pp.g1, G.g2.mul(rk.r, G.g2.inv(rk.e2))],
      [pkP.p1, typeHash(pp, rk.scope)],
      [pkB.p1, rk.e1],
    ]),
  );
  if (!ok) throw new VerificationError('rekey-check', "rk' is not H(tau)^-a G for the G encrypted to pk'_B");
}

/** S8: W_P raises the patient's key to r_P and re-randomizes G and E with rho and v', then checks. */
export function firewallReKey(
  pp: MxParams,
  rk: ScReKey,
  rP: bigint,
  pkP: MxPairingKey,
  pkB: MxPairingKey,
  rho: bigint,
  v2: bigint,
): ScReKey {
  const G = pp.group;
  const gRho = pp.g2Exp(rho);
  const out: ScReKey = {
    r: G.g2.mul(G.g2.exp(rk.r, rP), gRho),
    e1: G.g2.mul(G.g2.exp(rk.e1, rP), pp.g2Exp(v2)),
    e2: G.g2.mul(G.g2.mul(G.g2.exp(rk.e2, rP), gRho), G.g2.exp(pkB.p2, v2)),
    scope: rk.scope,
    target: pkB.p2,
    targetP1: pkB.p1,
  };
  checkReKey(pp, out, pkP, pkB);
  return out;
}

/** S9 without the label check: what a relay computes if it applies rk to any first-level ciphertext. */
export function reencryptUnchecked(pp: MxParams, rk: ScReKey, ct: ScCiphertext): ScCiphertext {
  if (ct.level !== 1) throw new VerificationError('reenc', 'not a first-level ciphertext');
  const G = pp.group;
  const out: ScCiphertext = {
    level: 2,
    c1: ct.c1,
    t: G.gt.mul(ct.c2, G.pair(ct.c1, rk.r)),
    e1: rk.e1,
    e2: rk.e2,
    scope: ct.scope,
    body: ct.body,
    h: ct.h,
    target: rk.target,
  };
  if (ct.d1) {
    out.d1 = ct.d1;
    out.td = G.pair(ct.d1, rk.r);
    out.bind = bindingDigest(pp, ct);
  }
  return out;
}

/** S9: ReEnc, refusing a ciphertext of another scope than the key's (the cryptography refuses it too). */
export function reencrypt(pp: MxParams, rk: ScReKey, ct: ScCiphertext): ScCiphertext {
  if (!equalBytes(rk.scope, ct.scope))
    throw new VerificationError('scope', 'the re-encryption key is for another scope than the ciphertext');
  return reencryptUnchecked(pp, rk, ct);
}

/** Y_G = e(g1, E2) / e(pk'_B.1, E1) = e(g1, G). */
export function receiverY(pp: MxParams, ct: ScCiphertext, pkB: MxPairingKey): GT {
  if (ct.level !== 2) throw new VerificationError('crf-reenc', 'not a second-level ciphertext');
  return pp.group.pairProd([
    [pp.g1, ct.e2],
    [pp.group.g1.inv(pkB.p1), ct.e1],
  ]);
}

/** S10's re-randomization: C1''' = C1 g1^u, T''' = T Y_G^u. */
export function rerandomizeSecondLevel(pp: MxParams, ct: ScCiphertext, y: GT, u: bigint): ScCiphertext {
  if (ct.level !== 2) throw new VerificationError('crf-reenc', 'not a second-level ciphertext');
  const G = pp.group;
  return { ...ct, c1: G.g1.mul(ct.c1, pp.g1Exp(u)), t: G.gt.mul(ct.t, G.gt.exp(y, u)) };
}

/** S11: W_B's inbound step, E1 -> E1^r_B. */
export function unblindSecondLevel(pp: MxParams, ct: ScCiphertext, rB: bigint): ScCiphertext {
  if (ct.level !== 2) throw new VerificationError('crf-receive', 'not a second-level ciphertext');
  return { ...ct, e1: pp.group.g2.exp(ct.e1, rB) };
}

/** S13, W_P's part: C1* -> C1*^r_P (and D1), keeping the binding of the stored C*. */
export function unblindFirstLevel(pp: MxParams, ct: ScCiphertext, rP: bigint): ScCiphertext {
  if (ct.level !== 1) throw new VerificationError('crf-receive', 'not a first-level ciphertext');
  const G = pp.group;
  const out: ScCiphertext = { ...ct, c1: G.g1.exp(ct.c1, rP) };
  if (ct.d1) {
    out.bind = bindingDigest(pp, ct);
    out.d1 = G.g1.exp(ct.d1, rP);
  }
  return out;
}

/** Opens C_M with a recovered K (and K_W when W_D added its layer); exported for the scope tests' colluders. */
export function openBody(pp: MxParams, K: GT, kw: GT | null, ct: ScCiphertext, bind: Uint8Array | null): Uint8Array {
  const G = pp.group;
  // h is chain A's index of the body; the AEADs carry the integrity, this only refuses a mislabelled blob early.
  if (!equalBytes(digest(ct.body), ct.h)) throw new DecryptionError('H2(C_M) does not match the recorded hash h');
  let body = ct.body;
  if (kw) {
    if (!bind) throw new DecryptionError('the ciphertext carries no binding of its capsule');
    body = openCounted(G.ops, kdfGT(G.ops, G.gt, kw, OUTER_KDF_INFO), body, bind);
  }
  return openCounted(G.ops, kdfGT(G.ops, G.gt, K, KDF_INFO), body, recordAD(ct.scope));
}

/** S12: Hospital B, after W_B. */
export function decryptSecondLevel(pp: MxParams, xB: bigint, ct: ScCiphertext): Uint8Array {
  if (ct.level !== 2) throw new DecodeError('format', 'ciphertext', 'not a second-level ciphertext');
  const G = pp.group;
  const g = G.g2.mul(ct.e2, G.g2.inv(G.g2.exp(ct.e1, xB)));
  const K = G.gt.div(ct.t, G.pair(ct.c1, g));
  const kw = ct.d1 && ct.td ? G.gt.div(G.pair(ct.d1, g), ct.td) : null;
  return openBody(pp, K, kw, ct, ct.bind ?? null);
}

/** S13, the patient's part: K = C2* / e(C1*^(r_P x_P), H(tau)); the exponent is applied in G1, not in GT. */
export function decryptFirstLevel(pp: MxParams, xP: bigint, ct: ScCiphertext): Uint8Array {
  if (ct.level !== 1) throw new DecodeError('format', 'ciphertext', 'not a first-level ciphertext');
  const G = pp.group;
  const h = typeHash(pp, ct.scope);
  const K = G.gt.div(ct.c2, G.pair(G.g1.exp(ct.c1, xP), h));
  const kw = ct.d1 ? G.pair(G.g1.exp(ct.d1, xP), h) : null;
  return openBody(pp, K, kw, ct, ct.d1 ? (ct.bind ?? bindingDigest(pp, ct)) : null);
}
