/**
 * Waters11: ciphertext-policy ABE with LSSS access structures (B. Waters, "Ciphertext-Policy Attribute-Based
 * Encryption: An Expressive, Efficient, and Provably Secure Realization", PKC 2011, LNCS 6571, sec. 3, the main
 * construction), on an asymmetric pairing e: G1 x G2 -> GT. Policies are written in the readable syntax of
 * core/abe/policy.ts and turned into an LSSS (A, rho) there.
 *
 *   Setup:        alpha, a <- Zq; PK = (g1, e(g1, g2)^alpha, g1^a, h_x); MSK = g2^alpha
 *   Encrypt(M, (A, rho)): v = (s, y2, ..., yn), lambda_i = A_i·v, r_i <- Zq;
 *                 C = M·e(g1,g2)^(alpha s), C' = g1^s, C_i = (g1^a)^(lambda_i) · h_rho(i)^(-r_i), D_i = g2^(r_i)
 *   KeyGen(MSK, S): t <- Zq; K = g2^alpha · g2^(a t), L = g2^t, K_x = h_x^t for x in S
 *   Decrypt:      omega with sum omega_i A_i = (1, 0, ..., 0);
 *                 e(C', K) / prod_i (e(C_i, L) · e(K_rho(i), D_i))^(omega_i) = e(g1, g2)^(alpha s), M = C / that
 *
 * Departures, both documented: (1) h_x = H(x), a hash to G1, instead of a published h_1..h_U for a fixed universe
 * (the random-oracle instantiation Waters notes for large universes; it lets any attribute name be used); (2) the
 * decryption product is evaluated as one pairing product with the exponents moved into G1 first:
 * e(C', K) · e(prod C_i^omega_i, L)^-1 · prod e(K_rho(i)^omega_i, D_i)^-1, which is equal by bilinearity and costs
 * |I| + 2 Miller loops and one final exponentiation instead of 2|I| + 1 pairings and |I| GT exponentiations.
 * Group placement: h_x in G1 both in C_i and in K_x (so e(h^-r, g2^t) and e(h^t, g2^r) cancel); C', C_i in G1;
 * K, L, D_i in G2.
 *
 * Hybrid use: M is a random K in GT (Z^rho); the record is sealed with AES-256-GCM under KDF(K), the policy and C'
 * as associated data.
 */
import { waters11Protocol } from './protocol.js';
import { DecodeError, DecryptionError, UnsupportedError } from '../../core/errors.js';
import type { G1, G2, GT, PairingGroup } from '../../core/groups/types.js';
import { systemRng, type Rng } from '../../core/rng.js';
import {
  noCapabilities,
  type CostModel,
  type MessageSpec,
  type Scheme,
  type SchemeCodec,
  type SchemeInstance,
  type SchemeParams,
} from '../../core/types.js';
import {
  attributeCount,
  attributesOf,
  DEFAULT_ATTRIBUTES,
  isAttributeName,
  noReKeys,
  policyOf,
  runAbeStory,
} from '../../core/abe/common.js';
import {
  parsePolicy,
  PolicyError,
  reconstruction,
  satisfyingLeaves,
  toLsss,
  type Lsss,
} from '../../core/abe/policy.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { kdfGT, openCounted, sealCounted } from '../../core/counted.js';
import { fixedBases, fixedExpOps, ops } from '../../core/fixed-bases.js';
import { withImpl } from '../../core/layout.js';
import { KIND, objectWriter, openObject, schemeTag, type Reader } from '../../core/wire.js';

export interface WatersKey {
  attributes: string[];
}
export interface WatersSecretKey {
  K: G2;
  L: G2;
  /** K_x per attribute, sorted by name. */
  Kx: Map<string, G1>;
}
export interface WatersCiphertext {
  policy: string;
  lsss: Lsss;
  C: GT;
  Cp: G1;
  rows: { Ci: G1; Di: G2 }[];
  sealed: Uint8Array;
}
export type WatersInstance = SchemeInstance<WatersKey, WatersSecretKey, WatersCiphertext, never>;

