/**
 * IND-CPA games, played against any `SchemeInstance`; which variant runs is decided by declared capabilities only.
 *
 * PRE (capability `reencryption`, not attribute-based): the single-hop IND-CPA game of Ateniese, Fu, Green and
 * Hohenberger (NDSS 2005, Sec. 3.1 / TISSEC 2006, Def. 2.3) in the form of Libert and Vergnaud (PKC 2008, Def. 2 and
 * 3). The challenger generates honest users (the target T and a second honest user H) and corrupted users (whose
 * key pairs it hands to the adversary: knowledge-of-secret-key model), and answers
 *   - ReKeyGen(i, j) and ReEnc(i, j, ct) queries, except from an honest user to a corrupted one when the honest user
 *     is T or the challenge's delegator (AFGH's restriction "no re-encryption key from the target to a corrupted
 *     user"); for schemes that declare themselves bidirectional (and not unidirectional), a key between an honest
 *     and a corrupted user in either direction is refused as well, since rk_{i->j} then yields rk_{j->i}
 *     (Canetti and Hohenberger, CCS 2007, Def. 2.4 restriction);
 *   - one challenge on two equal-length messages: variant 'original' encrypts m_b for T (the "first-level" /
 *     original ciphertext of the harness's Eq. 4/5), variant 'reencrypted' encrypts m_b for H and re-encrypts it to T
 *     with rk_{H->T} (Eq. 9/10).
 * CP-ABE (capability `attributeBased`): the selective IND-CPA game of Bethencourt, Sahai and Waters (S&P 2007,
 * Sec. 4.1; "selective" as in Goyal et al. CCS 2006): the adversary commits to the challenge policy
 * "attr1 and ... and attrN" before the keys are issued, then obtains keys whose attribute sets do not satisfy it
 * (one key per missing attribute, which together do satisfy it: a collusion attempt), and gets the challenge.
 *
 * The adversary (adversary.ts) computes its guess from what it sees: public keys, oracle answers, and the
 * challenge's bytes through the codec. Advantage = |2 Pr[b' = b] - 1|.
 */
import type { GT } from '../../core/groups/types.js';
import type { KeyPair, Recipient, SchemeInstance } from '../../core/types.js';
import type { TappedGroup } from './instrument.js';
import { overrideFrom } from './algebraic.js';
import { findFirewall } from './asa.js';
import { randomBytes, SeededRng } from '../../core/rng.js';
import { GameError } from './types.js';
import { recipientOf } from './common.js';

/** `+firewall`: the challenge passes through the scheme's reverse firewall for Enc (or ReEnc) before the adversary. */
export type CpaVariant = 'original' | 'reencrypted' | 'original+firewall' | 'reencrypted+firewall' | 'policy';

export interface CpaUser {
  id: string;
  honest: boolean;
  /** The address a message for this user is encrypted to (a public key or an identity). */
  recipient: Recipient;
  /** The public half, published for everyone. */
  pk: unknown;
  /** Attribute sets of CP-ABE keys. */
  attributes?: string[];
}

/** What the adversary may see and ask in one trial. */
export interface CpaView {
  readonly inst: SchemeInstance;
  readonly variant: CpaVariant;
  readonly users: readonly CpaUser[];
  /** Key pairs of corrupted users (KOSK), by user id. */
  readonly corruptKeys: ReadonlyMap<string, KeyPair>;
  /** The recipient of the challenge (T, or the challenge policy). */
  readonly challengeTo: Recipient;
  /** The target user (absent for CP-ABE). */
  readonly target?: CpaUser;
  /** The challenge's delegator (variant 'reencrypted'). */
  readonly delegator?: CpaUser;
  /** ReKeyGen oracle; throws GameError for a query the game's restrictions forbid. */
  rekey(fromId: string, toId: string): unknown;
  /** Whether the game's restrictions allow the ReKeyGen query (fromId, toId). */
  mayRekey(fromId: string, toId: string): boolean;
  /** ReEnc oracle on a ciphertext of the adversary's choosing; same restrictions. */
  reencrypt(fromId: string, toId: string, ct: unknown): unknown;
  /** Randomness for the adversary's own computations (encryptions, coin flips). */
  readonly rng: SeededRng;
}

