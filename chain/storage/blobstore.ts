/**
 * Content-addressed storage for encrypted record bodies (the IPFS role in the reference design, step 4): each blob
 * is named by its CIDv1 with the raw codec (0x55) and a sha2-256 multihash, written base32 (`bafkrei...`). For a blob
 * of at most one chunk (Kubo's default chunker, 256 KiB) this is exactly the CID that
 * `ipfs add --cid-version 1 --raw-leaves` prints, so the store is interchangeable with an IPFS node for our records;
 * larger inputs would become a UnixFS DAG in Kubo and are refused here instead of getting a CID Kubo would not give.
 *
 * The store is untrusted: every read recomputes the digest and refuses bytes that do not match their name
 * (IntegrityError). Writes go to a temporary file, are fsynced and renamed into place, so a crash leaves either no
 * blob or the whole blob, never a torn one under a valid name.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
  existsSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { create as createDigest } from 'multiformats/hashes/digest';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { DecodeError, ParameterError } from '../../core/errors.js';
import { IntegrityError } from '../errors.js';

/** Kubo's default chunk size: up to this many bytes, a raw-leaves add is a single raw block. */
export const MAX_BLOB_BYTES = 262_144;

/** The CIDv1 (raw, sha2-256) of `bytes`, as the base32 string Kubo prints. Synchronous: sha-256 via noble. */
export function cidOf(bytes: Uint8Array): string {
  return CID.createV1(raw.code, createDigest(sha256.code, nobleSha256(bytes))).toString();
}

/** Parses a CID string and checks it is one this store can hold (v1, raw, sha2-256, 32-byte digest). */
export function parseCid(s: string): CID {
  let cid: CID;
  try {
    cid = CID.parse(s);
  } catch (e) {
    throw new DecodeError('format', 'CID', (e as Error).message);
  }
  if (cid.version !== 1 || cid.code !== raw.code || cid.multihash.code !== sha256.code || cid.multihash.size !== 32)
    throw new DecodeError('version', 'CID', 'expected CIDv1, raw codec, sha2-256');
  return cid;
}

/** The binary form of a CID (what chain A's record index stores). */
export function cidBytes(s: string): Uint8Array {
  return parseCid(s).bytes;
}

export function cidFromBytes(b: Uint8Array): string {
  let cid: CID;
  try {
    cid = CID.decode(b);
  } catch (e) {
    throw new DecodeError('format', 'CID', (e as Error).message);
  }
  return parseCid(cid.toString()).toString();
}

export class BlobStore {
  /** Opens the store; the store has one writer, so temporary files found now are from an interrupted write. */
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    for (const f of readdirSync(dir)) if (f.endsWith('.tmp')) unlinkSync(join(dir, f));
  }

  /** Stores `bytes` and returns their CID (idempotent: the same bytes always land under the same name). */
  put(bytes: Uint8Array): string {
    if (bytes.length > MAX_BLOB_BYTES)
      throw new ParameterError(`blob of ${bytes.length} bytes exceeds ${MAX_BLOB_BYTES} (one raw block)`);
    const cid = cidOf(bytes);
    const file = join(this.dir, cid);
    if (existsSync(file)) return cid;
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    return cid;
  }

  /** The bytes named `cid`, checked against it. */
  get(cid: string): Uint8Array {
    const parsed = parseCid(cid);
    const file = join(this.dir, parsed.toString());
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(file));
    } catch {
      throw new IntegrityError(`blob ${cid}`, 'missing from the store');
    }
    const digest = nobleSha256(bytes);
    const want = parsed.multihash.digest;
    if (digest.length !== want.length || !digest.every((x, i) => x === want[i]))
      throw new IntegrityError(`blob ${cid}`, 'content does not hash to its CID');
    return bytes;
  }

  has(cid: string): boolean {
    return existsSync(join(this.dir, parseCid(cid).toString()));
  }

  /** Every name in the store (the audit checks that each is a CID its content hashes to). */
  list(): string[] {
    return readdirSync(this.dir)
      .filter((f) => !f.endsWith('.tmp'))
      .sort();
  }
}
