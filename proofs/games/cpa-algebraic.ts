/**
 * The algebraic adversary in the IND-CPA games: its view is everything the CPA view offers (every user's public
 * key, the corrupted users' secret keys, the answer to every ReKeyGen query the game allows, and the challenge); the
 * search (algebraic.ts) runs on the `dlog` instance of the scheme, and an attack it finds is then played in the real
 * game on the real backend: the adversary computes the challenge's KDF inputs from its real view and the challenger
 * decrypts with them. A trial where that fails falls back to the portfolio adversary.
 */
import { randomBytes, type SeededRng } from '../../core/rng.js';
import type { SchemeInstance } from '../../core/types.js';
import { evaluateAttack, type AlgebraicAttack, type Sample, type Sampler, type ViewPart } from './algebraic.js';
import { CPA_MESSAGE_BYTES } from './adversary.js';
import { setupTrial, type CpaAdversary, type CpaVariant, type CpaView } from './cpa.js';
import { bytesEqual } from './common.js';

function lazy(label: string, kind: ViewPart['kind'], f: () => unknown): ViewPart {
  let done = false;
  let v: unknown;
  return {
    label,
    kind,
    get() {
      if (!done) {
        v = f();
        done = true;
      }
      return v;
    },
  };
}

/** The view's parts, in a fixed order; each computed only when read. */
export function cpaParts(view: CpaView): ViewPart[] {
  const parts: ViewPart[] = [];
  for (const u of view.users) parts.push(lazy(`pk[${u.id}]`, 'publicKey', () => u.pk));
  for (const [id, kp] of view.corruptKeys) parts.push(lazy(`sk[${id}]`, 'secretKey', () => kp.sk));
  for (const a of view.users)
    for (const b of view.users)
      if (a.id !== b.id && view.mayRekey(a.id, b.id))
        parts.push(lazy(`rk[${a.id}->${b.id}]`, 'reKey', () => view.rekey(a.id, b.id)));
  return parts;
}

export function cpaPublicStrings(view: CpaView): string[] {
  const s = new Set<string>();
  for (const u of view.users) {
    s.add(u.id);
    for (const a of u.attributes ?? []) s.add(a);
  }
  if (view.challengeTo.kind === 'identity') s.add(view.challengeTo.id);
  if (view.challengeTo.kind === 'policy') for (const w of view.challengeTo.policy.split(/[\s()]+/)) if (w) s.add(w);
  return [...s];
}

/** One run of the CPA game as a Sample (used on dlog by the search). */
export function cpaSampler(variant: CpaVariant): Sampler {
  return (inst: SchemeInstance, rng: SeededRng): Sample => {
    const { view, challenge, open } = setupTrial(inst, variant, rng);
    const m = randomBytes(rng.fork('message'), CPA_MESSAGE_BYTES);
    return { parts: cpaParts(view), publicStrings: cpaPublicStrings(view), challenge: () => challenge(m), open };
  };
}

export interface AlgebraicTally {
  used: number;
  failed: number;
}

/** The CPA adversary that plays a found attack, and `fallback` where there is none or it fails. */
export function algebraicCpaAdversary(
  attack: AlgebraicAttack | null,
  fallback: CpaAdversary,
  tally: AlgebraicTally,
): CpaAdversary {
  return {
    prepare: (view) => fallback.prepare?.(view),
    choose: (view) => fallback.choose(view),
    guess(view, challenge, m, decryptWith) {
      if (attack && decryptWith) {
        try {
          const sample: Sample = {
            parts: cpaParts(view),
            publicStrings: cpaPublicStrings(view),
            challenge: () => challenge,
            open: () => new Uint8Array(0),
          };
          const keys = evaluateAttack(attack, view.inst, sample, challenge);
          const out = decryptWith(keys, challenge);
          if (out && (bytesEqual(out, m[0]) || bytesEqual(out, m[1]))) {
            tally.used++;
            return { bit: bytesEqual(out, m[0]) ? 0 : 1, strategy: 'algebraic' };
          }
        } catch {
          // fall through: the attack did not replay on this trial
        }
        tally.failed++;
      }
      return fallback.guess(view, challenge, m, decryptWith);
    },
  };
}
