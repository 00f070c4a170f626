/**
 * BSW07: Bethencourt-Sahai-Waters ciphertext-policy attribute-based encryption with access trees of threshold
 * gates (J. Bethencourt, A. Sahai, B. Waters, "Ciphertext-Policy Attribute-Based Encryption", IEEE S&P 2007,
 * sec. 4.2), on an asymmetric pairing e: G1 x G2 -> GT.
 *
 *   Setup:       alpha, beta <- Zq; PK = (g1, h = g1^beta, Y = e(g1, g2)^alpha); MK = (beta, g2^alpha)
 *   Encrypt(M, T): s <- Zq; a polynomial q_x of degree k_x - 1 per node, q_root(0) = s, q_x(0) = q_parent(index(x));
 *                C~ = M·Y^s, C = h^s; per leaf y: C_y = g2^(q_y(0)), C'_y = H(att(y))^(q_y(0))
 *   KeyGen(MK, S): r <- Zq; D = g2^((alpha + r)/beta); per j in S: r_j <- Zq, D_j = g1^r·H(j)^(r_j), D'_j = g2^(r_j)
 *   DecryptNode(leaf y, j = att(y) in S) = e(D_j, C_y) / e(C'_y, D'_j) = e(g1, g2)^(r q_y(0))
 *   DecryptNode(gate x) = prod_{z in S_x} F_z^(Delta_{i, S'_x}(0)) over k_x satisfied children (Lagrange in the
 *                exponent), so the root gives A = e(g1, g2)^(r s)
 *   Decrypt:     M = C~ / (e(C, D) / A)
 *
 * Group placement (the paper is symmetric): H maps attributes to G1, so the encrypter's per-leaf hash and key
 * components D_j are in G1 while C_y, D'_j and D are in G2; every pairing is then e(G1, G2):
 * e(D_j, C_y) / e(C'_y, D'_j) = e(g1, g2)^(r q) · e(H(j), g2)^(r_j q) / e(H(j), g2)^(q r_j). The two pairings of a
 * leaf are one pairing product (two Miller loops, one final exponentiation). Decryption picks, at each gate, the k
 * satisfied children with the fewest leaves before computing anything (the paper's "pruned" evaluation).
 *
 * Hybrid use: M is a random K in GT (Z^rho); the record is sealed with AES-256-GCM under KDF(K), the policy text and
 * C as associated data.
 */
import { bsw07Protocol } from './protocol.js';
import { DecodeError, DecryptionError, UnsupportedError } from '../../core/errors.js';
import type { G1, G2, GT, PairingGroup } from '../../core/groups/types.js';
import type { Rng } from '../../core/rng.js';
import { systemRng } from '../../core/rng.js';
import {
  noCapabilities,
  type CostModel,
  type MessageSpec,
  type Scheme,
  type SchemeCodec,
  type SchemeInstance,
  type SchemeParams,
} from '../../core/types.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { invZr, kdfGT, openCounted, sealCounted } from '../../core/counted.js';
import { fixedBases, fixedExpOps, ops } from '../../core/fixed-bases.js';
import { withImpl } from '../../core/layout.js';
import { KIND, objectWriter, openObject, schemeTag, type Reader } from '../../core/wire.js';
import {
  attributeCount,
  attributesOf,
  DEFAULT_ATTRIBUTES,
  isAttributeName,
  noReKeys,
  policyOf,
  runAbeStory,
} from '../../core/abe/common.js';
import { leaves, parsePolicy, PolicyError, satisfyingLeaves, type PolicyNode } from '../../core/abe/policy.js';

export interface BswKey {
  attributes: string[];
}
export interface BswSecretKey {
  D: G2;
  /** Per attribute, sorted by name. */
  comps: Map<string, { Dj: G1; Djp: G2 }>;
}
export interface BswCiphertext {
  policy: string;
  tree: PolicyNode;
  Ct: GT;
  C: G1;
  /** Per leaf of the tree, left to right. */
  leaves: { Cy: G2; Cyp: G1 }[];
  sealed: Uint8Array;
}
export type BswInstance = SchemeInstance<BswKey, BswSecretKey, BswCiphertext, never>;

const AEAD = 'aes-256-gcm';
const DST_H = 'BSW07/H/attribute';

