/**
 * Eq. 14's record without rk': the proof of knowledge of rk' and u (audit.ts) refuses, with a typed error naming
 * the check, a forged proof, a proof for another record, another requester, another delegator, an unauthorized
 * re-encryption key and tampered bytes. Each forgery is also run against a mutant verifier that skips the check that
 * stops it, and the mutant accepts: so these tests fail on a verifier that skips a check.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { cidOf } from '../../core/dem.js';
import { MedexError, VerificationError } from '../../core/errors.js';
import { createMclGroup } from '../../core/groups/mcl.js';
import type { G2 } from '../../core/groups/types.js';
import { SeededRng } from '../../core/rng.js';
import { reencrypt, type MxCiphertext, type MxPairingKey, type MxReKey } from './algorithms.js';
import {
  buildAuditRecord,
  challenge,
  decodeAuditRecord,
  encodeAuditRecord,
  recordDigest,
  recordRekeyDigest,
  statementOf,
  verifyAuditRecord,
  type AuditKeys,
  type AuditRecord,
} from './audit.js';
import type { DeviceFirewall, RelayFirewall } from './firewalls.js';
import { medexchain, type MedexchainInstance } from './index.js';

let inst: MedexchainInstance;
beforeAll(async () => {
  inst = (await medexchain.create({
    group: await createMclGroup('bls12-381'),
    precompute: true,
  })) as MedexchainInstance;
});
afterAll(() => inst.dispose());

const rng = new SeededRng('audit-test');

/** One delegation P -> B and one served record; `outer` adds W_D's layer. */
function world(outer: boolean) {
  const pp = inst.pp;
  const P = inst.keygen({ id: 'p' }, rng);
  const B = inst.keygen({ id: 'b' }, rng);
  const M = inst.keygen({ id: 'mallory' }, rng);
  const pkP = P.pk as MxPairingKey;
  const pkB = B.pk as MxPairingKey;
  const enc = (m: number) => {
    const ct = inst.encrypt({ kind: 'pk', pk: pkP }, new Uint8Array([m]), rng);
    return outer
      ? (inst.firewall('firewall-device', rng) as DeviceFirewall).encrypt(ct, { kind: 'pk', pk: pkP }, rng)
      : ct;
  };
  const wR = inst.firewall('firewall-relay', rng) as RelayFirewall;
  const serve = (rk: MxReKey, ct: MxCiphertext, to: MxPairingKey) =>
    wR.reencrypt(reencrypt(pp, rk, ct), { kind: 'pk', pk: to }, rng);
  const ct = enc(1);
  const rk = inst.rekeygen(P, { kind: 'pk', pk: pkB }, rng);
  const out = serve(rk, ct, pkB);
  const rec = buildAuditRecord(pp, cidOf(ct.body), ct, rk, out, pkP.p1, 7n);
  const keys: AuditKeys = { delegator: pkP.p1, receiver: pkB.p2 };
  return { pp, P, B, M, pkP, pkB, enc, serve, ct, rk, out, rec, keys };
}

/** The check a verifier refused with (VerificationError.check), or 'accepted'. */
function outcome(f: () => void): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (e instanceof VerificationError) return e.check;
    if (e instanceof MedexError) return e.code;
    throw e;
  }
}

/**
 * Mutant verifiers (no outer layer, so delta plays no part): the real verifier's math with one check removed.
 * 'no-challenge' does not recompute c; 'no-key-equation' drops e(pk'_P.1, sigma) = A1 Y_B^c (gamma = 0).
 */
function mutantVerify(r: AuditRecord, keys: AuditKeys, skip: 'no-challenge' | 'no-key-equation'): boolean {
  const G = inst.pp.group;
  const pp = inst.pp;
  const p = r.proof;
  const y = pp.receiverY(keys.receiver!);
  const c1Star = G.g1.fromBytes(r.c1Star);
  const c2Star = G.gt.fromBytes(r.c2Star);
  const c1Out = G.gt.fromBytes(r.c1Out);
  const c2Out = G.gt.fromBytes(r.c2Out);
  const a1 = G.gt.fromBytes(p.a1);
  const a2 = G.gt.fromBytes(p.a2);
  const a3 = G.gt.div(pp.zExp(p.z), G.gt.exp(G.gt.div(c2Out, c2Star), p.c));
  const { ar: _a, proof: _p, version: _v, ...base } = r;
  void _a;
  void _p;
  void _v;
  if (
    skip !== 'no-challenge' &&
    challenge(pp, { cid: r.cid, h: r.h, rkDigest: recordRekeyDigest(r) }, statementOf(base), p.a1, p.a2, a3) !== p.c
  )
    return false;
  const tail = G.gt.mul(a2, G.gt.exp(c1Out, p.c));
  if (skip === 'no-key-equation') return G.gt.eq(G.gt.mul(G.pair(c1Star, p.sigma), G.gt.exp(y, p.z)), tail);
  const gamma = 12345n;
  const lhs = G.pair(G.g1.mul(G.g1.exp(keys.delegator, gamma), c1Star), p.sigma);
  return G.gt.eq(lhs, G.gt.mul(G.gt.mul(G.gt.exp(a1, gamma), tail), G.gt.exp(y, G.zr.sub(G.zr.mul(gamma, p.c), p.z))));
}

