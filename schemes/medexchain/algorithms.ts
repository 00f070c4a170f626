/**
 * MedExChain's algorithms, Eqs. 2-15 of the reference design (`../shared/spec/medexchain.md`, our reconstruction
 * of Lv et al., "MedExChain", IEEE IoT Journal 2025; the paper's own text is not available). Pure functions over a
 * `MxParams`: every random value is an argument, so the firewalls and the games control randomness explicitly.
 *
 * Notation: pk = (pk.1, pk.2) = (g1^x, g2^x); after the party's firewall pk' = pk^r (Eq. 3). A first-level
 * capsule is (C1, C2) = ((pk'_P.1)^k, K * Z^k) (Eq. 4); a second-level one is (C1'', C2) = (e(C1, rk'), C2) (Eq. 9).
 */
import { equalBytes } from '@noble/curves/utils.js';
import { invZr, kdfGT, openCounted, sealCounted } from '../../core/counted.js';
import { digest } from '../../core/dem.js';
import { DecodeError, DecryptionError, VerificationError } from '../../core/errors.js';
import type { G1, G2, GT } from '../../core/groups/types.js';
import type { Rng } from '../../core/rng.js';
import { Writer as WireWriter } from '../../core/wire.js';
import type { MxParams } from './params.js';

/** A pairing public key (g1^x, g2^x), before or after its firewall. */
export interface MxPairingKey {
  kind: 'pairing';
  p1: G1;
  p2: G2;
}
/** A foreign (chain-B native) public key: X25519 (Eq. 7b). */
export interface MxForeignKey {
  kind: 'x25519';
  key: Uint8Array;
  /**
   * Only in the relay's registry, never on the wire: the Eq. 7b virtual key that the patient's signed authorization
   * (M4) names for this receiver, which W_R re-randomizes towards.
   */
  virtual?: G2;
}
export type MxPublicKey = MxPairingKey | MxForeignKey;
export type MxSecretKey = { kind: 'pairing'; x: bigint } | { kind: 'x25519'; key: Uint8Array };

/**
 * The relay firewall's proof (Eq. 14, audit.ts): knowledge of rk' and u with e(pk'_P.1, rk') = Y_B and
 * C''' = (e(C1*, rk') Y_B^u, C2* Z^u), without rk'. A1, A2 are GT commitments (bytes; the verifier decodes them
 * strictly), c the 128-bit challenge, sigma in G2 and z in Zr the responses.
 */
export interface RerandProof {
  a1: Uint8Array;
  a2: Uint8Array;
  c: bigint;
  sigma: G2;
  z: bigint;
}

export type MxCiphertext =
  | {
      level: 1;
      c1: G1;
      c2: GT;
      body: Uint8Array;
      h: Uint8Array;
      /** The record's identity (the `scope` given to Enc), bound by the AEADs' associated data; empty if none. */
      scope?: Uint8Array;
      /** W_D's outer layer: D1 = (pk'_P.1)^w; the body is sealed under H1(Z^w) (see addOuterLayer). */
      outer?: G1;
      /** The binding digest of (scope, C*) as W_D sealed it, kept by W_P before it unblinds C1* (not on the wire). */
      bind?: Uint8Array;
    }
  | {
      level: 2;
      c1: GT;
      c2: GT;
      body: Uint8Array;
      h: Uint8Array;
      scope?: Uint8Array;
      /**
       * The binding digest of (scope, C*) that W_D's outer AEAD was sealed with, computed by the relay from the stored
       * C*; a receiver compares it with chain A's capsule. Present when there is an outer layer.
       */
      bind?: Uint8Array;
      /** Eq. 7b: X wrapped under the receiver's native key (raw, or re-wrapped with alpha by W_P). */
      wrappedX?: Uint8Array;
      /** Set by the relay's firewall (Eq. 14). */
      proof?: RerandProof;
      /** The receiver key the relay re-encrypted for (known to the relay; not sent to the receiver). */
      target?: G2;
      /** The outer layer's key element after re-encryption: e(D1, rk'), then unblinded by W_B. */
      outer?: GT;
      /**
       * Relay-side only, never on the wire: what ReEnc consumed (rk' and C*), which W_R proves about (audit.ts).
       */
      from?: { rk: MxReKey; c1: G1; c2: GT; outer?: G1 };
    };

