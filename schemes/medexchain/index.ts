/**
 * MedExChain: PHR sharing across heterogeneous blockchains with proxy re-encryption, cryptographic reverse
 * firewalls and on-chain audit.
 *
 * Source: Lv, Li, Chen, Hou, Bai, Feng, "MedExChain: Enabling Secure and Efficient PHR Sharing Across
 * Heterogeneous Blockchains", IEEE Internet of Things Journal, 2025 (arXiv 2602.12106). Only the abstract is
 * available to us: this implementation follows our RECONSTRUCTION of the scheme, `../shared/spec/medexchain.md`
 * (Eqs. 1-15 there), not the paper's own equations. Where we deviate from the reconstruction we say so:
 *   - Enc draws the record key K uniformly in GT as K = Z^t, which costs a second GT exponentiation that the
 *     reference design's count (D: E1 + ET) leaves out; we count it. It stays because W_D must be able to
 *     re-randomize the capsule without knowing K: with C2 = K Z^k, C2* = C2 Z^s still hides the same K. A KEM form
 *     (K = Z^k, no C2) would save the exponentiation, but then W_D's C1* = C1 pk^s changes the key to Z^(k+s),
 *     which only the device could re-seal the body under. Both exponentiations use the fixed-base table of Z.
 *   - Owner decryption (Eq. 13) applies 1/x_P in G1 before the pairing rather than in GT after it (same value).
 *   - A firewall checks only its output key pk' = pk^r (well formed iff pk is), not the input as well.
 *   - Signatures are Ed25519 (the chains' native signatures); the paper-style accounting still counts each
 *     signature as one group element, as the reference design does, and the wire bytes show the real size.
 *
 * Files: params.ts (Eq. 1 and precomputation), algorithms.ts (Eqs. 2-13, 15), foreign.ts (Eq. 7b),
 * request.ts (Eq. 6), audit.ts (Eq. 14), firewalls.ts (the four CRFs), codec.ts (wire format), story.ts (the demo).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { cidOf } from '../../core/dem.js';
import { DecryptionError, ParameterError, UnsupportedError, VerificationError } from '../../core/errors.js';
import { addOps, type OpCounts } from '../../core/ops.js';
import { medexchainProtocol } from './protocol.js';
import type { Rng } from '../../core/rng.js';
import type {
  AlgorithmCost,
  AuditExpectation,
  AuditInput,
  SchemeAudit,
  CostModel,
  CreateOptions,
  KeyPair,
  MessageSpec,
  Party,
  Recipient,
  Scheme,
  SchemeInstance,
  SchemeParams,
  StoryOptions,
  Subject,
} from '../../core/types.js';
import {
  decryptFirstLevel,
  decryptSecondLevel,
  encrypt,
  keygen,
  reencrypt,
  rekeygen,
  type MxCiphertext,
  type MxPublicKey,
  type MxReKey,
  type MxSecretKey,
} from './algorithms.js';
import {
  buildAuditRecord,
  checkRecordNames,
  decodeAuditRecord,
  decodeSelfContained,
  encodeSelfContained,
  recordRekeyDigest,
  rekeyDigest,
  verifyAuditRecord,
} from './audit.js';
import { medexchainCodec } from './codec.js';
import { DeviceFirewall, RelayFirewall, UserFirewall } from './firewalls.js';
import { decryptForeign, delegateForeign, foreignKeygen } from './foreign.js';
import { MxParams } from './params.js';
import { runStory } from './story.js';

/**
 * `elements`: the reference design's table (15 group elements; at SS512's 128 B each that is its 1920 B, by
 * construction, since the table is ours). `impl`: what this implementation really sends, for the pairing receiver
 * (an Eq. 7b receiver sends its 32-byte X25519 key in M2/M3 and a wrap in M4/M6 instead): 18 group elements plus
 * hashes, nonces and 64-byte Ed25519 signatures, which the paper-style column counts as G1 elements.
 */
