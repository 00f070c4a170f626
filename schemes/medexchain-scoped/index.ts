/**
 * MedExChain-Scoped: MedExChain (our reconstruction, schemes/medexchain/) with per-record delegation enforced by the
 * cryptography, on the type-based PRE idea of Tang (INDOCRYPT 2008) with Green-Ateniese's (ACNS 2007) masked
 * re-encryption key; our extension, not the paper's scheme. The equations (S4-S13) and why a key for one record
 * does not open another are in algorithms.ts; the firewalls in firewalls.ts; the audit record in audit.ts.
 *
 * What it costs against MedExChain, per record (the declared model below is checked against the counted operations
 * of every story step): the device hashes the scope to G2 and pairs once (Y_tau = e(pk'_P.1, H(tau))) and W_D does
 * the same; the re-encryption key is three G2 elements (R, E1, E2) and W_P's check a three-term pairing product; the
 * relay pairs twice (C1* and D1 with R) and W_R twice more (Y_G); Hospital B recovers G with one G2 exponentiation
 * and pairs twice; the owner exponentiates in G1 and pairs twice. Per-key precomputation does not help here: with a
 * per-record scope every key is used once. Not carried over: the Eq. 7b foreign delegatee.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DecryptionError, ParameterError, UnsupportedError } from '../../core/errors.js';
import type { OpCounts } from '../../core/ops.js';
import type { Rng } from '../../core/rng.js';
import {
  noCapabilities,
  type AlgorithmCost,
  type AuditInput,
  type CostModel,
  type CreateOptions,
  type KeyPair,
  type MessageSpec,
  type Party,
  type Recipient,
  type Scheme,
  type SchemeAudit,
  type SchemeInstance,
  type SchemeParams,
  type StoryOptions,
} from '../../core/types.js';
import { keygen, type MxPublicKey, type MxSecretKey } from '../medexchain/algorithms.js';
import { MxParams } from '../medexchain/params.js';
import {
  decryptFirstLevel,
  decryptSecondLevel,
  encrypt,
  reencrypt,
  rekeygen,
  type ScCiphertext,
  type ScReKey,
} from './algorithms.js';
import {
  buildRecord,
  checkRecordNames,
  decodeRecord,
  decodeSelfContained,
  encodeSelfContained,
  verifyRecord,
} from './audit.js';
import { scopedCodec } from './codec.js';
import { ScopedDeviceFirewall, ScopedRelayFirewall, ScopedUserFirewall } from './firewalls.js';
import { runScopedStory } from './story.js';
import { medexchainScopedProtocol } from './protocol.js';

const NO_SCOPE = new Uint8Array(0);

const MESSAGES: MessageSpec[] = [
  {
    id: 'M1',
    from: 'device',
    to: 'chain-a',
    description: 'D -> W_D -> storage / chain A: tau, C*',
    elements: [
      { name: 'C1*', group: 'G1' },
      { name: 'C2*', group: 'GT' },
    ],
    extra: [{ name: 'D1 (W_D outer layer)', group: 'G1' }],
    impl: [
      { name: 'C1*', kind: 'G1' },
      { name: 'C2*', kind: 'GT' },
      { name: 'D1', kind: 'G1' },
      { name: 'h', kind: 'hash' },
    ],
  },
  {
    id: 'M2',
    from: 'hospital',
    to: 'relay',
    description: "HB -> R: Req (record CID) with pk'_B, sigma_B",
    elements: [
      { name: "pk'_B", group: 'G2' },
      { name: 'sigma_B', group: 'G1' },
    ],
    impl: [
      { name: "pk'_B.1", kind: 'G1' },
      { name: "pk'_B.2", kind: 'G2' },
      { name: 'n_B', kind: 'bytes', bytes: 16 },
      { name: 'sigma_B', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M3',
    from: 'relay',
    to: 'patient',
    description: "R -> P: Req with pk'_B, sigma_R1",
    elements: [
      { name: "pk'_B", group: 'G2' },
      { name: 'sigma_R1', group: 'G1' },
    ],
    impl: [
      { name: "pk'_B.1", kind: 'G1' },
      { name: "pk'_B.2", kind: 'G2' },
      { name: 'n_B', kind: 'bytes', bytes: 16 },
      { name: 'sigma_B', kind: 'ed25519-sig' },
      { name: 'sigma_R1', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M4',
    from: 'patient',
    to: 'relay',
    description: "P -> W_P -> R: rk'_tau, sigma_P",
    elements: [
      { name: "rk'_tau (R)", group: 'G2' },
      { name: 'sigma_P', group: 'G1' },
    ],
    extra: [
      { name: 'E1 (G encrypted to pk_B)', group: 'G2' },
      { name: 'E2', group: 'G2' },
    ],
    impl: [
      { name: 'R', kind: 'G2' },
      { name: 'E1', kind: 'G2' },
      { name: 'E2', kind: 'G2' },
      { name: "target pk'_B.2", kind: 'G2' },
      { name: "target pk'_B.1", kind: 'G1' },
      { name: 'H(M2)', kind: 'hash' },
      { name: 'sigma_P', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M5',
    from: 'chain-a',
    to: 'relay',
    description: 'chain A -> R: tau, C*',
    elements: [
      { name: 'C1*', group: 'G1' },
      { name: 'C2*', group: 'GT' },
    ],
    extra: [{ name: 'D1 (W_D outer layer)', group: 'G1' }],
    impl: [
      { name: 'C1*', kind: 'G1' },
      { name: 'C2*', kind: 'GT' },
      { name: 'D1', kind: 'G1' },
    ],
  },
  {
    id: 'M6',
    from: 'relay',
    to: 'hospital',
    description: "R -> W_R -> HB: C''' = (C1''', T''', E), sigma_R2",
    elements: [
      { name: "C1'''", group: 'G1' },
      { name: "T'''", group: 'GT' },
      { name: 'sigma_R2', group: 'G1' },
    ],
    extra: [
      { name: 'E1', group: 'G2' },
      { name: 'E2', group: 'G2' },
      { name: 'D1 (W_D outer layer)', group: 'G1' },
      { name: 'T_D (W_D outer layer)', group: 'GT' },
    ],
    impl: [
      { name: "C1'''", kind: 'G1' },
      { name: "T'''", kind: 'GT' },
      { name: 'E1', kind: 'G2' },
      { name: 'E2', kind: 'G2' },
      { name: 'D1', kind: 'G1' },
      { name: 'T_D', kind: 'GT' },
      { name: 'H2(tau, C*)', kind: 'hash' },
      { name: 'h', kind: 'hash' },
      { name: 'sigma_R2', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M7',
    from: 'relay',
    to: 'auditor',
    description: 'R -> audit: AR with the proof, sigma_R3',
    elements: [{ name: 'sigma_R3', group: 'G1' }],
    impl: [
      { name: 'C1*', kind: 'G1' },
      { name: 'C2*', kind: 'GT' },
      { name: 'D1', kind: 'G1' },
      { name: "C1'''", kind: 'G1' },
      { name: "T'''", kind: 'GT' },
      { name: 'T_D', kind: 'GT' },
      { name: "pk'_B.1", kind: 'G1' },
      { name: "pk'_B.2", kind: 'G2' },
      { name: "H2(rk')", kind: 'hash' },
      { name: 'h', kind: 'hash' },
      { name: 'AR', kind: 'hash' },
      { name: 'proof c', kind: 'Zr' },
      { name: 'proof z', kind: 'Zr' },
      { name: 'sigma_R3', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M8',
    from: 'hospital',
    to: 'relay',
    description: 'HB -> R: receipt sigma_B2',
    elements: [{ name: 'sigma_B2', group: 'G1' }],
    impl: [
      { name: 'H(M6)', kind: 'hash' },
      { name: 'sigma_B2', kind: 'ed25519-sig' },
    ],
  },
];

/** The declared cost of each step of the story (story.ts), derived from the equations of algorithms.ts. */
export function scopedCostModel(opts: {
  precompute: boolean;
  /** A symmetric group with one generator (SS512): CRF-KeyGen checks pk.1 = pk.2 and raises one half. */
  symmetric?: boolean;
}): CostModel {
  const P = opts.precompute;
  const fx = (naive: keyof OpCounts, fixed: keyof OpCounts) => (P ? fixed : naive);
  const o = (...pairs: [keyof OpCounts, number][]): OpCounts => {
    const out: OpCounts = {};
    for (const [k, v] of pairs) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const keyCheck: [keyof OpCounts, number][] = P
    ? [
        ['millerLoopPre', 1],
        ['millerLoop', 1],
        ['finalExp', 1],
      ]
    : [
        ['millerLoop', 2],
        ['finalExp', 1],
      ];
  const crfKeyGen = opts.symmetric ? o(['expG1', 1]) : o(['expG1', 1], ['expG2', 1], ...keyCheck);
  const pairing: [keyof OpCounts, number][] = [
    ['millerLoop', 1],
    ['finalExp', 1],
  ];
  // n sealings or openings of the record's body: a KDF of the layer's key and an AEAD call each
  const dem = (n: number): [keyof OpCounts, number][] => [
    ['kdf', n],
    ['aead', n],
  ];
  const decodeCapsule: [keyof OpCounts, number][] = [
    ['decodeG1', 2],
    ['decodeGT', 1],
  ];
  const a = (algorithm: string, party: Party, ops: OpCounts, note: string): AlgorithmCost => ({
    algorithm,
    party,
    ops,
    note,
  });
  const keyGen = o([fx('expG1', 'fixedExpG1'), 1], [fx('expG2', 'fixedExpG2'), 1]);
  return {
    algorithms: [
      a('KeyGen', 'patient', keyGen, 'pk = (g1^x, g2^x)'),
      a('CRF-KeyGen', 'firewall-patient', crfKeyGen, "pk' = pk^r and its check"),
      a('KeyGen', 'hospital', keyGen, 'pk = (g1^x, g2^x)'),
      a('CRF-KeyGen', 'firewall-hospital', crfKeyGen, "pk' = pk^r and its check"),
      a(
        'Enc',
        'device',
        o(
          ['hashG2', 1],
          ...pairing,
          [fx('expGT', 'fixedExpGT'), 1],
          [fx('expG1', 'fixedExpG1'), 1],
          ['expGT', 1],
          ['mulGT', 1],
          ...dem(1),
        ),
        'Y_tau = e(pk_P.1, H(tau)), K = Z^t, C1 = g1^k, C2 = K Y_tau^k, KDF, AEAD seal',
      ),
      a(
        'CRF-Enc',
        'firewall-device',
        o(
          ['hashG2', 1],
          ...pairing,
          [fx('expG1', 'fixedExpG1'), 2],
          ['mulG1', 1],
          ['expGT', 2],
          ['mulGT', 1],
          ...dem(1),
        ),
        'C1* = C1 g1^s, C2* = C2 Y_tau^s, D1 = g1^w, outer AEAD seal under KDF(Y_tau^w)',
      ),
      a('Request', 'hospital', o(['sigSign', 1]), 'sign Req (Ed25519)'),
      a(
        'VerifyRequest',
        'relay',
        o(['sigVerify', 1], ['sigSign', 1], ['decodeG1', 1], ['decodeG2', 1]),
        "verify sigma_B, decode pk'_B, sign M3",
      ),
      a(
        'ReKeyGen',
        'patient',
        o(
          ['sigVerify', 1],
          ['decodeG1', 1],
          ['decodeG2', 1],
          ...decodeCapsule,
          [fx('expG2', 'fixedExpG2'), 2],
          ['hashG2', 1],
          ['expG2', 2],
          ['mulG2', 2],
        ),
        "G0 = g2^xi, R0 = H(tau)^-x_P G0, E = (g2^v, G0 pk'_B.2^v)",
      ),
      a(
        'CRF-ReKeyGen',
        'firewall-patient',
        o(
          [fx('expG2', 'fixedExpG2'), 2],
          ['expG2', 4],
          ['mulG2', 5],
          ['hashG2', 1],
          ['millerLoop', 3],
          ['finalExp', 1],
        ),
        "R = R0^r_P g2^rho, E re-randomized; e(g1, R/E2) e(pk'_P.1, H(tau)) e(pk'_B.1, E1) = 1",
      ),
      a('Authorize', 'patient', o(['sigSign', 1]), "sign rk'_tau (M4)"),
      a(
        'ReEnc',
        'relay',
        o(
          ['sigVerify', 1],
          ['decodeG2', 4],
          ['decodeG1', 1],
          ...decodeCapsule,
          ['millerLoop', 2],
          ['finalExp', 2],
          ['mulGT', 1],
        ),
        'T = C2* e(C1*, R), T_D = e(D1, R)',
      ),
      a(
        'CRF-ReEnc',
        'firewall-relay',
        o(
          ['millerLoop', 2],
          ['finalExp', 1],
          [fx('expG1', 'fixedExpG1'), 2],
          ['mulG1', 2],
          ['expGT', 2],
          ['mulGT', 2],
          ['invGT', 1],
          ['hashZr', 1],
        ),
        "Y_G = e(g1, E2) / e(pk'_B.1, E1), C1''' = C1* g1^u, T''' = T Y_G^u, Chaum-Pedersen proof",
      ),
      a('Deliver', 'relay', o(['sigSign', 1]), 'sign M6'),
      a('Audit', 'relay', o(...decodeCapsule, ['sigSign', 1]), 'AR digest, sign M7'),
      a(
        'CRF-Receive',
        'firewall-hospital',
        o(['decodeG1', 2], ['decodeG2', 2], ['decodeGT', 2], ['expG2', 1]),
        'E1 -> E1^r_B',
      ),
      a(
        'Dec',
        'hospital',
        o(
          ['sigVerify', 1],
          ['expG2', 1],
          ['mulG2', 1],
          ['millerLoop', 2],
          ['finalExp', 2],
          ['mulGT', 2],
          ['invGT', 2],
          ...dem(2),
        ),
        "G = E2 / E1^x_B, K = T''' / e(C1''', G), K_W = e(D1, G) / T_D; KDF and AEAD open, outer and inner layer",
      ),
      a('Receipt', 'hospital', o(['sigSign', 1]), 'sign receipt (M8)'),
      a(
        'AuditVerify',
        'auditor',
        o(
          ['sigVerify', 1],
          ['decodeG1', 4],
          ['decodeG2', 1],
          ['decodeGT', 3],
          ['millerLoop', 4],
          ['finalExp', 3],
          [fx('expG1', 'fixedExpG1'), 1],
          ['expG1', 1],
          ['mulG1', 2],
          ['expGT', 2],
          ['mulGT', 3],
          ['invGT', 2],
          ['hashZr', 1],
        ),
        'T = C2* e(C1*, R), Y_G, the proof, e(D1, R) = T_D',
      ),
      a('CRF-ReceiveOwner', 'firewall-patient', o(...decodeCapsule, ['expG1', 2]), 'C1* -> C1*^r_P, D1 -> D1^r_P'),
      a(
        'OwnerDec',
        'patient',
        o(['hashG2', 1], ['expG1', 2], ['millerLoop', 2], ['finalExp', 2], ['mulGT', 1], ['invGT', 1], ...dem(2)),
        'K = C2* / e(C1*^(r_P x_P), H(tau)), K_W = e(D1^(r_P x_P), H(tau)): exponents in G1; KDF and AEAD open, twice',
      ),
    ],
    scaling:
      'Per record: every algorithm from Enc on (ReKeyGen and its firewall included) runs once per record and per ' +
      'requesting hospital, since a delegation covers one record; KeyGen and CRF-KeyGen once per party.',
  };
}

export class ScopedInstance implements SchemeInstance<MxPublicKey, MxSecretKey, ScCiphertext, ScReKey> {
  readonly codec;
  constructor(
    readonly scheme: Scheme,
    readonly pp: MxParams,
    readonly params: SchemeParams,
  ) {
    this.codec = scopedCodec(pp.group);
  }
  get group() {
    return this.pp.group;
  }

  /** Audit records (capability `audit`): built by the relay, checked by anyone holding the record (audit.ts). */
  readonly audit: SchemeAudit<ScCiphertext, ScReKey> = {
    record: (i: AuditInput<ScCiphertext, ScReKey>) =>
      encodeSelfContained(
        this.pp,
        buildRecord(
          this.pp,
          i.firstLevel,
          i.reKey,
          i.reencrypted,
          { kind: 'pairing', p1: i.reKey.targetP1, p2: i.reKey.target },
          i.t,
        ),
        this.codec.encodeReKey(i.reKey),
        this.codec.encodeCiphertext(i.firstLevel),
        this.codec.encodeCiphertext(i.reencrypted),
      ),
    verify: (b: Uint8Array) => {
      const { record, reKey, firstLevel, reencrypted } = decodeSelfContained(b);
      const rec = decodeRecord(this.pp, record);
      const rk = this.codec.decodeReKey(reKey);
      verifyRecord(this.pp, rec, rk);
      checkRecordNames(
        this.pp,
        rec,
        rk,
        this.codec.decodeCiphertext(firstLevel),
        this.codec.decodeCiphertext(reencrypted),
      );
      return {
        reKey,
        cid: rec.cid,
        t: rec.t,
        firstLevelHash: sha256(firstLevel),
        reencryptedHash: sha256(reencrypted),
      };
    },
  };

  keygen(_subject: { id: string }, rng: Rng): KeyPair<MxPublicKey, MxSecretKey> {
    return keygen(this.pp, this.pp.group.zr.random(rng));
  }

  /** `scope` names the record (or type, or epoch); absent means the empty scope. */
  encrypt(to: Recipient<MxPublicKey>, m: Uint8Array, rng: Rng, scope?: Uint8Array): ScCiphertext {
    if (to.kind !== 'pk' || to.pk.kind !== 'pairing')
      throw new UnsupportedError('MedExChain-Scoped encrypts to a pairing public key');
    const zr = this.pp.group.zr;
    return encrypt(this.pp, to.pk, m, scope ?? NO_SCOPE, zr.random(rng), zr.random(rng), rng);
  }

  decrypt(key: KeyPair<MxPublicKey, MxSecretKey>, ct: ScCiphertext): Uint8Array {
    if (key.sk.kind !== 'pairing') throw new DecryptionError('MedExChain-Scoped needs a pairing key');
    return ct.level === 1 ? decryptFirstLevel(this.pp, key.sk.x, ct) : decryptSecondLevel(this.pp, key.sk.x, ct);
  }

  /** A key for `scope` only (absent: the empty scope). */
  rekeygen(from: KeyPair<MxPublicKey, MxSecretKey>, to: Recipient<MxPublicKey>, rng: Rng, scope?: Uint8Array): ScReKey {
    if (from.sk.kind !== 'pairing') throw new UnsupportedError('the delegator needs a pairing key');
    if (to.kind !== 'pk' || to.pk.kind !== 'pairing')
      throw new UnsupportedError('MedExChain-Scoped delegates to a pairing public key');
    const zr = this.pp.group.zr;
    return rekeygen(this.pp, from.sk.x, to.pk, scope ?? NO_SCOPE, zr.random(rng), zr.random(rng));
  }

  reencrypt(rk: ScReKey, ct: ScCiphertext, _rng: Rng): ScCiphertext {
    if (ct.level !== 1) throw new DecryptionError('only first-level ciphertexts are re-encrypted (single hop)');
    return reencrypt(this.pp, rk, ct);
  }

  firewall(party: Party, _rng: Rng) {
    switch (party) {
      case 'firewall-patient':
      case 'firewall-hospital':
        return new ScopedUserFirewall(party, this.pp);
      case 'firewall-device':
        return new ScopedDeviceFirewall(this.pp);
      case 'firewall-relay':
        return new ScopedRelayFirewall(this.pp);
      default:
        throw new ParameterError(`MedExChain-Scoped has no firewall for '${party}'`);
    }
  }

  story(opts: StoryOptions) {
    return runScopedStory(this, this.pp, MESSAGES, opts);
  }

  dispose() {
    this.pp.dispose();
  }
}

export const medexchainScoped: Scheme = {
  name: 'medexchain-scoped',
  title: 'MedExChain-Scoped (per-record delegation by type-based PRE + reverse firewalls + audit), our extension',
  family: 'pre',
  citation:
    'Our extension of the MedExChain reconstruction (spec/medexchain.md): type-based PRE after Q. Tang, "Type-based ' +
    'proxy re-encryption and its construction", INDOCRYPT 2008, with the masked re-encryption key of Green and ' +
    'Ateniese, "Identity-based proxy re-encryption", ACNS 2007 (Sec. 4); equations S4-S13 in algorithms.ts are ours',
  capabilities: {
    ...noCapabilities(),
    unidirectional: true,
    firewalls: true,
    audit: true,
    reencryption: true,
    scopedDelegation: true,
  },
  firewalls: [
    { party: 'firewall-device', guards: ['encrypt'] },
    { party: 'firewall-patient', guards: ['keygen', 'rekeygen', 'receive'] },
    { party: 'firewall-relay', guards: ['reencrypt'] },
    { party: 'firewall-hospital', guards: ['keygen', 'rekeygen', 'receive'] },
  ],
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  async create(opts: CreateOptions) {
    if (!opts.group) throw new UnsupportedError('MedExChain-Scoped needs a pairing group');
    return new ScopedInstance(
      medexchainScoped,
      new MxParams(opts.group, opts.precompute === true),
      opts.params ?? {},
    ) as unknown as SchemeInstance;
  },
  costModel: (_params, opts) => scopedCostModel({ precompute: opts.precompute, symmetric: opts.symmetric }),
  messages: () => MESSAGES,
  protocol: () => medexchainScopedProtocol,
};
