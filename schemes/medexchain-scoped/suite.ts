/**
 * MedExChain-Scoped's tests, run per backend (mcl holds one curve per process). The scope property is tested
 * directly: a key for record 1 re-encrypts record 1 and, on record 2, is refused by ReEnc or (forced past that check)
 * yields no plaintext, also to a hospital that pools everything it and W_B hold with the relay's key.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { DecodeError, DecryptionError, MedexError, VerificationError } from '../../core/errors.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { normalizeOps } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import type { MxPairingKey } from '../medexchain/algorithms.js';
import {
  bindingDigest,
  openBody,
  reencryptUnchecked,
  typeHash,
  type ScCiphertext,
  type ScReKey,
} from './algorithms.js';
import { buildRecord, decodeRecord, encodeRecord, verifyRecord } from './audit.js';
import type { ScopedDeviceFirewall, ScopedRelayFirewall, ScopedUserFirewall } from './firewalls.js';
import { medexchainScoped, scopedCostModel, type ScopedInstance } from './index.js';

type Inst = ScopedInstance;

/** Alice with two records, Hospital B authorized for the first, everything behind the firewalls. */
function world(inst: Inst, seed: string, m1: Uint8Array, m2: Uint8Array) {
  const rng = new SeededRng(seed);
  const P = inst.keygen({ id: 'alice' }, rng);
  const wP = inst.firewall('firewall-patient', rng) as ScopedUserFirewall;
  const pkP = wP.keygen(P.pk, rng) as MxPairingKey;
  const B = inst.keygen({ id: 'hospital-b' }, rng);
  const wB = inst.firewall('firewall-hospital', rng) as ScopedUserFirewall;
  const pkB = wB.keygen(B.pk, rng) as MxPairingKey;
  const wD = inst.firewall('firewall-device', rng) as ScopedDeviceFirewall;
  const wR = inst.firewall('firewall-relay', rng) as ScopedRelayFirewall;
  const upload = (m: Uint8Array, scope: string) =>
    wD.encrypt(inst.encrypt({ kind: 'pk', pk: pkP }, m, rng, utf8(scope)), { kind: 'pk', pk: pkP }, rng);
  const r1 = upload(m1, 'alice/r1');
  const r2 = upload(m2, 'alice/r2');
  const rk = wP.rekeygen(
    inst.rekeygen(P, { kind: 'pk', pk: pkB }, rng, utf8('alice/r1')),
    pkP,
    { kind: 'pk', pk: pkB },
    rng,
  );
  const deliver = (ct: ScCiphertext, key: ScReKey, force = false) =>
    wR.reencrypt(
      force ? reencryptUnchecked(inst.pp, key, ct) : inst.reencrypt(key, ct, rng),
      { kind: 'pk', pk: pkB },
      rng,
    );
  return { rng, P, wP, pkP, B, wB, pkB, wR, r1, r2, rk, deliver, upload };
}

