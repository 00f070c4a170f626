/**
 * Mutants of MedExChain's reverse firewalls (schemes/medexchain/firewalls.ts), one mistake each in what a firewall
 * re-randomizes, so that the ASA game with firewalls is what must catch them:
 *  - W_P on the Eq. 7b path (ReKeyGen-Foreign): the firewall before the Eq. 7b fix, which adjusted rk for its r_P but
 *    kept the virtual key g2^H2(X) the patient's algorithm chose and forwarded E_B(X) unchanged, so the subverted
 *    algorithm's choice of X, ephemeral key and nonce reaches the relay (issue 18);
 *  - W_D without its outer layer: Eq. 5 alone re-randomizes the capsule (C1, C2) but forwards C_M and h, whose bytes
 *    the device chose (the finding recorded in proofs/games/README.md).
 * W_R and W_B get none: MedExChain's ReEnc is deterministic (a subverted relay has no randomness to bias, so no
 * firewall mistake there is visible to an ASA game), and W_B runs W_P's code.
 *
 * MedExChain declares `foreignDelegatee`; the games make the Eq. 7b delegatee with the instance's `foreignKeygen`
 * (core/types.ts). `withForeignKeygen` supplies that verb from the scheme's own foreign.ts where the instance does not
 * offer it yet, so the game plays the same path on the genuine scheme and on its mutant.
 */
import { UnsupportedError, VerificationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import type { Party, Recipient, ReverseFirewall, Scheme, SchemeInstance, Subject } from '../../core/types.js';
import {
  adjustReKey,
  rerandomizeFirstLevel,
  type MxCiphertext,
  type MxPublicKey,
  type MxReKey,
} from '../../schemes/medexchain/algorithms.js';
import { foreignKeygen } from '../../schemes/medexchain/foreign.js';
import type { MedexchainInstance } from '../../schemes/medexchain/index.js';
import type { MxParams } from '../../schemes/medexchain/params.js';
import { wrapScheme, type Mutant } from './wrap.js';

type Fw = ReverseFirewall<MxPublicKey, MxCiphertext, MxReKey>;

function paramsOf(inst: SchemeInstance): MxParams {
  const pp = (inst as unknown as MedexchainInstance).pp;
  if (!pp) throw new UnsupportedError('not a MedExChain instance');
  return pp;
}

/** The instance's foreignKeygen, or one from MedExChain's own foreign.ts (an X25519 key pair, Eq. 7b). */
function foreignVerb(base: SchemeInstance): Pick<SchemeInstance, 'foreignKeygen'> {
  if (base.foreignKeygen) return {};
  const pp = paramsOf(base);
  return { foreignKeygen: (_s: Subject, rng: Rng) => foreignKeygen(pp.group.ops, rng) };
}

/** `base` (MedExChain) with `foreignKeygen` on its instances: the genuine scheme, for the Eq. 7b ASA rows. */
export function withForeignKeygen(base: Scheme): Scheme {
  return {
    ...base,
    async create(opts) {
      const inst = await base.create(opts);
      const add = foreignVerb(inst);
      if (!add.foreignKeygen) return inst;
      const out: SchemeInstance = Object.create(inst);
      Object.defineProperty(out, 'foreignKeygen', { value: add.foreignKeygen, enumerable: true });
      return out;
    },
  };
}

/** W_P (and W_B) before the Eq. 7b fix: rk' = rk^(1/r_P) towards the algorithm's own virtual key, E_B(X) as is. */
function prefixUserFirewall(pp: MxParams, real: Fw): Fw {
  return {
    party: real.party,
    keygen: (pk, rng) => real.keygen!(pk, rng),
    receive: (ct) => real.receive!(ct),
    rekeygen(rk, from, to: Recipient<MxPublicKey>, rng) {
      if (to.kind !== 'pk' || to.pk.kind === 'pairing') return real.rekeygen!(rk, from, to, rng);
      if (from.kind !== 'pairing') throw new VerificationError('crf-rekeygen', 'expects a pairing public key');
      const rP = (real as unknown as { r: bigint | null }).r;
      if (rP === null) throw new VerificationError('firewall', `${real.party} has no key registered`);
      return { ...adjustReKey(pp, rk, rP, from, rk.target), wrappedX: rk.wrappedX! };
    },
  };
}

function firewallMutant(
  of: Scheme,
  name: string,
  mistake: string,
  replace: (pp: MxParams, party: Party, real: Fw, rng: Rng) => Fw | null,
): Mutant {
  return wrapScheme(of, name, 'firewall-passthrough', mistake, {
    instance: (base) => {
      const pp = paramsOf(base);
      return {
        ...foreignVerb(base),
        firewall: (party: Party, rng: Rng) => {
          const real = base.firewall!(party, rng) as Fw;
          return (replace(pp, party, real, rng) ?? real) as ReverseFirewall;
        },
      };
    },
  });
}

export function medexchainFirewallMutants(of: Scheme): Mutant[] {
  return [
    firewallMutant(
      of,
      'wp-forwards-eq7b-wrap',
      "W_P's CRF-ReKeyGen for an Eq. 7b delegatee adjusts rk for r_P but keeps the algorithm's virtual key and forwards E_B(X) unchanged (the pre-fix W_P)",
      (pp, party, real) =>
        party === 'firewall-patient' || party === 'firewall-hospital' ? prefixUserFirewall(pp, real) : null,
    ),
    firewallMutant(
      of,
      'wd-no-outer-layer',
      "W_D's CRF-Enc re-randomizes the capsule (Eq. 5) but forwards the device's C_M and h unchanged (no outer layer)",
      (pp, party) =>
        party === 'firewall-device'
          ? {
              party,
              encrypt(ct: MxCiphertext, to: Recipient<MxPublicKey>, rng: Rng) {
                if (to.kind !== 'pk' || to.pk.kind !== 'pairing')
                  throw new VerificationError('crf-enc', 'expects a pairing public key');
                return rerandomizeFirstLevel(pp, ct, to.pk, pp.group.zr.random(rng));
              },
            }
          : null,
    ),
  ];
}
