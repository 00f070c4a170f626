/**
 * MedExChain's whole story, as in Fig. 3 of the paper in spirit (reference design, "Workflow"): registration,
 * upload, cross-chain request, authorization, re-encryption and delivery, access, audit. Every step is timed and
 * op-counted, every message M1-M8 is encoded on the real wire and measured next to its paper accounting, and the
 * end-to-end checks decide `ok`. Each party decodes what it receives (strict decoding is part of its cost).
 * All parties run in one process here; the cross-chain system (chain/) runs them against real ledgers.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { cidOf, digest } from '../../core/dem.js';
import { VerificationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { sign, sigKeygen, verify } from '../../core/sig.js';
import { StoryRecorder, sampleRecord, type StoryResult } from '../../core/story.js';
import type { KeyPair, MessageSpec, SchemeInstance, StoryOptions } from '../../core/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import {
  bindingDigest,
  type MxCiphertext,
  type MxPairingKey,
  type MxPublicKey,
  type MxReKey,
  type MxSecretKey,
} from './algorithms.js';
import {
  buildAuditRecord,
  decodeAuditRecord,
  encodeAuditRecord,
  recordRekeyDigest,
  rekeyDigest,
  verifyAuditRecord,
} from './audit.js';
import { DecodedG2, decodeCapsule, decodeReKeyKnowing, encodeCapsule } from './codec.js';
import { foreignKeygen } from './foreign.js';
import type { MxParams } from './params.js';
import {
  ReplayCache,
  newRequest,
  signRequest,
  splitSigned,
  verifySignedRequest,
  decodeRequest,
  openSigned,
  signReceipt,
} from './request.js';
import type { RelayFirewall, UserFirewall } from './firewalls.js';

type MxInstance = SchemeInstance<MxPublicKey, MxSecretKey, MxCiphertext, MxReKey>;

const WINDOW_MS = 30_000n;

export async function runStory(
  inst: MxInstance,
  pp: MxParams,
  messages: MessageSpec[],
  opts: StoryOptions,
): Promise<StoryResult> {
  const G = pp.group;
  const ops = G.ops;
  const rng: Rng = opts.rng;
  const rec = new StoryRecorder(ops, G.sizes);
  const msg = (id: string) => messages.find((m) => m.id === id)!;
  const record = opts.record ?? sampleRecord();
  const foreign = opts.foreignDelegatee === true;
  const now = () => BigInt(Date.now());
  const fw = (p: Parameters<NonNullable<MxInstance['firewall']>>[0]) => inst.firewall!(p, rng);

  // Native identities (chain A / chain B / relay signing keys) and the relay's registry.
  const idKey = { patient: sigKeygen(rng), hospital: sigKeygen(rng), relay: sigKeygen(rng) };
  const registry = new Map<string, Uint8Array>([
    ['hospital-b', idKey.hospital.public],
    ['alice', idKey.patient.public],
  ]);
  const replay = new ReplayCache(WINDOW_MS);

  // Registration: KeyGen and CRF-KeyGen (Eqs. 2-3).
  const wP = fw('firewall-patient') as UserFirewall;
  const patient = rec.step('KeyGen (patient)', 'patient', 'KeyGen', () => inst.keygen({ id: 'alice' }, rng));
  const pkP = rec.step("CRF-KeyGen (W_P): pk'_P", 'firewall-patient', 'CRF-KeyGen', () =>
    wP.keygen(patient.pk, rng),
  ) as MxPairingKey;
  const wB = fw('firewall-hospital') as UserFirewall;
  let hospital: KeyPair<MxPublicKey, MxSecretKey>;
  let pkB: MxPublicKey;
  if (foreign) {
    hospital = rec.step('KeyGen (hospital, X25519 native)', 'hospital', 'KeyGen-Foreign', () =>
      foreignKeygen(ops, rng),
    );
    pkB = hospital.pk;
  } else {
    hospital = rec.step('KeyGen (hospital)', 'hospital', 'KeyGen', () => inst.keygen({ id: 'hospital-b' }, rng));
    pkB = rec.step("CRF-KeyGen (W_B): pk'_B", 'firewall-hospital', 'CRF-KeyGen', () => wB.keygen(hospital.pk, rng));
  }
  rec.setup("register pk'_P at the device (fixed-base table)", 'device', () => pp.registerEncryptionKey(pkP.p1));
  const xP = patient.sk.kind === 'pairing' ? patient.sk.x : null;
  if (xP !== null)
    rec.setup('the patient precomputes its decryption pairing argument g2^(1/x_P)', 'patient', () =>
      pp.registerOwnerKey(xP),
    );
  if (pkB.kind === 'pairing') {
    const b2 = pkB.p2;
    rec.setup("register pk'_B at the relay (Y_B = e(g1, pk'_B.2))", 'relay', () => pp.registerReceiver(b2));
  }

  // Upload (Eqs. 4-5) -> M1: chain A stores (ID_P, record id, CID, h, C*). The record id is the scope the AEADs bind.
  const wD = fw('firewall-device');
  const scope = utf8('alice/record-0001');
  const ct = rec.step('Enc (device)', 'device', 'Enc', () => inst.encrypt({ kind: 'pk', pk: pkP }, record, rng, scope));
  const ctStar = rec.step('CRF-Enc (W_D)', 'firewall-device', 'CRF-Enc', () =>
    wD.encrypt!(ct, { kind: 'pk', pk: pkP }, rng),
  );
  const cid = cidOf(ctStar.body);
  const capsule = encodeCapsule(G, ctStar);
  const m1 = new WireWriter().str('alice').bytes(scope).str(cid).fixed(ctStar.h).fixed(capsule).finish();
  rec.message(msg('M1'), m1);
  const storage = new Map([[cid, ctStar.body]]);
  const chainA = { cid, h: ctStar.h, capsule, scope };

  // Cross-chain request (Eq. 6) -> M2, relay check -> M3.
  const encPkB = inst.codec.encodePublicKey(pkB);
  const req = newRequest('hospital-b', 'alice', cid, encPkB, now(), rng);
  const m2 = rec.step('Request (hospital signs Req)', 'hospital', 'Request', () =>
    signRequest(ops, idKey.hospital, req),
  );
  rec.message(msg('M2'), m2);
  // What the relay has decoded strictly: pk'_B.2 from M2 comes back as rk''s target in M4.
  const relayDecoded = new DecodedG2(G);
  const m3 = rec.step('VerifyRequest (relay)', 'relay', 'VerifyRequest', () => {
    const r = verifySignedRequest(ops, m2, (id) => registry.get(id), now(), replay);
    const requester = inst.codec.decodePublicKey(r.pkB);
    if (requester.kind === 'pairing') relayDecoded.add(requester.p2);
    return new WireWriter()
      .bytes(m2)
      .fixed(sign(ops, idKey.relay, m2))
      .finish();
  });
  rec.message(msg('M3'), m3);
  rec.check('a replayed request is rejected', () => {
    try {
      verifySignedRequest(ops, m2, (id) => registry.get(id), now(), replay);
      return false;
    } catch (e) {
      return e instanceof VerificationError && e.check === 'request-replay';
    }
  });

  // Authorization (Eqs. 7/7b-8) -> M4. W_P checks rk' against the requester's key as the signed request names it.
  let requested: MxPublicKey | null = null;
  const rk = rec.step(
    foreign ? 'ReKeyGen (patient, Eq. 7b)' : 'ReKeyGen (patient)',
    'patient',
    foreign ? 'ReKeyGen-Foreign' : 'ReKeyGen',
    () => {
      const outer = splitSigned(m3, 'M3');
      if (!verify(ops, idKey.relay.public, outer.body, outer.sig)) throw new VerificationError('relay-signature', 'M3');
      const { body } = splitSigned(outer.body, 'M2');
      const r = decodeRequest(body);
      requested = inst.codec.decodePublicKey(r.pkB);
      return inst.rekeygen!(patient, { kind: 'pk', pk: requested }, rng, utf8(r.cid));
    },
  );
  const rkPrime = rec.step("CRF-ReKeyGen (W_P): rk'", 'firewall-patient', 'CRF-ReKeyGen', () =>
    wP.rekeygen(rk, pkP, { kind: 'pk', pk: requested! }, rng),
  );
  const t3 = now();
  const m4 = rec.step("Authorize (patient signs rk')", 'patient', 'Authorize', () => {
    const body = new WireWriter().bytes(inst.codec.encodeReKey(rkPrime)).fixed(digest(m2)).u64(t3).finish();
    return new WireWriter()
      .bytes(body)
      .fixed(sign(ops, idKey.patient, body))
      .finish();
  });
  rec.message(msg('M4'), m4);
  rec.setup("register rk' at the relay (precomputed pairing, Y_B)", 'relay', () => {
    pp.registerReKey(rkPrime.rk);
    pp.registerReceiver(rkPrime.target);
  });

  // Re-encryption and delivery (Eqs. 9-10, 14) -> M5, M6, M7.
  rec.message(msg('M5'), chainA.capsule);
  const wR = fw('firewall-relay') as RelayFirewall;
  const tAudit = now();
  const ct2 = rec.step('ReEnc (relay)', 'relay', 'ReEnc', () => {
    const { body, sig } = splitSigned(m4, 'M4');
    if (!verify(ops, idKey.patient.public, body, sig)) throw new VerificationError('patient-signature', 'M4');
    const rd = new WireReader(body, 'M4');
    const rkIn = decodeReKeyKnowing(G, rd.bytes(4096), relayDecoded);
    rd.fixed(32);
    rd.u64();
    rd.end();
    const cap = decodeCapsule(G, chainA.capsule);
    const stored = storage.get(chainA.cid)!;
    if (!equalBytes(digest(stored), chainA.h)) throw new VerificationError('storage-hash', chainA.cid);
    return inst.reencrypt!(rkIn, { level: 1, ...cap, body: stored, h: chainA.h, scope: chainA.scope }, rng);
  });
  // The relay's registry: pk'_B, or for an Eq. 7b receiver its X25519 key with the virtual key M4 authorized.
  const registered: MxPublicKey = pkB.kind === 'pairing' ? pkB : { ...pkB, virtual: rkPrime.target };
  const ct3 = rec.step("CRF-ReEnc (W_R): C''' and proof", 'firewall-relay', 'CRF-ReEnc', () =>
    wR.reencrypt(ct2, { kind: 'pk', pk: registered }, rng),
  );
  const m6 = rec.step('Deliver (relay signs M6)', 'relay', 'Deliver', () => {
    const { proof, target, ...wire } = ct3 as Extract<MxCiphertext, { level: 2 }>;
    void proof;
    void target;
    const body = inst.codec.encodeCiphertext(wire);
    return new WireWriter()
      .bytes(body)
      .fixed(sign(ops, idKey.relay, body))
      .finish();
  });
  rec.message(msg('M6'), m6);
  const m7 = rec.step('Audit (relay builds and signs AR)', 'relay', 'Audit', () => {
    const ar = encodeAuditRecord(pp, buildAuditRecord(pp, cid, ctStar, rkPrime, ct3, pkP.p1, tAudit));
    return new WireWriter()
      .bytes(ar)
      .fixed(sign(ops, idKey.relay, ar))
      .finish();
  });
  rec.message(msg('M7'), m7);

  // Access (Eqs. 11-12) -> M8.
  let received: MxCiphertext;
  let plain: Uint8Array = new Uint8Array(0);
  if (!foreign) {
    received = rec.step('CRF-Receive (W_B)', 'firewall-hospital', 'CRF-Receive', () => {
      const { body } = splitSigned(m6, 'M6');
      return wB.receive(inst.codec.decodeCiphertext(body));
    });
    rec.check('Hospital B decrypts the original record', () => {
      plain = rec.step('Dec (hospital)', 'hospital', 'Dec', () => {
        openSigned(ops, idKey.relay.public, m6, 'M6');
        return inst.decrypt(hospital, received);
      });
      return equalBytes(plain, record);
    });
  } else {
    rec.check('Hospital B (X25519 key, Eq. 7b) decrypts the original record', () => {
      plain = rec.step('Dec (hospital, Eq. 7b)', 'hospital', 'Dec-Foreign', () => {
        return inst.decrypt(hospital, inst.codec.decodeCiphertext(openSigned(ops, idKey.relay.public, m6, 'M6')));
      });
      return equalBytes(plain, record);
    });
  }
  const m8 = rec.step('Receipt (hospital signs)', 'hospital', 'Receipt', () =>
    signReceipt(ops, idKey.hospital, m6, now()),
  );
  rec.message(msg('M8'), m8);

  rec.check("the delivered ciphertext is bound to the requested record's scope and chain A's capsule", () => {
    const got = inst.codec.decodeCiphertext(splitSigned(m6, 'M6').body);
    const cap = decodeCapsule(G, chainA.capsule);
    const expected = bindingDigest(pp, { level: 1, ...cap, body: new Uint8Array(0), h: chainA.h, scope: chainA.scope });
    return got.level === 2 && !!got.bind && equalBytes(got.bind, expected) && equalBytes(got.scope!, chainA.scope);
  });

  // Audit (Eq. 14): anyone re-verifies the record against the registered keys; rk' is not published, only H2(rk').
  const auditKeys = pkB.kind === 'pairing' ? { delegator: pkP.p1, receiver: pkB.p2 } : { delegator: pkP.p1 };
  rec.check("the audit record and its proof of knowledge of rk' verify", () =>
    rec.step('AuditVerify (auditor)', 'auditor', 'AuditVerify', () => {
      const { body, sig } = splitSigned(m7, 'M7');
      if (!verify(ops, idKey.relay.public, body, sig)) throw new VerificationError('relay-signature', 'M7');
      verifyAuditRecord(pp, decodeAuditRecord(pp, body), auditKeys);
      return true;
    }),
  );
  rec.check("the audit record carries H2(rk') and not rk'", () => {
    const body = splitSigned(m7, 'M7').body;
    const rkBytes = G.g2.toBytes(rkPrime.rk);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    return (
      equalBytes(recordRekeyDigest(decodeAuditRecord(pp, body)), rekeyDigest(pp, rkPrime)) &&
      !hex(body).includes(hex(rkBytes))
    );
  });
  rec.check('a tampered audit record is rejected', () => {
    const r = decodeAuditRecord(pp, splitSigned(m7, 'M7').body);
    const bad = { ...r, t: r.t + 1n };
    try {
      verifyAuditRecord(pp, bad, auditKeys);
      return false;
    } catch (e) {
      return e instanceof VerificationError;
    }
  });

  // Owner decryption (Eq. 13).
  rec.check('Alice decrypts her own record', () => {
    const mine = rec.step('CRF-Receive (W_P, owner)', 'firewall-patient', 'CRF-ReceiveOwner', () => {
      const cap = decodeCapsule(G, chainA.capsule);
      return wP.receive({ level: 1, ...cap, body: storage.get(cid)!, h: chainA.h, scope: chainA.scope });
    });
    const p = rec.step('OwnerDec (patient)', 'patient', 'OwnerDec', () => inst.decrypt(patient, mine));
    return equalBytes(p, record);
  });
  rec.check('the stored blob matches its CID', () => cidOf(storage.get(cid)!) === cid);
  return rec.result(inst.scheme.name, G.name);
}