export function scopedSuite(name: string, make: () => Promise<PairingGroup>, runs: number, exhaustive = true): void {
  describe(`MedExChain-Scoped on ${name}`, () => {
    const insts: Record<string, Inst> = {};
    beforeAll(async () => {
      const G = await make();
      insts.naive = (await medexchainScoped.create({ group: G, precompute: false })) as unknown as Inst;
      insts.pre = (await medexchainScoped.create({ group: G, precompute: true })) as unknown as Inst;
    });
    afterAll(() => {
      insts.naive?.dispose();
      insts.pre?.dispose();
    });

    test('both levels decrypt behind all four firewalls, for any record and scope', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 200 }), fc.string({ maxLength: 6 }), (m, seed) => {
          const inst = insts.pre!;
          const w = world(inst, `rt${seed}`, m, new Uint8Array([1]));
          const atB = inst.decrypt(w.B, w.wB.receive(w.deliver(w.r1, w.rk)));
          const atP = inst.decrypt(w.P, w.wP.receive(w.r1));
          return Buffer.from(atB).equals(Buffer.from(m)) && Buffer.from(atP).equals(Buffer.from(m));
        }),
        { numRuns: runs },
      );
    });

    test("scope: rk' for record 1 re-encrypts record 1 and never yields record 2's plaintext", () => {
      const inst = insts.naive!;
      const secret = utf8('record 2: never shared');
      const w = world(inst, 'scope', utf8('record 1'), secret);
      expect(new TextDecoder().decode(inst.decrypt(w.B, w.wB.receive(w.deliver(w.r1, w.rk))))).toBe('record 1');
      // The relay's ReEnc refuses a record of another scope (typed error) ...
      expect(() => inst.reencrypt(w.rk, w.r2, w.rng)).toThrow(VerificationError);
      // ... and forced past that check, the result opens to nothing (typed error, no plaintext) ...
      expect(() => inst.decrypt(w.B, w.wB.receive(w.deliver(w.r2, w.rk, true)))).toThrow(DecryptionError);
      // ... as does relabelling the key for record 2 (W_P's check and the algebra both depend on tau).
      const relabelled = { ...w.rk, scope: utf8('alice/r2') };
      expect(() => inst.decrypt(w.B, w.wB.receive(w.deliver(w.r2, relabelled)))).toThrow(DecryptionError);
      // Hospital B pooling rk', G (from E with x_B r_B) and so H(tau1)^a = G / R still cannot open record 2.
      const G = inst.pp.group;
      const xB = (w.B.sk as { x: bigint }).x;
      const opened = w.wB.receive(w.deliver(w.r1, w.rk));
      if (opened.level !== 2 || w.r2.level !== 1) throw new Error('level');
      const g = G.g2.mul(opened.e2, G.g2.inv(G.g2.exp(opened.e1, xB)));
      const typeKey = G.g2.mul(g, G.g2.inv(w.rk.r)); // H(tau1)^a
      expect(G.gt.eq(G.pair(inst.pp.g1, typeKey), G.pair(w.pkP.p1, typeHash(inst.pp, utf8('alice/r1'))))).toBe(true);
      // The owner's decryption of record 2 with the record-1 key in place of H(tau2)^a:
      const K = G.gt.div(w.r2.c2, G.pair(w.r2.c1, typeKey));
      const kw = G.pair(w.r2.d1!, typeKey);
      expect(() => openBody(inst.pp, K, kw, w.r2, bindingDigest(inst.pp, w.r2))).toThrow(DecryptionError);
      // The same computation on record 1 opens it: the test's colluders are not simply wrong.
      if (w.r1.level !== 1) throw new Error('level');
      const K1 = G.gt.div(w.r1.c2, G.pair(w.r1.c1, typeKey));
      const kw1 = G.pair(w.r1.d1!, typeKey);
      expect(new TextDecoder().decode(openBody(inst.pp, K1, kw1, w.r1, bindingDigest(inst.pp, w.r1)))).toBe('record 1');
    });

    test("W_P refuses rk' aimed at another key than the signed request's, or relabelled for another scope", () => {
      const inst = insts.naive!;
      const w = world(inst, 'wp', utf8('a'), utf8('b'));
      const M = inst.keygen({ id: 'mallory' }, w.rng);
      const toB = { kind: 'pk' as const, pk: w.pkB };
      const aimed = inst.rekeygen(w.P, { kind: 'pk', pk: M.pk }, w.rng, utf8('alice/r1'));
      expect(() => w.wP.rekeygen(aimed, w.pkP, toB, w.rng)).toThrow(VerificationError);
      const honest = inst.rekeygen(w.P, toB, w.rng, utf8('alice/r1'));
      expect(() => w.wP.rekeygen({ ...honest, scope: utf8('alice/r2') }, w.pkP, toB, w.rng)).toThrow(VerificationError);
      expect(() => w.wP.rekeygen({ ...honest, r: inst.pp.group.g2.exp(honest.r, 2n) }, w.pkP, toB, w.rng)).toThrow(
        VerificationError,
      );
      const ok = w.wP.rekeygen(honest, w.pkP, toB, w.rng);
      expect(inst.pp.group.g2.eq(ok.r, honest.r)).toBe(false);
    });

    test('W_R and W_B refuse a ciphertext re-encrypted for another key than the registered one', () => {
      const inst = insts.naive!;
      const w = world(inst, 'reg', utf8('a'), utf8('b'));
      const M = inst.keygen({ id: 'mallory' }, w.rng);
      const wM = inst.firewall('firewall-hospital', w.rng) as ScopedUserFirewall;
      const pkM = wM.keygen(M.pk, w.rng) as MxPairingKey;
      const rkM = w.wP.rekeygen(
        inst.rekeygen(w.P, { kind: 'pk', pk: pkM }, w.rng, utf8('alice/r1')),
        w.pkP,
        { kind: 'pk', pk: pkM },
        w.rng,
      );
      const toM = inst.reencrypt(rkM, w.r1, w.rng);
      expect(() => w.wR.reencrypt(toM, { kind: 'pk', pk: w.pkB }, w.rng)).toThrow(VerificationError);
      const proven = w.wR.reencrypt(toM, { kind: 'pk', pk: pkM }, w.rng);
      expect(() => w.wB.receive(proven)).toThrow(VerificationError);
      expect(new TextDecoder().decode(inst.decrypt(M, wM.receive(proven)))).toBe('a');
    });

    test('the audit record verifies, and a proof or record for another ciphertext does not', () => {
      const inst = insts.naive!;
      const pp = inst.pp;
      const w = world(inst, 'audit', utf8('a'), utf8('b'));
      const out = w.deliver(w.r1, w.rk);
      const rec = encodeRecord(pp, buildRecord(pp, w.r1, w.rk, out, w.pkB, 7n));
      expect(() => verifyRecord(pp, decodeRecord(pp, rec), w.rk)).not.toThrow();
      const other = w.deliver(w.upload(utf8('a'), 'alice/r1'), w.rk);
      if (out.level !== 2 || other.level !== 2) throw new Error('level');
      const moved = buildRecord(pp, w.r1, w.rk, { ...out, proof: other.proof! }, w.pkB, 7n);
      expect(() => verifyRecord(pp, moved, w.rk)).toThrow(VerificationError);
      const swapped = buildRecord(pp, w.r1, w.rk, { ...out, c1: other.c1 }, w.pkB, 7n);
      expect(() => verifyRecord(pp, swapped, w.rk)).toThrow(VerificationError);
      for (let i = 0; i < rec.length; i += 11) {
        const b = rec.slice();
        b[i]! ^= 0x04;
        expect(() => verifyRecord(pp, decodeRecord(pp, b), w.rk)).toThrow(MedexError);
      }
    });

    test("audit verb: the self-contained record verifies, names C* and C''' byte for byte, refuses any flipped byte", () => {
      const inst = insts.naive!;
      const w = world(inst, 'audit-verb', utf8('a'), utf8('b'));
      const out = w.deliver(w.r1, w.rk);
      const rec = inst.audit.record({ firstLevel: w.r1, reKey: w.rk, reencrypted: out, t: 9n });
      const v = inst.audit.verify(rec);
      expect(v.t).toBe(9n);
      expect(Buffer.from(v.reKey!).equals(Buffer.from(inst.codec.encodeReKey(w.rk)))).toBe(true);
      expect(Buffer.from(v.firstLevelHash!).equals(Buffer.from(sha256(inst.codec.encodeCiphertext(w.r1))))).toBe(true);
      expect(Buffer.from(v.reencryptedHash!).equals(Buffer.from(sha256(inst.codec.encodeCiphertext(out))))).toBe(true);
      // A record made for record 2's capsule with record 1's key does not verify.
      expect(() => inst.audit.record({ firstLevel: w.r2, reKey: w.rk, reencrypted: out, t: 9n })).not.toThrow(
        TypeError,
      );
      expect(() =>
        inst.audit.verify(inst.audit.record({ firstLevel: w.r2, reKey: w.rk, reencrypted: out, t: 9n })),
      ).toThrow(MedexError);
      for (let i = 0; i < rec.length; i += 17) {
        const b = rec.slice();
        b[i]! ^= 0x08;
        let threw = false;
        try {
          inst.audit.verify(b);
        } catch (e) {
          threw = e instanceof MedexError;
        }
        expect([i, threw]).toEqual([i, true]);
      }
    });

    (exhaustive ? test : test.skip)('codec round-trips, refuses trailing bytes, and flipped bits never decrypt', () => {
      const inst = insts.naive!;
      const w = world(inst, 'codec', utf8('codec'), utf8('b'));
      const ct2 = w.deliver(w.r1, w.rk);
      for (const [enc, dec] of [
        [
          inst.codec.encodeCiphertext(w.r1),
          (b: Uint8Array) => inst.codec.encodeCiphertext(inst.codec.decodeCiphertext(b)),
        ],
        [
          inst.codec.encodeCiphertext(ct2),
          (b: Uint8Array) => inst.codec.encodeCiphertext(inst.codec.decodeCiphertext(b)),
        ],
        [inst.codec.encodeReKey(w.rk), (b: Uint8Array) => inst.codec.encodeReKey(inst.codec.decodeReKey(b))],
      ] as const) {
        expect(Buffer.from(dec(enc)).equals(Buffer.from(enc))).toBe(true);
        expect(() => dec(new Uint8Array([...enc, 0]))).toThrow(DecodeError);
        expect(() => dec(enc.slice(0, enc.length - 1))).toThrow(DecodeError);
      }
      const { target, proof, ...wire } = ct2 as Extract<ScCiphertext, { level: 2 }>;
      void target;
      void proof;
      const enc = inst.codec.encodeCiphertext(wire);
      for (let i = 0; i < enc.length * 8; i += 5) {
        const b = enc.slice();
        b[i >> 3]! ^= 1 << (i & 7);
        let ok = false;
        try {
          inst.decrypt(w.B, w.wB.receive(inst.codec.decodeCiphertext(b)));
        } catch (e) {
          ok = e instanceof MedexError;
        }
        expect([i, ok]).toEqual([i, true]);
      }
    });

    for (const mode of ['naive', 'pre'] as const)
      test(`the declared cost model equals the counted operations of every story step (${mode})`, async () => {
        const r = await insts[mode]!.story({ rng: new SeededRng('cost') });
        expect(r.checks.filter((c) => !c.ok)).toEqual([]);
        expect(r.ok).toBe(true);
        const model = scopedCostModel({
          precompute: mode === 'pre',
          symmetric: insts[mode]!.pp.oneGenerator,
        }).algorithms;
        const steps = r.steps.filter((s) => s.phase === 'flow');
        expect(steps.map((s) => s.algorithm)).toEqual(model.map((a) => a.algorithm));
        steps.forEach((s, i) => {
          expect([s.algorithm, s.party, normalizeOps(s.ops)]).toEqual([
            model[i]!.algorithm,
            model[i]!.party,
            normalizeOps(model[i]!.ops),
          ]);
        });
        expect(r.messages.every((m) => Array.isArray(m.implElements) && m.implElements.length > 0)).toBe(true);
      });
  });
}
