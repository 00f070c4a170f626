/**
 * The long-lived native keys of every party of the local deployment, kept in `<data-dir>/keys.json` (mode 0600) so
 * that a second run on the same directory acts as the same parties on the same chains. PRE keys are not kept: each
 * run generates fresh ones (with fresh firewall blinding) and rotates the registry entry, signed by the same native
 * key. This is a research harness's keystore: secrets are stored unencrypted.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecodeError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import { newSecret } from './relay/native.js';

export interface Keys {
  /** Chain B's miner: its coinbase key (secp256k1, hsd's key type). */
  producer: Uint8Array;
  /** The relay: Ed25519 (its messages) and secp256k1 (its account on chain A and its key on chain B). */
  relaySign: Uint8Array;
  relayEth: Uint8Array;
  /** Alice's device and Alice on chain A (secp256k1 accounts). */
  deviceEth: Uint8Array;
  patientEth: Uint8Array;
  /** Hospital B on chain B: secp256k1 (its chain B key, also signs its relay messages) and X25519 (Eq. 7b). */
  hospitalSign: Uint8Array;
  hospitalKem: Uint8Array;
}

const FIELDS: Record<keyof Keys, 'ed25519' | 'secp256k1' | 'x25519'> = {
  producer: 'secp256k1',
  relaySign: 'ed25519',
  relayEth: 'secp256k1',
  deviceEth: 'secp256k1',
  patientEth: 'secp256k1',
  hospitalSign: 'secp256k1',
  hospitalKem: 'x25519',
};

export function loadOrCreateKeys(dataDir: string, rng: Rng): Keys {
  const file = join(dataDir, 'keys.json');
  if (existsSync(file)) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      throw new DecodeError('format', 'keystore', `${file} is not JSON`);
    }
    const out = {} as Keys;
    for (const k of Object.keys(FIELDS) as (keyof Keys)[]) {
      const v = o[k];
      if (typeof v !== 'string' || !/^[0-9a-f]{64}$/.test(v))
        throw new DecodeError('format', 'keystore', `${k} missing or malformed`);
      out[k] = new Uint8Array(Buffer.from(v, 'hex'));
    }
    return out;
  }
  const keys = {} as Keys;
  for (const [k, alg] of Object.entries(FIELDS) as [keyof Keys, 'ed25519' | 'secp256k1' | 'x25519'][])
    keys[k] = newSecret(alg, rng);
  const tmp = `${file}.tmp`;
  writeFileSync(
    tmp,
    JSON.stringify(
      Object.fromEntries(Object.entries(keys).map(([k, v]) => [k, Buffer.from(v).toString('hex')])),
      null,
      2,
    ),
    { mode: 0o600 },
  );
  renameSync(tmp, file);
  return keys;
}
