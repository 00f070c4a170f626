/**
 * The four cryptographic reverse firewalls of MedExChain (Mironov and Stephens-Davidowitz, EUROCRYPT 2015), each a
 * separate object holding only its own blinding values:
 *   - W_P / W_B (a user's firewall): CRF-KeyGen (Eq. 3, pk' = pk^r), CRF-ReKeyGen (Eq. 8, rk' = rk^(1/r) checked
 *     against the requester's key from the signed request, never against a target the guarded algorithm chose; for
 *     an Eq. 7b receiver, a fresh alpha on target and rk' and a fresh wrap of alpha || E_B(X) to the registered
 *     X25519 key), and inbound unblinding (Eq. 11 for second-level, the owner side of Eq. 13 for first-level), which
 *     refuses a ciphertext the relay addressed to any key but the firewall's own registered one;
 *   - W_D (the device's firewall): CRF-Enc (Eq. 5), fresh s per ciphertext, plus an outer layer under its own key
 *     (our hardening: without it the device's AEAD bytes pass through and can carry a subliminal channel);
 *   - W_R (the relay's firewall): CRF-ReEnc (Eq. 10) towards the receiver key in the relay's registry (never the
 *     ciphertext's own annotation), fresh u per ciphertext, and the Chaum-Pedersen proof of Eq. 14. The proof shows
 *     that C''' = C'' (Y_B^u, Z^u) for SOME u the prover knows: any relay can make one with its own u (even u = 0),
 *     so it attests that the delivered ciphertext is a re-randomization of the one derived from C* and rk' for
 *     Y_B, not that W_R (rather than a bypassing relay) made it.
 * A firewall never sees its party's secret key; it re-randomizes with its own randomness so that whatever a
 * subverted implementation hid in its randomness is erased, and it refuses malformed inputs.
 */
import { cidOf } from '../../core/dem.js';
import { VerificationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Party, Recipient, ReverseFirewall } from '../../core/types.js';
import {
  addOuterLayer,
  adjustForeignReKey,
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
import { firewallWrap } from './foreign.js';
import type { MxParams } from './params.js';

type Fw = ReverseFirewall<MxPublicKey, MxCiphertext, MxReKey>;

function pairingKeyOf(to: Recipient<MxPublicKey>, what: string): MxPairingKey {
  if (to.kind !== 'pk' || to.pk.kind !== 'pairing') throw new VerificationError(what, 'expects a pairing public key');
  return to.pk;
}

/** W_P or W_B. */
export class UserFirewall implements Fw {
  private r: bigint | null = null;
  private registered: MxPairingKey | null = null;
  constructor(
    readonly party: Party,
    private readonly pp: MxParams,
  ) {}

  keygen(pk: MxPublicKey, rng: Rng): MxPublicKey {
    if (pk.kind !== 'pairing') throw new VerificationError('crf-keygen', 'expects a pairing public key');
    // pk' = pk^r is well formed iff pk is (r != 0), so checking the output (inside blindKey) suffices.
    this.r = this.pp.group.zr.random(rng);
    this.registered = blindKey(this.pp, pk, this.r);
    return this.registered;
  }

  /**
   * `to` is the requester's key as the signed request (Eq. 6) names it: the pairing key pk'_B, or the X25519 key of
   * an Eq. 7b receiver. What the guarded ReKeyGen says its key targets is ignored.
   */
  rekeygen(rk: MxReKey, from: MxPublicKey, to: Recipient<MxPublicKey>, rng: Rng): MxReKey {
    if (from.kind !== 'pairing') throw new VerificationError('crf-rekeygen', 'expects a pairing public key');
    if (to.kind !== 'pk') throw new VerificationError('crf-rekeygen', "expects the requester's public key");
    if (to.pk.kind === 'pairing') return adjustReKey(this.pp, rk, this.blind(), from, to.pk.p2);
    if (!rk.wrappedX) throw new VerificationError('crf-rekeygen', 'an Eq. 7b re-encryption key without E_B(X)');
    const alpha = this.pp.group.zr.random(rng);
    const out = adjustForeignReKey(this.pp, rk, this.blind(), from, alpha);
    return { ...out, wrappedX: firewallWrap(this.pp, to.pk.key, alpha, rk.wrappedX, rng) };
  }

  receive(ct: MxCiphertext): MxCiphertext {
    if (ct.level === 2 && ct.target && this.registered && !this.pp.group.g2.eq(ct.target, this.registered.p2))
      throw new VerificationError('crf-receive', 'the ciphertext is addressed to another key than the registered one');
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
    // The receiver key comes from the relay's registry (`to`): pk'_B. An Eq. 7b receiver has no pairing key; its
    // virtual key exists only in the patient-signed rk', so the registry records it from M4 (`virtual`); a registry
    // that holds only the X25519 key (chain/relay today) falls back to the annotation ReEnc copied from that rk'.
    const target =
      to.kind !== 'pk'
        ? null
        : to.pk.kind === 'pairing'
          ? to.pk.p2
          : (to.pk.virtual ?? (ct.wrappedX ? (ct.target ?? null) : null));
    if (!target)
      throw new VerificationError('crf-reenc', 'expects the registered receiver key (or the Eq. 7b virtual key)');
    const G = this.pp.group;
    if (ct.target && !G.g2.eq(ct.target, target))
      throw new VerificationError('crf-reenc', 'the relay re-encrypted for another key than the registered receiver');
    const u = G.zr.random(rng);
    const { ct: out, y } = rerandomizeSecondLevel(this.pp, ct, target, u);
    if (out.level !== 2) throw new VerificationError('crf-reenc', 'unexpected level');
    const d1 = G.gt.div(out.c1, ct.c1);
    const d2 = G.gt.div(out.c2, ct.c2);
    out.proof = proveRerandomization(this.pp, proofContext(cidOf(ct.body)), y, d1, d2, u, G.zr.random(rng));
    return out;
  }
}
