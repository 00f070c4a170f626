/**
 * The Eq. 7b path under an algorithm-substitution attack (the setting of proofs/games/asa.ts, played here directly on
 * the foreign-delegatee path, which that game's ReKeyGen row does not reach): a subverted ReKeyGen-Foreign picks its
 * randomness (X, the ephemeral X25519 key, the AEAD nonce) by rejection sampling so that one HMAC bit of the bytes it
 * expects on the wire equals a bit of the patient's secret key. Through the pre-fix W_P (a mutant kept here: rk' =
 * rk^(1/r_P) with the algorithm's own target and E_B(X) passed through) the bits come out; through the fixed W_P
 * (fresh alpha on target and rk', fresh wrap) they do not.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import { SeededRng } from '../../core/rng.js';
import { adjustReKey, type MxPairingKey, type MxReKey } from './algorithms.js';
import type { UserFirewall } from './firewalls.js';
import { foreignKeygen } from './foreign.js';
import { medexchain, type MedexchainInstance } from './index.js';

const TRIALS = 48;
const MAX_TRIES = 16;

let inst: MedexchainInstance;
beforeAll(async () => {
  inst = (await medexchain.create({ group: await createMclGroup('bls12-381') })) as unknown as MedexchainInstance;
});
afterAll(() => inst?.dispose());

/** The bytes the subverter expects to reach the wire unchanged: the virtual key and E_B(X). */
function channel(rk: MxReKey): Uint8Array {
  return concatBytes(inst.pp.group.g2.toBytes(rk.target), rk.wrappedX ?? new Uint8Array(0));
}
const bitOf = (kS: Uint8Array, i: number, bytes: Uint8Array) =>
  hmac(sha256, kS, concatBytes(utf8(`trial ${i}`), bytes))[0]! & 1;

function advantage(firewall: 'pre-fix mutant' | 'fixed'): number {
  const rng = new SeededRng(`eq7b-asa-${firewall}`);
  const kS = utf8('big brother');
  const P = inst.keygen({ id: 'alice' }, rng);
  const wP = inst.firewall('firewall-patient', rng) as UserFirewall;
  const pkP = wP.keygen(P.pk, rng) as MxPairingKey;
  const rP = (wP as unknown as { r: bigint }).r;
  const B = foreignKeygen(inst.pp.group.ops, rng);
  const to = { kind: 'pk' as const, pk: B.pk };
  const secret = inst.pp.group.zr.toBytes((P.sk as { x: bigint }).x);
  let right = 0;
  for (let i = 0; i < TRIALS; i++) {
    const want = (secret[i >> 3]! >> (i & 7)) & 1;
    let rk: MxReKey | null = null;
    for (let j = 0; j < MAX_TRIES && !rk; j++) {
      const cand = inst.rekeygen(P, to, new SeededRng(`subverted ${i} ${j}`));
      if (bitOf(kS, i, channel(cand)) === want) rk = cand;
    }
    rk ??= inst.rekeygen(P, to, new SeededRng(`subverted ${i} last`));
    const wire =
      firewall === 'fixed'
        ? wP.rekeygen(rk, pkP, to, rng.fork(`fw ${i}`))
        : { ...adjustReKey(inst.pp, rk, rP, pkP, rk.target), wrappedX: rk.wrappedX! };
    // The extractor reads the bit from what the relay receives.
    if (bitOf(kS, i, channel(inst.codec.decodeReKey(inst.codec.encodeReKey(wire)))) === want) right++;
  }
  return (2 * right) / TRIALS - 1;
}

describe('Eq. 7b ReKeyGen-Foreign under substitution', () => {
  test('the pre-fix W_P lets the subverted algorithm exfiltrate the patient key bit by bit', () => {
    expect(advantage('pre-fix mutant')).toBeGreaterThan(0.9);
  });
  test('the fixed W_P (fresh alpha, fresh wrap) leaves no measurable channel (|adv| < 0.5 over 48 bits, 3.5 sigma)', () => {
    expect(Math.abs(advantage('fixed'))).toBeLessThan(0.5);
  });
});