/** A re-encryption key rk (Eq. 7) or rk' (Eq. 8), with the receiver's G2 key it targets. */
export interface MxReKey {
  rk: G2;
  /** pk'_B.2, or g2^H2(X) for a foreign receiver (Eq. 7b). */
  target: G2;
  wrappedX?: Uint8Array;
}

const RECORD_AD = 'medexchain/v1/record';
const OUTER_AD = 'medexchain/v1/firewall-layer';
const NO_SCOPE = new Uint8Array(0);

/** The device's AEAD associated data: the record's identity (the scope names the record). */
export function recordAD(scope: Uint8Array | undefined): Uint8Array {
  return new WireWriter()
    .str(RECORD_AD)
    .bytes(scope ?? NO_SCOPE)
    .finish();
}

/**
 * W_D's AEAD associated data: the record's identity and the stored capsule C* = (C1*, C2*, D1), so that the body
 * opens only with the capsule chain A indexes for this record (a body moved to another capsule, or a capsule byte
 * changed, fails the AEAD, not only the hash check).
 */
export function bindingDigest(pp: MxParams, ct: MxCiphertext): Uint8Array {
  if (ct.level !== 1 || !ct.outer) throw new VerificationError('bind', 'needs a first-level ciphertext with D1');
  const G = pp.group;
  return digest(
    new WireWriter()
      .str(OUTER_AD)
      .bytes(ct.scope ?? NO_SCOPE)
      .fixed(G.g1.toBytes(ct.c1))
      .fixed(G.gt.toBytes(ct.c2))
      .fixed(G.g1.toBytes(ct.outer))
      .finish(),
  );
}
export const KDF_INFO = 'medexchain/v1/record-key';
const OUTER_KDF_INFO = 'medexchain/v1/firewall-layer-key';

/** Eq. 2: KeyGen. */
export function keygen(pp: MxParams, x: bigint): { pk: MxPairingKey; sk: { kind: 'pairing'; x: bigint } } {
  return { pk: { kind: 'pairing', p1: pp.g1Exp(x), p2: pp.g2Exp(x) }, sk: { kind: 'pairing', x } };
}

/** The well-formedness check of Eq. 3: e(pk.1, g2) = e(g1, pk.2), and neither half is the identity. */
export function checkPairingKey(pp: MxParams, pk: MxPairingKey): void {
  const G = pp.group;
  if (G.g1.isIdentity(pk.p1) || G.g2.isIdentity(pk.p2)) throw new VerificationError('key-check', 'identity key');
  // With one generator g of a symmetric group the check is exact as an equality: a bilinear map on a cyclic group
  // of prime order is symmetric and e(., g) is injective, so e(a, g) = e(g, b) = e(b, g) iff a = b.
  if (pp.oneGenerator) {
    if (!equalBytes(G.g1.toBytes(pk.p1), G.g2.toBytes(pk.p2)))
      throw new VerificationError('key-check', 'e(pk.1, g2) != e(g1, pk.2)');
    return;
  }
  if (
    !G.gt.isOne(
      G.pairProd([
        [pk.p1, pp.g2Arg],
        [pp.negG1, pk.p2],
      ]),
    )
  )
    throw new VerificationError('key-check', 'e(pk.1, g2) != e(g1, pk.2)');
}

/** Eq. 3: CRF-KeyGen, pk' = pk^r, accepted only if well formed. */
export function blindKey(pp: MxParams, pk: MxPairingKey, r: bigint): MxPairingKey {
  if (pp.oneGenerator) {
    // One generator: pk' is well formed iff pk is (x -> x^r is a bijection), and then pk.2 = pk.1, so pk'.2 = pk'.1.
    // On a symmetric backend G1 and G2 elements are the same points (core/groups/types.ts).
    checkPairingKey(pp, pk);
    const p1 = pp.group.g1.exp(pk.p1, r);
    return { kind: 'pairing', p1, p2: p1 as unknown as G2 };
  }
  const out: MxPairingKey = { kind: 'pairing', p1: pp.group.g1.exp(pk.p1, r), p2: pp.group.g2.exp(pk.p2, r) };
  checkPairingKey(pp, out);
  return out;
}

