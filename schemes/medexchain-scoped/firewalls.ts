/**
 * MedExChain-Scoped's four reverse firewalls (Mironov and Stephens-Davidowitz, EUROCRYPT 2015), each holding only its
 * own randomness, as in MedExChain (schemes/medexchain/firewalls.ts) with the scoped equations of algorithms.ts:
 *   - W_P / W_B: CRF-KeyGen (pk' = pk^r, MedExChain's Eq. 3), CRF-ReKeyGen (S8: fresh rho and v', checked against
 *     the requester's key from the signed request), inbound unblinding (S11, S13), refusing a ciphertext the relay
 *     addressed to another key than the registered one;
 *   - W_D: S5 (fresh s and w, outer layer bound to tau and C*);
 *   - W_R: S10 towards the registered receiver key, with the Chaum-Pedersen proof (audit.ts says what it shows).
 */
import { cidOf } from '../../core/dem.js';
import { VerificationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Party, Recipient, ReverseFirewall } from '../../core/types.js';
import { blindKey, type MxPairingKey, type MxPublicKey } from '../medexchain/algorithms.js';
import type { MxParams } from '../medexchain/params.js';
import {
  firewallEncrypt,
  firewallReKey,
  receiverY,
  rerandomizeSecondLevel,
  unblindFirstLevel,
  unblindSecondLevel,
  type ScCiphertext,
  type ScReKey,
} from './algorithms.js';
import { proofContext, prove } from './audit.js';

type Fw = ReverseFirewall<MxPublicKey, ScCiphertext, ScReKey>;

function pairingKeyOf(to: Recipient<MxPublicKey>, what: string): MxPairingKey {
  if (to.kind !== 'pk' || to.pk.kind !== 'pairing') throw new VerificationError(what, 'expects a pairing public key');
  return to.pk;
}

export class ScopedUserFirewall implements Fw {
  private r: bigint | null = null;
  private registered: MxPairingKey | null = null;
  constructor(
    readonly party: Party,
    private readonly pp: MxParams,
  ) {}

  keygen(pk: MxPublicKey, rng: Rng): MxPublicKey {
    if (pk.kind !== 'pairing') throw new VerificationError('crf-keygen', 'expects a pairing public key');
    this.r = this.pp.group.zr.random(rng);
    this.registered = blindKey(this.pp, pk, this.r);
    return this.registered;
  }

  /** `to`: the requester's key as the signed request names it. */
  rekeygen(rk: ScReKey, from: MxPublicKey, to: Recipient<MxPublicKey>, rng: Rng): ScReKey {
    if (from.kind !== 'pairing') throw new VerificationError('crf-rekeygen', 'expects a pairing public key');
    const zr = this.pp.group.zr;
    return firewallReKey(
      this.pp,
      rk,
      this.blind(),
      from,
      pairingKeyOf(to, 'crf-rekeygen'),
      zr.random(rng),
      zr.random(rng),
    );
  }

  receive(ct: ScCiphertext): ScCiphertext {
    if (ct.level === 1) return unblindFirstLevel(this.pp, ct, this.blind());
    if (ct.target && this.registered && !this.pp.group.g2.eq(ct.target, this.registered.p2))
      throw new VerificationError('crf-receive', 'the ciphertext is addressed to another key than the registered one');
    return unblindSecondLevel(this.pp, ct, this.blind());
  }

  private blind(): bigint {
    if (this.r === null) throw new VerificationError('firewall', `${this.party} has no key registered`);
    return this.r;
  }
}

export class ScopedDeviceFirewall implements Fw {
  readonly party: Party = 'firewall-device';
  constructor(private readonly pp: MxParams) {}
  encrypt(ct: ScCiphertext, to: Recipient<MxPublicKey>, rng: Rng): ScCiphertext {
    const zr = this.pp.group.zr;
    return firewallEncrypt(this.pp, ct, pairingKeyOf(to, 'crf-enc'), zr.random(rng), zr.random(rng), rng);
  }
}

export class ScopedRelayFirewall implements Fw {
  readonly party: Party = 'firewall-relay';
  constructor(private readonly pp: MxParams) {}
  /** `to`: the receiver key in the relay's registry. */
  reencrypt(ct: ScCiphertext, to: Recipient<MxPublicKey>, rng: Rng): ScCiphertext {
    if (ct.level !== 2) throw new VerificationError('crf-reenc', 'not a second-level ciphertext');
    const pkB = pairingKeyOf(to, 'crf-reenc');
    const G = this.pp.group;
    if (ct.target && !G.g2.eq(ct.target, pkB.p2))
      throw new VerificationError('crf-reenc', 'the relay re-encrypted for another key than the registered receiver');
    const y = receiverY(this.pp, ct, pkB);
    const u = G.zr.random(rng);
    const out = rerandomizeSecondLevel(this.pp, ct, y, u);
    if (out.level !== 2) throw new VerificationError('crf-reenc', 'unexpected level');
    const d1 = G.g1.mul(out.c1, G.g1.inv(ct.c1));
    const d2 = G.gt.div(out.t, ct.t);
    out.proof = prove(this.pp, proofContext(cidOf(ct.body), ct.scope), y, d1, d2, u, G.zr.random(rng));
    return out;
  }
}
