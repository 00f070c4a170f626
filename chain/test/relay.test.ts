/** @jest-environment ./chain/test/hsd-environment.mjs */
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it, afterAll } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VerificationError, MedexError } from '../../core/errors.js';
import {
  IntegrityError,
  NotAuthorizedError,
  ReplayError,
  StaleRequestError,
  UnregisteredError,
  LedgerError,
} from '../errors.js';
import { Hospital } from '../parties.js';
import { decodeRequest, encodeRequest, encodeAuthorization, decodeAuditRecord } from '../relay/messages.js';
import { signerFromSecret } from '../relay/native.js';
import { ChainSystem, PATIENT_ID } from '../system.js';
import { setup, schemeInstance } from './harness.js';

type Ctx = Awaited<ReturnType<typeof setup>>;
const opened: Ctx[] = [];
async function ctx(opts: Parameters<typeof setup>[0] = {}) {
  const c = await setup(opts);
  opened.push(c);
  return c;
}
afterAll(async () => {
  for (const c of opened) await c.sys.close();
  (await schemeInstance()).dispose?.();
});

/** One full request -> authorization -> re-encryption -> read. */
async function serve(c: Ctx) {
  const { bytes, request } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
  const v = await c.relay.verifyRequest(bytes);
  const ch = c.relay.challenge(v);
  const auth = await c.patient.authorize(
    ch.bytes,
    bytes,
    request,
    v.requesterKey,
    c.relay.signer.publicKey,
    c.sys.chainA,
    c.rng,
    Date.now(),
  );
  const served = await c.relay.complete(ch, auth);
  return { bytes, request, v, ch, auth, served };
}

describe('relay: the story end to end', () => {
  it('delivers the record to a foreign-key hospital (Eq. 7b) and audits it on both chains', async () => {
    const c = await ctx();
    expect(c.hospital.foreign).toBe(true);
    const { served } = await serve(c);
    expect(c.hospital.read(served.delivery, c.relay.signer.publicKey, c.sys.store)).toEqual(c.record);
    const inst = await schemeInstance();
    const report = await c.sys.audit(inst.audit);
    expect(report.issues).toEqual([]);
    expect(report.records).toBe(1);
    expect(report.verified).toBe(1);
    const rec = decodeAuditRecord(served.audit);
    expect(rec.bodyCid).toBe(c.up.cid);
    expect(rec.requester).toBe('hospital-b');
    // The scheme's own proof (MedExChain Eq. 14) rides in the record and is checked; without a checker it is flagged.
    expect(rec.schemeProof.length).toBeGreaterThan(0);
    expect((await c.sys.audit()).issues.map((i) => i.code)).toEqual(['audit/scheme-proof']);
    // A checker that refuses the proof (a cheating relay's proof) makes the record inconsistent.
    const refusing = {
      record: inst.audit!.record,
      verify: () => {
        throw new VerificationError('audit-proof', 'refused');
      },
    };
    expect((await c.sys.audit(refusing)).issues.map((i) => i.code)).toEqual(['verify/audit-proof']);
  });

  it('delivers to a hospital with its own (firewalled) PRE key too', async () => {
    const c = await ctx({ foreign: false, seed: 'pre-key' });
    expect(c.hospital.foreign).toBe(false);
    const { served } = await serve(c);
    expect(c.hospital.read(served.delivery, c.relay.signer.publicKey, c.sys.store)).toEqual(c.record);
  });
});

describe('relay: request verification', () => {
  it('rejects a replayed request', async () => {
    const c = await ctx({ seed: 'replay' });
    const { bytes } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    await c.relay.verifyRequest(bytes);
    await expect(c.relay.verifyRequest(bytes)).rejects.toThrow(ReplayError);
  });

  it('rejects a replay after the relay restarts (the nonce cache is durable)', async () => {
    const c = await ctx({ seed: 'replay-restart' });
    const { bytes } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    await c.relay.verifyRequest(bytes);
    await c.sys.close();
    const sys2 = await ChainSystem.open({ dataDir: c.dataDir });
    try {
      const p = await sys2.parties(c.use);
      await expect(p.relay.verifyRequest(bytes)).rejects.toThrow(ReplayError);
    } finally {
      await sys2.close();
    }
    c.sys = await ChainSystem.open({ dataDir: c.dataDir }); // for afterAll
  });

  it('rejects a forged signature and a signature by another key', async () => {
    const c = await ctx({ seed: 'forged' });
    const { bytes, request } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    const forged = bytes.slice();
    forged[forged.length - 1]! ^= 1;
    await expect(c.relay.verifyRequest(forged)).rejects.toThrow(VerificationError);
    const other = encodeRequest(request, signerFromSecret('ed25519', new Uint8Array(32).fill(66)));
    await expect(c.relay.verifyRequest(other)).rejects.toThrow(VerificationError);
    // A body altered after signing (another record id) no longer verifies either.
    const altered = encodeRequest(
      { ...decodeRequest(bytes), recordId: 99n },
      signerFromSecret('ed25519', new Uint8Array(32).fill(66)),
    );
    await expect(c.relay.verifyRequest(altered)).rejects.toThrow(VerificationError);
  });

  it('rejects a stale and a future timestamp', async () => {
    const c = await ctx({ seed: 'stale', windowMs: 60_000 });
    const old = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now() - 61_000, c.rng).bytes;
    await expect(c.relay.verifyRequest(old)).rejects.toThrow(StaleRequestError);
    const future = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now() + 61_000, c.rng).bytes;
    await expect(c.relay.verifyRequest(future)).rejects.toThrow(StaleRequestError);
  });

  it('rejects an unregistered identity and a key other than the registered one', async () => {
    const c = await ctx({ seed: 'unregistered' });
    const stranger = new Hospital(c.use, 'hospital-x', new Uint8Array(32).fill(3), new Uint8Array(32).fill(4), c.rng);
    const req = stranger.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng).bytes;
    await expect(c.relay.verifyRequest(req)).rejects.toThrow(UnregisteredError);
    // hospital-b's native key, but a delegation key it never registered
    const { request } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    const swapped = encodeRequest(
      { ...request, requesterPk: new Uint8Array([1, 2, 0x02, ...new Uint8Array(32).fill(8)]) },
      c.hospital.signer,
    );
    await expect(c.relay.verifyRequest(swapped)).rejects.toThrow(UnregisteredError);
    // a registration for hospital-b signed by another native key is refused
    const impostor = new Hospital(c.use, 'hospital-b', new Uint8Array(32).fill(12), new Uint8Array(32).fill(13), c.rng);
    await expect(c.sys.state.register(impostor.registration(Date.now() + 1000))).rejects.toThrow(UnregisteredError);
  });
});

