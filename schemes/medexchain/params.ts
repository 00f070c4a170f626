/**
 * MedExChain public parameters (Eq. 1 of the reference design, `../shared/spec/medexchain.md`, a reconstruction):
 * pp = (q, G1, G2, GT, e, g1, g2, Z = e(g1, g2), H1, H2, AEAD), plus the precomputation that the `precompute`
 * option turns on. Precomputed tables are built once (setup or registration), outside a record's flow, and reused:
 *   - fixed-base tables for g1, g2 and Z;
 *   - a precomputed pairing argument for g2 (owner decryption, key checks);
 *   - per patient key: a fixed-base table for pk'_P.1 (the device encrypts every record to it);
 *   - per receiver key: Y_B = e(g1, pk'_B.2) (the W_P check) and a fixed-base table of Y_B (W_R raises it to a fresh
 *     u for every record it re-randomizes);
 *   - per re-encryption key: a precomputed pairing argument for rk' (the relay re-encrypts every record with it);
 *   - per key owner: a precomputed pairing argument for g2^(1/x) (owner decryption, Eq. 13, pairs every record's
 *     C1* with it). It is derived from the owner's secret and looked up by that secret, so only a holder of x finds
 *     it; in a deployment it lives with the owner's key, here (one process for all parties) beside the other caches.
 * Without `precompute`, every value is computed when used: the naive path the ablation measures against.
 */
import { equalBytes } from '@noble/curves/utils.js';
import type { FixedBase, G1, G2, GT, PairingGroup, PairingPrecomp } from '../../core/groups/types.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/**
 * Per-key caches hold at most this many keys (oldest evicted first). A fixed-base table is thousands of points, so
 * an unbounded cache turns a long run with fresh keys into a memory leak whose garbage collection shows up in every
 * later measurement.
 */
const MAX_CACHED_KEYS = 4;

function remember<V>(m: Map<string, V>, k: string, make: () => V, evict?: (v: V) => void): void {
  if (m.has(k)) return;
  if (m.size >= MAX_CACHED_KEYS) {
    const [oldK, oldV] = m.entries().next().value as [string, V];
    m.delete(oldK);
    evict?.(oldV);
  }
  m.set(k, make());
}

export class MxParams {
  readonly g1: G1;
  readonly g2: G2;
  readonly negG1: G1;
  readonly Z: GT;
  /**
   * A symmetric group whose G1 and G2 views share one generator (SS512): Eq. 3's pairing check is then an equality
   * (see checkPairingKey in algorithms.ts).
   */
  readonly oneGenerator: boolean;
  private readonly fixed?: { g1: FixedBase<G1>; g2: FixedBase<G2>; Z: FixedBase<GT>; g2pc: PairingPrecomp };
  private readonly g1Tables = new Map<string, FixedBase<G1>>();
  private readonly yCache = new Map<string, GT>();
  private readonly yTables = new Map<string, FixedBase<GT>>();
  private readonly rkPre = new Map<string, PairingPrecomp>();
  private readonly rkTables = new Map<string, FixedBase<G2>>();
  private readonly ownerPre = new Map<string, PairingPrecomp>();

  constructor(
    readonly group: PairingGroup,
    readonly precompute: boolean,
  ) {
    this.g1 = group.g1.generator();
    this.g2 = group.g2.generator();
    this.negG1 = group.g1.inv(this.g1);
    this.Z = group.pair(this.g1, this.g2);
    this.oneGenerator = group.symmetric && equalBytes(group.g1.toBytes(this.g1), group.g2.toBytes(this.g2));
    if (precompute)
      this.fixed = {
        g1: group.g1.precompute(this.g1),
        g2: group.g2.precompute(this.g2),
        Z: group.gt.precompute(this.Z),
        g2pc: group.precomputePairing(this.g2),
      };
  }

  /** g1^k */
  g1Exp(k: bigint): G1 {
    return this.fixed ? this.fixed.g1.exp(k) : this.group.g1.exp(this.g1, k);
  }
  /** g2^k */
  g2Exp(k: bigint): G2 {
    return this.fixed ? this.fixed.g2.exp(k) : this.group.g2.exp(this.g2, k);
  }
  /** Z^k */
  zExp(k: bigint): GT {
    return this.fixed ? this.fixed.Z.exp(k) : this.group.gt.exp(this.Z, k);
  }
  /** e(a, g2) */
  pairWithG2(a: G1): GT {
    return this.fixed ? this.fixed.g2pc.pair(a) : this.group.pair(a, this.g2);
  }
  /** The second argument g2 for a product of pairings (precomputed when available). */
  get g2Arg(): G2 | PairingPrecomp {
    return this.fixed ? this.fixed.g2pc : this.g2;
  }

