/**
 * Umbral threshold proxy re-encryption: the algorithms, on a prime-order group (secp256k1 in the scheme).
 *
 * Source: D. Nuñez, "Umbral: A Threshold Proxy Re-Encryption Scheme", NuCypher technical report, 2018 (the
 * specification, sections 3-4). Names below follow it:
 *  - Parameters: generator g, a second generator U = H2C("UMBRAL/U") whose discrete log nobody knows.
 *  - Encapsulate(pk_A) (sec. 3.2): r, u <- Zq; E = g^r, V = g^u, s = u + r·H2(E, V); K = KDF(pk_A^(r+u));
 *    capsule = (E, V, s). A capsule is valid iff g^s = V·E^H2(E,V) (CheckCapsule).
 *  - Decapsulate(a, capsule): CheckCapsule, then K = KDF((E·V)^a).
 *  - ReKeyGen(a, pk_B, t, n) (sec. 3.3): ephemeral x_A, X_A = g^x_A, d = H3(X_A, pk_B, pk_B^x_A); a polynomial f of
 *    degree t-1 with f(0) = a·d^-1; D = H6(pk_A, pk_B, pk_B^a); for each fragment a random id, s_x = H5(id, D),
 *    rk = f(s_x), the commitment U1 = U^rk and the delegator's Schnorr signature (z1, z2): y <- Zq, Y = g^y,
 *    z1 = H4(Y, id, pk_A, pk_B, U1, X_A), z2 = y - a·z1. kFrag = (id, rk, X_A, U1, z1, z2).
 *  - ReEncapsulate(kFrag, capsule) (sec. 3.4): the proxy checks U1 = U^rk and the kFrag signature, then E1 = E^rk, V1 = V^rk, with a proof of correct re-encryption
 *    (sec. 4, a Chaum-Pedersen style proof of equal discrete logs of E1, V1, U1 to bases E, V, U): t <- Zq,
 *    E2 = E^t, V2 = V^t, U2 = U^t, h = H(E, E1, E2, V, V1, V2, U, U1, U2), rho = t + h·rk.
 *    cFrag = (E1, V1, id, X_A) with proof (E2, V2, U2, U1, rho, z1, z2).
 *  - CheckCFrag: E^rho = E2·E1^h, V^rho = V2·V1^h, U^rho = U2·U1^h, and the kFrag signature
 *    z1 = H4(g^z2·pk_A^z1, id, pk_A, pk_B, U1, X_A), which binds U1 (hence rk) to the delegator.
 *  - DecapsulateFrags(b, pk_A, {cFrag_i}) (sec. 3.5): D = H6(pk_A, pk_B, pk_A^b), s_x,i = H5(id_i, D), Lagrange
 *    coefficients lambda_i at 0, E' = prod E1_i^lambda_i, V' = prod V1_i^lambda_i, d = H3(X_A, pk_B, X_A^b),
 *    K = KDF((E'·V')^d). Correct because sum lambda_i·rk_i = f(0) = a/d, so (E'·V')^d = (E·V)^a.
 *
 * Departures, all documented: the hash functions are RFC 9380 hash-to-scalar with one domain tag each (the
 * report's H2..H6 are likewise domain-separated SHA-256 based hashes); the kFrag is signed with the delegator's own
 * key (the report's variant) rather than a separate signing key as in later releases of pyUmbral; the DEM is
 * ChaCha20-Poly1305 with the capsule as associated data (as in the report).
 */
import { DecryptionError, ParameterError, VerificationError } from '../../core/errors.js';
import type { EcPoint, PrimeGroup } from '../../core/groups/secp256k1.js';
import type { FixedBase } from '../../core/groups/types.js';
import type { Rng } from '../../core/rng.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { deriveKeyCounted, invZr } from '../../core/counted.js';

export interface Capsule {
  E: EcPoint;
  V: EcPoint;
  s: bigint;
}

export interface KFrag {
  id: bigint;
  rk: bigint;
  XA: EcPoint;
  U1: EcPoint;
  z1: bigint;
  z2: bigint;
}

export interface CFragProof {
  E2: EcPoint;
  V2: EcPoint;
  U2: EcPoint;
  U1: EcPoint;
  rho: bigint;
  z1: bigint;
  z2: bigint;
}

export interface CFrag {
  E1: EcPoint;
  V1: EcPoint;
  id: bigint;
  XA: EcPoint;
  proof: CFragProof;
}

const DST = {
  U: 'UMBRAL/PARAMETERS/U',
  capsule: 'UMBRAL/H2/CAPSULE',
  nonInteractive: 'UMBRAL/H3/NON_INTERACTIVE',
  signature: 'UMBRAL/H4/KFRAG_SIGNATURE',
  xCoordinate: 'UMBRAL/H5/X_COORDINATE',
  sharedSecret: 'UMBRAL/H6/SHARED_SECRET',
  proof: 'UMBRAL/CFRAG_PROOF',
  kdf: 'UMBRAL/KDF',
} as const;

/** The Umbral algorithms bound to one group, with fixed-base tables for g and U. */
export class Umbral {
  readonly U: EcPoint;
  private readonly gTable: FixedBase<EcPoint>;
  private readonly uTable: FixedBase<EcPoint>;