describe("Eq. 14 audit without rk': every refusal is typed and a verifier missing the check would accept", () => {
  test("an honest record verifies (with and without W_D's layer) and carries H2(rk'), never rk'", () => {
    for (const outer of [false, true]) {
      const w = world(outer);
      expect(outcome(() => verifyAuditRecord(w.pp, w.rec, w.keys))).toBe('accepted');
      const bytes = Buffer.from(encodeAuditRecord(w.pp, w.rec));
      expect(bytes.includes(Buffer.from(w.pp.group.g2.toBytes(w.rk.rk)))).toBe(false);
      if (!outer) expect(mutantVerify(w.rec, w.keys, 'no-key-equation')).toBe(true);
      if (!outer) expect(mutantVerify(w.rec, w.keys, 'no-challenge')).toBe(true);
    }
  });

  test('forged proofs are refused (audit-proof): changed responses, commitments or challenge', () => {
    const w = world(true);
    const G = w.pp.group;
    const p = w.rec.proof;
    const forged: Partial<AuditRecord['proof']>[] = [
      { z: G.zr.add(p.z, 1n) },
      { sigma: G.g2.mul(p.sigma, G.g2.generator()) },
      { a1: p.a2 },
      { a2: p.a1 },
      { c: p.c ^ 1n },
    ];
    for (const f of forged) {
      const r = { ...w.rec, proof: { ...p, ...f } };
      expect(outcome(() => verifyAuditRecord(w.pp, { ...r, ar: recordDigest(r) }, w.keys))).toBe('audit-proof');
    }
  });

  test("a simulated proof for a false statement (a C''' that is no re-encryption) is refused; a verifier that does not recompute c accepts it", () => {
    const w = world(false);
    const G = w.pp.group;
    // HVZK's simulator as a forger: C1''' is arbitrary, sigma, z, c are picked first and A1, A2 solved for them.
    const c1Out = G.gt.exp(G.gt.fromBytes(w.rec.c1Out), 3n);
    const sigma = G.g2.exp(G.g2.generator(), G.zr.random(rng));
    const z = G.zr.random(rng);
    const c = G.zr.random(rng) & ((1n << 128n) - 1n);
    const y = w.pp.receiverY(w.keys.receiver!);
    const a1 = G.gt.div(G.pair(w.keys.delegator, sigma), G.gt.exp(y, c));
    const a2 = G.gt.div(G.gt.mul(G.pair(G.g1.fromBytes(w.rec.c1Star), sigma), G.gt.exp(y, z)), G.gt.exp(c1Out, c));
    const f = {
      ...w.rec,
      c1Out: G.gt.toBytes(c1Out),
      proof: { a1: G.gt.toBytes(a1), a2: G.gt.toBytes(a2), c, sigma, z },
    };
    const r = { ...f, ar: recordDigest(f) };
    expect(outcome(() => verifyAuditRecord(w.pp, r, w.keys))).toBe('audit-proof');
    expect(mutantVerify(r, w.keys, 'no-challenge')).toBe(true);
  });

  test("a re-encryption under a key the patient did not issue (no Eq. 8) is refused; a verifier without e(pk'_P.1, sigma) = A1 Y_B^c accepts it", () => {
    const w = world(false);
    const G = w.pp.group;
    // The relay re-encrypts with a key of its own (C''' then opens under no key of B, or under one it chose).
    const rogue: MxReKey = { rk: G.g2.exp(G.g2.generator(), G.zr.random(rng)), target: w.pkB.p2 };
    const out = w.serve(rogue, w.ct, w.pkB);
    const rec = buildAuditRecord(w.pp, cidOf(w.ct.body), w.ct, rogue, out, w.pkP.p1, 7n);
    expect(outcome(() => verifyAuditRecord(w.pp, rec, w.keys))).toBe('audit-proof');
    expect(mutantVerify(rec, w.keys, 'no-key-equation')).toBe(true);
    // Claiming the authorized H2(rk') for it changes the transcript too.
    const claimed = { ...rec, rkHash: w.rec.rkHash };
    expect(outcome(() => verifyAuditRecord(w.pp, { ...claimed, ar: recordDigest(claimed) }, w.keys))).toBe(
      'audit-proof',
    );
  });

  test('a proof for another record is refused (audit-proof), whether moved as is or with the other C*', () => {
    const w = world(true);
    const ct2 = w.enc(2);
    const out2 = w.serve(w.rk, ct2, w.pkB);
    if (out2.level !== 2 || w.out.level !== 2) throw new Error('level');
    const moved = buildAuditRecord(w.pp, cidOf(w.ct.body), w.ct, w.rk, { ...w.out, proof: out2.proof! }, w.pkP.p1, 7n);
    expect(outcome(() => verifyAuditRecord(w.pp, moved, w.keys))).toBe('audit-proof');
    // The record names record 2's capsule with record 1's C''' and proof.
    const mixed = buildAuditRecord(w.pp, cidOf(ct2.body), ct2, w.rk, w.out, w.pkP.p1, 7n);
    expect(outcome(() => verifyAuditRecord(w.pp, mixed, w.keys))).toBe('audit-proof');
  });

  test('another requester: refused against the registered receiver (audit-receiver); an auditor that takes the keys from the record accepts it', () => {
    const w = world(true);
    const pkM = w.M.pk as MxPairingKey;
    const rkM = inst.rekeygen(w.P, { kind: 'pk', pk: pkM }, rng);
    const outM = w.serve(rkM, w.ct, pkM);
    const recM = buildAuditRecord(w.pp, cidOf(w.ct.body), w.ct, rkM, outM, w.pkP.p1, 7n);
    expect(outcome(() => verifyAuditRecord(w.pp, recM, w.keys))).toBe('audit-receiver');
    // The mutant auditor: the record's own keys instead of the registry's.
    const fromRecord = { delegator: w.pkP.p1, receiver: w.pp.group.g2.fromBytes(recM.target) as G2 };
    expect(outcome(() => verifyAuditRecord(w.pp, recM, fromRecord))).toBe('accepted');
    // Naming B's key for Mallory's proof does not help: the transcript binds the receiver key.
    const lie = { ...recM, target: w.pp.group.g2.toBytes(w.pkB.p2) };
    expect(outcome(() => verifyAuditRecord(w.pp, { ...lie, ar: recordDigest(lie) }, w.keys))).toBe('audit-proof');
  });

  test("another delegator is refused (audit-delegator), and a proof checked against another patient's key fails", () => {
    const w = world(true);
    const other = (w.M.pk as MxPairingKey).p1;
    expect(outcome(() => verifyAuditRecord(w.pp, w.rec, { ...w.keys, delegator: other }))).toBe('audit-delegator');
    const lie = { ...w.rec, delegator: w.pp.group.g1.toBytes(other) };
    expect(
      outcome(() => verifyAuditRecord(w.pp, { ...lie, ar: recordDigest(lie) }, { ...w.keys, delegator: other })),
    ).toBe('audit-proof');
  });

  test('tampered bytes: a changed field without a new AR is audit-digest; malformed bytes are DecodeError', () => {
    const w = world(true);
    expect(outcome(() => verifyAuditRecord(w.pp, { ...w.rec, t: w.rec.t + 1n }, w.keys))).toBe('audit-digest');
    const bytes = encodeAuditRecord(w.pp, w.rec);
    let digestRefusals = 0;
    for (let i = 2; i < bytes.length; i += 41) {
      const b = bytes.slice();
      b[i]! ^= 0x04;
      const code = outcome(() => verifyAuditRecord(w.pp, decodeAuditRecord(w.pp, b), w.keys));
      expect([i, code]).not.toEqual([i, 'accepted']);
      expect(code).toMatch(/^(audit-digest|audit-proof|decode\/.*)$/);
      if (code === 'audit-digest') digestRefusals++;
    }
    expect(digestRefusals).toBeGreaterThan(0);
  });
});
