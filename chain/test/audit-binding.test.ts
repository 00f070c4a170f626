/** @jest-environment ./chain/test/hsd-environment.mjs */
/**
 * The system-level audit binds the scheme's proof to what was stored and served: tampering relays, each caught by
 * `chain audit` with the audit entry it happened in. A relay that re-encrypts another record's capsule, stores
 * another C''' than the one it proved, forges the proof, proves with a key that fails Eq. 8 for the registered
 * patient key, uses a valid delegation of the patient's to another receiver, answers a second request with the first
 * one's C''' and proof; and a record whose patient is not registered.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import type { AuditInput, ReverseFirewall, SchemeAudit, SchemeInstance } from '../../core/types.js';
import { auditAll } from '../audit.js';
import type { ChainA } from '../chainA/contracts.js';
import type { BlobStore } from '../storage/blobstore.js';
import { PATIENT_ID } from '../system.js';
import { schemeInstance, setup } from './harness.js';

type Ctx = Awaited<ReturnType<typeof setup>>;
const opened: Ctx[] = [];
afterAll(async () => {
  for (const c of opened) await c.sys.close();
  (await schemeInstance()).dispose?.();
});

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
  return c.relay.complete(ch, auth);
}

/** Runs one served request with the relay's view of chain A, its store or its scheme audit replaced. */
async function tampered(
  seed: string,
  tamper: (c: Ctx, inst: SchemeInstance) => { chainA?: ChainA; store?: BlobStore; audit?: SchemeAudit },
) {
  const c = await setup({ seed });
  opened.push(c);
  const inst = await schemeInstance();
  const t = tamper(c, inst);
  const relay = c.relay as unknown as { chainA: ChainA; store: BlobStore; use: { instance: SchemeInstance } };
  if (t.chainA) relay.chainA = t.chainA;
  if (t.store) relay.store = t.store;
  const honestAudit = inst.audit;
  if (t.audit) (inst as { audit?: SchemeAudit }).audit = t.audit;
  try {
    await serve(c);
  } finally {
    (inst as { audit?: SchemeAudit }).audit = honestAudit;
  }
  return c.sys.audit(inst.audit);
}

const codes = (r: { issues: { code: string; where: string }[] }) => r.issues.map((i) => i.code);