const AEAD = 'aes-256-gcm';
const DST_H = 'WATERS11/H/attribute';

function costModel(params: SchemeParams, opt: { precompute: boolean }): CostModel {
  const n = attributeCount(params);
  const f = fixedExpOps(opt.precompute);
  return {
    algorithms: [
      {
        algorithm: 'keygen',
        party: 'authority',
        per: 'hospital',
        ops: ops([f.E2, 2], ['hashG1', n], ['expG1', n]),
        note: 'K = g2^(alpha + a t), L = g2^t; K_x = H(x)^t per attribute',
      },
      {
        algorithm: 'encrypt',
        party: 'device',
        ops: ops(
          [f.ET, 2],
          ['mulGT', 1],
          [f.E1, 1 + n],
          ['hashG1', n],
          ['expG1', n],
          ['mulG1', n],
          [f.E2, n],
          ['kdf', 1],
          ['aead', 1],
        ),
        note: "K = Z^rho, C = K·Y^s, C' = g1^s; per row (g1^a)^lambda_i · H(rho(i))^(-r_i), D_i = g2^(r_i); KDF, AEAD seal",
      },
      {
        algorithm: 'decrypt',
        party: 'hospital',
        // strict decodes of the received ciphertext first: C (GT), C' (G1), and per row C_i (G1), D_i (G2)
        ops: ops(
          ['decodeGT', 1],
          ['decodeG1', n + 1],
          ['decodeG2', n],
          ['invZr', n],
          ['msmG1Term', n],
          ['expG1', n],
          ['millerLoop', n + 2],
          ['finalExp', 1],
          ['mulGT', 1],
          ['invGT', 1],
          ['kdf', 1],
          ['aead', 1],
        ),
        note:
          'omega by elimination (one scalar inversion per pivot: n for an AND of n); prod C_i^omega_i (multi-exp), ' +
          'K_rho(i)^omega_i; one product of n+2 pairings; KDF, AEAD open',
      },
    ],
    scaling: `n-attribute AND policy (n = ${n} LSSS rows): KeyGen 2 E2 + n (H + E1); Enc (n+1) E1 + n (H + E1) + n E2 + 2 ET; Dec n+2 Miller loops, 1 final exp, 2n G1 exponentiations`,
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
      description: `secret key for ${n} attributes (K, L, and K_x per attribute)`,
      elements: [
        { name: 'K', group: 'G2' },
        { name: 'L', group: 'G2' },
        ...Array.from({ length: n }, (_, i) => ({ name: `K_${i}`, group: 'G1' as const })),
      ],
    },
    {
      id: 'M2',
      from: 'device',
      to: 'storage',
      description: `ciphertext under an ${n}-row LSSS policy (C, C', and C_i, D_i per row) and sealed record`,
      elements: [
        { name: 'C', group: 'GT' },
        { name: "C'", group: 'G1' },
        ...Array.from({ length: n }, (_, i) => [
          { name: `C_${i}`, group: 'G1' as const },
          { name: `D_${i}`, group: 'G2' as const },
        ]).flat(),
      ],
    },
  ]);
}

export const waters11: Scheme = {
  name: 'waters11',
  title: 'Waters11 ciphertext-policy ABE (LSSS)',
  family: 'cp-abe',
  citation:
    'B. Waters, "Ciphertext-Policy Attribute-Based Encryption: An Expressive, Efficient, and Provably Secure ' +
    'Realization", PKC 2011, LNCS 6571, sec. 3 (main construction: Setup, Encrypt, KeyGen, Decrypt); LSSS from ' +
    'boolean formulas after Lewko-Waters, Eurocrypt 2011, Appendix G',
  capabilities: { ...noCapabilities(), attributeBased: true },
  supports: (group) => group !== null,
  defaultParams: () => ({ attributes: DEFAULT_ATTRIBUTES }),
  costModel,
  messages,
  protocol: () => waters11Protocol,
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('Waters11 needs a pairing group');
    return createWaters11(opts.group, opts.precompute ?? true, opts.params ?? {});
  },
};

