/**
 * Eq. 6: the signed cross-chain request Req = (ID_B, ID_P, CID, pk'_B, T1, n_B), signed with the hospital's native
 * chain-B key (Ed25519). The relay accepts it only if the signature verifies under the key its registry binds to
 * ID_B, T1 lies within the timestamp window, and the nonce n_B was not seen before (replay cache).
 */
import { digest } from '../../core/dem.js';
import { VerificationError } from '../../core/errors.js';
import type { OpCounter } from '../../core/ops.js';
import { randomBytes, type Rng } from '../../core/rng.js';
import { SIG_BYTES, sign, verify, type SigningKey } from '../../core/sig.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';

export interface CrossChainRequest {
  idB: string;
  idP: string;
  cid: string;
  /** The requester's encoded (firewalled) public key. */
  pkB: Uint8Array;
  /** T1, ms since the epoch. */
  t1: bigint;
  nonce: Uint8Array;
}

const TAG = 0x52;
export const NONCE_BYTES = 16;

export function newRequest(
  idB: string,
  idP: string,
  cid: string,
  pkB: Uint8Array,
  now: bigint,
  rng: Rng,
): CrossChainRequest {
  return { idB, idP, cid, pkB, t1: now, nonce: randomBytes(rng, NONCE_BYTES) };
}

export function encodeRequest(r: CrossChainRequest): Uint8Array {
  return new WireWriter().u8(1).u8(TAG).str(r.idB).str(r.idP).str(r.cid).bytes(r.pkB).u64(r.t1).fixed(r.nonce).finish();
}

export function decodeRequest(b: Uint8Array): CrossChainRequest {
  const rd = new WireReader(b, 'cross-chain request');
  rd.header(1, TAG);
  const r = {
    idB: rd.str(256),
    idP: rd.str(256),
    cid: rd.str(128),
    pkB: rd.bytes(4096),
    t1: rd.u64(),
    nonce: rd.fixed(NONCE_BYTES),
  };
  rd.end();
  return r;
}

/** Request || sigma_B. */
export function signRequest(ops: OpCounter, key: SigningKey, r: CrossChainRequest): Uint8Array {
  const body = encodeRequest(r);
  return new WireWriter()
    .bytes(body)
    .fixed(sign(ops, key, body))
    .finish();
}

export function splitSigned(b: Uint8Array, what: string): { body: Uint8Array; sig: Uint8Array } {
  const rd = new WireReader(b, what);
  const body = rd.bytes(1 << 16);
  const sig = rd.fixed(SIG_BYTES);
  rd.end();
  return { body, sig };
}

/** The body of a `body || sig` message after checking `sig` under `pub`; VerificationError names the message. */
export function openSigned(ops: OpCounter, pub: Uint8Array, signed: Uint8Array, what: string): Uint8Array {
  const { body, sig } = splitSigned(signed, what);
  if (!verify(ops, pub, body, sig)) throw new VerificationError('signature', `${what} is not signed by its sender`);
  return body;
}

/** The receipt (M8): H2(M6) and a timestamp, signed by the hospital. */
export function signReceipt(ops: OpCounter, key: SigningKey, m6: Uint8Array, now: bigint): Uint8Array {
  const body = new WireWriter().fixed(digest(m6)).u64(now).finish();
  const out = new Uint8Array(body.length + SIG_BYTES);
  out.set(body);
  out.set(sign(ops, key, body), body.length);
  return out;
}

/** Remembers nonces until their timestamp leaves the window, so a replay inside the window is caught. */
export class ReplayCache {
  private seen = new Map<string, bigint>();
  constructor(readonly windowMs: bigint) {}
  /** Records the nonce; false if it was already seen. */
  admit(nonce: Uint8Array, t: bigint, now: bigint): boolean {
    for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k);
    const k = Buffer.from(nonce).toString('hex');
    if (this.seen.has(k)) return false;
    this.seen.set(k, t + this.windowMs);
    return true;
  }
}

/**
 * The relay's check of a signed request. `lookup` returns the registered native key of ID_B (or undefined).
 * Throws VerificationError naming the failed check; DecodeError on a malformed request.
 */
export function verifySignedRequest(
  ops: OpCounter,
  signed: Uint8Array,
  lookup: (idB: string) => Uint8Array | undefined,
  now: bigint,
  cache: ReplayCache,
): CrossChainRequest {
  const { body, sig } = splitSigned(signed, 'signed request');
  const req = decodeRequest(body);
  const key = lookup(req.idB);
  if (!key) throw new VerificationError('request-identity', `'${req.idB}' is not registered`);
  if (!verify(ops, key, body, sig)) throw new VerificationError('request-signature', `bad signature from '${req.idB}'`);
  const d = now > req.t1 ? now - req.t1 : req.t1 - now;
  if (d > cache.windowMs) throw new VerificationError('request-timestamp', `T1 is ${d} ms away from now`);
  if (!cache.admit(req.nonce, req.t1, now)) throw new VerificationError('request-replay', 'nonce already seen');
  return req;
}