describe('chain audit binds the scheme proof to the ledgers', () => {
  it('an honest relay leaves no issue', async () => {
    const r = await tampered('honest', () => ({}));
    expect(r.issues).toEqual([]);
    expect(r.verified).toBe(1);
  });

  it("a relay that re-encrypts another record's capsule is reported at its audit entry", async () => {
    const r = await tampered('other-record', (c) => {
      const other = c.device.upload(c.sys.chainA, c.sys.store, PATIENT_ID, c.patient.publicKey, c.record, c.rng);
      const real = c.sys.chainA;
      const view = Object.create(real) as ChainA;
      view.getRecord = async (id: bigint) => {
        const rec = await real.getRecord(id);
        return id === c.up.recordId ? { ...rec, capsule: (await other).capsule } : rec;
      };
      return { chainA: view };
    });
    expect(codes(r)).toContain('audit/scheme-capsule');
    expect(r.issues.find((i) => i.code === 'audit/scheme-capsule')!.where).toMatch(/^chain A audit entry 0/);
  });

  it("a relay that stores another C''' than the one it proved is reported", async () => {
    const r = await tampered('other-blob', (c) => {
      const real = c.sys.store;
      const view = Object.create(real) as BlobStore;
      view.put = (b: Uint8Array) => {
        const changed = b.slice();
        changed[changed.length - 1]! ^= 1;
        return real.put(changed);
      };
      return { store: view };
    });
    expect(codes(r)).toContain('audit/scheme-delivered');
  });

  it("a forged proof of knowledge of rk' is reported", async () => {
    const r = await tampered('forged', (_c, inst) => {
      const honest = inst.audit!;
      return {
        audit: {
          verify: honest.verify,
          reKeyDigest: honest.reKeyDigest!,
          record: (i: AuditInput) => {
            const out = i.reencrypted as { proof: { c: bigint; z: bigint } };
            return honest.record({ ...i, reencrypted: { ...out, proof: { ...out.proof, z: out.proof.z + 1n } } });
          },
        },
      };
    });
    expect(codes(r)).toContain('verify/audit-proof');
  });

  it("a proof made with a key that fails Eq. 8 for the patient's registered key is reported at its entry", async () => {
    const r = await tampered('other-key', (c, inst) => {
      const honest = inst.audit!;
      return {
        audit: {
          verify: honest.verify,
          reKeyDigest: honest.reKeyDigest!,
          record: (i: AuditInput) => {
            // A relay proving with a key of its own making (here the patient's unblinded algorithm aimed at Mallory,
            // bypassing W_P): it re-encrypts and proves consistently, but the key does not delegate the registered
            // pk'_P, so the proof's e(pk'_P.1, rk') = Y_B fails.
            const mallory = inst.keygen({ id: 'mallory' }, c.rng);
            const rk = inst.rekeygen!(c.patient.keys, { kind: 'pk', pk: mallory.pk }, c.rng);
            const fw = inst.firewall!('firewall-relay', c.rng);
            const out = fw.reencrypt!(inst.reencrypt!(rk, i.firstLevel, c.rng), { kind: 'pk', pk: mallory.pk }, c.rng);
            return honest.record({ ...i, reKey: rk, reencrypted: out });
          },
        },
      };
    });
    expect(codes(r)).toContain('verify/audit-proof');
    expect(r.issues.find((i) => i.code === 'verify/audit-proof')!.where).toMatch(/^chain A audit entry 0/);
  });

  it("a re-encryption for another receiver with a valid delegation of the patient's (not the authorized one) is reported", async () => {
    const r = await tampered('other-receiver', (c, inst) => {
      const honest = inst.audit!;
      return {
        audit: {
          verify: honest.verify,
          reKeyDigest: honest.reKeyDigest!,
          record: (i: AuditInput) => {
            // The patient once delegated to Mallory through W_P (a real, well-formed rk'); the relay uses that key to
            // serve Hospital B's request. The proof verifies, but H2(rk'), recomputed by the auditor from the
            // record's receiver key, is not the hash chain A holds for (record, Hospital B).
            const mallory = inst.keygen({ id: 'mallory' }, c.rng);
            const to = { kind: 'pk' as const, pk: mallory.pk };
            const wP = (c.patient as unknown as { fw: ReverseFirewall }).fw;
            const rk = wP.rekeygen!(inst.rekeygen!(c.patient.keys, to, c.rng), c.patient.publicKey, to, c.rng);
            const fw = inst.firewall!('firewall-relay', c.rng);
            const out = fw.reencrypt!(inst.reencrypt!(rk, i.firstLevel, c.rng), to, c.rng);
            return honest.record({ ...i, reKey: rk, reencrypted: out });
          },
        },
      };
    });
    // The relay also stored the honest C''' while proving Mallory's: that shows as a second issue at the same entry.
    expect(codes(r)).toContain('audit/scheme-rekey');
    expect(codes(r)).not.toContain('verify/audit-proof');
    for (const i of r.issues) expect(i.where).toMatch(/^chain A audit entry 0/);
  });

  it("a relay that serves a second request with the first one's C''' and proof is reported at the replay", async () => {
    const c = await setup({ seed: 'replay-proof' });
    opened.push(c);
    const inst = await schemeInstance();
    const relay = c.relay as unknown as { fw: ReverseFirewall };
    const honest = relay.fw;
    let first: unknown;
    relay.fw = {
      party: honest.party,
      reencrypt: (ct: unknown, to, rng) => (first ??= honest.reencrypt!(ct, to, rng)),
    };
    await serve(c);
    await serve(c);
    const r = await c.sys.audit(inst.audit);
    // With an Eq. 7b receiver each authorization is a fresh rk' (W_P's alpha), so the replayed proof also fails for
    // the second request's key; every issue is at the replay, none at the first entry.
    expect(codes(r)).toContain('audit/replayed');
    for (const i of r.issues) expect(i.where).toMatch(/^chain A audit entry 1/);
    expect(r.verified).toBe(1);
  });

  it('a record whose patient is not in the registry is reported (audit/registry)', async () => {
    const c = await setup({ seed: 'registry' });
    opened.push(c);
    await serve(c);
    const inst = await schemeInstance();
    const r = await auditAll(c.sys.chainA, c.sys.chainB, c.sys.store, c.relay.signer.publicKey, inst.audit, {
      registry: (id) => (id === 'hospital-b' ? c.sys.state.lookup(id).prePk : undefined),
    });
    expect(codes(r)).toContain('audit/registry');
  });
});