function makeCodec(group: PairingGroup): SchemeCodec<WatersKey, WatersSecretKey, WatersCiphertext, never> {
  const tag = schemeTag('waters11');
  const { g1, g2, gt, zr } = group;
  const p1 = (r: Reader, n: string) => r.field(g1.size, (b) => g1.fromBytes(b), n);
  const p2 = (r: Reader, n: string) => r.field(g2.size, (b) => g2.fromBytes(b), n);
  const sortedNames = (r: Reader, count: number, what: string, each: (a: string) => void) => {
    let prev = '';
    for (let i = 0; i < count; i++) {
      const a = r.str(256);
      if (!isAttributeName(a)) throw new DecodeError('format', what, 'not an attribute name');
      if (i > 0 && !(prev < a)) throw new DecodeError('non-canonical', what, 'attributes not strictly sorted');
      prev = a;
      each(a);
    }
  };
  return {
    encodePublicKey(pk) {
      const w = objectWriter(tag, KIND.publicKey).u16(pk.attributes.length);
      for (const a of pk.attributes) w.str(a);
      return w.finish();
    },
    decodePublicKey(b) {
      const { r } = openObject(b, tag, [KIND.publicKey], 'Waters11 attribute set');
      const attributes: string[] = [];
      sortedNames(r, r.u16(), 'Waters11 attribute set', (a) => attributes.push(a));
      r.end();
      return { attributes };
    },
    encodeSecretKey(sk) {
      const w = objectWriter(tag, KIND.secretKey).fixed(g2.toBytes(sk.K)).fixed(g2.toBytes(sk.L)).u16(sk.Kx.size);
      for (const [a, k] of [...sk.Kx].sort(([x], [y]) => (x < y ? -1 : 1))) w.str(a).fixed(g1.toBytes(k));
      return w.finish();
    },
    decodeSecretKey(b) {
      const what = 'Waters11 secret key';
      const { r } = openObject(b, tag, [KIND.secretKey], what);
      const K = p2(r, 'K');
      const L = p2(r, 'L');
      const Kx = new Map<string, G1>();
      sortedNames(r, r.u16(), what, (a) => Kx.set(a, p1(r, `K_${a}`)));
      r.end();
      return { K, L, Kx };
    },
    encodeCiphertext(ct) {
      const w = objectWriter(tag, KIND.ciphertext1)
        .str(ct.policy)
        .fixed(gt.toBytes(ct.C))
        .fixed(g1.toBytes(ct.Cp))
        .u16(ct.rows.length);
      for (const row of ct.rows) w.fixed(g1.toBytes(row.Ci)).fixed(g2.toBytes(row.Di));
      return w.bytes(ct.sealed).finish();
    },
    decodeCiphertext(b) {
      const what = 'Waters11 ciphertext';
      const { r } = openObject(b, tag, [KIND.ciphertext1], what);
      const policy = r.str(4096);
      let lsss: Lsss;
      try {
        lsss = toLsss(parsePolicy(policy), zr.order);
      } catch (e) {
        throw new DecodeError('format', what, e instanceof PolicyError ? e.message : 'bad policy');
      }
      const C = r.field(gt.size, (x) => gt.fromBytes(x), 'C');
      const Cp = p1(r, "C'");
      const count = r.u16();
      if (count !== lsss.rho.length)
        throw new DecodeError('format', what, `${count} rows for an LSSS of ${lsss.rho.length}`);
      const rows = Array.from({ length: count }, (_, i) => ({ Ci: p1(r, `C_${i}`), Di: p2(r, `D_${i}`) }));
      const sealed = r.bytes();
      r.end();
      return { policy, lsss, C, Cp, rows, sealed };
    },
    ...noReKeys('Waters11'),
  };
}

