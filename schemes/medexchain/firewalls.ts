/**
 * The four cryptographic reverse firewalls of MedExChain (Mironov and Stephens-Davidowitz, EUROCRYPT 2015), each a
 * separate object holding only its own blinding values:
 *   - W_P / W_B (a user's firewall): CRF-KeyGen (Eq. 3, pk' = pk^r), CRF-ReKeyGen (Eq. 8, rk' = rk^(1/r) with the
 *     pairing check), and inbound unblinding (Eq. 11 for second-level, the owner side of Eq. 13 for first-level);
 *   - W_D (the device's firewall): CRF-Enc (Eq. 5), fresh s per ciphertext, plus an outer layer under its own key
 *     (our hardening: without it the device's AEAD bytes pass through and can carry a subliminal channel);
 *   - W_R (the relay's firewall): CRF-ReEnc (Eq. 10), fresh u per ciphertext, and the Chaum-Pedersen proof of
 *     Eq. 14 (only W_R knows u, so only it can prove the re-randomization).
 * A firewall never sees its party's secret key; it re-randomizes with its own randomness so that whatever a
 * subverted implementation hid in its randomness is erased, and it refuses malformed inputs.
 */
import { cidOf } from '../../core/dem.js';
import { VerificationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Party, Recipient, ReverseFirewall } from '../../core/types.js';
import {
  addOuterLayer,
  adjustReKey,
  blindKey,
  rerandomizeFirstLevel,
  rerandomizeSecondLevel,
  unblindFirstLevel,
  unblindSecondLevel,
  type MxCiphertext,
  type MxPairingKey,
  type MxPublicKey,
  type MxReKey,
} from './algorithms.js';
import { proofContext, proveRerandomization } from './audit.js';
import type { MxParams } from './params.js';

type Fw = ReverseFirewall<MxPublicKey, MxCiphertext, MxReKey>;

function pairingKeyOf(to: Recipient<MxPublicKey>, what: string): MxPairingKey {
  if (to.kind !== 'pk' || to.pk.kind !== 'pairing') throw new VerificationError(what, 'expects a pairing public key');
  return to.pk;
}

/** W_P or W_B. */
export class UserFirewall implements Fw {
  private r: bigint | null = null;
  constructor(
    readonly party: Party,
    private readonly pp: MxParams,
  ) {}

  keygen(pk: MxPublicKey, rng: Rng): MxPublicKey {
    if (pk.kind !== 'pairing') throw new VerificationError('crf-keygen', 'expects a pairing public key');
    // pk' = pk^r is well formed iff pk is (r != 0), so checking the output (inside blindKey) suffices.
    this.r = this.pp.group.zr.random(rng);
    return blindKey(this.pp, pk, this.r);
  }

  rekeygen(rk: MxReKey, from: MxPublicKey, _to: Recipient<MxPublicKey>, _rng: Rng): MxReKey {
    if (from.kind !== 'pairing') throw new VerificationError('crf-rekeygen', 'expects a pairing public key');
    return adjustReKey(this.pp, rk, this.blind(), from);
  }

  receive(ct: MxCiphertext): MxCiphertext {
    return ct.level === 1
      ? unblindFirstLevel(this.pp, ct, this.blind())
      : unblindSecondLevel(this.pp, ct, this.blind());
  }

  private blind(): bigint {
    if (this.r === null) throw new VerificationError('firewall', `${this.party} has no key registered`);
    return this.r;
  }
}

/** W_D. */
export class DeviceFirewall implements Fw {
  readonly party: Party = 'firewall-device';
  constructor(private readonly pp: MxParams) {}
  encrypt(ct: MxCiphertext, to: Recipient<MxPublicKey>, rng: Rng): MxCiphertext {
    const pk = pairingKeyOf(to, 'crf-enc');
    const zr = this.pp.group.zr;
    // Eq. 5 re-randomizes the capsule; the outer layer (our hardening, algorithms.ts) takes C_M's bytes out of the
    // device's hands too.
    return addOuterLayer(this.pp, rerandomizeFirstLevel(this.pp, ct, pk, zr.random(rng)), pk, zr.random(rng), rng);
  }
}

/** W_R. Its proof is bound to the record by the CID of the ciphertext's body (audit.ts, proofContext). */
export class RelayFirewall implements Fw {
  readonly party: Party = 'firewall-relay';
  constructor(private readonly pp: MxParams) {}

  reencrypt(ct: MxCiphertext, to: Recipient<MxPublicKey>, rng: Rng): MxCiphertext {
    if (ct.level !== 2) throw new VerificationError('crf-reenc', 'not a second-level ciphertext');
    // The relay knows which key it re-encrypted for (rk'.target: pk'_B.2, or g2^H2(X) under Eq. 7b).
    const target = ct.target ?? (to.kind === 'pk' && to.pk.kind === 'pairing' ? to.pk.p2 : null);
    if (!target) throw new VerificationError('crf-reenc', 'expects the receiver key (or the Eq. 7b virtual key)');
    const G = this.pp.group;
    const u = G.zr.random(rng);
    const { ct: out, y } = rerandomizeSecondLevel(this.pp, ct, target, u);
    if (out.level !== 2) throw new VerificationError('crf-reenc', 'unexpected level');
    const d1 = G.gt.div(out.c1, ct.c1);
    const d2 = G.gt.div(out.c2, ct.c2);
    out.proof = proveRerandomization(this.pp, proofContext(cidOf(ct.body)), y, d1, d2, u, G.zr.random(rng));
    return out;
  }
}
