/**
 * The relay's durable state in LevelDB: the cross-chain key registry and the request-nonce replay cache.
 *
 * Registry: each party registers a message signed by its chain-native key that binds its identity to that native
 * key, an optional X25519 key and its PRE public key. The first registration of an identity fixes its native key;
 * later ones (PRE key rotation, e.g. a fresh key per sharing session) must be signed by the same native key and be
 * newer. Replay cache: a request is accepted only inside the timestamp window, and its (requester, nonce) only once;
 * nonces are kept for twice the window, after which the timestamp check alone refuses the old request. Each accepted
 * nonce is written before the request is served, so a restart cannot be used to replay it.
 */
import { ClassicLevel } from 'classic-level';
import { VerificationError } from '../../core/errors.js';
import { ReplayError, StaleRequestError, UnregisteredError, LedgerError } from '../errors.js';
import { decodeRegistration, signingBytes, TAG, type Registration } from './messages.js';
import { verifyNative } from './native.js';

export interface RegistryEntry extends Registration {
  raw: Uint8Array;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export class RelayState {
  private readonly registry = new Map<string, RegistryEntry>();
  /** Every registration of each identity, oldest first: an auditor checks a record against the key of its time. */
  private readonly history = new Map<string, RegistryEntry[]>();
  private readonly nonces = new Map<string, number>();

  private constructor(
    private readonly db: ClassicLevel<string, string>,
    readonly windowMs: number,
  ) {}

  static async open(dir: string, windowMs: number, now = Date.now()): Promise<RelayState> {
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (e) {
      throw new LedgerError(dir, `cannot open relay store: ${(e as Error).message}`);
    }
    const s = new RelayState(db, windowMs);
    const expired: string[] = [];
    for await (const [k, v] of db.iterator()) {
      if (k.startsWith('reg:')) {
        const e = decodeRegistration(new Uint8Array(Buffer.from(v, 'hex')));
        s.registry.set(e.id, { ...e, raw: new Uint8Array(Buffer.from(v, 'hex')) });
      } else if (k.startsWith('hist:')) {
        const e = decodeRegistration(new Uint8Array(Buffer.from(v, 'hex')));
        const list = s.history.get(e.id) ?? [];
        list.push({ ...e, raw: new Uint8Array(Buffer.from(v, 'hex')) });
        s.history.set(e.id, list);
      } else if (k.startsWith('nonce:')) {
        const t = Number(v);
        if (now - t > 2 * windowMs) expired.push(k);
        else s.nonces.set(k, t);
      }
    }
    if (expired.length) await db.batch(expired.map((key) => ({ type: 'del' as const, key })));
    for (const [id, e] of s.registry) {
      const list = s.history.get(id) ?? [];
      if (!list.some((h) => h.time === e.time)) list.push(e); // a store written before the history was kept
      list.sort((a, b) => a.time - b.time);
      s.history.set(id, list);
    }
    return s;
  }

  /** Verifies and stores a registration; returns the entry. */
  async register(raw: Uint8Array, now = Date.now()): Promise<RegistryEntry> {
    const m = decodeRegistration(raw);
    if (!verifyNative(m.sigAlg, m.signKey, signingBytes(TAG.registration, m.body), m.sig))
      throw new VerificationError('registration-signature', m.id);
    if (m.time > now + this.windowMs) throw new StaleRequestError(`registration of '${m.id}' is from the future`);
    const old = this.registry.get(m.id);
    if (old) {
      if (old.sigAlg !== m.sigAlg || hex(old.signKey) !== hex(m.signKey))
        throw new UnregisteredError(`'${m.id}' is bound to another native key`);
      if (m.time <= old.time) throw new StaleRequestError(`registration of '${m.id}' is not newer than the bound one`);
    }
    const entry: RegistryEntry = { ...m, raw };
    await this.db.batch([
      { type: 'put', key: `reg:${m.id}`, value: hex(raw) },
      { type: 'put', key: `hist:${m.id}:${String(m.time).padStart(16, '0')}`, value: hex(raw) },
    ]);
    this.registry.set(m.id, entry);
    this.history.set(m.id, [...(this.history.get(m.id) ?? []), entry]);
    return entry;
  }

  lookup(id: string): RegistryEntry {
    const e = this.registry.get(id);
    if (!e) throw new UnregisteredError(`'${id}'`);
    return e;
  }

  /** The registration of `id` in force at `time` (the newest one not newer than it), if any. */
  at(id: string, time: number): RegistryEntry | undefined {
    const list = this.history.get(id) ?? [];
    let found: RegistryEntry | undefined;
    for (const e of list) if (e.time <= time) found = e;
    return found;
  }

  entries(): RegistryEntry[] {
    return [...this.registry.values()];
  }

  /** Refuses a request outside the window or with a nonce already seen; records the nonce durably otherwise. */
  async admit(requester: string, nonce: Uint8Array, time: number, now = Date.now()): Promise<void> {
    if (Math.abs(now - time) > this.windowMs)
      throw new StaleRequestError(
        `timestamp ${new Date(time).toISOString()} is ${Math.round((now - time) / 1000)} s from the relay's clock (window ${this.windowMs / 1000} s)`,
      );
    const key = `nonce:${requester}:${hex(nonce)}`;
    if (this.nonces.has(key)) throw new ReplayError(`nonce ${hex(nonce)} of '${requester}' already used`);
    this.nonces.set(key, time);
    await this.db.put(key, String(time));
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}
