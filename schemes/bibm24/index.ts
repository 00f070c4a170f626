/**
 * MedExChain-BIBM24: the predecessor of MedExChain ("Cross-chain Sharing of Personal Health Records: Heterogeneous
 * and Interoperable Blockchains", IEEE BIBM 2024, pp. 3588-3591, arXiv 2410.08762), taken as MedExChain's own PRE
 * flow WITHOUT the cryptographic reverse firewalls and WITHOUT the audit mechanism, so that comparing the two shows
 * what the firewalls and the audit cost. Like MedExChain, it follows our reconstruction (`spec/medexchain.md`), not
 * the papers' text, which we do not have: Eqs. 2 (KeyGen), 4 (Enc), 6 (signed cross-chain request), 7 (ReKeyGen),
 * 9 (ReEnc), 12 (Dec) and 13 (owner decryption), with the keys used directly where MedExChain uses the firewalled
 * pk' = pk^r, and none of Eqs. 3, 5, 8, 10, 11 (firewalls) or 14 (audit record and proof).
 *
 * Everything is MedExChain's code (schemes/medexchain/: parameters and precomputation, algorithms, codec, signed
 * requests); this file only assembles the flow without the removed parts. The cost model is MedExChain's with the
 * firewall (CRF-*) and audit algorithms removed, and with the two decodings a receiving firewall used to do moved
 * into the hospital's and the patient's own decryption.
 *
 * Not carried over: the foreign-cryptosystem delegatee (Eq. 7b), MedExChain's "enhanced PRE".
 */
import { UnsupportedError } from '../../core/errors.js';
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
} from '../medexchain/algorithms.js';
import { medexchainCodec } from '../medexchain/codec.js';
import { medexchainCostModel } from '../medexchain/index.js';
import { MxParams } from '../medexchain/params.js';
import { addOps } from '../../core/ops.js';
import {
  noCapabilities,
  type CostModel,
  type MessageSpec,
  type Scheme,
  type SchemeInstance,
  type SchemeParams,
} from '../../core/types.js';
import { runBibm24Story } from './story.js';
import { bibm24Protocol } from './protocol.js';

export type Bibm24Instance = SchemeInstance<MxPublicKey, MxSecretKey, MxCiphertext, MxReKey> & {
  readonly pp: MxParams;
};