  /** Registers a patient key for encryption: builds its fixed-base table (precompute only). */
  registerEncryptionKey(p1: G1): void {
    if (!this.precompute) return;
    remember(this.g1Tables, hex(this.group.g1.toBytes(p1)), () => this.group.g1.precompute(p1));
  }
  /** p1^k, with p1's table when registered. */
  keyExp(p1: G1, k: bigint): G1 {
    const t = this.precompute ? this.g1Tables.get(hex(this.group.g1.toBytes(p1))) : undefined;
    return t ? t.exp(k) : this.group.g1.exp(p1, k);
  }

  /** Registers a receiver key: caches Y_B = e(g1, target) and its fixed-base table (precompute only). */
  registerReceiver(target: G2): void {
    if (!this.precompute) return;
    const k = hex(this.group.g2.toBytes(target));
    remember(this.yCache, k, () => this.group.pair(this.g1, target));
    remember(this.yTables, k, () => this.group.gt.precompute(this.yCache.get(k)!));
  }
  /** y^u for y = Y_B of `target`: through the registered table when there is one, else a plain exponentiation. */
  receiverYExp(target: G2, y: GT, u: bigint): GT {
    const t = this.precompute ? this.yTables.get(hex(this.group.g2.toBytes(target))) : undefined;
    return t ? t.exp(u) : this.group.gt.exp(y, u);
  }
  /** Y_B = e(g1, target), cached when registered. */
  receiverY(target: G2): GT {
    const y = this.precompute ? this.yCache.get(hex(this.group.g2.toBytes(target))) : undefined;
    return y ?? this.group.pair(this.g1, target);
  }
  /** The cached Y_B if registered (lets a check use one pairing instead of two). */
  cachedY(target: G2): GT | undefined {
    return this.precompute ? this.yCache.get(hex(this.group.g2.toBytes(target))) : undefined;
  }

  /** Registers a re-encryption key at the relay: precomputes its pairing argument (precompute only). */
  registerReKey(rk: G2): void {
    if (!this.precompute) return;
    remember(
      this.rkPre,
      hex(this.group.g2.toBytes(rk)),
      () => this.group.precomputePairing(rk),
      (p) => p.destroy(),
    );
    // W_R's Eq. 14 proof raises rk' to a fresh exponent per record (sigma = rk'^(b+c), audit.ts).
    remember(this.rkTables, hex(this.group.g2.toBytes(rk)), () => this.group.g2.precompute(rk));
  }
  /** rk'^k, through rk''s fixed-base table when registered. */
  reKeyExp(rk: G2, k: bigint): G2 {
    const t = this.precompute ? this.rkTables.get(hex(this.group.g2.toBytes(rk))) : undefined;
    return t ? t.exp(k) : this.group.g2.exp(rk, k);
  }
  /** e(c1, rk), with rk's precomputed lines when registered. */
  pairWithReKey(c1: G1, rk: G2): GT {
    const pc = this.precompute ? this.rkPre.get(hex(this.group.g2.toBytes(rk))) : undefined;
    return pc ? pc.pair(c1) : this.group.pair(c1, rk);
  }

  /** Registers a key owner's decryption: precomputes the pairing argument g2^(1/x) (precompute only). */
  registerOwnerKey(x: bigint): void {
    if (!this.precompute) return;
    remember(
      this.ownerPre,
      x.toString(16),
      () => this.group.precomputePairing(this.g2Exp(this.group.zr.inv(x))),
      (p) => p.destroy(),
    );
  }
  /** The owner's precomputed g2^(1/x), if registered: e(a, g2^(1/x)) = e(a^(1/x), g2) without exponentiating a. */
  ownerLines(x: bigint): PairingPrecomp | undefined {
    return this.precompute ? this.ownerPre.get(x.toString(16)) : undefined;
  }

  dispose(): void {
    this.fixed?.g2pc.destroy();
    for (const p of [...this.rkPre.values(), ...this.ownerPre.values()]) p.destroy();
    this.rkPre.clear();
    this.ownerPre.clear();
  }
}
