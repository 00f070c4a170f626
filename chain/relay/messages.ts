/**
 * The relay's messages (reference design, Messages table M2-M7 and step 14), on the wire format of wire.ts. Each
 * signed message is `body || sig`; the signature covers a domain string and the body, so a signature made for one
 * kind of message is never valid for another. Sizes are bounded per field (a PRE ciphertext or key of any registered
 * scheme fits in MAX_OBJ bytes).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { Reader, Writer, WIRE_VERSION } from './wire.js';
import { algCode, algFromCode, publicKeyLength, type NativeSigner, type SigAlg } from './native.js';
import { DecodeError } from '../../core/errors.js';

export const MAX_ID = 64;
export const MAX_CID = 128;
export const MAX_OBJ = 16_384;
export const NONCE_BYTES = 16;

export const TAG = { registration: 1, request: 2, challenge: 3, authorization: 4, delivery: 5, audit: 6 } as const;
type Tag = (typeof TAG)[keyof typeof TAG];

const DOMAIN = new TextEncoder().encode('medexchain/relay/v1/');

/** What a signature is computed over: the domain, the message tag and the body bytes. */
export function signingBytes(tag: Tag, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(DOMAIN.length + 1 + body.length);
  out.set(DOMAIN);
  out[DOMAIN.length] = tag;
  out.set(body, DOMAIN.length + 1);
  return out;
}

function seal(tag: Tag, body: Uint8Array, signer: NativeSigner): Uint8Array {
  const sig = signer.sign(signingBytes(tag, body));
  return new Writer().fixed(body, body.length).bytes(sig, 64).finish();
}

/** Splits off the trailing signature once the body has been parsed up to `r.offset`. */
function finishSigned(r: Reader, b: Uint8Array): { body: Uint8Array; sig: Uint8Array } {
  const body = b.slice(0, r.offset);
  const sig = r.bytes(64, 'signature', 64);
  r.end();
  return { body, sig };
}

export interface Signed {
  /** The signed body bytes (what `signingBytes` wraps). */
  body: Uint8Array;
  sig: Uint8Array;
}

export function digest(b: Uint8Array): Uint8Array {
  return sha256(b);
}

// Registration: a party binds its chain identity and native keys to its PRE public key (signed by the native key).
export interface Registration {
  chain: 'A' | 'B';
  id: string;
  sigAlg: SigAlg;
  signKey: Uint8Array;
  /** X25519 key-agreement key (chain B parties), or empty. */
  kemKey: Uint8Array;
  /** The PRE public key (scheme codec), or empty for a party with only a foreign key. */
  prePk: Uint8Array;
  time: number;
}

export function encodeRegistration(m: Registration, signer: NativeSigner): Uint8Array {
  const body = new Writer()
    .u8(TAG.registration)
    .u8(WIRE_VERSION)
    .u8(m.chain === 'A' ? 1 : 2)
    .str(m.id, MAX_ID)
    .u8(algCode(m.sigAlg))
    .bytes(m.signKey, 33)
    .bytes(m.kemKey, 32)
    .bytes(m.prePk, MAX_OBJ)
    .u64(m.time)
    .finish();
  return seal(TAG.registration, body, signer);
}

export function decodeRegistration(b: Uint8Array): Registration & Signed {
  const r = new Reader(b, 'registration');
  r.header(TAG.registration);
  const c = r.u8('chain');
  if (c !== 1 && c !== 2) throw new DecodeError('format', 'registration', `unknown chain ${c}`);
  const id = r.str(MAX_ID, 'id');
  const sigAlg = algFromCode(r.u8('signature algorithm'), 'registration');
  const signKey = r.bytes(33, 'signing key', publicKeyLength(sigAlg));
  if (signKey.length !== publicKeyLength(sigAlg)) throw new DecodeError('length', 'registration', 'signing key');
  const kemKey = r.bytes(32, 'KEM key');
  if (kemKey.length !== 0 && kemKey.length !== 32) throw new DecodeError('length', 'registration', 'KEM key');
  const prePk = r.bytes(MAX_OBJ, 'PRE public key');
  const time = r.safeInt('time');
  return { chain: c === 1 ? 'A' : 'B', id, sigAlg, signKey, kemKey, prePk, time, ...finishSigned(r, b) };
}

