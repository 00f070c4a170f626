/**
 * MedExChain's test suite, run on each backend by a small per-backend test file (mcl holds one curve per process).
 * Properties over random records and keys: decryption at every level with and without firewalls and
 * precomputation, for a pairing and for a foreign (Eq. 7b) receiver; firewalls re-randomize yet keep
 * functionality and refuse malformed keys; flipped bits are detected; the declared cost model equals the counted
 * operations of every story step.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { DecodeError, DecryptionError, MedexError, VerificationError } from '../../core/errors.js';
import type { PairingGroup } from '../../core/groups/types.js';
import { normalizeOps } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import type { KeyPair } from '../../core/types.js';
import type { MxCiphertext, MxPairingKey, MxPublicKey, MxReKey, MxSecretKey } from './algorithms.js';
import { cidOf, digest as createHash } from '../../core/dem.js';
import { checkReKey } from './algorithms.js';
import { buildAuditRecord, decodeAuditRecord, encodeAuditRecord, verifyAuditRecord } from './audit.js';
import { DecodedG2, decodeReKeyKnowing } from './codec.js';
import type { DeviceFirewall, RelayFirewall, UserFirewall } from './firewalls.js';
import { foreignKeygen } from './foreign.js';
import { medexchain, medexchainCostModel, type MedexchainInstance } from './index.js';

type Inst = MedexchainInstance;
type KP = KeyPair<MxPublicKey, MxSecretKey>;

/** The full flow with or without firewalls; returns what each party decrypted. */
function flow(inst: Inst, m: Uint8Array, seed: string, opts: { firewalls: boolean; foreign: boolean }) {
  const rng = new SeededRng(seed);
  const P = inst.keygen({ id: 'alice' }, rng);
  const wP = inst.firewall('firewall-patient', rng) as UserFirewall;
  const wB = inst.firewall('firewall-hospital', rng) as UserFirewall;
  const pkP = (opts.firewalls ? wP.keygen(P.pk, rng) : P.pk) as MxPairingKey;
  let B: KP;
  let pkB: MxPublicKey;
  if (opts.foreign) {
    B = foreignKeygen(inst.pp.group.ops, rng);
    pkB = B.pk;
  } else {
    B = inst.keygen({ id: 'bob' }, rng);
    pkB = opts.firewalls ? wB.keygen(B.pk, rng) : B.pk;
  }
  let ct = inst.encrypt({ kind: 'pk', pk: pkP }, m, rng);
  if (opts.firewalls)
    ct = (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(ct, { kind: 'pk', pk: pkP }, rng);
  let rk = inst.rekeygen(P, { kind: 'pk', pk: pkB }, rng);
  if (opts.firewalls) rk = wP.rekeygen(rk, pkP, { kind: 'pk', pk: pkB }, rng);
  let ct2 = inst.reencrypt(rk, ct, rng);
  if (opts.firewalls)
    ct2 = (inst.firewall('firewall-relay', rng) as RelayFirewall).reencrypt(
      ct2,
      // The relay's registry: an Eq. 7b receiver is registered with the virtual key the patient authorized.
      { kind: 'pk', pk: pkB.kind === 'pairing' ? pkB : { ...pkB, virtual: rk.target } },
      rng,
    );
  const atB = opts.firewalls && !opts.foreign ? wB.receive(ct2) : ct2;
  const atP = opts.firewalls ? wP.receive(ct) : ct;
  return { B: inst.decrypt(B, atB), P: inst.decrypt(P, atP), ct, ct2, rk };
}

/**
 * `runs`: fast-check runs per property; `exhaustive`: also the bit-flip sweep and codec tests (backend-independent
 * logic, run on the fastest backend only).
 */
export function medexchainSuite(
  name: string,
  make: () => Promise<PairingGroup>,
  runs: number,
  exhaustive = true,
): void {
  describe(`MedExChain on ${name}`, () => {
    const insts: Record<string, Inst> = {};
    beforeAll(async () => {
      const G = await make();
      insts.naive = (await medexchain.create({ group: G, precompute: false })) as unknown as Inst;
      insts.pre = (await medexchain.create({ group: G, precompute: true })) as unknown as Inst;
    });

    for (const mode of ['naive', 'pre'] as const)
      for (const firewalls of [false, true])
        for (const foreign of exhaustive || firewalls ? [false, true] : [])
          test(`decrypt(encrypt(m)) = m at both levels (${mode}, firewalls ${firewalls}, ${foreign ? 'Eq. 7b receiver' : 'pairing receiver'})`, () => {
            fc.assert(
              fc.property(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 8 }), (m, seed) => {
                const r = flow(insts[mode]!, m, `${mode}${firewalls}${foreign}${seed}`, { firewalls, foreign });
                return Buffer.from(r.B).equals(Buffer.from(m)) && Buffer.from(r.P).equals(Buffer.from(m));
              }),
              { numRuns: runs },
            );
          });

    test('firewalls re-randomize every output yet keep functionality', () => {
      const inst = insts.naive!;
      const G = inst.pp.group;
      const rng = new SeededRng('rerand');
      const P = inst.keygen({ id: 'p' }, rng);
      const w = inst.firewall('firewall-patient', rng) as UserFirewall;
      const pk2 = w.keygen(P.pk, rng) as MxPairingKey;
      expect(G.g1.eq(pk2.p1, (P.pk as MxPairingKey).p1)).toBe(false);
      const m = new TextEncoder().encode('ecg');
      const ct = inst.encrypt({ kind: 'pk', pk: pk2 }, m, rng);
      const ct2 = (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(ct, { kind: 'pk', pk: pk2 }, rng);
      if (ct.level !== 1 || ct2.level !== 1) throw new Error('level');
      expect(G.g1.eq(ct.c1, ct2.c1)).toBe(false);
      expect(G.gt.eq(ct.c2, ct2.c2)).toBe(false);
      expect(Buffer.from(inst.decrypt(P, w.receive(ct2))).toString()).toBe('ecg');
    });

    test('a firewall rejects a malformed public key and a re-encryption key that fails the pairing check', () => {
      const inst = insts.naive!;
      const G = inst.pp.group;
      const rng = new SeededRng('reject');
      const P = inst.keygen({ id: 'p' }, rng);
      const w = inst.firewall('firewall-patient', rng) as UserFirewall;
      const pk = P.pk as MxPairingKey;
      const mismatched: MxPairingKey = { kind: 'pairing', p1: pk.p1, p2: G.g2.exp(pk.p2, 2n) };
      expect(() => w.keygen(mismatched, rng)).toThrow(VerificationError);
      expect(() => w.keygen({ kind: 'pairing', p1: G.g1.identity(), p2: pk.p2 }, rng)).toThrow(VerificationError);
      const pkP = w.keygen(P.pk, rng);
      const B = inst.keygen({ id: 'b' }, rng);
      const rk = inst.rekeygen(P, { kind: 'pk', pk: B.pk }, rng);
      const forged: MxReKey = { ...rk, rk: G.g2.exp(rk.rk, 3n) };
      expect(() => w.rekeygen(forged, pkP, { kind: 'pk', pk: B.pk }, rng)).toThrow(VerificationError);
    });

    test("W_P refuses an rk' aimed at any key but the requester's from the signed request (Eq. 8), whatever rk.target says", () => {
      const inst = insts.naive!;
      const G = inst.pp.group;
      const rng = new SeededRng('wp-binds');
      const P = inst.keygen({ id: 'p' }, rng);
      const w = inst.firewall('firewall-patient', rng) as UserFirewall;
      const pkP = w.keygen(P.pk, rng) as MxPairingKey;
      const B = inst.keygen({ id: 'b' }, rng);
      const third = inst.keygen({ id: 'mallory' }, rng);
      const toB = { kind: 'pk' as const, pk: B.pk };
      // A subverted ReKeyGen aims rk at a third key; naming B as the target does not help it.
      const aimed = inst.rekeygen(P, { kind: 'pk', pk: third.pk }, rng);
      expect(() => w.rekeygen(aimed, pkP, toB, rng)).toThrow(VerificationError);
      expect(() => w.rekeygen({ ...aimed, target: (B.pk as MxPairingKey).p2 }, pkP, toB, rng)).toThrow(
        VerificationError,
      );
      // An honest rk whose target field lies is accepted, and the output names the requester's key, not the lie.
      const honest = inst.rekeygen(P, toB, rng);
      const out = w.rekeygen({ ...honest, target: (third.pk as MxPairingKey).p2 }, pkP, toB, rng);
      expect(G.g2.eq(out.target, (B.pk as MxPairingKey).p2)).toBe(true);
    });

    test('W_R and W_B refuse a ciphertext re-encrypted for another key than the registered receiver', () => {
      const inst = insts.naive!;
      const rng = new SeededRng('registry');
      const P = inst.keygen({ id: 'p' }, rng);
      const wP = inst.firewall('firewall-patient', rng) as UserFirewall;
      const pkP = wP.keygen(P.pk, rng) as MxPairingKey;
      const B = inst.keygen({ id: 'b' }, rng);
      const wB = inst.firewall('firewall-hospital', rng) as UserFirewall;
      const pkB = wB.keygen(B.pk, rng);
      const M = inst.keygen({ id: 'mallory' }, rng);
      const wM = inst.firewall('firewall-hospital', rng) as UserFirewall;
      const pkM = wM.keygen(M.pk, rng);
      const ct = (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(
        inst.encrypt({ kind: 'pk', pk: pkP }, new Uint8Array([7]), rng, new Uint8Array([1])),
        { kind: 'pk', pk: pkP },
        rng,
      );
      const rkM = wP.rekeygen(inst.rekeygen(P, { kind: 'pk', pk: pkM }, rng), pkP, { kind: 'pk', pk: pkM }, rng);
      const toMallory = inst.reencrypt(rkM, ct, rng);
      const wR = inst.firewall('firewall-relay', rng) as RelayFirewall;
      expect(() => wR.reencrypt(toMallory, { kind: 'pk', pk: pkB }, rng)).toThrow(VerificationError);
      const proven = wR.reencrypt(toMallory, { kind: 'pk', pk: pkM }, rng);
      expect(() => wB.receive(proven)).toThrow(VerificationError);
      expect(Array.from(inst.decrypt(M, wM.receive(proven)))).toEqual([7]);
    });

    test('flipping any byte of the scope, the capsule binding, the capsule or the body fails the AEAD', () => {
      const inst = insts.naive!;
      const rng = new SeededRng('bind');
      const P = inst.keygen({ id: 'p' }, rng);
      const wP = inst.firewall('firewall-patient', rng) as UserFirewall;
      const pkP = wP.keygen(P.pk, rng) as MxPairingKey;
      const B = inst.keygen({ id: 'b' }, rng);
      const wB = inst.firewall('firewall-hospital', rng) as UserFirewall;
      const pkB = wB.keygen(B.pk, rng);
      const m = new TextEncoder().encode('bound record');
      const ct = (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(
        inst.encrypt({ kind: 'pk', pk: pkP }, m, rng, new TextEncoder().encode('alice/r1')),
        { kind: 'pk', pk: pkP },
        rng,
      );
      const rk = wP.rekeygen(inst.rekeygen(P, { kind: 'pk', pk: pkB }, rng), pkP, { kind: 'pk', pk: pkB }, rng);
      const ct2 = (inst.firewall('firewall-relay', rng) as RelayFirewall).reencrypt(
        inst.reencrypt(rk, ct, rng),
        { kind: 'pk', pk: pkB },
        rng,
      );
      if (ct.level !== 1 || ct2.level !== 2) throw new Error('level');
      // The h check is recomputed after each change, so only the AEAD's associated data can catch these.
      const rehash = <T extends MxCiphertext>(c: T): T => ({ ...c, h: createHash(c.body) });
      const flip = (b: Uint8Array, i: number) => {
        const c = b.slice();
        c[i]! ^= 1;
        return c;
      };
      expect(new TextDecoder().decode(inst.decrypt(B, wB.receive(ct2)))).toBe('bound record');
      for (let i = 0; i < ct2.scope!.length; i++)
        expect(() => inst.decrypt(B, wB.receive(rehash({ ...ct2, scope: flip(ct2.scope!, i) })))).toThrow(
          DecryptionError,
        );
      for (let i = 0; i < ct2.bind!.length; i++)
        expect(() => inst.decrypt(B, wB.receive(rehash({ ...ct2, bind: flip(ct2.bind!, i) })))).toThrow(
          DecryptionError,
        );
      for (let i = 0; i < ct2.body.length; i += 3)
        expect(() => inst.decrypt(B, wB.receive(rehash({ ...ct2, body: flip(ct2.body, i) })))).toThrow(DecryptionError);
      // The owner's view: another record's capsule (or a moved body) under this body fails too.
      const other = (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(
        inst.encrypt({ kind: 'pk', pk: pkP }, m, rng, new TextEncoder().encode('alice/r1')),
        { kind: 'pk', pk: pkP },
        rng,
      );
      if (other.level !== 1) throw new Error('level');
      expect(() => inst.decrypt(P, wP.receive(rehash({ ...other, body: ct.body })))).toThrow(DecryptionError);
      expect(() => inst.decrypt(P, wP.receive(rehash({ ...ct, scope: new TextEncoder().encode('alice/r2') })))).toThrow(
        DecryptionError,
      );
      expect(new TextDecoder().decode(inst.decrypt(P, wP.receive(ct)))).toBe('bound record');
    });

    test('a wrong key fails with DecryptionError, never a plaintext', () => {
      const inst = insts.naive!;
      const rng = new SeededRng('wrong');
      const r = flow(inst, new TextEncoder().encode('x'), 'w', { firewalls: false, foreign: false });
      const eve = inst.keygen({ id: 'eve' }, rng);
      expect(() => inst.decrypt(eve, r.ct2)).toThrow(DecryptionError);
      expect(() => inst.decrypt(eve, r.ct)).toThrow(DecryptionError);
      const eveX = foreignKeygen(inst.pp.group.ops, rng);
      expect(() => inst.decrypt(eveX, r.ct2)).toThrow(DecryptionError);
    });

    (exhaustive ? test : test.skip)(
      'every flipped bit in a stored ciphertext, re-encryption key or audit record is detected',
      () => {
        const inst = insts.naive!;
        const pp = inst.pp;
        const rng = new SeededRng('flip');
        const m = new TextEncoder().encode('flip me');
        const P = inst.keygen({ id: 'p' }, rng);
        const B = inst.keygen({ id: 'b' }, rng);
        const ct = inst.encrypt({ kind: 'pk', pk: P.pk }, m, rng);
        const enc = inst.codec.encodeCiphertext(ct);
        const rk = inst.rekeygen(P, { kind: 'pk', pk: B.pk }, rng);
        const rkEnc = inst.codec.encodeReKey(rk);
        const ct2 = (inst.firewall('firewall-relay', rng) as RelayFirewall).reencrypt(
          inst.reencrypt(rk, ct, rng),
          { kind: 'pk', pk: B.pk },
          rng,
        );
        const rec = encodeAuditRecord(
          pp,
          buildAuditRecord(pp, cidOf(ct.body), ct, rk, ct2, (P.pk as MxPairingKey).p1, 1n),
        );
        const typed = (f: () => unknown) => {
          try {
            f();
          } catch (e) {
            if (e instanceof MedexError) return;
            throw e;
          }
          throw new Error('accepted a modified input');
        };
        // Every bit position of the stored ciphertext is flipped once (body and capsule alike).
        for (let i = 0; i < enc.length * 8; i += enc.length > 600 ? 3 : 1) {
          const b = enc.slice();
          b[i >> 3]! ^= 1 << (i & 7);
          typed(() => inst.decrypt(P, inst.codec.decodeCiphertext(b)));
        }
        for (let i = 0; i < rkEnc.length * 8; i++) {
          const b = rkEnc.slice();
          b[i >> 3]! ^= 1 << (i & 7);
          // A stored rk' is checked against the delegator's key before use (the relay's and W_P's check).
          typed(() => {
            const rk2 = inst.codec.decodeReKey(b);
            checkReKey(pp, rk2, P.pk as MxPairingKey);
            inst.decrypt(B, inst.reencrypt(rk2, ct, rng));
          });
        }
        for (let i = 0; i < rec.length * 8; i += 7) {
          const b = rec.slice();
          b[i >> 3]! ^= 1 << (i & 7);
          typed(() =>
            verifyAuditRecord(pp, decodeAuditRecord(pp, b), {
              delegator: (P.pk as MxPairingKey).p1,
              receiver: (B.pk as MxPairingKey).p2,
            }),
          );
        }
      },
    );

    test("audit verb: a self-contained record verifies without rk', binds H2(rk') and the CID, and any flipped byte is refused", () => {
      const inst = insts.naive!;
      const rng = new SeededRng('audit-verb');
      const P = inst.keygen({ id: 'p' }, rng);
      const B = inst.keygen({ id: 'b' }, rng);
      const ct = inst.encrypt({ kind: 'pk', pk: P.pk }, new Uint8Array([9]), rng);
      const rk = inst.rekeygen(P, { kind: 'pk', pk: B.pk }, rng);
      const out = (inst.firewall('firewall-relay', rng) as RelayFirewall).reencrypt(
        inst.reencrypt(rk, ct, rng),
        { kind: 'pk', pk: B.pk },
        rng,
      );
      const rec = inst.audit.record({ firstLevel: ct, reKey: rk, reencrypted: out, t: 42n, delegator: P.pk });
      const expect_ = { delegator: inst.codec.encodePublicKey(P.pk), delegatee: inst.codec.encodePublicKey(B.pk) };
      const v = inst.audit.verify(rec, expect_);
      expect(v.cid).toBe(cidOf(ct.body));
      expect(v.t).toBe(42n);
      expect(v.reKey).toBeUndefined();
      expect(Buffer.from(v.reKeyHash!).equals(Buffer.from(inst.audit.reKeyDigest!(inst.codec.encodeReKey(rk))))).toBe(
        true,
      );
      // rk' appears nowhere in the record.
      expect(Buffer.from(rec).includes(Buffer.from(inst.pp.group.g2.toBytes(rk.rk)))).toBe(false);
      // Without the relay firewall there is no proof to record.
      expect(() =>
        inst.audit.record({
          firstLevel: ct,
          reKey: rk,
          reencrypted: inst.reencrypt(rk, ct, rng),
          t: 1n,
          delegator: P.pk,
        }),
      ).toThrow(VerificationError);
      // A proof made for another ciphertext does not verify here.
      const ct2 = inst.encrypt({ kind: 'pk', pk: P.pk }, new Uint8Array([8]), rng);
      const other = (inst.firewall('firewall-relay', rng) as RelayFirewall).reencrypt(
        inst.reencrypt(rk, ct2, rng),
        { kind: 'pk', pk: B.pk },
        rng,
      );
      if (out.level !== 2 || other.level !== 2) throw new Error('level');
      const moved = inst.audit.record({
        firstLevel: ct,
        reKey: rk,
        reencrypted: { ...out, proof: other.proof! },
        t: 42n,
        delegator: P.pk,
      });
      expect(() => inst.audit.verify(moved, expect_)).toThrow(VerificationError);
      for (let i = 0; i < rec.length; i += 31) {
        const b = rec.slice();
        b[i]! ^= 0x10;
        let threw = false;
        try {
          inst.audit.verify(b, expect_);
        } catch (e) {
          threw = e instanceof MedexError;
        }
        expect([i, rec.length, threw]).toEqual([i, rec.length, true]);
      }
    });

    (exhaustive ? test : test.skip)(
      'codec round-trips keys, ciphertexts and re-encryption keys and rejects trailing bytes',
      () => {
        const inst = insts.naive!;
        const rng = new SeededRng('codec');
        const r = flow(inst, new Uint8Array([1, 2, 3]), 'c', { firewalls: true, foreign: true });
        for (const [enc, dec] of [
          [
            inst.codec.encodeCiphertext(r.ct),
            (b: Uint8Array) => inst.codec.encodeCiphertext(inst.codec.decodeCiphertext(b)),
          ],
          [
            inst.codec.encodeCiphertext(r.ct2),
            (b: Uint8Array) => inst.codec.encodeCiphertext(inst.codec.decodeCiphertext(b)),
          ],
          [inst.codec.encodeReKey(r.rk), (b: Uint8Array) => inst.codec.encodeReKey(inst.codec.decodeReKey(b))],
        ] as const) {
          expect(Buffer.from(dec(enc)).equals(Buffer.from(enc))).toBe(true);
          expect(() => dec(new Uint8Array([...enc, 0]))).toThrow(DecodeError);
          expect(() => dec(enc.slice(0, enc.length - 1))).toThrow(DecodeError);
        }
        const kp = inst.keygen({ id: 'k' }, rng);
        expect(inst.codec.decodeSecretKey(inst.codec.encodeSecretKey(kp.sk))).toEqual(kp.sk);
        const pkb = inst.codec.encodePublicKey(kp.pk);
        expect(Buffer.from(inst.codec.encodePublicKey(inst.codec.decodePublicKey(pkb))).equals(Buffer.from(pkb))).toBe(
          true,
        );
      },
    );

    test("the relay's record of decoded keys gives the same rk' as a fresh decode, with one subgroup check fewer, and refuses changed bytes alike", () => {
      const inst = insts.naive!;
      const G = inst.pp.group;
      const rng = new SeededRng('decoded-g2');
      const P = inst.keygen({ id: 'p' }, rng);
      const B = inst.keygen({ id: 'b' }, rng);
      const rk = inst.rekeygen(P, { kind: 'pk', pk: B.pk }, rng);
      const enc = inst.codec.encodeReKey(rk);
      const known = new DecodedG2(G);
      known.add((inst.codec.decodePublicKey(inst.codec.encodePublicKey(B.pk)) as MxPairingKey).p2);
      const fresh = G.ops.measure(() => inst.codec.decodeReKey(enc));
      const spared = G.ops.measure(() => decodeReKeyKnowing(G, enc, known));
      expect(G.g2.eq(spared.result.rk, fresh.result.rk) && G.g2.eq(spared.result.target, fresh.result.target)).toBe(
        true,
      );
      expect(spared.ops.decodeG2).toBe(fresh.ops.decodeG2! - 1);
      // Every changed byte (in either element, the flags or the length) meets the same refusal as without the record.
      const outcome = (f: () => MxReKey) => {
        try {
          const k = f();
          return `ok ${Buffer.from(inst.codec.encodeReKey(k)).toString('hex')}`;
        } catch (e) {
          return e instanceof DecodeError ? `${e.constructor.name} ${e.message}` : `other ${String(e)}`;
        }
      };
      for (let i = 0; i < enc.length; i++) {
        const b = enc.slice();
        b[i]! ^= 1 << (i % 8);
        expect([i, outcome(() => decodeReKeyKnowing(G, b, known))]).toEqual([
          i,
          outcome(() => inst.codec.decodeReKey(b)),
        ]);
      }
      // Another valid target is decoded afresh.
      const other = inst.rekeygen(P, { kind: 'pk', pk: inst.keygen({ id: 'c' }, rng).pk }, rng);
      const o = G.ops.measure(() => decodeReKeyKnowing(G, inst.codec.encodeReKey(other), known));
      expect(o.ops.decodeG2).toBe(2);
      expect(G.g2.eq(o.result.target, other.target)).toBe(true);
    });

    test("W_R's Y_B^u through the registered receiver's table equals the plain exponentiation", () => {
      const pp = insts.pre!.pp;
      const G = pp.group;
      const rng = new SeededRng('y-table');
      const target = (insts.pre!.keygen({ id: 'b' }, rng).pk as MxPairingKey).p2;
      const y = pp.receiverY(target);
      const before = G.ops.measure(() => pp.receiverYExp(target, y, 5n));
      expect(before.ops).toEqual({ expGT: 1 });
      pp.registerReceiver(target);
      for (const u of [1n, 2n, G.zr.order - 1n, G.zr.random(rng), G.zr.random(rng)]) {
        const t = G.ops.measure(() => pp.receiverYExp(target, y, u));
        expect(t.ops).toEqual({ fixedExpGT: 1 });
        expect(G.gt.eq(t.result, G.gt.exp(y, u))).toBe(true);
      }
      // Without precomputation there is no table.
      const naive = insts.naive!.pp;
      naive.registerReceiver(target);
      expect(G.ops.measure(() => naive.receiverYExp(target, y, 7n)).ops).toEqual({ expGT: 1 });
    });

    test("owner decryption through the owner's precomputed g2^(1/x_P) opens what the exponent path opens and refuses what it refuses", () => {
      const inst = insts.pre!;
      const pp = inst.pp;
      const G = pp.group;
      const rng = new SeededRng('owner-lines');
      const P = inst.keygen({ id: 'p' }, rng);
      const x = (P.sk as { kind: 'pairing'; x: bigint }).x;
      const m = new TextEncoder().encode('holter 24h');
      const ct = (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(
        inst.encrypt({ kind: 'pk', pk: P.pk }, m, rng, new TextEncoder().encode('rec-1')),
        { kind: 'pk', pk: P.pk },
        rng,
      );
      if (ct.level !== 1) throw new Error('level');
      const outcome = (c: MxCiphertext) => {
        try {
          return `ok ${Buffer.from(inst.decrypt(P, c)).toString('hex')}`;
        } catch (e) {
          return `${(e as Error).constructor.name} ${(e as Error).message}`;
        }
      };
      // Tampered inputs: another capsule element, another outer element, a flipped body byte, a changed C2.
      const other = inst.encrypt({ kind: 'pk', pk: P.pk }, m, rng);
      if (other.level !== 1) throw new Error('level');
      const body = ct.body.slice();
      body[body.length - 1]! ^= 1;
      const cases: MxCiphertext[] = [
        ct,
        { ...ct, c1: other.c1 },
        { ...ct, outer: other.c1 },
        { ...ct, body, h: createHash(body) },
        { ...ct, c2: G.gt.mul(ct.c2, ct.c2) },
      ];
      const plain = cases.map(outcome);
      const plainOps = G.ops.measure(() => outcome(ct)).ops;
      pp.registerOwnerKey(x);
      expect(cases.map(outcome)).toEqual(plain);
      expect(plain[0]).toBe(`ok ${Buffer.from(m).toString('hex')}`);
      expect(plain.slice(1).every((o) => o.startsWith('DecryptionError'))).toBe(true);
      const lineOps = G.ops.measure(() => outcome(ct)).ops;
      expect([lineOps.expG1, lineOps.invZr, lineOps.millerLoopPre]).toEqual([undefined, undefined, 2]);
      expect([plainOps.expG1, plainOps.invZr, plainOps.millerLoopPre]).toEqual([2, 1, 2]);
    });

    for (const mode of ['naive', 'pre'] as const)
      for (const foreign of [false, true])
        test(`the declared cost model equals the counted operations of every step (${mode}, ${foreign ? 'Eq. 7b' : 'pairing'})`, async () => {
          const inst = insts[mode]!;
          const r = await inst.story({ rng: new SeededRng('cost'), foreignDelegatee: foreign });
          expect(r.ok).toBe(true);
          const model = medexchainCostModel({
            precompute: mode === 'pre',
            foreign,
            symmetric: inst.pp.oneGenerator,
          }).algorithms;
          const flowSteps = r.steps.filter((s) => s.phase === 'flow');
          expect(flowSteps.map((s) => s.algorithm)).toEqual(model.map((a) => a.algorithm));
          flowSteps.forEach((s, i) => {
            expect([s.algorithm, normalizeOps(s.ops)]).toEqual([model[i]!.algorithm, normalizeOps(model[i]!.ops)]);
            expect(s.party).toBe(model[i]!.party);
          });
          expect(r.messages.reduce((a, m) => a + m.elements, 0)).toBe(15);
        });
  });
}