const MESSAGES: MessageSpec[] = [
  {
    id: 'M1',
    from: 'device',
    to: 'chain-a',
    description: 'D -> W_D -> storage / chain A: C*',
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
    description: "HB -> R: Req with pk'_B, sigma_B",
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
    description: "P -> W_P -> R: rk', sigma_P",
    elements: [
      { name: "rk'", group: 'G2' },
      { name: 'sigma_P', group: 'G1' },
    ],
    impl: [
      { name: "rk'", kind: 'G2' },
      { name: "target pk'_B.2", kind: 'G2' },
      { name: 'H(M2)', kind: 'hash' },
      { name: 'sigma_P', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M5',
    from: 'chain-a',
    to: 'relay',
    description: 'chain A -> R: C*',
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
    description: "R -> W_R -> HB: C''', sigma_R2",
    elements: [
      { name: "C1'''", group: 'GT' },
      { name: "C2'''", group: 'GT' },
      { name: 'sigma_R2', group: 'G1' },
    ],
    extra: [{ name: "e(D1, rk') (W_D outer layer)", group: 'GT' }],
    impl: [
      { name: "C1'''", kind: 'GT' },
      { name: "C2'''", kind: 'GT' },
      { name: "e(D1, rk')", kind: 'GT' },
      { name: 'H2(scope, C*)', kind: 'hash' },
      { name: 'h', kind: 'hash' },
      { name: 'sigma_R2', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M7',
    from: 'relay',
    to: 'auditor',
    description: 'R -> audit: AR with sigma_R3',
    elements: [{ name: 'sigma_R3', group: 'G1' }],
    impl: [
      { name: 'C1*', kind: 'G1' },
      { name: 'C2*', kind: 'GT' },
      { name: "C1'''", kind: 'GT' },
      { name: "C2'''", kind: 'GT' },
      { name: "target pk'_B.2", kind: 'G2' },
      { name: "pk'_P.1", kind: 'G1' },
      { name: 'D1', kind: 'G1' },
      { name: "e(D1, rk')", kind: 'GT' },
      { name: "H2(rk')", kind: 'hash' },
      { name: 'h', kind: 'hash' },
      { name: 'AR', kind: 'hash' },
      { name: 'proof A1', kind: 'GT' },
      { name: 'proof A2', kind: 'GT' },
      { name: 'proof c', kind: 'Zr' },
      { name: 'proof sigma', kind: 'G2' },
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

/** The declared cost of each algorithm of the story (see story.ts), in primitive operations. */
export function medexchainCostModel(opts: {
  precompute: boolean;
  foreign?: boolean;
  outerLayer?: boolean;
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
  // A two-term pairing check against g2: e(a, g2) e(-g1, b) = 1, with g2 precomputed on the fast path.
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
  const a = (algorithm: string, party: Party, ops: OpCounts, note: string): AlgorithmCost => ({
    algorithm,
    party,
    ops,
    note,
  });
  // One sealing or opening of a record layer: the KDF of its GT key and one AEAD call (core/counted.ts).
  const dem = (n: number): [keyof OpCounts, number][] => [
    ['kdf', n],
    ['aead', n],
  ];
  const list: AlgorithmCost[] = [];
  list.push(
    a('KeyGen', 'patient', o([fx('expG1', 'fixedExpG1'), 1], [fx('expG2', 'fixedExpG2'), 1]), 'pk = (g1^x, g2^x)'),
  );
  list.push(a('CRF-KeyGen', 'firewall-patient', crfKeyGen, "pk' = pk^r; e(pk'.1, g2) = e(g1, pk'.2)"));
  if (opts.foreign) list.push(a('KeyGen-Foreign', 'hospital', o(['dh', 1]), 'X25519 key pair (chain B native)'));
  else {
    list.push(
      a('KeyGen', 'hospital', o([fx('expG1', 'fixedExpG1'), 1], [fx('expG2', 'fixedExpG2'), 1]), 'pk = (g1^x, g2^x)'),
    );
    list.push(a('CRF-KeyGen', 'firewall-hospital', crfKeyGen, "pk' = pk^r and its check"));
  }
  list.push(
    a(
      'Enc',
      'device',
      o([fx('expG1', 'fixedExpG1'), 1], [fx('expGT', 'fixedExpGT'), 2], ['mulGT', 1], ...dem(1)),
      'K = Z^t, C1 = pk^k, C2 = K Z^k, AEAD under H1(K)',
    ),
  );
  list.push(
    a(
      'CRF-Enc',
      'firewall-device',
      o([fx('expG1', 'fixedExpG1'), 1], ['mulG1', 1], [fx('expGT', 'fixedExpGT'), 1], ['mulGT', 1]),
      'C1* = C1 pk^s, C2* = C2 Z^s',
    ),
  );
  list.push(a('Request', 'hospital', o(['sigSign', 1]), 'sign Req (Ed25519)'));
  list.push(
    a(
      'VerifyRequest',
      'relay',
      opts.foreign
        ? o(['sigVerify', 1], ['sigSign', 1])
        : o(['sigVerify', 1], ['sigSign', 1], ['decodeG1', 1], ['decodeG2', 1]),
      "verify sigma_B, decode pk'_B, sign M3",
    ),
  );
  if (opts.foreign)
    list.push(
      a(
        'ReKeyGen-Foreign',
        'patient',
        o(
          ['sigVerify', 1],
          ['dh', 2],
          ...dem(1),
          ['hashZr', 1],
          [fx('expG2', 'fixedExpG2'), 1],
          ['expG2', 1],
          ['invZr', 1],
        ),
        'E_B(X), target = g2^H2(X), rk = target^(1/x_P)',
      ),
    );
  else
    list.push(
      a(
        'ReKeyGen',
        'patient',
        o(['sigVerify', 1], ['decodeG1', 1], ['decodeG2', 1], ['expG2', 1], ['invZr', 1]),
        "rk = (pk'_B.2)^(1/x_P)",
      ),
    );
  // With Y_B registered, the rk' check is one pairing against the cached Y_B; the Eq. 7b target is new, so not cached.
  const rkCheck: [keyof OpCounts, number][] =
    P && !opts.foreign
      ? [
          ['millerLoop', 1],
          ['finalExp', 1],
        ]
      : [
          ['millerLoop', 2],
          ['finalExp', 1],
        ];
  list.push(
    opts.foreign
      ? a(
          'CRF-ReKeyGen',
          'firewall-patient',
          o(['expG2', 2], ['invZr', 1], ...rkCheck, ['dh', 2], ...dem(1)),
          "target' = target^alpha, rk' = rk^(alpha/r_P), e(pk'_P.1, rk') = e(g1, target'), wrap alpha || E_B(X)",
        )
      : a(
          'CRF-ReKeyGen',
          'firewall-patient',
          o(['expG2', 1], ['invZr', 1], ...rkCheck),
          "rk' = rk^(1/r_P); e(pk'_P.1, rk') = e(g1, pk'_B.2) with pk'_B from the signed request",
        ),
  );
  list.push(a('Authorize', 'patient', o(['sigSign', 1]), "sign rk' (M4)"));
  list.push(
    a(
      'ReEnc',
      'relay',
      o(
        ['sigVerify', 1],
        // rk' and its target; a pairing receiver's target is pk'_B.2, which the relay decoded in VerifyRequest.
        ['decodeG2', opts.foreign ? 2 : 1],
        ['decodeG1', 1],
        ['decodeGT', 1],
        [fx('millerLoop', 'millerLoopPre'), 1],
        ['finalExp', 1],
      ),
      "C1'' = e(C1*, rk')",
    ),
  );
  list.push(
    a(
      'CRF-ReEnc',
      'firewall-relay',
      o(
        ...((P
          ? []
          : [
              ['millerLoop', 1],
              ['finalExp', 1],
            ]) as [keyof OpCounts, number][]),
        // Y_B^u, and the proof's Y_B^b and Y_B^t, through the registered Y_B's table (audit.ts); (C1'')^b is plain.
        ['expGT', 1],
        [fx('expGT', 'fixedExpGT'), 5],
        [fx('expG2', 'fixedExpG2'), 1],
        ['mulGT', 3],
        ['hashZr', 1],
      ),
      "Y_B, C1''' = C1'' Y_B^u, C2''' = C2* Z^u, proof of knowledge of rk' and u (A1 = Y_B^b, A2, sigma = rk'^(b+c))",
    ),
  );
  list.push(a('Deliver', 'relay', o(['sigSign', 1]), 'sign M6'));
  list.push(a('Audit', 'relay', o(['sigSign', 1]), 'AR digest, sign M7'));
  if (opts.foreign)
    list.push(
      a(
        'Dec-Foreign',
        'hospital',
        o(
          ['sigVerify', 1],
          ['decodeGT', 2],
          ['dh', 4],
          ...dem(3),
          ['hashZr', 1],
          ['invZr', 1],
          ['expGT', 1],
          ['mulGT', 1],
          ['invGT', 1],
        ),
        "unwrap alpha and X (two wraps), K = C2''' / C1'''^(1/(H2(X) alpha)), AEAD",
      ),
    );
  else {
    list.push(
      a('CRF-Receive', 'firewall-hospital', o(['decodeGT', 2], ['invZr', 1], ['expGT', 1]), "C1b = C1'''^(1/r_B)"),
    );
    list.push(
      a(
        'Dec',
        'hospital',
        o(['sigVerify', 1], ['invZr', 1], ['expGT', 1], ['mulGT', 1], ['invGT', 1], ...dem(1)),
        "K = C2''' / C1b^(1/x_B), AEAD",
      ),
    );
  }
  list.push(a('Receipt', 'hospital', o(['sigSign', 1]), 'sign receipt (M8)'));
  list.push(
    a(
      'AuditVerify',
      'auditor',
      o(
        ['sigVerify', 1],
        ['decodeG1', 1],
        // sigma; an Eq. 7b receiver's virtual key is read from the record too (it has no registered pairing key)
        ['decodeG2', opts.foreign ? 2 : 1],
        ['decodeGT', 5],
        ...((P
          ? [
              ['millerLoop', 1],
              ['finalExp', 1],
            ]
          : [
              ['millerLoop', 2],
              ['finalExp', 2],
            ]) as [keyof OpCounts, number][]),
        [fx('expG1', 'fixedExpG1'), 1],
        ['mulG1', 1],
        ['mulGT', 5],
        ['invGT', 2],
        ['expGT', 3],
        // Z^z, and Y_B^(gamma c - z) through the registered Y_B's table
        [fx('expGT', 'fixedExpGT'), 2],
        ['hashZr', 2],
      ),
      "Y_B = e(g1, pk'_B.2) (cached), A3 = Z^z D2^-c, c, one pairing e(pk'_P.1^gamma C1*, sigma) for both equations",
    ),
  );
  list.push(
    a(
      'CRF-ReceiveOwner',
      'firewall-patient',
      o(['decodeG1', 1], ['decodeGT', 1], ['invZr', 1], ['expG1', 1]),
      'C1* -> C1*^(1/r_P)',
    ),
  );
  list.push(
    a(
      'OwnerDec',
      'patient',
      P
        ? o(['millerLoopPre', 1], ['finalExp', 1], ['mulGT', 1], ['invGT', 1], ...dem(1))
        : o(['millerLoop', 1], ['finalExp', 1], ['invZr', 1], ['expG1', 1], ['mulGT', 1], ['invGT', 1], ...dem(1)),
      P
        ? "K = C2* / e(C1*, g2^(1/x_P)) with the owner's precomputed g2^(1/x_P); AEAD"
        : 'K = C2* / e(C1*^(1/x_P), g2): the exponent in G1; AEAD',
    ),
  );
  // W_D's outer layer (our hardening of Eq. 5; on unless a caller models the flow without W_D): D1 travels with
  // C1 and costs what C1 costs at every step that touches it.
  if (opts.outerLayer !== false) {
    const extra: Record<string, OpCounts> = {
      'CRF-Enc': o([fx('expG1', 'fixedExpG1'), 1], [fx('expGT', 'fixedExpGT'), 1], ...dem(1)),
      ReEnc: o(['decodeG1', 1], [fx('millerLoop', 'millerLoopPre'), 1], ['finalExp', 1]),
      'CRF-Receive': o(['decodeGT', 1], ['expGT', 1]),
      Dec: o(['expGT', 1], ...dem(1)),
      'Dec-Foreign': o(['decodeGT', 1], ['expGT', 1], ...dem(1)),
      'CRF-ReEnc': o(['expGT', 1], ['mulGT', 1], ['hashZr', 1]),
      AuditVerify: o(
        ['decodeG1', 1],
        ['decodeGT', 1],
        ['expG1', 1],
        ['mulG1', 1],
        ['expGT', 1],
        ['mulGT', 1],
        ['hashZr', 1],
      ),
      'CRF-ReceiveOwner': o(['decodeG1', 1], ['expG1', 1]),
      OwnerDec: P
        ? o(['millerLoopPre', 1], ['finalExp', 1], ...dem(1))
        : o(['millerLoop', 1], ['finalExp', 1], ['expG1', 1], ...dem(1)),
    };
    for (const a of list) if (extra[a.algorithm]) a.ops = addOps(a.ops, extra[a.algorithm]!);
  }
  return {
    algorithms: list,
    scaling:
      'Per record: every algorithm from Enc on runs once per record and per requesting hospital; KeyGen and ' +
      "CRF-KeyGen once per party. With precompute, fixed-base tables (g1, g2, Z, pk'_P.1, Y_B), Y_B, the relay's " +
      "precomputed rk' and the owner's precomputed g2^(1/x_P) are built once per key (setup steps, not counted here).",
  };
}

/** MedExChain bound to a group; every optional verb of SchemeInstance is present. */
export class MedexchainInstance implements SchemeInstance<MxPublicKey, MxSecretKey, MxCiphertext, MxReKey> {
  readonly codec;
  constructor(
    readonly scheme: Scheme,
    readonly pp: MxParams,
    readonly params: SchemeParams,
  ) {
    this.codec = medexchainCodec(pp.group);
  }
  get group() {
    return this.pp.group;
  }

  /**
   * Eq. 14 records (capability `audit`): built by the relay from W_R's proof, checked by anyone against the registered
   * keys. The record carries H2(rk'), never rk' (audit.ts).
   */
  readonly audit: SchemeAudit<MxCiphertext, MxReKey, MxPublicKey> = {
    record: (i: AuditInput<MxCiphertext, MxReKey, MxPublicKey>) => {
      if (i.delegator?.kind !== 'pairing')
        throw new VerificationError('audit', "the record needs the delegator's registered pairing key");
      return encodeSelfContained(
        this.pp,
        buildAuditRecord(this.pp, cidOf(i.firstLevel.body), i.firstLevel, i.reKey, i.reencrypted, i.delegator.p1, i.t),
        this.codec.encodeCiphertext(i.firstLevel),
        this.codec.encodeCiphertext(i.reencrypted),
      );
    },
    reKeyDigest: (b: Uint8Array) => rekeyDigest(this.pp, this.codec.decodeReKey(b)),
    verify: (b: Uint8Array, expect?: AuditExpectation) => {
      const { record, firstLevel, reencrypted } = decodeSelfContained(b);
      const rec = decodeAuditRecord(this.pp, record);
      const G = this.pp.group;
      const pairingKey = (k: Uint8Array, who: string) => {
        const pk = this.codec.decodePublicKey(k);
        if (pk.kind !== 'pairing') throw new VerificationError('audit-key', `the ${who} has no pairing key`);
        return pk;
      };
      // Without a registry the record's own keys are used: the proof then shows consistency, not authorization.
      const delegator = expect?.delegator
        ? pairingKey(expect.delegator, 'delegator').p1
        : G.g1.fromBytes(rec.delegator);
      // An Eq. 7b receiver (X25519) has no registered pairing key: its virtual key is the record's.
      const receiverPk = expect?.delegatee ? this.codec.decodePublicKey(expect.delegatee) : undefined;
      const keys = receiverPk?.kind === 'pairing' ? { delegator, receiver: receiverPk.p2 } : { delegator };
      verifyAuditRecord(this.pp, rec, keys);
      checkRecordNames(this.pp, rec, this.codec.decodeCiphertext(firstLevel), this.codec.decodeCiphertext(reencrypted));
      return {
        reKeyHash: recordRekeyDigest(rec),
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

  /** `scope` names the record; it is bound by the AEAD, but (faithful to the design) not by the capsule or rk'. */
  encrypt(to: Recipient<MxPublicKey>, m: Uint8Array, rng: Rng, scope?: Uint8Array): MxCiphertext {
    if (to.kind !== 'pk' || to.pk.kind !== 'pairing')
      throw new UnsupportedError('MedExChain encrypts to a pairing public key');
    const zr = this.pp.group.zr;
    return encrypt(this.pp, to.pk, m, zr.random(rng), zr.random(rng), rng, scope);
  }

  decrypt(key: KeyPair<MxPublicKey, MxSecretKey>, ct: MxCiphertext): Uint8Array {
    if (key.sk.kind === 'x25519') return decryptForeign(this.pp, key.sk.key, ct);
    return ct.level === 1 ? decryptFirstLevel(this.pp, key.sk.x, ct) : decryptSecondLevel(this.pp, key.sk.x, ct);
  }

  /** A delegatee on a chain without pairing keys (Eq. 7b): its native X25519 key pair. */
  foreignKeygen(_subject: Subject, rng: Rng): KeyPair<MxPublicKey, MxSecretKey> {
    return foreignKeygen(this.pp.group.ops, rng);
  }

  /** The faithful rk' ignores `scope`: it is record-independent (the weakness the delegation-scope game shows). */
  rekeygen(
    from: KeyPair<MxPublicKey, MxSecretKey>,
    to: Recipient<MxPublicKey>,
    rng: Rng,
    _scope?: Uint8Array,
  ): MxReKey {
    if (from.sk.kind !== 'pairing') throw new UnsupportedError('the delegator needs a pairing key');
    if (to.kind !== 'pk') throw new UnsupportedError('MedExChain delegates to a public key');
    if (to.pk.kind === 'pairing') return rekeygen(this.pp, from.sk.x, to.pk.p2);
    const { target, wrappedX } = delegateForeign(this.pp, to.pk.key, rng); // Eq. 7b
    return rekeygen(this.pp, from.sk.x, target, wrappedX);
  }

  reencrypt(rk: MxReKey, ct: MxCiphertext, _rng: Rng): MxCiphertext {
    if (ct.level !== 1) throw new DecryptionError('only first-level ciphertexts are re-encrypted (single hop)');
    return reencrypt(this.pp, rk, ct);
  }

  firewall(party: Party, _rng: Rng) {
    switch (party) {
      case 'firewall-patient':
      case 'firewall-hospital':
        return new UserFirewall(party, this.pp);
      case 'firewall-device':
        return new DeviceFirewall(this.pp);
      case 'firewall-relay':
        return new RelayFirewall(this.pp);
      default:
        throw new ParameterError(`MedExChain has no firewall for '${party}'`);
    }
  }

  story(opts: StoryOptions) {
    return runStory(this, this.pp, MESSAGES, opts);
  }

  dispose() {
    this.pp.dispose();
  }
}

export const medexchain: Scheme = {
  name: 'medexchain',
  title: 'MedExChain (PRE + reverse firewalls + audit), reconstruction',
  family: 'pre',
  citation:
    'Lv, Li, Chen, Hou, Bai, Feng, "MedExChain: Enabling Secure and Efficient PHR Sharing Across Heterogeneous ' +
    'Blockchains", IEEE IoT Journal 2025 (arXiv 2602.12106); Eqs. 1-15 of our reconstruction (spec/medexchain.md)',
  capabilities: {
    unidirectional: true,
    bidirectional: false,
    multiHop: false,
    threshold: false,
    identityBased: false,
    attributeBased: false,
    firewalls: true,
    audit: true,
    foreignDelegatee: true,
    reencryption: true,
    // The protocol authorizes one record per request (Eq. 6-8), so the scheme claims per-record delegation; its
    // rk' = g2^{x_B r_B / (x_P r_P)} does not depend on the record, and the delegation-scope game shows it.
    scopedDelegation: true,
  },
  // W_P and W_B guard their user's keys and delegations and unblind what arrives; W_D the device's encryption; W_R
  // the relay's re-encryption (Eqs. 3, 5, 8, 10, 11).
  firewalls: [
    { party: 'firewall-device', guards: ['encrypt'] },
    { party: 'firewall-patient', guards: ['keygen', 'rekeygen', 'receive'] },
    { party: 'firewall-relay', guards: ['reencrypt'] },
    { party: 'firewall-hospital', guards: ['keygen', 'rekeygen', 'receive'] },
  ],
  // The abstract's two headline figures (80-bit Type-A pairing; the paper's machine is not stated).
  reported: {
    commBytes: 1920,
    totalMs: 98.24,
    source: 'Lv et al., IEEE IoT Journal 2025 (arXiv 2602.12106), abstract: 1920 B communication, 98.24 ms total',
  },
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  async create(opts: CreateOptions) {
    if (!opts.group) throw new UnsupportedError('MedExChain needs a pairing group');
    return new MedexchainInstance(
      medexchain,
      new MxParams(opts.group, opts.precompute === true),
      opts.params ?? {},
    ) as unknown as SchemeInstance;
  },
  costModel: (_params, opts) => medexchainCostModel({ precompute: opts.precompute, symmetric: opts.symmetric }),
  messages: () => MESSAGES,
  protocol: () => medexchainProtocol,
};