const MESSAGES: MessageSpec[] = [
  {
    id: 'M1',
    from: 'device',
    to: 'chain-a',
    description: 'D -> storage / chain A: C = (C1, C2)',
    elements: [
      { name: 'C1', group: 'G1' },
      { name: 'C2', group: 'GT' },
    ],
    impl: [
      { name: 'C1', kind: 'G1' },
      { name: 'C2', kind: 'GT' },
      { name: 'h', kind: 'hash' },
    ],
  },
  {
    id: 'M2',
    from: 'hospital',
    to: 'relay',
    description: 'HB -> R: Req with pk_B, sigma_B',
    elements: [
      { name: 'pk_B', group: 'G2' },
      { name: 'sigma_B', group: 'G1' },
    ],
    impl: [
      { name: 'pk_B.1', kind: 'G1' },
      { name: 'pk_B.2', kind: 'G2' },
      { name: 'n_B', kind: 'bytes', bytes: 16 },
      { name: 'sigma_B', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M3',
    from: 'relay',
    to: 'patient',
    description: 'R -> P: Req with pk_B, sigma_R1',
    elements: [
      { name: 'pk_B', group: 'G2' },
      { name: 'sigma_R1', group: 'G1' },
    ],
    impl: [
      { name: 'pk_B.1', kind: 'G1' },
      { name: 'pk_B.2', kind: 'G2' },
      { name: 'n_B', kind: 'bytes', bytes: 16 },
      { name: 'sigma_B', kind: 'ed25519-sig' },
      { name: 'sigma_R1', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M4',
    from: 'patient',
    to: 'relay',
    description: 'P -> R: rk, sigma_P',
    elements: [
      { name: 'rk', group: 'G2' },
      { name: 'sigma_P', group: 'G1' },
    ],
    impl: [
      { name: 'rk', kind: 'G2' },
      { name: 'target pk_B.2', kind: 'G2' },
      { name: 'H(M2)', kind: 'hash' },
      { name: 'sigma_P', kind: 'ed25519-sig' },
    ],
  },
  {
    id: 'M5',
    from: 'chain-a',
    to: 'relay',
    description: 'chain A -> R: C',
    elements: [
      { name: 'C1', group: 'G1' },
      { name: 'C2', group: 'GT' },
    ],
    impl: [
      { name: 'C1', kind: 'G1' },
      { name: 'C2', kind: 'GT' },
    ],
  },
  {
    id: 'M6',
    from: 'relay',
    to: 'hospital',
    description: "R -> HB: C'' = (e(C1, rk), C2), sigma_R2",
    elements: [
      { name: "C1''", group: 'GT' },
      { name: 'C2', group: 'GT' },
      { name: 'sigma_R2', group: 'G1' },
    ],
    impl: [
      { name: "C1''", kind: 'GT' },
      { name: 'C2', kind: 'GT' },
      { name: 'h', kind: 'hash' },
      { name: 'sigma_R2', kind: 'ed25519-sig' },
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

/** MedExChain's cost model without its firewall and audit algorithms (see the header). */
export function bibm24CostModel(opts: { precompute: boolean }): CostModel {
  const full = medexchainCostModel({ precompute: opts.precompute, outerLayer: false }); // no W_D, so no outer layer
  const removed = (name: string) => name.startsWith('CRF-') || name.startsWith('Audit');
  // Decodings that MedExChain's receiving firewalls did (W_B: C'', W_P: the owner's capsule) now happen in Dec / OwnerDec;
  // and the relay decodes rk's target with rk from M4 (MedExChain's relay reuses pk'_B.2 decoded from M2 instead).
  const moved: Record<string, Parameters<typeof addOps>[0]> = {
    Dec: { decodeGT: 2 },
    OwnerDec: { decodeG1: 1, decodeGT: 1 },
    ReEnc: { decodeG2: 1 },
  };
  return {
    algorithms: full.algorithms
      .filter((a) => !removed(a.algorithm))
      .map((a) =>
        moved[a.algorithm]
          ? {
              ...a,
              ops: addOps(a.ops, moved[a.algorithm]!),
              note: `${a.note ?? ''}; ${a.algorithm === 'ReEnc' ? "decodes rk's target" : 'decodes C itself (no receiving firewall)'}`,
            }
          : a,
      ),
    scaling: 'as MedExChain (per record and per requesting hospital), without the firewall and audit algorithms',
  };
}

class Instance implements Bibm24Instance {
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
  keygen(_subject: { id: string }, rng: import('../../core/rng.js').Rng) {
    return keygen(this.pp, this.pp.group.zr.random(rng));
  }
  encrypt(
    to: import('../../core/types.js').Recipient<MxPublicKey>,
    m: Uint8Array,
    rng: import('../../core/rng.js').Rng,
  ) {
    if (to.kind !== 'pk' || to.pk.kind !== 'pairing')
      throw new UnsupportedError('MedExChain-BIBM24 encrypts to a pairing public key');
    const zr = this.pp.group.zr;
    return encrypt(this.pp, to.pk, m, zr.random(rng), zr.random(rng), rng);
  }
  decrypt(key: import('../../core/types.js').KeyPair<MxPublicKey, MxSecretKey>, ct: MxCiphertext) {
    if (key.sk.kind !== 'pairing') throw new UnsupportedError('MedExChain-BIBM24 has no foreign-key receivers');
    return ct.level === 1 ? decryptFirstLevel(this.pp, key.sk.x, ct) : decryptSecondLevel(this.pp, key.sk.x, ct);
  }
  rekeygen(
    from: import('../../core/types.js').KeyPair<MxPublicKey, MxSecretKey>,
    to: import('../../core/types.js').Recipient<MxPublicKey>,
  ) {
    if (from.sk.kind !== 'pairing') throw new UnsupportedError('the delegator needs a pairing key');
    if (to.kind !== 'pk' || to.pk.kind !== 'pairing')
      throw new UnsupportedError('MedExChain-BIBM24 delegates to a pairing public key');
    return rekeygen(this.pp, from.sk.x, to.pk.p2);
  }
  reencrypt(rk: MxReKey, ct: MxCiphertext) {
    if (ct.level !== 1) throw new UnsupportedError('only first-level ciphertexts are re-encrypted (single hop)');
    return reencrypt(this.pp, rk, ct);
  }
  story(opts: import('../../core/types.js').StoryOptions) {
    return runBibm24Story(this, this.pp, MESSAGES, opts);
  }
  dispose() {
    this.pp.dispose();
  }
}

export const bibm24: Scheme = {
  // Not 'medexchain-…': the BIBM 2024 scheme is MedExChain's predecessor, not a variant of MedExChain, and its name
  // should not suggest otherwise in tables and game results.
  name: 'bibm24',
  title: 'BIBM24 predecessor: MedExChain-BIBM24 (PRE without firewalls and audit), reconstruction',
  family: 'pre',
  citation:
    'Cross-chain Sharing of Personal Health Records: Heterogeneous and Interoperable Blockchains, IEEE BIBM 2024, ' +
    'pp. 3588-3591 (arXiv 2410.08762); our reconstruction (spec/medexchain.md) Eqs. 2, 4, 6, 7, 9, 12, 13 without ' +
    'the firewalls (Eqs. 3, 5, 8, 10, 11) and the audit (Eq. 14)',
  capabilities: { ...noCapabilities(), unidirectional: true, reencryption: true },
  supports: (group) => group !== null,
  defaultParams: () => ({}),
  async create(opts) {
    if (!opts.group) throw new UnsupportedError('MedExChain-BIBM24 needs a pairing group');
    return new Instance(
      bibm24,
      new MxParams(opts.group, opts.precompute === true),
      opts.params ?? {},
    ) as unknown as SchemeInstance;
  },
  costModel: (_params, opts) => bibm24CostModel({ precompute: opts.precompute }),
  messages: () => MESSAGES,
  protocol: () => bibm24Protocol,
};