// M2: Hospital B asks for a record of a patient.
export interface Request {
  requester: string;
  patient: string;
  recordId: bigint;
  cid: string;
  /** The PRE public key the delegation targets, or empty when the requester has only its foreign (X25519) key. */
  requesterPk: Uint8Array;
  time: number;
  nonce: Uint8Array;
}

export function encodeRequest(m: Request, signer: NativeSigner): Uint8Array {
  const body = new Writer()
    .u8(TAG.request)
    .u8(WIRE_VERSION)
    .str(m.requester, MAX_ID)
    .str(m.patient, MAX_ID)
    .u64(m.recordId)
    .str(m.cid, MAX_CID)
    .bytes(m.requesterPk, MAX_OBJ)
    .u64(m.time)
    .fixed(m.nonce, NONCE_BYTES)
    .finish();
  return seal(TAG.request, body, signer);
}

export function decodeRequest(b: Uint8Array): Request & Signed {
  const r = new Reader(b, 'request');
  r.header(TAG.request);
  const requester = r.str(MAX_ID, 'requester');
  const patient = r.str(MAX_ID, 'patient');
  const recordId = r.u64('record id');
  const cid = r.str(MAX_CID, 'CID');
  const requesterPk = r.bytes(MAX_OBJ, 'requester key');
  const time = r.safeInt('time');
  const nonce = r.fixed(NONCE_BYTES, 'nonce');
  return { requester, patient, recordId, cid, requesterPk, time, nonce, ...finishSigned(r, b) };
}

// M3: the relay asks the patient to authorize a verified request, with a fresh relay nonce the patient signs back.
export interface Challenge {
  requestHash: Uint8Array;
  relayNonce: Uint8Array;
  time: number;
}

export function encodeChallenge(m: Challenge, signer: NativeSigner): Uint8Array {
  const body = new Writer()
    .u8(TAG.challenge)
    .u8(WIRE_VERSION)
    .fixed(m.requestHash, 32)
    .fixed(m.relayNonce, NONCE_BYTES)
    .u64(m.time)
    .finish();
  return seal(TAG.challenge, body, signer);
}

export function decodeChallenge(b: Uint8Array): Challenge & Signed {
  const r = new Reader(b, 'challenge');
  r.header(TAG.challenge);
  const requestHash = r.fixed(32, 'request hash');
  const relayNonce = r.fixed(NONCE_BYTES, 'relay nonce');
  const time = r.safeInt('time');
  return { requestHash, relayNonce, time, ...finishSigned(r, b) };
}

// M4: the patient's authorization: the (firewalled) re-encryption key, bound to the request and the relay nonce.
export interface Authorization {
  requestHash: Uint8Array;
  relayNonce: Uint8Array;
  recordId: bigint;
  requester: string;
  reKey: Uint8Array;
  /** Eq. 7b: the delegation secret encapsulated to the requester's foreign key (empty otherwise). */
  foreignCapsule: Uint8Array;
  time: number;
}

export function encodeAuthorization(m: Authorization, signer: NativeSigner): Uint8Array {
  const body = new Writer()
    .u8(TAG.authorization)
    .u8(WIRE_VERSION)
    .fixed(m.requestHash, 32)
    .fixed(m.relayNonce, NONCE_BYTES)
    .u64(m.recordId)
    .str(m.requester, MAX_ID)
    .bytes(m.reKey, MAX_OBJ)
    .bytes(m.foreignCapsule, MAX_OBJ)
    .u64(m.time)
    .finish();
  return seal(TAG.authorization, body, signer);
}

export function decodeAuthorization(b: Uint8Array): Authorization & Signed {
  const r = new Reader(b, 'authorization');
  r.header(TAG.authorization);
  const requestHash = r.fixed(32, 'request hash');
  const relayNonce = r.fixed(NONCE_BYTES, 'relay nonce');
  const recordId = r.u64('record id');
  const requester = r.str(MAX_ID, 'requester');
  const reKey = r.bytes(MAX_OBJ, 're-encryption key', 1);
  const foreignCapsule = r.bytes(MAX_OBJ, 'foreign capsule');
  const time = r.safeInt('time');
  return { requestHash, relayNonce, recordId, requester, reKey, foreignCapsule, time, ...finishSigned(r, b) };
}

