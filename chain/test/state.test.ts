/**
 * The relay's registry keeps every registration of an identity, durably: the auditor checks a record against the
 * PRE key registered at the record's time, so a key rotated later (a fresh key per sharing session) does not fail an
 * earlier record, and a record older than any registration has no key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { encodeRegistration } from '../relay/messages.js';
import { signerFromSecret } from '../relay/native.js';
import { RelayState } from '../relay/state.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('relay registry history', () => {
  it('answers the key in force at a time, after a rotation and after a reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-state-'));
    dirs.push(dir);
    const signer = signerFromSecret('secp256k1', new Uint8Array(32).fill(7));
    const reg = (prePk: number, time: number) =>
      encodeRegistration(
        {
          chain: 'A',
          id: 'alice',
          sigAlg: 'secp256k1',
          signKey: signer.publicKey,
          kemKey: new Uint8Array(0),
          prePk: new Uint8Array([prePk]),
          time,
        },
        signer,
      );
    let s = await RelayState.open(dir, 60_000, 1_000);
    await s.register(reg(1, 1_000), 1_000);
    await s.register(reg(2, 5_000), 5_000);
    const at = (t: number) => s.at('alice', t)?.prePk[0];
    expect([at(999), at(1_000), at(4_999), at(5_000), at(9_999)]).toEqual([undefined, 1, 1, 2, 2]);
    expect(s.lookup('alice').prePk[0]).toBe(2);
    await s.close();
    s = await RelayState.open(dir, 60_000, 6_000);
    expect([at(999), at(4_999), at(5_000)]).toEqual([undefined, 1, 2]);
    expect(s.at('bob', 5_000)).toBeUndefined();
    await s.close();
  });
});