export function createWaters11(
  group: PairingGroup,
  precompute: boolean,
  paramsIn: SchemeParams,
  setupRng: Rng = systemRng,
): WatersInstance {
  const params: SchemeParams = { ...paramsIn, attributes: attributeCount(paramsIn) };
  const { zr, g1, gt } = group;
  const fb = fixedBases(group, precompute);
  const codec = makeCodec(group);
  const { alpha, a, gaTable, yTable } = group.ops.measure(() => {
    const alpha = zr.random(setupRng);
    const a = zr.random(setupRng);
    return { alpha, a, gaTable: fb.g1Base(fb.g1(a)), yTable: fb.gtBase(fb.z(alpha)) };
  }).result;
  const H = (x: string) => g1.hash(utf8ToBytes(x), DST_H);
  const key = (K: GT) => kdfGT(group.ops, gt, K, 'waters11/dem');
  const aad = (policy: string, Cp: G1) => concatBytes(utf8ToBytes(policy), g1.toBytes(Cp));

  const inst: WatersInstance = {
    scheme: waters11,
    group,
    params,
    codec,
    keygen(subject, rng) {
      const attributes = attributesOf(subject);
      const t = zr.random(rng);
      const K = fb.g2(zr.add(alpha, zr.mul(a, t)));
      const L = fb.g2(t);
      const Kx = new Map(attributes.map((x) => [x, g1.exp(H(x), t)] as const));
      return { pk: { attributes }, sk: { K, L, Kx } };
    },
    encrypt(to, m, rng) {
      const policy = policyOf(to);
      const lsss = toLsss(parsePolicy(policy), zr.order);
      const Km = fb.randomGT(rng);
      const s = zr.random(rng);
      const v = [s, ...Array.from({ length: lsss.columns - 1 }, () => zr.random(rng))];
      const C = gt.mul(Km, yTable.exp(s));
      const Cp = fb.g1(s);
      const rows = lsss.rows.map((Ai, i) => {
        const lambda = Ai.reduce((acc, x, c) => zr.add(acc, zr.mul(x, v[c]!)), 0n);
        const ri = zr.random(rng);
        return { Ci: g1.mul(gaTable.exp(lambda), g1.exp(H(lsss.rho[i]!), zr.neg(ri))), Di: fb.g2(ri) };
      });
      return { policy, lsss, C, Cp, rows, sealed: sealCounted(group.ops, key(Km), m, aad(policy, Cp), rng, AEAD) };
    },
    decrypt(kp, ct) {
      const { lsss } = ct;
      // Rows whose attribute the key holds, pruned to a minimal authorized set when the tree allows it.
      const held = new Set(kp.sk.Kx.keys());
      const use = satisfyingLeaves(parsePolicy(ct.policy), held);
      const omega = use ? reconstruction(lsss, use, zr.order, group.ops) : null;
      if (!use || !omega) throw new DecryptionError("the key's attributes do not satisfy the policy");
      const CiProd = g1.multiExp(
        use.map((i) => ct.rows[i]!.Ci),
        omega,
      );
      const pairs: [G1, G2][] = [
        [ct.Cp, kp.sk.K],
        [g1.inv(CiProd), kp.sk.L],
        ...use.map((i, j): [G1, G2] => [g1.inv(g1.exp(kp.sk.Kx.get(lsss.rho[i]!)!, omega[j]!)), ct.rows[i]!.Di]),
      ];
      const blind = group.pairProd(pairs);
      return openCounted(group.ops, key(gt.div(ct.C, blind)), ct.sealed, aad(ct.policy, ct.Cp), AEAD);
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
            sk: { K: base.sk.K, L: base.sk.L, Kx: new Map([...base.sk.Kx, ...other.sk.Kx]) },
          }),
        },
        opts,
      ),
  };
  return inst;
}
