/**
 * The algorithm-substitution (ASA) game, played with and without the scheme's reverse firewalls.
 *
 * Model: Bellare, Paterson and Rogaway, "Security of symmetric encryption against mass surveillance", CRYPTO 2014
 * (subversion that keeps functionality, secret-key extraction from transcripts, Sec. 3, and the biased-randomness
 * attack of Sec. 4); firewalls after Mironov and Stephens-Davidowitz, "Cryptographic reverse firewalls",
 * EUROCRYPT 2015 (Def. 2: functionality maintaining, Def. 3: exfiltration resistant, W o A~ ~ W o A).
 *
 * The subverter (big brother) holds a key kS. It replaces one algorithm A in {KeyGen, Enc, ReKeyGen, ReEnc} by A~,
 * which runs the HONEST A with randomness it chooses by rejection sampling: in trial i it tries seeds
 * HMAC-SHA256(kS, i || j) for j = 0, 1, ... until bit 0 of HMAC-SHA256(kS, i || channel(output)) equals bit i of the
 * secret it wants out (KeyGen: the new secret key; Enc: the plaintext; ReKeyGen: the delegator's secret key; ReEnc:
 * the re-encryption key the proxy holds). Every output is an honest output, so functionality is kept; at most
 * MAX_TRIES tries are made. The extractor holds kS and reads the same HMAC bit from what is on the wire: the
 * codec's encoding of the output, after the party's firewall if the game is played with firewalls. Advantage =
 * 2 Pr[extracted bit = secret bit] - 1.
 *
 * The channel: the subverter knows the scheme and its firewall's code (as BPR14's and MSD15's adversaries do). Before
 * the game it runs the pipeline a few times and keeps the blocks of its own output's encoding that reach the wire
 * unchanged whatever the firewall's randomness, and that change with its own randomness: the bytes a firewall does
 * not re-randomize. It biases only those; if there are none it biases its whole output (the classic attack, which a
 * re-randomizing firewall defeats). So a firewall that re-randomizes only part of a ciphertext is measured against
 * an adversary that uses the rest.
 *
 * Parties: the firewall for a role is found by the hooks it needs (a user's firewall: `keygen` (+ `rekeygen`,
 * `receive`); the device's: `encrypt`; the relay's: `reencrypt`), trying the declared firewall parties in order.
 * A scheme without the capability `firewalls` gets a `no-firewall` row for the firewalled game.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes, SeededRng } from '../../core/rng.js';
import type { KeyPair, Party, Recipient, ReverseFirewall, SchemeInstance } from '../../core/types.js';
import { bitAt, bytesEqual, contains, recipientOf } from './common.js';
import { policyAttributes } from './cpa.js';
import { GameError } from './types.js';

/** 'rekeygen-foreign': ReKeyGen for a delegatee holding only a foreign key (capability `foreignDelegatee`, Eq. 7b). */
export type AsaAlgorithm = 'keygen' | 'encrypt' | 'rekeygen' | 'rekeygen-foreign' | 'reencrypt';

/** Rejection-sampling budget per output: a bit fails to embed with probability 2^-MAX_TRIES. */
export const MAX_TRIES = 16;
/** Channel block size in bytes. */
const BLOCK = 16;
/** Record length for the Enc game (the secret the subverted device leaks is the record). */
const RECORD_BYTES = 48;

type Fw = ReverseFirewall;
type Hook = 'keygen' | 'encrypt' | 'rekeygen' | 'reencrypt' | 'receive';

export function asaAlgorithms(inst: SchemeInstance): AsaAlgorithm[] {
  const out: AsaAlgorithm[] = ['keygen', 'encrypt'];
  const caps = inst.scheme.capabilities;
  if (caps.reencryption && inst.rekeygen && inst.reencrypt) {
    out.push('rekeygen');
    if (caps.foreignDelegatee) out.push('rekeygen-foreign');
    out.push('reencrypt');
  }
  return out;
}

/**
 * A fresh firewall guarding every hook in `need`, from the scheme's declared firewalls (`Scheme.firewalls`), avoiding
 * the parties in `avoid` when possible; null if the scheme declares none that fits.
 */