export interface CpaAdversary {
  /**
   * Called once per game before the first trial's phase 1, with that trial's view: the adversary may study the
   * scheme's public algorithms and its own corrupted keys (what any attacker who has the code can do) and keep
   * what it learns for later trials. Nothing here depends on a challenge bit.
   */
  prepare?(view: CpaView): void;
  /** Phase 1: two distinct messages of equal length. */
  choose(view: CpaView): [Uint8Array, Uint8Array];
  /**
   * Phase 2: a guess for b and the strategy that produced it. `decryptWith`, when the game offers it, is the
   * challenger decrypting the challenge with the KDF inputs the adversary names (an algebraic adversary's way of
   * showing that the elements it computed are the keys); it returns null when that fails.
   */
  guess(
    view: CpaView,
    challenge: unknown,
    m: [Uint8Array, Uint8Array],
    decryptWith?: DecryptWith,
  ): { bit: 0 | 1; strategy: string };
}

export function cpaVariants(inst: SchemeInstance): CpaVariant[] {
  const c = inst.scheme.capabilities;
  if (c.attributeBased) return ['policy'];
  const v: CpaVariant[] = ['original'];
  const re = c.reencryption && inst.rekeygen && inst.reencrypt;
  if (re) v.push('reencrypted');
  const probe = new SeededRng('probe-cpa-firewall');
  if (findFirewall(inst, ['encrypt'], probe)) v.push('original+firewall');
  if (re && findFirewall(inst, ['reencrypt'], probe)) v.push('reencrypted+firewall');
  return v;
}

/** Attribute names of the selective CP-ABE game (words, as every policy grammar accepts). */
export function policyAttributes(inst: SchemeInstance): string[] {
  const n = Math.max(2, inst.params.attributes ?? inst.scheme.defaultParams().attributes ?? 2);
  return Array.from({ length: n }, (_, i) => `attr${i + 1}`);
}

/** The challenger decrypts `ct` with every KDF call fed the adversary's GT elements (by KDF label). */
export type DecryptWith = (keys: { info: string; K: GT }[], ct: unknown) => Uint8Array | null;

export interface TrialState {
  view: CpaView;
  challenge(m: Uint8Array): unknown;
  /** The challenger's own decryption of a challenge (the legitimate recipient's key). */
  open(ct: unknown): Uint8Array;
}

/** Sets up one fresh trial: new users, new keys, oracles bound to them. */
export function setupTrial(inst: SchemeInstance, variant: CpaVariant, rng: SeededRng): TrialState {
  const chal = rng.fork('challenger');
  const advRng = rng.fork('adversary');
  const caps = inst.scheme.capabilities;
  const keys = new Map<string, KeyPair>();
  const users: CpaUser[] = [];
  const corruptKeys = new Map<string, KeyPair>();

  if (variant === 'policy') {
    const attrs = policyAttributes(inst);
    const policy = attrs.join(' and ');
    // Selective: the policy is fixed before any key is issued. Key i lacks attribute i (never satisfies alone).
    for (let i = 0; i < attrs.length; i++) {
      const attributes = [...attrs.slice(0, i), ...attrs.slice(i + 1), `other${i + 1}`];
      const id = `corrupt-${i}`;
      const kp = inst.keygen({ id, attributes }, chal);
      users.push({ id, honest: false, recipient: { kind: 'policy', policy }, pk: kp.pk, attributes });
      corruptKeys.set(id, kp);
    }
    const challengeTo: Recipient = { kind: 'policy', policy };
    const view: CpaView = {
      inst,
      variant,
      users,
      corruptKeys,
      challengeTo,
      rng: advRng,
      rekey() {
        throw new GameError('CP-ABE game: no re-encryption');
      },
      mayRekey: () => false,
      reencrypt() {
        throw new GameError('CP-ABE game: no re-encryption');
      },
    };
    // The challenger's own key for the policy (never shown to the adversary), from its own stream.
    const opener = () => inst.keygen({ id: 'challenger', attributes: attrs }, rng.fork('opener'));
    return { view, challenge: (m) => inst.encrypt(challengeTo, m, chal), open: (ct) => inst.decrypt(opener(), ct) };
  }

  const mk = (id: string, honest: boolean): CpaUser => {
    const kp = inst.keygen({ id }, chal);
    keys.set(id, kp);
    if (!honest) corruptKeys.set(id, kp);
    const u: CpaUser = { id, honest, recipient: recipientOf(inst, id, kp), pk: kp.pk };
    users.push(u);
    return u;
  };
  const target = mk('target', true);
  const helper = mk('honest-2', true);
  mk('corrupt-1', false);
  mk('corrupt-2', false);
  const byId = (id: string): CpaUser => {
    const u = users.find((x) => x.id === id);
    if (!u) throw new GameError(`no user '${id}'`);
    return u;
  };
  const reencrypted = variant === 'reencrypted' || variant === 'reencrypted+firewall';
  const delegator = reencrypted ? helper : undefined;
  const bidirectionalOnly = caps.bidirectional && !caps.unidirectional;
  const allowed = (from: CpaUser, to: CpaUser): boolean => {
    if (from.id === to.id) return false;
    const protectedIds = new Set([target.id, ...(delegator ? [delegator.id] : [])]);
    if (from.honest && !to.honest && protectedIds.has(from.id)) return false;
    if (bidirectionalOnly && from.honest !== to.honest) return false;
    return true;
  };
  const rekey = (fromId: string, toId: string): unknown => {
    const from = byId(fromId);
    const to = byId(toId);
    if (!allowed(from, to)) throw new GameError(`re-encryption key ${fromId} -> ${toId} is forbidden in this game`);
    if (!inst.rekeygen) throw new GameError('scheme has no ReKeyGen');
    return inst.rekeygen(keys.get(fromId)!, to.recipient, chal);
  };
  const view: CpaView = {
    inst,
    variant,
    users,
    corruptKeys,
    challengeTo: target.recipient,
    target,
    delegator,
    rng: advRng,
    rekey,
    mayRekey: (fromId, toId) => allowed(byId(fromId), byId(toId)),
    reencrypt(fromId, toId, ct) {
      const rk = rekey(fromId, toId);
      return inst.reencrypt!(rk, ct, chal);
    },
  };
  const plain = !reencrypted
    ? (m: Uint8Array) => inst.encrypt(target.recipient, m, chal)
    : (m: Uint8Array) => {
        const rk = inst.rekeygen!(keys.get(helper.id)!, target.recipient, chal);
        return inst.reencrypt!(rk, inst.encrypt(helper.recipient, m, chal), chal);
      };
  let challenge = plain;
  if (variant.endsWith('+firewall')) {
    const hook = reencrypted ? 'reencrypt' : 'encrypt';
    const fw = findFirewall(inst, [hook], chal.fork('firewall'));
    if (!fw) throw new GameError(`no firewall of the scheme guards ${hook}`);
    challenge = (m) => fw[hook]!(plain(m), target.recipient, chal);
  }
  return { view, challenge, open: (ct) => inst.decrypt(keys.get(target.id)!, ct) };
}