/** Eq. 4: Enc at the device. K = Z^t is a uniform GT element; C1 = (pk'_P.1)^k, C2 = K Z^k, C_M = AEAD(H1(K), m). */
export function encrypt(
  pp: MxParams,
  pkP: MxPairingKey,
  m: Uint8Array,
  t: bigint,
  k: bigint,
  rng: Rng,
  scope?: Uint8Array,
): MxCiphertext {
  const G = pp.group;
  const K = pp.zExp(t);
  const c1 = pp.keyExp(pkP.p1, k);
  const c2 = G.gt.mul(K, pp.zExp(k));
  const body = sealCounted(G.ops, kdfGT(G.ops, G.gt, K, KDF_INFO), m, recordAD(scope), rng);
  return scope?.length
    ? { level: 1, c1, c2, body, h: digest(body), scope }
    : { level: 1, c1, c2, body, h: digest(body) };
}

/** Eq. 5: CRF-Enc, C1* = C1 (pk'_P.1)^s, C2* = C2 Z^s. */
export function rerandomizeFirstLevel(pp: MxParams, ct: MxCiphertext, pkP: MxPairingKey, s: bigint): MxCiphertext {
  if (ct.level !== 1) throw new VerificationError('crf-enc', 'not a first-level ciphertext');
  const G = pp.group;
  if (G.g1.isIdentity(ct.c1)) throw new VerificationError('crf-enc', 'C1 is the identity');
  return { ...ct, c1: G.g1.mul(ct.c1, pp.keyExp(pkP.p1, s)), c2: G.gt.mul(ct.c2, pp.zExp(s)) };
}

/**
 * Our hardening of Eq. 5 (not in the reference design): the device's firewall also seals the device's C_M under a
 * key of its own, K_W = Z^w, carried by one more element D1 = (pk'_P.1)^w that re-encrypts like C1. Without it a
 * subverted device chooses K and the AEAD nonce so that the bytes of C_M (which Eq. 5 passes through untouched)
 * leak its secrets: the ASA game (proofs/games) found exactly that. With it every byte W_D emits depends on
 * randomness the device does not control. The firewall learns K_W, but only the device's ciphertext is under it.
 */
export function addOuterLayer(pp: MxParams, ct: MxCiphertext, pkP: MxPairingKey, w: bigint, rng: Rng): MxCiphertext {
  if (ct.level !== 1 || ct.outer) throw new VerificationError('crf-enc', 'expects a fresh first-level ciphertext');
  const withD1: MxCiphertext = { ...ct, outer: pp.keyExp(pkP.p1, w) };
  const G = pp.group;
  const body = sealCounted(
    G.ops,
    kdfGT(G.ops, G.gt, pp.zExp(w), OUTER_KDF_INFO),
    ct.body,
    bindingDigest(pp, withD1),
    rng,
  );
  return { ...withD1, body, h: digest(body) };
}

/** The binding digest a receiver opens W_D's layer with: carried at level 2, recomputed from C* at level 1. */
function bindingOf(pp: MxParams, ct: MxCiphertext): Uint8Array {
  if (ct.bind) return ct.bind;
  if (ct.level === 1) return bindingDigest(pp, ct);
  throw new DecryptionError('the re-encrypted ciphertext carries no binding of its capsule');
}

/** Removes W_D's outer layer given K_W; a ciphertext without one is returned as is. */
function peelOuter(pp: MxParams, kw: GT | null, ct: MxCiphertext): MxCiphertext {
  if (!kw) return ct;
  const G = pp.group;
  const key = kdfGT(G.ops, G.gt, kw, OUTER_KDF_INFO);
  return { ...ct, body: openCounted(G.ops, key, ct.body, bindingOf(pp, ct)) } as MxCiphertext;
}

/** Eq. 7: ReKeyGen, rk = target^(1/x_P). */
export function rekeygen(pp: MxParams, xP: bigint, target: G2, wrappedX?: Uint8Array): MxReKey {
  const G = pp.group;
  const rk = G.g2.exp(target, invZr(G.ops, G.zr, xP));
  return wrappedX ? { rk, target, wrappedX } : { rk, target };
}