export function findFirewall(inst: SchemeInstance, need: Hook[], rng: SeededRng, avoid: Party[] = []): Fw | null {
  if (!inst.scheme.capabilities.firewalls || !inst.firewall) return null;
  const fitting = (inst.scheme.firewalls ?? []).filter((d) => need.every((h) => d.guards.includes(h)));
  const pick = fitting.find((d) => !avoid.includes(d.party)) ?? fitting[0];
  return pick ? inst.firewall(pick.party, rng) : null;
}

/** A user as the rest of the world sees them: the key that went on the wire, and how they decrypt. */
export interface AsaUser {
  id: string;
  key: KeyPair;
  /** The public key after the user's firewall (the same as key.pk without one). */
  wirePk: unknown;
  recipient: Recipient;
  fw: Fw | null;
  decrypt(ct: unknown): Uint8Array;
}

function subjectFor(inst: SchemeInstance, id: string) {
  return inst.scheme.capabilities.attributeBased ? { id, attributes: policyAttributes(inst) } : { id };
}

/** Registers a user, through a firewall with `hooks` if `withFirewall` and one exists. */
export function makeUser(
  inst: SchemeInstance,
  id: string,
  withFirewall: boolean,
  hooks: Hook[],
  rng: SeededRng,
  avoid: Party[] = [],
): AsaUser {
  const key = inst.keygen(subjectFor(inst, id), rng.fork(`keygen-${id}`));
  const fw = withFirewall ? findFirewall(inst, hooks, rng.fork(`fw-${id}`), avoid) : null;
  const wirePk = fw?.keygen ? fw.keygen(key.pk, rng.fork(`fwkey-${id}`)) : key.pk;
  const recipient: Recipient = inst.scheme.capabilities.attributeBased
    ? { kind: 'policy', policy: policyAttributes(inst).join(' and ') }
    : { ...recipientOf(inst, id, { pk: wirePk, sk: key.sk }) };
  return {
    id,
    key,
    wirePk,
    recipient,
    fw,
    decrypt: (ct) => inst.decrypt(key, fw?.receive ? fw.receive(ct) : ct),
  };
}

/** One substitutable algorithm, set up for a game row. */
interface Target<O> {
  /** The honest algorithm run with the given randomness. */
  run(rng: SeededRng, trial: number): O;
  /** The secret the subverter wants out, as bytes (may depend on the output: KeyGen). */
  secret(out: O, trial: number): Uint8Array;
  /** The encoding of the algorithm's own output (before any firewall). */
  own(out: O): Uint8Array;
  /** What goes on the wire: the output through the firewall (if any) with the firewall's randomness, encoded. */
  wire(out: O, fwRng: SeededRng): Uint8Array;
  /** Whether the wire output still does its job (decrypts to the right record). */
  works(out: O, fwRng: SeededRng, trial: number): boolean;
  /** Which firewall guards it (null without). */
  firewallParty: Party | null;
  /** Identifies the inputs of trial t: a deterministic algorithm gives the same output for the same key. */
  inputKey(trial: number): string;
}

