/**
 * Fuzzing MedExChain's decoders: 10^4 random and mutated inputs each (more with MX_FUZZ=N), zero crashes (only
 * DecodeError) and zero non-canonical acceptances (an accepted input re-encodes to itself).
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { cidOf } from '../../core/dem.js';
import { expectStrictDecode, fuzzInputs } from '../../core/groups/contract.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import { SeededRng } from '../../core/rng.js';
import { sigKeygen } from '../../core/sig.js';
import { OpCounter } from '../../core/ops.js';
import type { MxPairingKey } from './algorithms.js';
import { buildAuditRecord, decodeAuditRecord, encodeAuditRecord } from './audit.js';
import { decodeCapsule, encodeCapsule } from './codec.js';
import type { RelayFirewall } from './firewalls.js';
import { foreignKeygen } from './foreign.js';
import { medexchain, type MedexchainInstance } from './index.js';
import { decodeRequest, encodeRequest, newRequest, signRequest, splitSigned } from './request.js';

const N = Number(process.env.MX_FUZZ ?? 10_000);
let inst: MedexchainInstance;
const samples: Record<string, Uint8Array[]> = {};

beforeAll(async () => {
  inst = (await medexchain.create({ group: await createMclGroup('bls12-381') })) as unknown as MedexchainInstance;
  const rng = new SeededRng('fuzz');
  const P = inst.keygen({ id: 'p' }, rng);
  const B = inst.keygen({ id: 'b' }, rng);
  const F = foreignKeygen(new OpCounter(), rng);
  const ct = inst.encrypt({ kind: 'pk', pk: P.pk }, new Uint8Array(40).fill(7), rng);
  const rk = inst.rekeygen(P, { kind: 'pk', pk: B.pk }, rng);
  const rkF = inst.rekeygen(P, { kind: 'pk', pk: F.pk }, rng);
  const ct2 = inst.firewall('firewall-relay', rng) as RelayFirewall;
  const ct3 = ct2.reencrypt(inst.reencrypt(rk, ct, rng), { kind: 'pk', pk: B.pk }, rng);
  const { target: _t, ...wire3 } = ct3 as Extract<typeof ct3, { level: 2 }>;
  void _t;
  samples.publicKey = [inst.codec.encodePublicKey(P.pk), inst.codec.encodePublicKey(F.pk)];
  samples.secretKey = [inst.codec.encodeSecretKey(P.sk), inst.codec.encodeSecretKey(F.sk)];
  samples.ciphertext = [inst.codec.encodeCiphertext(ct), inst.codec.encodeCiphertext(wire3)];
  samples.reKey = [inst.codec.encodeReKey(rk), inst.codec.encodeReKey(rkF)];
  samples.capsule = [encodeCapsule(inst.group, ct)];
  const req = newRequest('hospital-b', 'alice', 'bafkreiabc', samples.publicKey[0]!, 1n, rng);
  samples.request = [encodeRequest(req)];
  samples.signed = [signRequest(new OpCounter(), sigKeygen(rng), req)];
  samples.audit = [
    encodeAuditRecord(inst.pp, buildAuditRecord(inst.pp, cidOf(ct.body), ct, rk, ct3, (P.pk as MxPairingKey).p1, 5n)),
  ];
  expect((P.pk as MxPairingKey).kind).toBe('pairing');
});

describe(`MedExChain decoders under ${N} random and mutated inputs each`, () => {
  const cases: [string, (b: Uint8Array) => unknown, (v: never) => Uint8Array][] = [
    ['publicKey', (b) => inst.codec.decodePublicKey(b), (v) => inst.codec.encodePublicKey(v)],
    ['secretKey', (b) => inst.codec.decodeSecretKey(b), (v) => inst.codec.encodeSecretKey(v)],
    ['ciphertext', (b) => inst.codec.decodeCiphertext(b), (v) => inst.codec.encodeCiphertext(v)],
    ['reKey', (b) => inst.codec.decodeReKey(b), (v) => inst.codec.encodeReKey(v)],
    [
      'capsule',
      (b) => decodeCapsule(inst.group, b),
      (v: { c1: never; c2: never }) =>
        encodeCapsule(inst.group, { level: 1, ...v, body: new Uint8Array(), h: new Uint8Array() }),
    ],
    ['request', (b) => decodeRequest(b), (v) => encodeRequest(v)],
    ['signed', (b) => splitSigned(b, 'signed'), (v: { body: Uint8Array; sig: Uint8Array }) => signedBytes(v)],
    ['audit', (b) => decodeAuditRecord(inst.pp, b), (v) => encodeAuditRecord(inst.pp, v)],
  ];
  for (const [name, dec, enc] of cases)
    test(name, () => {
      let rejected = 0;
      for (const b of fuzzInputs(samples[name]!, N, name))
        if (expectStrictDecode(dec, enc as (v: unknown) => Uint8Array, b) === 'rejected') rejected++;
      expect(rejected).toBeGreaterThan(N / 2);
    });
});

function signedBytes(v: { body: Uint8Array; sig: Uint8Array }): Uint8Array {
  const out = new Uint8Array(4 + v.body.length + v.sig.length);
  new DataView(out.buffer).setUint32(0, v.body.length);
  out.set(v.body, 4);
  out.set(v.sig, 4 + v.body.length);
  return out;
}