function costModel(params: SchemeParams, opt: { precompute: boolean }): CostModel {
  const n = attributeCount(params);
  const f = fixedExpOps(opt.precompute);
  return {
    algorithms: [
      {
        algorithm: 'keygen',
        party: 'authority',
        per: 'hospital',
        ops: ops([f.E2, 1 + n], [f.E1, 1], ['hashG1', n], ['expG1', n], ['mulG1', n], ['invZr', 1]),
        note: "D = g2^((alpha+r)/beta) (1/beta), g1^r; per attribute H(j)^(r_j), D_j, D'_j = g2^(r_j)",
      },
      {
        algorithm: 'encrypt',
        party: 'device',
        ops: ops([f.ET, 2], ['mulGT', 1], [f.E1, 1], [f.E2, n], ['hashG1', n], ['expG1', n], ['kdf', 1], ['aead', 1]),
        note: 'K = Z^rho, C~ = K·Y^s, C = h^s; per leaf g2^q, H(att)^q; KDF, AEAD seal',
      },
      {
        algorithm: 'decrypt',
        party: 'hospital',
        // strict decodes of the received ciphertext first: C~ (GT), C (G1), and per leaf C_y (G1), C'_y (G2)
        ops: ops(
          ['decodeGT', 1],
          ['decodeG1', n + 1],
          ['decodeG2', n],
          ['millerLoop', 2 * n + 1],
          ['finalExp', n + 1],
          ['expGT', n > 1 ? n : 0],
          ['mulGT', n + 1],
          ['invGT', 1],
          ['invZr', n > 1 ? n * (n - 1) : 0],
          ['kdf', 1],
          ['aead', 1],
        ),
        note:
          "per leaf e(D_j, C_y)/e(C'_y, D'_j) (2 Miller loops, 1 final exp), Lagrange in GT (n(n-1) scalar " +
          'inversions at the AND gate), e(C, D); KDF, AEAD open',
      },
    ],
    scaling: `n-attribute AND policy (n = ${n}): KeyGen (n+1) E2 + (n+1) E1 + n H; Enc n E2 + (n+1) E1 + n H + 2 ET; Dec 2n+1 Miller loops, n+1 final exp, n ET`,
  };
}

function messages(params: SchemeParams): MessageSpec[] {
  const n = attributeCount(params);
  // The codec sends exactly the listed group elements (attribute names and the policy string are framing, the
  // sealed record is the body), so each message's implementation elements are its listed ones at real size.
  return withImpl([
    {
      id: 'M1',
      from: 'authority',
      to: 'hospital',
      description: `secret key for ${n} attributes (D, and D_j, D'_j per attribute)`,
      elements: [
        { name: 'D', group: 'G2' },
        ...Array.from({ length: n }, (_, i) => [
          { name: `D_${i}`, group: 'G1' as const },
          { name: `D'_${i}`, group: 'G2' as const },
        ]).flat(),
      ],
    },
    {
      id: 'M2',
      from: 'device',
      to: 'storage',
      description: `ciphertext under an ${n}-attribute policy (C~, C, and C_y, C'_y per leaf) and sealed record`,
      elements: [
        { name: 'C~', group: 'GT' },
        { name: 'C', group: 'G1' },
        ...Array.from({ length: n }, (_, i) => [
          { name: `C_${i}`, group: 'G2' as const },
          { name: `C'_${i}`, group: 'G1' as const },
        ]).flat(),
      ],
    },
  ]);
}