function setupTarget(inst: SchemeInstance, alg: AsaAlgorithm, withFirewall: boolean, rng: SeededRng): Target<unknown> {
  const c = inst.codec;
  const records = new Map<number, Uint8Array>();
  const record = (trial: number) => {
    let m = records.get(trial);
    if (!m) {
      m = randomBytes(rng.fork(`record-${trial}`), RECORD_BYTES);
      records.set(trial, m);
    }
    return m;
  };
  const userHooks: Hook[] = ['keygen', 'receive'];
  if (alg === 'keygen') {
    const probeRecipient = (pk: unknown): Recipient =>
      inst.scheme.capabilities.attributeBased
        ? { kind: 'policy', policy: policyAttributes(inst).join(' and ') }
        : { kind: 'pk', pk };
    let lastFw: Fw | null = null;
    const fwOf = (fwRng: SeededRng) =>
      withFirewall
        ? (findFirewall(inst, userHooks, fwRng.fork('fw')) ?? findFirewall(inst, ['keygen'], fwRng.fork('fw')))
        : null;
    const party = fwOf(rng.fork('which'))?.party ?? null;
    return {
      firewallParty: party,
      inputKey: (trial) => `user-${trial}`,
      run: (r, trial) => inst.keygen(subjectFor(inst, `user-${trial}`), r),
      secret: (out) => c.encodeSecretKey((out as KeyPair).sk),
      own: (out) => c.encodePublicKey((out as KeyPair).pk),
      wire(out, fwRng) {
        const fw = fwOf(fwRng);
        lastFw = fw;
        const pk = fw?.keygen ? fw.keygen((out as KeyPair).pk, fwRng.fork('blind')) : (out as KeyPair).pk;
        return c.encodePublicKey(pk);
      },
      works(out, fwRng, trial) {
        const kp = out as KeyPair;
        const pkBytes = this.wire(out, fwRng);
        const fw = lastFw;
        const pk = c.decodePublicKey(pkBytes);
        const to = inst.scheme.capabilities.identityBased
          ? ({ kind: 'identity', id: `user-${trial}` } as Recipient)
          : probeRecipient(pk);
        const m = record(trial);
        const ct = inst.encrypt(to, m, fwRng.fork('enc'));
        return bytesEqual(inst.decrypt(kp, fw?.receive ? fw.receive(ct) : ct), m);
      },
    };
  }
  if (alg === 'encrypt') {
    const recipient = makeUser(inst, 'recipient', withFirewall, userHooks, rng.fork('recipient'));
    const fwD = withFirewall ? findFirewall(inst, ['encrypt'], rng.fork('fw-device')) : null;
    return {
      firewallParty: fwD?.party ?? null,
      inputKey: (trial) => `record-${trial}`,
      run: (r, trial) => inst.encrypt(recipient.recipient, record(trial), r),
      secret: (_out, trial) => record(trial),
      own: (out) => c.encodeCiphertext(out),
      wire: (out, fwRng) => c.encodeCiphertext(fwD?.encrypt ? fwD.encrypt(out, recipient.recipient, fwRng) : out),
      works(out, fwRng, trial) {
        const ct = c.decodeCiphertext(this.wire(out, fwRng));
        return bytesEqual(recipient.decrypt(ct), record(trial));
      },
    };
  }
  // Delegation: D (delegator) and E (delegatee), each behind a user firewall when played with firewalls.
  const delegator = makeUser(inst, 'delegator', withFirewall, ['keygen', 'rekeygen', 'receive'], rng.fork('delegator'));
  const delegatee = makeUser(
    inst,
    'delegatee',
    withFirewall,
    userHooks,
    rng.fork('delegatee'),
    delegator.fw ? [delegator.fw.party] : [],
  );
  const rekeyThroughFirewall = (rk: unknown, fwRng: SeededRng) =>
    delegator.fw?.rekeygen ? delegator.fw.rekeygen(rk, delegator.wirePk, delegatee.recipient, fwRng) : rk;
  if (alg === 'rekeygen-foreign') {
    // Eq. 7b: the delegatee has only a foreign key (no firewall of its own on its chain); the delegator's firewall
    // gets the requester's foreign key as `to`, as the signed request names it.
    if (!inst.foreignKeygen)
      throw new GameError('the scheme declares foreignDelegatee but its instance has no foreignKeygen');
    const foreign = inst.foreignKeygen({ id: 'foreign-delegatee' }, rng.fork('keygen-foreign'));
    const to: Recipient = { kind: 'pk', pk: foreign.pk };
    return {
      firewallParty: delegator.fw?.party ?? null,
      inputKey: () => 'fixed',
      run: (r) => inst.rekeygen!(delegator.key, to, r),
      secret: () => c.encodeSecretKey(delegator.key.sk),
      own: (out) => c.encodeReKey(out),
      wire: (out, fwRng) =>
        c.encodeReKey(delegator.fw?.rekeygen ? delegator.fw.rekeygen(out, delegator.wirePk, to, fwRng) : out),
      works(out, fwRng, trial) {
        const rk = c.decodeReKey(this.wire(out, fwRng));
        const m = record(trial);
        const ct = inst.encrypt(delegator.recipient, m, fwRng.fork('enc'));
        return bytesEqual(inst.decrypt(foreign, inst.reencrypt!(rk, ct, fwRng.fork('reenc'))), m);
      },
    };
  }
  if (alg === 'rekeygen') {
    return {
      firewallParty: delegator.fw?.party ?? null,
      inputKey: () => 'fixed',
      run: (r) => inst.rekeygen!(delegator.key, delegatee.recipient, r),
      secret: () => c.encodeSecretKey(delegator.key.sk),
      own: (out) => c.encodeReKey(out),
      wire: (out, fwRng) => c.encodeReKey(rekeyThroughFirewall(out, fwRng)),
      works(out, fwRng, trial) {
        const rk = c.decodeReKey(this.wire(out, fwRng));
        const m = record(trial);
        const ct = inst.encrypt(delegator.recipient, m, fwRng.fork('enc'));
        return bytesEqual(delegatee.decrypt(inst.reencrypt!(rk, ct, fwRng.fork('reenc'))), m);
      },
    };
  }
  // ReEnc: the proxy holds rk' (after the delegator's firewall) and re-encrypts a pool of records.
  const rk = rekeyThroughFirewall(
    inst.rekeygen!(delegator.key, delegatee.recipient, rng.fork('rk')),
    rng.fork('rk-fw'),
  );
  const fwR = withFirewall ? findFirewall(inst, ['reencrypt'], rng.fork('fw-relay')) : null;
  const POOL = 4;
  const pool = Array.from({ length: POOL }, (_, i) =>
    inst.encrypt(delegator.recipient, record(-1 - i), rng.fork(`pool-${i}`)),
  );
  const rkBytes = c.encodeReKey(rk);
  return {
    firewallParty: fwR?.party ?? null,
    inputKey: (trial) => `pool-${trial % POOL}`,
    run: (r, trial) => inst.reencrypt!(rk, pool[trial % POOL], r),
    secret: () => rkBytes,
    own: (out) => c.encodeCiphertext(out),
    wire: (out, fwRng) => c.encodeCiphertext(fwR?.reencrypt ? fwR.reencrypt(out, delegatee.recipient, fwRng) : out),
    works(out, fwRng, trial) {
      const ct = c.decodeCiphertext(this.wire(out, fwRng));
      return bytesEqual(delegatee.decrypt(ct), record(-1 - (trial % POOL)));
    },
  };
}