/**
 * Eq. 8: CRF-ReKeyGen, rk' = rk^(1/r_P), accepted only if e(pk'_P.1, rk') = e(g1, pk'_B.2) where pk'_B is the
 * requester's key from the signed request (the caller's `target`), never the target the guarded algorithm names:
 * the output names `target` too, so a subverted ReKeyGen that aims rk at a third key is refused.
 */
export function adjustReKey(pp: MxParams, rk: MxReKey, rP: bigint, pkP: MxPairingKey, target: G2): MxReKey {
  const G = pp.group;
  const out: MxReKey = { rk: G.g2.exp(rk.rk, invZr(G.ops, G.zr, rP)), target };
  checkReKey(pp, out, pkP);
  return out;
}

/**
 * Eq. 8 for an Eq. 7b delegation, made firewall-able (our change): W_P draws alpha and raises both the virtual key
 * and rk' to it, target' = target^alpha, rk' = rk^(alpha/r_P), so neither depends on the X the patient's
 * algorithm chose; the caller wraps alpha (with the patient's E_B(X)) afresh for the registered receiver. The pairing
 * check can only confirm that rk' delegates to target' (the virtual key hides the receiver); the binding to the
 * requester is the wrap under its registered X25519 key.
 */
export function adjustForeignReKey(pp: MxParams, rk: MxReKey, rP: bigint, pkP: MxPairingKey, alpha: bigint): MxReKey {
  const G = pp.group;
  const out: MxReKey = {
    rk: G.g2.exp(rk.rk, G.zr.mul(alpha, invZr(G.ops, G.zr, rP))),
    target: G.g2.exp(rk.target, alpha),
  };
  checkReKey(pp, out, pkP);
  return out;
}

/** The firewall's and the relay's check on rk': e(pk'_P.1, rk') = e(g1, target). */
export function checkReKey(pp: MxParams, rk: MxReKey, pkP: MxPairingKey): void {
  const G = pp.group;
  if (G.g2.isIdentity(rk.rk) || G.g2.isIdentity(rk.target)) throw new VerificationError('rekey-check', 'identity');
  const y = pp.cachedY(rk.target);
  const ok = y
    ? G.gt.eq(G.pair(pkP.p1, rk.rk), y)
    : G.gt.isOne(
        G.pairProd([
          [pkP.p1, rk.rk],
          [pp.negG1, rk.target],
        ]),
      );
  if (!ok) throw new VerificationError('rekey-check', "e(pk'_P.1, rk') != e(g1, pk'_B.2)");
}

/** Eq. 9: ReEnc at the relay, C1'' = e(C1*, rk'). */
export function reencrypt(pp: MxParams, rk: MxReKey, ct: MxCiphertext): MxCiphertext {
  if (ct.level !== 1) throw new VerificationError('reenc', 'not a first-level ciphertext');
  const c1 = pp.pairWithReKey(ct.c1, rk.rk);
  const from = ct.outer ? { rk, c1: ct.c1, c2: ct.c2, outer: ct.outer } : { rk, c1: ct.c1, c2: ct.c2 };
  const out: MxCiphertext = { level: 2, c1, c2: ct.c2, body: ct.body, h: ct.h, target: rk.target, from };
  if (ct.scope?.length) out.scope = ct.scope;
  if (rk.wrappedX) out.wrappedX = rk.wrappedX;
  if (ct.outer) {
    out.bind = bindingDigest(pp, ct);
    out.outer = pp.pairWithReKey(ct.outer, rk.rk);
  }
  return out;
}

/** Eq. 10: CRF-ReEnc, C1''' = C1'' Y_B^u, C2''' = C2* Z^u, with Y_B = e(g1, target). */
export function rerandomizeSecondLevel(
  pp: MxParams,
  ct: MxCiphertext,
  target: G2,
  u: bigint,
): { ct: MxCiphertext; y: GT } {
  if (ct.level !== 2) throw new VerificationError('crf-reenc', 'not a second-level ciphertext');
  const G = pp.group;
  const y = pp.receiverY(target);
  return { ct: { ...ct, c1: G.gt.mul(ct.c1, pp.receiverYExp(target, y, u)), c2: G.gt.mul(ct.c2, pp.zExp(u)) }, y };
}

