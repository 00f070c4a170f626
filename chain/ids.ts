/**
 * Identity handling shared by the chains and the relay: a party's text identity (e.g. "alice", "hospital-b") maps
 * to the 32-byte id chain A's contracts index by, and identities are restricted to a small safe alphabet so that
 * they can appear in storage keys and messages without escaping.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { ParameterError } from '../core/errors.js';

const ID_RE = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function checkId(id: string): string {
  if (!ID_RE.test(id)) throw new ParameterError(`bad identity '${id}' (1-64 of a-z 0-9 . _ -, starting alphanumeric)`);
  return id;
}

/** The bytes32 chain A uses for an identity: sha256("medexchain/id/" || id). */
export function chainId32(id: string): Uint8Array {
  return sha256(new TextEncoder().encode(`medexchain/id/${checkId(id)}`));
}