describe('relay: authorization', () => {
  it('refuses an authorization bound to another request', async () => {
    const c = await ctx({ seed: 'binding' });
    const a = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    const b = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    const va = await c.relay.verifyRequest(a.bytes);
    const vb = await c.relay.verifyRequest(b.bytes);
    const cha = c.relay.challenge(va);
    const chb = c.relay.challenge(vb);
    const authA = await c.patient.authorize(
      cha.bytes,
      a.bytes,
      a.request,
      va.requesterKey,
      c.relay.signer.publicKey,
      c.sys.chainA,
      c.rng,
      Date.now(),
    );
    await expect(c.relay.complete(chb, authA)).rejects.toThrow(VerificationError);
    // The patient refuses a challenge that names another request.
    await expect(
      c.patient.authorize(
        cha.bytes,
        b.bytes,
        b.request,
        vb.requesterKey,
        c.relay.signer.publicKey,
        c.sys.chainA,
        c.rng,
        Date.now(),
      ),
    ).rejects.toThrow(VerificationError);
  });

  it('refuses a re-encryption key that the patient did not record on chain A', async () => {
    const c = await ctx({ seed: 'not-on-chain' });
    const { bytes, request } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
    const v = await c.relay.verifyRequest(bytes);
    const ch = c.relay.challenge(v);
    const inst = c.use.instance;
    const rk = inst.rekeygen!(c.patient.keys, { kind: 'pk', pk: v.requesterKey }, c.rng);
    const auth = encodeAuthorization(
      {
        requestHash: v.hash,
        relayNonce: ch.relayNonce,
        recordId: request.recordId,
        requester: request.requester,
        reKey: inst.codec.encodeReKey(rk),
        foreignCapsule: new Uint8Array(0),
        time: Date.now(),
      },
      c.patient.signer,
    );
    await expect(c.relay.complete(ch, auth)).rejects.toThrow(NotAuthorizedError);
  });
});

describe('tampering is detected', () => {
  it('a tampered blob fails the read and shows in the audit with its CID', async () => {
    const c = await ctx({ seed: 'blob' });
    const { served } = await serve(c);
    writeFileSync(join(c.dataDir, 'blobs', c.up.cid), new TextEncoder().encode('tampered'));
    expect(() => c.hospital.read(served.delivery, c.relay.signer.publicKey, c.sys.store)).toThrow(IntegrityError);
    const r = await c.sys.audit();
    expect(r.issues.some((i) => i.code === 'integrity' && i.what.includes(c.up.cid))).toBe(true);
    expect(r.verified).toBe(0);
  });

  it('a tampered audit record on chain B is found, with the block it is in', async () => {
    const c = await ctx({ seed: 'audit-b' });
    const { served } = await serve(c);
    // the block holds only the record's hash; the record itself is in chain B's side store, which is altered here
    const db = c.sys.chainB.rawStore;
    const tx = (await c.sys.chainB.block(served.chainBHeight)).txs.find((t) => t.kind === 'audit')!;
    const payload = Buffer.from(tx.payload, 'hex');
    const key = `rec:${Buffer.from(sha256(payload)).toString('hex')}`;
    payload[payload.length - 70]! ^= 1; // inside the record body
    await db.put(key, payload.toString('hex'));
    const r = await c.sys.audit();
    const wheres = r.issues.map((i) => i.where).join(' | ');
    expect(wheres).toContain(`chain B block ${served.chainBHeight}`);
    expect(r.issues.some((i) => i.code === 'audit/side-store')).toBe(true);
    expect(r.issues.some((i) => i.code === 'audit/missing')).toBe(true);
  });

  it('a tampered audit record on chain A stops the chain from reopening (replay detects it)', async () => {
    const c = await ctx({ seed: 'audit-a' });
    await serve(c);
    await c.sys.close();
    const { ClassicLevel } = await import('classic-level');
    const db = new ClassicLevel<string, string>(join(c.dataDir, 'chain-a'), { valueEncoding: 'utf8' });
    const head = Number(await db.get('head'));
    const key = `block:${(head - 1).toString().padStart(12, '0')}`; // the last block holds the audit append
    const b = JSON.parse((await db.get(key))!);
    const data: string = b.logs[0].data;
    b.logs[0].data = data.slice(0, -2) + (data.endsWith('00') ? '01' : '00');
    await db.put(key, JSON.stringify(b));
    await db.close();
    const err = await ChainSystem.open({ dataDir: c.dataDir, forAudit: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LedgerError);
    expect((err as LedgerError).where).toBe(`chain A block ${head - 1}`);
    expect(err).toBeInstanceOf(MedexError);
    opened.splice(opened.indexOf(c), 1);
  });
});