  constructor(readonly grp: PrimeGroup) {
    // U is derived once at setup (setup is not part of any algorithm's count).
    this.U = grp.ops.measure(() => grp.hash(utf8ToBytes('U'), DST.U)).result;
    this.gTable = grp.precompute(grp.generator());
    this.uTable = grp.precompute(this.U);
  }

  private pt(p: EcPoint): Uint8Array {
    return this.grp.toBytes(p);
  }

  private sc(k: bigint): Uint8Array {
    return this.grp.zr.toBytes(this.grp.zr.reduce(k));
  }

  private h(dst: string, ...parts: Uint8Array[]): bigint {
    return this.grp.zr.hash(concatBytes(...parts), dst);
  }

  keygen(rng: Rng): { pk: EcPoint; sk: bigint } {
    const sk = this.grp.zr.random(rng);
    return { pk: this.gTable.exp(sk), sk };
  }

  /** Encapsulate: a capsule for pk_A and the 32-byte DEM key it carries. */
  encapsulate(pkA: EcPoint, rng: Rng): { capsule: Capsule; key: Uint8Array } {
    const { zr } = this.grp;
    const r = zr.random(rng);
    const u = zr.random(rng);
    const E = this.gTable.exp(r);
    const V = this.gTable.exp(u);
    const s = zr.add(u, zr.mul(r, this.h(DST.capsule, this.pt(E), this.pt(V))));
    const shared = this.grp.exp(pkA, zr.add(r, u));
    return { capsule: { E, V, s }, key: deriveKeyCounted(this.grp.ops, this.pt(shared), DST.kdf) };
  }

  /** CheckCapsule: g^s = V·E^H2(E,V). */
  checkCapsule(c: Capsule): void {
    const hv = this.h(DST.capsule, this.pt(c.E), this.pt(c.V));
    const rhs = this.grp.mul(c.V, this.grp.exp(c.E, hv));
    if (!this.grp.eq(this.gTable.exp(c.s), rhs)) throw new VerificationError('umbral-capsule', 'g^s != V·E^H(E,V)');
  }

  /** Decapsulate by the delegator: K = KDF((E·V)^a) after CheckCapsule. */
  decapsulate(skA: bigint, c: Capsule): Uint8Array {
    this.checkCapsule(c);
    return deriveKeyCounted(this.grp.ops, this.pt(this.grp.exp(this.grp.mul(c.E, c.V), skA)), DST.kdf);
  }

  /** ReKeyGen: n kFrags, any t of which re-encrypt. */
  generateKFrags(skA: bigint, pkA: EcPoint, pkB: EcPoint, t: number, n: number, rng: Rng): KFrag[] {
    if (!Number.isInteger(t) || !Number.isInteger(n) || t < 1 || n < t || n > 255)
      throw new ParameterError(`Umbral threshold must satisfy 1 <= t <= n <= 255, got ${t}-of-${n}`);
    const { zr } = this.grp;
    const xA = zr.random(rng);
    const XA = this.gTable.exp(xA);
    const d = this.h(DST.nonInteractive, this.pt(XA), this.pt(pkB), this.pt(this.grp.exp(pkB, xA)));
    const coeffs = [zr.mul(skA, invZr(this.grp.ops, zr, d))];
    for (let i = 1; i < t; i++) coeffs.push(zr.random(rng));
    const D = this.h(DST.sharedSecret, this.pt(pkA), this.pt(pkB), this.pt(this.grp.exp(pkB, skA)));
    const kfrags: KFrag[] = [];
    const ids = new Set<bigint>();
    while (kfrags.length < n) {
      const id = zr.random(rng);
      if (ids.has(id)) continue; // distinct x-coordinates are required for interpolation
      ids.add(id);
      const sx = this.h(DST.xCoordinate, this.sc(id), this.sc(D));
      let rk = 0n; // Horner evaluation of f at s_x
      for (let j = coeffs.length - 1; j >= 0; j--) rk = zr.add(zr.mul(rk, sx), coeffs[j]!);
      const U1 = this.uTable.exp(rk);
      const y = zr.random(rng);
      const Y = this.gTable.exp(y);
      const z1 = this.h(DST.signature, this.pt(Y), this.sc(id), this.pt(pkA), this.pt(pkB), this.pt(U1), this.pt(XA));
      const z2 = zr.sub(y, zr.mul(skA, z1));
      kfrags.push({ id, rk, XA, U1, z1, z2 });
    }
    return kfrags;
  }

  /** Verifies the delegator's signature (z1, z2) over a kFrag's public part. */
  checkKFragSignature(k: Pick<KFrag, 'id' | 'XA' | 'U1' | 'z1' | 'z2'>, pkA: EcPoint, pkB: EcPoint): void {
    const Y = this.grp.mul(this.gTable.exp(k.z2), this.grp.exp(pkA, k.z1));
    const z1 = this.h(
      DST.signature,
      this.pt(Y),
      this.sc(k.id),
      this.pt(pkA),
      this.pt(pkB),
      this.pt(k.U1),
      this.pt(k.XA),
    );
    if (z1 !== k.z1) throw new VerificationError('umbral-kfrag-signature', 'the kFrag is not signed by the delegator');
  }