/** A block of the subverter's own encoding that reaches the wire unchanged, and where. */
interface ChannelBlock {
  ownOffset: number;
  wireOffset: number;
  length: number;
}

function indexOf(hay: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Finds the blocks of the own encoding that pass the firewall untouched (same bytes, same wire offset, under three
 * independent firewall randomness draws) and that vary with the algorithm's own randomness. Empty means: none.
 */
function probeChannel<O>(
  t: Target<O>,
  rng: SeededRng,
): { blocks: ChannelBlock[]; randomized: boolean; firewallRandomized: boolean } {
  const o1 = t.run(rng.fork('probe-1'), 0);
  const o2 = t.run(rng.fork('probe-2'), 0);
  const own1 = t.own(o1);
  const own2 = t.own(o2);
  const wires = [0, 1, 2].map((i) => t.wire(o1, rng.fork(`probe-fw-${i}`)));
  const randomized = !bytesEqual(own1, own2);
  const firewallRandomized = !wires.every((w) => bytesEqual(w, wires[0]!));
  const out: ChannelBlock[] = [];
  for (let off = 0; off < own1.length; off += BLOCK) {
    const block = own1.subarray(off, Math.min(off + BLOCK, own1.length));
    // varies with the party's randomness
    if (own2.length === own1.length && bytesEqual(own2.subarray(off, off + block.length), block)) continue;
    if (contains(own2, block)) continue;
    const at = indexOf(wires[0]!, block);
    if (at < 0) continue;
    if (!wires.every((w) => bytesEqual(w.subarray(at, at + block.length), block))) continue;
    out.push({ ownOffset: off, wireOffset: at, length: block.length });
  }
  return { blocks: out, randomized, firewallRandomized };
}

function select(b: Uint8Array, blocks: ChannelBlock[], side: 'own' | 'wire'): Uint8Array {
  if (blocks.length === 0) return b;
  const parts = blocks.map((x) => {
    const o = side === 'own' ? x.ownOffset : x.wireOffset;
    return b.subarray(o, o + x.length);
  });
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, false);
  return b;
}

function hmacBit(key: Uint8Array, trial: number, bytes: Uint8Array): number {
  const msg = new Uint8Array(4 + bytes.length);
  msg.set(u32(trial));
  msg.set(bytes, 4);
  return hmac(sha256, key, msg)[0]! & 1;
}

