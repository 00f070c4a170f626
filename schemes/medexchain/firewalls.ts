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
 *     ciphertext's own annotation), fresh u per ciphertext, and the proof of Eq. 14 (audit.ts): knowledge of rk' and u
 *     with e(pk'_P.1, rk') = Y_B and C''' = (e(C1*, rk') Y_B^u, C2* Z^u), so that only H2(rk') is published. W_R
 *     takes rk' and C* from ReEnc's relay-side annotation and draws the proof's randomness itself; any relay that
 *     bypasses W_R can prove with its own u (even u = 0), so the proof attests what was computed, not who.
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
import { proveReencryption, rekeyDigest, statementBytes } from './audit.js';
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

/** W_R. Its proof is bound to the record by CID, h, C*, C''' and H2(rk') (audit.ts). */
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
    delete out.from;
    // Eq. 14: the proof of knowledge of rk' and u (audit.ts), from what ReEnc consumed; rk' stays off the record.
    const from = ct.from;
    if (from) {
      const star: MxCiphertext = { level: 1, c1: from.c1, c2: from.c2, body: ct.body, h: ct.h };
      if (from.outer) star.outer = from.outer;
      const mid = ct.outer ? { c1: ct.c1, outer: ct.outer } : { c1: ct.c1 };
      const ctx = { cid: cidOf(ct.body), h: ct.h, rkDigest: rekeyDigest(this.pp, from.rk) };
      const s = statementBytes(this.pp, target, star, out);
      out.proof = proveReencryption(this.pp, ctx, s, from.rk.rk, mid, target, y, u, G.zr.random(rng), G.zr.random(rng));
    }
    return out;
  }
}