  /** ReEncapsulate by one proxy: checks the kFrag and the capsule, re-encrypts, proves it. */
  reencapsulate(k: KFrag, c: Capsule, pkA: EcPoint, pkB: EcPoint, rng: Rng): CFrag {
    // The proxy holds rk, so it checks the signed commitment U1 = U^rk before using it.
    if (!this.grp.eq(this.uTable.exp(k.rk), k.U1))
      throw new VerificationError('umbral-kfrag-commitment', 'U^rk differs from the signed commitment U1');
    this.checkKFragSignature(k, pkA, pkB);
    this.checkCapsule(c);
    const E1 = this.grp.exp(c.E, k.rk);
    const V1 = this.grp.exp(c.V, k.rk);
    const tt = this.grp.zr.random(rng);
    const E2 = this.grp.exp(c.E, tt);
    const V2 = this.grp.exp(c.V, tt);
    const U2 = this.uTable.exp(tt);
    const h = this.proofChallenge(c, E1, E2, V1, V2, k.U1, U2);
    const rho = this.grp.zr.add(tt, this.grp.zr.mul(h, k.rk));
    return { E1, V1, id: k.id, XA: k.XA, proof: { E2, V2, U2, U1: k.U1, rho, z1: k.z1, z2: k.z2 } };
  }

  private proofChallenge(
    c: Capsule,
    E1: EcPoint,
    E2: EcPoint,
    V1: EcPoint,
    V2: EcPoint,
    U1: EcPoint,
    U2: EcPoint,
  ): bigint {
    const pts = [c.E, E1, E2, c.V, V1, V2, this.U, U1, U2].map((p) => this.pt(p));
    return this.h(DST.proof, ...pts);
  }

  /** CheckCFrag: the proof of correct re-encryption and the kFrag signature it carries. */
  checkCFrag(f: CFrag, c: Capsule, pkA: EcPoint, pkB: EcPoint): void {
    const { proof } = f;
    const h = this.proofChallenge(c, f.E1, proof.E2, f.V1, proof.V2, proof.U1, proof.U2);
    const g = this.grp;
    const okE = g.eq(g.exp(c.E, proof.rho), g.mul(proof.E2, g.exp(f.E1, h)));
    const okV = g.eq(g.exp(c.V, proof.rho), g.mul(proof.V2, g.exp(f.V1, h)));
    const okU = g.eq(this.uTable.exp(proof.rho), g.mul(proof.U2, g.exp(proof.U1, h)));
    if (!(okE && okV && okU))
      throw new VerificationError('umbral-cfrag-proof', 'the re-encryption proof does not hold');
    this.checkKFragSignature({ id: f.id, XA: f.XA, U1: proof.U1, z1: proof.z1, z2: proof.z2 }, pkA, pkB);
  }

  /** DecapsulateFrags by the delegatee: verifies every cFrag, then combines them. */
  decapsulateFrags(skB: bigint, pkB: EcPoint, pkA: EcPoint, c: Capsule, cfrags: CFrag[]): Uint8Array {
    if (cfrags.length === 0) throw new DecryptionError('no capsule fragments');
    const XA = cfrags[0]!.XA;
    const ids = new Set<bigint>();
    for (const f of cfrags) {
      if (!this.grp.eq(f.XA, XA))
        throw new VerificationError('umbral-cfrag-set', 'cFrags come from different delegations');
      if (ids.has(f.id)) throw new VerificationError('umbral-cfrag-set', 'duplicate cFrag');
      ids.add(f.id);
    }
    for (const f of cfrags) this.checkCFrag(f, c, pkA, pkB);
    const { zr } = this.grp;
    const D = this.h(DST.sharedSecret, this.pt(pkA), this.pt(pkB), this.pt(this.grp.exp(pkA, skB)));
    const xs = cfrags.map((f) => this.h(DST.xCoordinate, this.sc(f.id), this.sc(D)));
    let Ep: EcPoint | null = null;
    let Vp: EcPoint | null = null;
    cfrags.forEach((f, i) => {
      let lambda = 1n; // Lagrange coefficient at 0: prod_{j != i} x_j / (x_j - x_i)
      xs.forEach((xj, j) => {
        if (j !== i) lambda = zr.mul(lambda, zr.mul(xj, invZr(this.grp.ops, zr, zr.sub(xj, xs[i]!))));
      });
      const e = this.grp.exp(f.E1, lambda);
      const v = this.grp.exp(f.V1, lambda);
      Ep = Ep === null ? e : this.grp.mul(Ep, e);
      Vp = Vp === null ? v : this.grp.mul(Vp, v);
    });
    const d = this.h(DST.nonInteractive, this.pt(XA), this.pt(pkB), this.pt(this.grp.exp(XA, skB)));
    return deriveKeyCounted(this.grp.ops, this.pt(this.grp.exp(this.grp.mul(Ep!, Vp!), d)), DST.kdf);
  }
}