/** Eq. 11: receiver firewall, C1b = C1'''^(1/r_B). */
export function unblindSecondLevel(pp: MxParams, ct: MxCiphertext, rB: bigint): MxCiphertext {
  if (ct.level !== 2) throw new VerificationError('crf-receive', 'not a second-level ciphertext');
  const inv = invZr(pp.group.ops, pp.group.zr, rB);
  const out: MxCiphertext = { ...ct, c1: pp.group.gt.exp(ct.c1, inv) };
  if (ct.outer) out.outer = pp.group.gt.exp(ct.outer, inv);
  return out;
}

/** Owner side of Eq. 13: the patient's firewall removes r_P, C1 -> C1^(1/r_P). */
export function unblindFirstLevel(pp: MxParams, ct: MxCiphertext, rP: bigint): MxCiphertext {
  if (ct.level !== 1) throw new VerificationError('crf-receive', 'not a first-level ciphertext');
  const inv = invZr(pp.group.ops, pp.group.zr, rP);
  const out: MxCiphertext = { ...ct, c1: pp.group.g1.exp(ct.c1, inv) };
  if (ct.outer) {
    out.bind = bindingDigest(pp, ct);
    out.outer = pp.group.g1.exp(ct.outer, inv);
  }
  return out;
}

/** Eq. 12's integrity check H2(C_M) = h, done before any group operation. */
export function checkBody(ct: MxCiphertext): void {
  if (!equalBytes(digest(ct.body), ct.h)) throw new DecryptionError('H2(C_M) does not match the recorded hash h');
}

/** Opens C_M with the recovered K and, when W_D added one, the outer layer's K_W. */
export function openBody(pp: MxParams, K: GT, ct: MxCiphertext, kw: GT | null = null): Uint8Array {
  checkBody(ct);
  const G = pp.group;
  const inner = peelOuter(pp, kw, ct);
  return openCounted(G.ops, kdfGT(G.ops, G.gt, K, KDF_INFO), inner.body, recordAD(ct.scope));
}

/** Eq. 12: Dec, K = C2''' / C1b^(1/x_B). */
export function decryptSecondLevel(pp: MxParams, xB: bigint, ct: MxCiphertext): Uint8Array {
  if (ct.level !== 2) throw new DecodeError('format', 'ciphertext', 'not a second-level ciphertext');
  checkBody(ct);
  const G = pp.group;
  const inv = invZr(G.ops, G.zr, xB);
  const inner = peelOuter(pp, ct.outer ? G.gt.exp(ct.outer, inv) : null, ct);
  const K = G.gt.div(ct.c2, G.gt.exp(ct.c1, inv));
  return openCounted(G.ops, kdfGT(G.ops, G.gt, K, KDF_INFO), inner.body, recordAD(ct.scope));
}

/**
 * Eq. 13: owner decryption, K = C2* / e(C1*, g2)^(1/x_P) (C1* already unblinded by the patient's firewall), computed
 * as e(C1*^(1/x_P), g2): the exponent is applied in G1 before the pairing instead of in GT after it (same value by
 * bilinearity; a G1 exponentiation costs a fraction of a GT one, and the pairing keeps its precomputed g2). An owner
 * who registered its key (MxParams.registerOwnerKey) pairs with its precomputed g2^(1/x_P) instead: no exponent.
 */
export function decryptFirstLevel(pp: MxParams, xP: bigint, ct: MxCiphertext): Uint8Array {
  if (ct.level !== 1) throw new DecodeError('format', 'ciphertext', 'not a first-level ciphertext');
  checkBody(ct);
  const G = pp.group;
  // With the owner's g2^(1/x_P) precomputed (registerOwnerKey), e(C1*, g2^(1/x_P)) = e(C1*^(1/x_P), g2): the same
  // value with no exponentiation at all per record.
  const lines = pp.ownerLines(xP);
  let blind: (a: G1) => GT;
  if (lines) blind = (a) => lines.pair(a);
  else {
    const inv = invZr(G.ops, G.zr, xP);
    blind = (a) => pp.pairWithG2(G.g1.exp(a, inv));
  }
  const inner = peelOuter(pp, ct.outer ? blind(ct.outer) : null, ct);
  const K = G.gt.div(ct.c2, blind(ct.c1));
  return openCounted(G.ops, kdfGT(G.ops, G.gt, K, KDF_INFO), inner.body, recordAD(ct.scope));
}