export interface CpaOutcome {
  trials: number;
  wins: number;
  /** Wins per strategy that produced the guess (the coin flip included). */
  byStrategy: Record<string, { used: number; wins: number }>;
}

/**
 * Plays `trials` independent trials (or fewer if `deadline` (performance.now() value) passes; at least one),
 * numbered from `firstTrial` (default 0). Trial t uses the streams rng.fork(`trial-${t}`), so a run is reproducible
 * from its seed however it is split into calls. A stateful adversary prepares on the first trial of each call.
 */
export function playCpa(
  inst: SchemeInstance,
  variant: CpaVariant,
  adversary: CpaAdversary,
  opts: { trials: number; rng: SeededRng; deadline?: number; firstTrial?: number; tap?: TappedGroup },
): CpaOutcome {
  if (!Number.isInteger(opts.trials) || opts.trials < 1)
    throw new GameError(`trials must be a positive integer, got ${opts.trials}`);
  const out: CpaOutcome = { trials: 0, wins: 0, byStrategy: {} };
  const first = opts.firstTrial ?? 0;
  for (let t = first; t < first + opts.trials; t++) {
    if (t > first && opts.deadline !== undefined && performance.now() > opts.deadline) break;
    const rng = opts.rng.fork(`trial-${t}`);
    const { view, challenge, open } = setupTrial(inst, variant, rng);
    const tap = opts.tap;
    const decryptWith: DecryptWith | undefined = tap
      ? (keys, c) => {
          try {
            return tap.withKdf(overrideFrom(keys), () => open(c));
          } catch {
            return null;
          }
        }
      : undefined;
    if (t === first) adversary.prepare?.(view);
    const m = adversary.choose(view);
    if (m[0].length !== m[1].length) throw new GameError('the adversary must submit two messages of equal length');
    const b = (randomBytes(rng.fork('coin'), 1)[0]! & 1) as 0 | 1;
    const ct = challenge(m[b]);
    const g = adversary.guess(view, ct, m, decryptWith);
    const s = (out.byStrategy[g.strategy] ??= { used: 0, wins: 0 });
    s.used++;
    out.trials++;
    if (g.bit === b) {
      out.wins++;
      s.wins++;
    }
  }
  return out;
}