export interface AsaOutcome {
  trials: number;
  wins: number;
  /** 'N pass-through bytes' (the firewall-invariant channel) or 'whole output'. */
  channel: string;
  /** Whether the algorithm has any randomness to bias (two runs differed). */
  randomized: boolean;
  /** Functionality of the (firewalled) subverted output on sampled trials; null if not checked. */
  functional: boolean | null;
  firewallParty: Party | null;
  /** Mean rejection-sampling tries per trial. */
  meanTries: number;
}

export interface AsaOptions {
  rng: SeededRng;
  firewall: boolean;
  /** false: the honest algorithm runs (the baseline an extractor should not beat). Default true. */
  subvert?: boolean;
  /** Functionality is checked on trials below this index (default 2). */
  checkFunctionality?: number;
  /**
   * The first trial's index (default 0). Trial t's randomness depends only on t (the subverter's seeds HMAC(kS, t ||
   * j), the firewall's rng.fork(`firewall-${t}`)), so disjoint ranges of one row can be played by separate sessions,
   * in separate threads, and added up.
   */
  firstTrial?: number;
}

/**
 * One ASA game for one algorithm: the subverter (key kS, channel) is fixed at creation; `play(n)` plays the next n
 * trials (trial t: bit index t of the secret). The extractor sees only the wire bytes.
 */
export class AsaSession {
  private readonly target: Target<unknown>;
  private readonly kS: Uint8Array;
  private readonly blocks: ChannelBlock[];
  private readonly randomized: boolean;
  private readonly firewallRandomized: boolean;
  // A deterministic algorithm (and firewall) gives the same output for the same inputs: computed once per input.
  private readonly ownCache = new Map<string, unknown>();
  private readonly wireCache = new Map<string, Uint8Array>();
  private next = 0;
  private played = 0;
  private wins = 0;
  private tries = 0;
  private functional: boolean | null = null;

  constructor(
    inst: SchemeInstance,
    readonly algorithm: AsaAlgorithm,
    private readonly opts: AsaOptions,
  ) {
    if (opts.firewall && !inst.scheme.capabilities.firewalls)
      throw new GameError('the scheme declares no reverse firewalls');
    this.target = setupTarget(inst, algorithm, opts.firewall, opts.rng.fork('setup'));
    if (opts.firewall && this.target.firewallParty === null)
      throw new GameError(`no firewall of the scheme guards ${algorithm}`);
    this.kS = randomBytes(opts.rng.fork('subverter-key'), 32);
    const probe = probeChannel(this.target, opts.rng.fork('probe'));
    this.blocks = probe.blocks;
    this.randomized = probe.randomized;
    this.firewallRandomized = probe.firewallRandomized;
    this.next = opts.firstTrial ?? 0;
  }

  /** Plays up to n more trials, stopping early (after at least one) once performance.now() passes `deadline`. */
  play(n: number, deadline?: number): { trials: number; wins: number } {
    if (!Number.isInteger(n) || n < 1) throw new GameError(`trials must be a positive integer, got ${n}`);
    const { target, kS, blocks, opts } = this;
    const subvert = opts.subvert !== false;
    const checks = opts.checkFunctionality ?? 2;
    const deterministic = !this.randomized;
    let played = 0;
    let wins = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0 && deadline !== undefined && performance.now() > deadline) break;
      const t = this.next++;
      const key = target.inputKey(t);
      let out: unknown;
      let secretBit = 0;
      // Nothing to choose in a deterministic algorithm: the subverter knows it and does not retry.
      const budget = subvert && !deterministic ? MAX_TRIES : 1;
      for (let j = 0; j < budget; j++) {
        this.tries++;
        if (deterministic && this.ownCache.has(key)) out = this.ownCache.get(key);
        else {
          const seed = subvert
            ? hmac(sha256, kS, new Uint8Array([...u32(t), ...u32(j)]))
            : randomBytes(opts.rng.fork(`honest-${t}`), 32);
          out = target.run(new SeededRng(seed), t);
          if (deterministic) this.ownCache.set(key, out);
        }
        secretBit = bitAt(target.secret(out, t), t);
        if (!subvert || hmacBit(kS, t, select(target.own(out), blocks, 'own')) === secretBit) break;
      }
      const cacheWire = deterministic && !this.firewallRandomized;
      let wire = cacheWire ? this.wireCache.get(key) : undefined;
      if (!wire) {
        wire = target.wire(out, opts.rng.fork(`firewall-${t}`));
        if (cacheWire) this.wireCache.set(key, wire);
      }
      if (hmacBit(kS, t, select(wire, blocks, 'wire')) === secretBit) wins++;
      if (t < checks) {
        let ok: boolean;
        try {
          ok = target.works(out, opts.rng.fork(`works-${t}`), t);
        } catch {
          ok = false;
        }
        this.functional = (this.functional ?? true) && ok;
      }
      played++;
    }
    this.wins += wins;
    this.played += played;
    return { trials: played, wins };
  }

  outcome(): AsaOutcome {
    const n = this.blocks.reduce((s, x) => s + x.length, 0);
    return {
      trials: this.played,
      wins: this.wins,
      channel: this.blocks.length ? `${n} pass-through bytes` : 'whole output',
      randomized: this.randomized,
      functional: this.functional,
      firewallParty: this.target.firewallParty,
      meanTries: this.tries / Math.max(1, this.played),
    };
  }
}

