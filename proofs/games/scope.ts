/**
 * The delegation-scope game, for schemes that claim `scopedDelegation` (a re-encryption key for one scope must not
 * open a ciphertext of another). The delegator A encrypts record R1 and record R2 under their scope labels and
 * delegates R1 only: rk_{A->B} for scope R1. The adversary is the delegatee B (it holds B's key pair and every key
 * B's firewall would hold) together with the proxy (it holds rk for R1), and must decrypt the challenge, a ciphertext
 * of scope R2. Two adversaries:
 *   - direct: re-encrypt R2's ciphertext with R1's key and decrypt it with B's key (the scheme's own algorithms);
 *   - algebraic: the degree-2 search of algebraic.ts over the view (pk_A, B's keys, rk for R1, the challenge),
 *     replayed on the real backend by decryption with the attack's KDF inputs.
 * A scheme that does not claim scoped delegation has nothing to be held to: no row.
 */
import { randomBytes, type SeededRng } from '../../core/rng.js';
import type { KeyPair, SchemeInstance } from '../../core/types.js';
import { evaluateAttack, overrideFrom, type SearchResult, type Sample, type Sampler } from './algebraic.js';
import { recipientOf, bytesEqual } from './common.js';
import type { TappedGroup } from './instrument.js';
import type { AttackReport } from './types.js';

const te = new TextEncoder();
export const SCOPE_R1 = te.encode('record-R1');
export const SCOPE_R2 = te.encode('record-R2');
const MESSAGE_BYTES = 48;

interface ScopeTrial {
  sample: Sample;
  delegatee: KeyPair;
  rk: unknown;
  m: Uint8Array;
  inst: SchemeInstance;
  rng: SeededRng;
}

function setup(inst: SchemeInstance, rng: SeededRng): ScopeTrial {
  const chal = rng.fork('challenger');
  const a = inst.keygen({ id: 'delegator' }, chal);
  const b = inst.keygen({ id: 'delegatee' }, chal);
  const toA = recipientOf(inst, 'delegator', a);
  const toB = recipientOf(inst, 'delegatee', b);
  let rk: unknown = undefined;
  const getRk = () => (rk ??= inst.rekeygen!(a, toB, chal, SCOPE_R1));
  const m = randomBytes(rng.fork('message'), MESSAGE_BYTES);
  const sample: Sample = {
    parts: [
      { label: 'pk[delegator]', kind: 'publicKey', get: () => a.pk },
      { label: 'pk[delegatee]', kind: 'publicKey', get: () => b.pk },
      { label: 'sk[delegatee]', kind: 'secretKey', get: () => b.sk },
      { label: 'rk[R1]', kind: 'reKey', get: getRk },
    ],
    publicStrings: ['delegator', 'delegatee', 'record-R1', 'record-R2'],
    challenge: () => inst.encrypt(toA, m, chal, SCOPE_R2),
    open: (ct) => inst.decrypt(a, ct),
  };
  return {
    sample,
    delegatee: b,
    get rk() {
      return getRk();
    },
    m,
    inst,
    rng,
  };
}

export const scopeSampler: Sampler = (inst, rng) => setup(inst, rng).sample;

/** Direct: re-encrypt R2's ciphertext with R1's key, decrypt with the delegatee's key. */
function direct(t: ScopeTrial, ct: unknown): boolean {
  try {
    const re = t.inst.reencrypt!(t.rk, ct, t.rng.fork('proxy'));
    return bytesEqual(t.inst.decrypt(t.delegatee, re), t.m);
  } catch {
    return false;
  }
}

function algebraic(t: ScopeTrial, ct: unknown, found: SearchResult, tap: TappedGroup): boolean {
  if (!found.attack) return false;
  try {
    const keys = evaluateAttack(found.attack, t.inst, t.sample, ct);
    const out = tap.withKdf(overrideFrom(keys), () => t.sample.open(ct));
    return bytesEqual(out, t.m);
  } catch {
    return false;
  }
}

export interface ScopeOutcome {
  trials: number;
  directWins: number;
  algebraicWins: number;
  attack: AttackReport | null;
  note: string;
}

/** Plays `trials` trials on the real instance; `found` is the algebraic search's result on dlog. */
export function playScope(
  inst: SchemeInstance,
  trials: number,
  rng: SeededRng,
  found: SearchResult,
  tap: TappedGroup,
): ScopeOutcome {
  let directWins = 0;
  let algebraicWins = 0;
  for (let i = 0; i < trials; i++) {
    const t = setup(inst, rng.fork(`trial-${i}`));
    const ct = t.sample.challenge();
    if (direct(t, ct)) directWins++;
    if (algebraic(t, ct, found, tap)) algebraicWins++;
  }
  const backend = tap.group.name;
  let attack: AttackReport | null = null;
  if (directWins === trials)
    attack = {
      words:
        "direct: re-encrypt record R2's ciphertext with the re-encryption key issued for record R1, then decrypt it " +
        "with the delegatee's key: the key is not bound to its scope",
      replayedOn: backend,
      keys: [],
      strategy: 'direct',
      replayedTrials: trials,
    };
  else if (found.attack && algebraicWins === trials)
    attack = {
      words: found.attack.words,
      replayedOn: backend,
      keys: found.attack.keys.map((k) => ({
        info: k.info,
        terms: k.terms.map((x) => ({
          coef: x.coef[1] === 1n ? String(x.coef[0]) : `${x.coef[0]}/${x.coef[1]}`,
          monomial: x.monomial,
        })),
      })),
      strategy: 'algebraic',
      columns: found.attack.columns,
      rank: found.attack.rank,
      runs: found.attack.runs,
      replayedTrials: trials,
    };
  const s = found.stats;
  const alg = found.attack
    ? `algebraic: attack found on dlog, replayed in ${algebraicWins}/${trials} trials`
    : `algebraic: ${s.reason}`;
  return {
    trials,
    directWins,
    algebraicWins,
    attack,
    note: `direct strategy decrypted ${directWins}/${trials}; ${alg} (${s.columns} monomials, rank ${s.rank}, ${s.runs} dlog runs)`,
  };
}
