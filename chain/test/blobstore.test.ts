import { describe, expect, it, beforeEach } from '@jest/globals';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobStore, cidOf, cidBytes, cidFromBytes, parseCid, MAX_BLOB_BYTES } from '../storage/blobstore.js';
import { IntegrityError } from '../errors.js';
import { DecodeError, ParameterError } from '../../core/errors.js';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('CIDs', () => {
  // `ipfs add --cid-version 1 --raw-leaves` (Kubo) on these exact bytes; the same values appear as interop
  // vectors in several independent IPFS client test suites.
  it('equal what Kubo prints for raw leaves', () => {
    expect(cidOf(utf8('hello world'))).toBe('bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e');
    expect(cidOf(new Uint8Array(0))).toBe('bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  });

  it('round-trip through their binary form and refuse other kinds of CID', () => {
    const c = cidOf(utf8('x'));
    expect(cidFromBytes(cidBytes(c))).toBe(c);
    expect(() => parseCid('Qmf412jQZiuVUtdgnB36FXFX7xg5V6KEbSJ4dpQuhkLyfD')).toThrow(DecodeError); // CIDv0 (dag-pb)
    expect(() => parseCid('not a cid')).toThrow(DecodeError);
    expect(() => cidFromBytes(new Uint8Array([1, 2, 3]))).toThrow(DecodeError);
  });
});

describe('BlobStore', () => {
  let dir: string;
  let store: BlobStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mx-blobs-'));
    store = new BlobStore(dir);
  });

  it('stores and returns bytes under their CID, idempotently', () => {
    const b = utf8('record body');
    const c = store.put(b);
    expect(c).toBe(cidOf(b));
    expect(store.put(b)).toBe(c);
    expect(store.get(c)).toEqual(b);
    expect(store.list()).toEqual([c]);
  });

  it('detects a tampered blob on read', () => {
    const c = store.put(utf8('original'));
    writeFileSync(join(dir, c), utf8('tampered'));
    expect(() => store.get(c)).toThrow(IntegrityError);
  });

  it('reports a missing blob and a malformed CID with typed errors', () => {
    expect(() => store.get(cidOf(utf8('never stored')))).toThrow(IntegrityError);
    expect(() => store.get('bafy-not-a-cid')).toThrow(DecodeError);
  });

  it('refuses a blob larger than one raw block (Kubo would chunk it into a DAG)', () => {
    expect(() => store.put(new Uint8Array(MAX_BLOB_BYTES + 1))).toThrow(ParameterError);
  });

  it('removes the temporary file of an interrupted write when reopened', () => {
    writeFileSync(join(dir, 'bafkreixyz.123.tmp'), utf8('half'));
    new BlobStore(dir);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