// M6: the relay delivers the re-encrypted capsule; the body stays in storage under its CID.
export interface Delivery {
  requestHash: Uint8Array;
  recordId: bigint;
  bodyCid: string;
  bodyHash: Uint8Array;
  reencCid: string;
  ciphertext: Uint8Array;
  foreignCapsule: Uint8Array;
  time: number;
}

export function encodeDelivery(m: Delivery, signer: NativeSigner): Uint8Array {
  const body = new Writer()
    .u8(TAG.delivery)
    .u8(WIRE_VERSION)
    .fixed(m.requestHash, 32)
    .u64(m.recordId)
    .str(m.bodyCid, MAX_CID)
    .fixed(m.bodyHash, 32)
    .str(m.reencCid, MAX_CID)
    .bytes(m.ciphertext, MAX_OBJ)
    .bytes(m.foreignCapsule, MAX_OBJ)
    .u64(m.time)
    .finish();
  return seal(TAG.delivery, body, signer);
}

export function decodeDelivery(b: Uint8Array): Delivery & Signed {
  const r = new Reader(b, 'delivery');
  r.header(TAG.delivery);
  const requestHash = r.fixed(32, 'request hash');
  const recordId = r.u64('record id');
  const bodyCid = r.str(MAX_CID, 'body CID');
  const bodyHash = r.fixed(32, 'body hash');
  const reencCid = r.str(MAX_CID, 're-encrypted CID');
  const ciphertext = r.bytes(MAX_OBJ, 'ciphertext', 1);
  const foreignCapsule = r.bytes(MAX_OBJ, 'foreign capsule');
  const time = r.safeInt('time');
  return {
    requestHash,
    recordId,
    bodyCid,
    bodyHash,
    reencCid,
    ciphertext,
    foreignCapsule,
    time,
    ...finishSigned(r, b),
  };
}

// Step 14: the audit record the relay writes to both chains.
export interface AuditRecord {
  requestHash: Uint8Array;
  recordId: bigint;
  patient: string;
  requester: string;
  bodyCid: string;
  bodyHash: Uint8Array;
  /** sha256 of the key capsule C* as indexed on chain A. */
  capsuleHash: Uint8Array;
  /** sha256 of the re-encryption key the patient authorized (equal to chain A's authorization entry). */
  reKeyHash: Uint8Array;
  /** CID of the re-encrypted capsule C''' in storage. */
  reencCid: string;
  time: number;
  /** The scheme's own publicly verifiable audit proof, where the scheme declares the `audit` capability. */
  schemeProof: Uint8Array;
}

export function encodeAuditRecord(m: AuditRecord, signer: NativeSigner): Uint8Array {
  const body = new Writer()
    .u8(TAG.audit)
    .u8(WIRE_VERSION)
    .fixed(m.requestHash, 32)
    .u64(m.recordId)
    .str(m.patient, MAX_ID)
    .str(m.requester, MAX_ID)
    .str(m.bodyCid, MAX_CID)
    .fixed(m.bodyHash, 32)
    .fixed(m.capsuleHash, 32)
    .fixed(m.reKeyHash, 32)
    .str(m.reencCid, MAX_CID)
    .u64(m.time)
    .bytes(m.schemeProof, MAX_OBJ)
    .finish();
  return seal(TAG.audit, body, signer);
}

export function decodeAuditRecord(b: Uint8Array): AuditRecord & Signed {
  const r = new Reader(b, 'audit record');
  r.header(TAG.audit);
  const requestHash = r.fixed(32, 'request hash');
  const recordId = r.u64('record id');
  const patient = r.str(MAX_ID, 'patient');
  const requester = r.str(MAX_ID, 'requester');
  const bodyCid = r.str(MAX_CID, 'body CID');
  const bodyHash = r.fixed(32, 'body hash');
  const capsuleHash = r.fixed(32, 'capsule hash');
  const reKeyHash = r.fixed(32, 're-key hash');
  const reencCid = r.str(MAX_CID, 're-encrypted CID');
  const time = r.safeInt('time');
  const schemeProof = r.bytes(MAX_OBJ, 'scheme proof');
  return {
    requestHash,
    recordId,
    patient,
    requester,
    bodyCid,
    bodyHash,
    capsuleHash,
    reKeyHash,
    reencCid,
    time,
    schemeProof,
    ...finishSigned(r, b),
  };
}