/** Plays `trials` trials of a fresh ASA game (or fewer if `deadline` passes). */
export function playAsa(
  inst: SchemeInstance,
  alg: AsaAlgorithm,
  opts: AsaOptions & { trials: number; deadline?: number },
): AsaOutcome {
  const session = new AsaSession(inst, alg, opts);
  session.play(opts.trials, opts.deadline);
  return session.outcome();
}

/** Bits of the public mark the exfiltration distinguisher looks for. */
export const MARK_BITS = 2;

/**
 * Exfiltration resistance as a distinguishing game (Mironov and Stephens-Davidowitz 2015, Def. 3): each trial flips
 * b; the wire output comes from the honest algorithm (b = 0) or from a subverted one (b = 1) that rejection-samples
 * its randomness until HMAC(kS, channel) starts with MARK_BITS zero bits (a mark that needs no secret to check, so
 * the distinguisher is public-key: it knows kS, not the party's secrets), both through the firewall if `firewall`.
 * The distinguisher says "subverted" iff the mark is present. Returns trials and correct guesses; the advantage is
 * |2 Pr[correct] - 1| (without a firewall about 1 - 2^-MARK_BITS for a randomized algorithm).
 */
export function exfiltrationGame(
  inst: SchemeInstance,
  alg: AsaAlgorithm,
  opts: { trials: number; rng: SeededRng; firewall: boolean },
): { trials: number; wins: number; channel: string } {
  if (!Number.isInteger(opts.trials) || opts.trials < 1)
    throw new GameError(`trials must be a positive integer, got ${opts.trials}`);
  const target = setupTarget(inst, alg, opts.firewall, opts.rng.fork('setup'));
  if (opts.firewall && target.firewallParty === null) throw new GameError(`no firewall of the scheme guards ${alg}`);
  const kS = randomBytes(opts.rng.fork('subverter-key'), 32);
  const { blocks, randomized } = probeChannel(target, opts.rng.fork('probe'));
  const marked = (bytes: Uint8Array) => hmac(sha256, kS, bytes)[0]! >> (8 - MARK_BITS) === 0;
  // A deterministic algorithm has one output per input: nothing to choose, computed once.
  const cache = new Map<string, unknown>();
  let wins = 0;
  for (let t = 0; t < opts.trials; t++) {
    const b = randomBytes(opts.rng.fork(`coin-${t}`), 1)[0]! & 1;
    let out: unknown;
    const key = target.inputKey(t);
    if (!randomized && cache.has(key)) out = cache.get(key);
    else
      for (let j = 0; j < (b && randomized ? 64 : 1); j++) {
        out = target.run(opts.rng.fork(`run-${t}-${j}`), t);
        if (!randomized) cache.set(key, out);
        if (!b || marked(select(target.own(out), blocks, 'own'))) break;
      }
    const wire = target.wire(out, opts.rng.fork(`firewall-${t}`));
    const guess = marked(select(wire, blocks, 'wire')) ? 1 : 0;
    if (guess === b) wins++;
  }
  return {
    trials: opts.trials,
    wins,
    channel: blocks.length ? `${blocks.reduce((s, x) => s + x.length, 0)} pass-through bytes` : 'whole output',
  };
}