export const bsw07: Scheme = {
  name: 'bsw07',
  title: 'BSW07 ciphertext-policy ABE (access trees)',
  family: 'cp-abe',
  citation:
    'J. Bethencourt, A. Sahai, B. Waters, "Ciphertext-Policy Attribute-Based Encryption", IEEE S&P 2007, sec. 4.2 ' +
    '(Setup, Encrypt with threshold-gate access trees, KeyGen, DecryptNode, Decrypt)',
  capabilities: { ...noCapabilities(), attributeBased: true },
  supports: (group) => group !== null,
  defaultParams: () => ({ attributes: DEFAULT_ATTRIBUTES }),
  costModel,
  messages,
  protocol: () => bsw07Protocol,
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('BSW07 needs a pairing group');
    return createBsw07(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

function makeCodec(group: PairingGroup): SchemeCodec<BswKey, BswSecretKey, BswCiphertext, never> {
  const tag = schemeTag('bsw07');
  const { g1, g2, gt } = group;
  const p1 = (r: Reader, n: string) => r.field(g1.size, (b) => g1.fromBytes(b), n);
  const p2 = (r: Reader, n: string) => r.field(g2.size, (b) => g2.fromBytes(b), n);
  const readNames = (r: Reader, what: string): string[] => {
    const count = r.u16();
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const a = r.str(256);
      if (!isAttributeName(a)) throw new DecodeError('format', what, 'not an attribute name');
      if (i > 0 && !(names[i - 1]! < a)) throw new DecodeError('non-canonical', what, 'attributes not strictly sorted');
      names.push(a);
    }
    return names;
  };
  return {
    encodePublicKey(pk) {
      const w = objectWriter(tag, KIND.publicKey).u16(pk.attributes.length);
      for (const a of pk.attributes) w.str(a);
      return w.finish();
    },
    decodePublicKey(b) {
      const { r } = openObject(b, tag, [KIND.publicKey], 'BSW07 attribute set');
      const attributes = readNames(r, 'BSW07 attribute set');
      r.end();
      return { attributes };
    },
    encodeSecretKey(sk) {
      const w = objectWriter(tag, KIND.secretKey).fixed(g2.toBytes(sk.D)).u16(sk.comps.size);
      for (const [a, c] of [...sk.comps].sort(([x], [y]) => (x < y ? -1 : 1)))
        w.str(a).fixed(g1.toBytes(c.Dj)).fixed(g2.toBytes(c.Djp));
      return w.finish();
    },
    decodeSecretKey(b) {
      const { r } = openObject(b, tag, [KIND.secretKey], 'BSW07 secret key');
      const D = p2(r, 'D');
      const count = r.u16();
      const comps = new Map<string, { Dj: G1; Djp: G2 }>();
      let prev = '';
      for (let i = 0; i < count; i++) {
        const a = r.str(256);
        if (!isAttributeName(a)) throw new DecodeError('format', 'BSW07 secret key', 'not an attribute name');
        if (i > 0 && !(prev < a))
          throw new DecodeError('non-canonical', 'BSW07 secret key', 'attributes not strictly sorted');
        prev = a;
        comps.set(a, { Dj: p1(r, `D_${a}`), Djp: p2(r, `D'_${a}`) });
      }
      r.end();
      return { D, comps };
    },
    encodeCiphertext(ct) {
      const w = objectWriter(tag, KIND.ciphertext1)
        .str(ct.policy)
        .fixed(gt.toBytes(ct.Ct))
        .fixed(g1.toBytes(ct.C))
        .u16(ct.leaves.length);
      for (const l of ct.leaves) w.fixed(g2.toBytes(l.Cy)).fixed(g1.toBytes(l.Cyp));
      return w.bytes(ct.sealed).finish();
    },
    decodeCiphertext(b) {
      const what = 'BSW07 ciphertext';
      const { r } = openObject(b, tag, [KIND.ciphertext1], what);
      const policy = r.str(4096);
      let tree: PolicyNode;
      try {
        tree = parsePolicy(policy);
      } catch (e) {
        throw new DecodeError('format', what, e instanceof PolicyError ? e.message : 'bad policy');
      }
      const Ct = r.field(gt.size, (x) => gt.fromBytes(x), 'C~');
      const C = p1(r, 'C');
      const count = r.u16();
      if (count !== leaves(tree).length)
        throw new DecodeError('format', what, `${count} leaf components for ${leaves(tree).length} leaves`);
      const ls = Array.from({ length: count }, (_, i) => ({ Cy: p2(r, `C_${i}`), Cyp: p1(r, `C'_${i}`) }));
      const sealed = r.bytes();
      r.end();
      return { policy, tree, Ct, C, leaves: ls, sealed };
    },
    ...noReKeys('BSW07'),
  };
}

export function createBsw07(
  group: PairingGroup,
  precompute: boolean,
  paramsIn: SchemeParams,
  setupRng: Rng = systemRng,
): BswInstance {
  const params: SchemeParams = { ...paramsIn, attributes: attributeCount(paramsIn) };
  const { zr, g1, gt } = group;
  const fb = fixedBases(group, precompute);
  const codec = makeCodec(group);
  // Authority setup (one-time).
  const { alpha, beta, hTable, yTable } = group.ops.measure(() => {
    const alpha = zr.random(setupRng);
    const beta = zr.random(setupRng);
    const h = fb.g1(beta);
    return { alpha, beta, hTable: fb.g1Base(h), yTable: fb.gtBase(fb.z(alpha)) };
  }).result;
  const H = (a: string) => g1.hash(utf8ToBytes(a), DST_H);
  const key = (K: GT) => kdfGT(group.ops, gt, K, 'bsw07/dem');
  const aad = (policy: string, C: G1) => concatBytes(utf8ToBytes(policy), g1.toBytes(C));

  /** Shares s down the tree: the value q_x(0) at every leaf, left to right. */
  const share = (tree: PolicyNode, s: bigint, rng: Rng): bigint[] => {
    if (tree.kind === 'attr') return [s];
    const coeffs = [s, ...Array.from({ length: tree.k - 1 }, () => zr.random(rng))];
    return tree.children.flatMap((child, idx) => {
      const x = BigInt(idx + 1);
      let q = 0n;
      for (let j = coeffs.length - 1; j >= 0; j--) q = zr.add(zr.mul(q, x), coeffs[j]!);
      return share(child, q, rng);
    });
  };

  const inst: BswInstance = {
    scheme: bsw07,
    group,
    params,
    codec,
    keygen(subject, rng) {
      const attributes = attributesOf(subject);
      const r = zr.random(rng);
      const D = fb.g2(zr.mul(zr.add(alpha, r), invZr(group.ops, zr, beta)));
      const g1r = fb.g1(r);
      const comps = new Map<string, { Dj: G1; Djp: G2 }>();
      for (const a of attributes) {
        const rj = zr.random(rng);
        comps.set(a, { Dj: g1.mul(g1r, g1.exp(H(a), rj)), Djp: fb.g2(rj) });
      }
      return { pk: { attributes }, sk: { D, comps } };
    },
    encrypt(to, m, rng) {
      const policy = policyOf(to);
      const tree = parsePolicy(policy);
      const K = fb.randomGT(rng);
      const s = zr.random(rng);
      const Ct = gt.mul(K, yTable.exp(s));
      const C = hTable.exp(s);
      const names = leaves(tree);
      const qs = share(tree, s, rng);
      const ls = qs.map((q, i) => ({ Cy: fb.g2(q), Cyp: g1.exp(H(names[i]!), q) }));
      return { policy, tree, Ct, C, leaves: ls, sealed: sealCounted(group.ops, key(K), m, aad(policy, C), rng, AEAD) };
    },
    decrypt(kp, ct) {
      const held = new Set(kp.sk.comps.keys());
      const use = satisfyingLeaves(ct.tree, held);
      if (!use) throw new DecryptionError("the key's attributes do not satisfy the policy");
      const useSet = new Set(use);
      const names = leaves(ct.tree);
      let next = 0;
      // DecryptNode over the pruned tree: returns e(g1,g2)^(r q_x(0)) or null where the node is not used.
      const node = (n: PolicyNode): GT | null => {
        if (n.kind === 'attr') {
          const i = next++;
          if (!useSet.has(i)) return null;
          const comp = kp.sk.comps.get(names[i]!)!;
          const l = ct.leaves[i]!;
          return group.pairProd([
            [comp.Dj, l.Cy],
            [g1.inv(l.Cyp), comp.Djp],
          ]);
        }
        const results = n.children.map((c, idx) => ({ x: BigInt(idx + 1), F: node(c) }));
        const got = results.filter((r): r is { x: bigint; F: GT } => r.F !== null);
        if (got.length === 0) return null;
        let acc: GT | null = null;
        for (const { x, F } of got) {
          let lambda = 1n; // Delta_{x, S}(0) = prod_{j in S, j != x} j / (j - x)
          for (const { x: j } of got)
            if (j !== x) lambda = zr.mul(lambda, zr.mul(j, invZr(group.ops, zr, zr.sub(j, x))));
          const term = gt.exp(F, lambda);
          acc = acc === null ? term : gt.mul(acc, term);
        }
        return acc;
      };
      const A = node(ct.tree)!;
      const K = gt.div(gt.mul(ct.Ct, A), group.pair(ct.C, kp.sk.D));
      return openCounted(group.ops, key(K), ct.sealed, aad(ct.policy, ct.C), AEAD);
    },
    story: (opts) =>
      runAbeStory(
        {
          inst,
          counter: group.ops,
          sizes: group.sizes,
          backend: group.name,
          messages: messages(params),
          collude: (base, other) => ({
            pk: { attributes: [...new Set([...base.pk.attributes, ...other.pk.attributes])].sort() },
            sk: { D: base.sk.D, comps: new Map([...base.sk.comps, ...other.sk.comps]) },
          }),
        },
        opts,
      ),
  };
  return inst;
}
