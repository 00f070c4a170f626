/**
 * MedExChain-Scoped's story: MedExChain's flow (schemes/medexchain/story.ts) with a delegation for one record. The
 * scope is the record's identity on chain A; the request names it, the patient's key is for it alone, and a second
 * record of the same patient stays closed to Hospital B: the story checks that the relay cannot re-encrypt it with
 * the key it holds and that the hospital, forcing the conversion, gets no plaintext. Every message is measured on
 * its wire format, in the paper's accounting and as the elements really sent.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { utf8ToBytes as utf8 } from '@noble/hashes/utils.js';
import { cidOf, digest } from '../../core/dem.js';
import { DecryptionError, MedexError, VerificationError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { sign, sigKeygen, verify } from '../../core/sig.js';
import { StoryRecorder, sampleRecord, type StoryResult } from '../../core/story.js';
import type { KeyPair, MessageSpec, SchemeInstance, StoryOptions } from '../../core/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';
import type { MxPairingKey, MxPublicKey, MxSecretKey } from '../medexchain/algorithms.js';
import type { MxParams } from '../medexchain/params.js';
import {
  ReplayCache,
  decodeRequest,
  newRequest,
  openSigned,
  signReceipt,
  signRequest,
  splitSigned,
  verifySignedRequest,
} from '../medexchain/request.js';
import { bindingDigest, reencryptUnchecked, type ScCiphertext, type ScReKey } from './algorithms.js';
import { buildRecord, decodeRecord, encodeRecord, verifyRecord } from './audit.js';
import { decodeCapsule, encodeCapsule } from './codec.js';
import type { ScopedRelayFirewall, ScopedUserFirewall } from './firewalls.js';

type ScInstance = SchemeInstance<MxPublicKey, MxSecretKey, ScCiphertext, ScReKey>;

const WINDOW_MS = 30_000n;

export async function runScopedStory(
  inst: ScInstance,
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
  const now = () => BigInt(Date.now());
  const fw = (p: Parameters<NonNullable<ScInstance['firewall']>>[0]) => inst.firewall!(p, rng);

  const idKey = { patient: sigKeygen(rng), hospital: sigKeygen(rng), relay: sigKeygen(rng) };
  const registry = new Map<string, Uint8Array>([
    ['hospital-b', idKey.hospital.public],
    ['alice', idKey.patient.public],
  ]);
  const replay = new ReplayCache(WINDOW_MS);

  // Registration (MedExChain's Eqs. 2-3).
  const wP = fw('firewall-patient') as ScopedUserFirewall;
  const patient = rec.step('KeyGen (patient)', 'patient', 'KeyGen', () => inst.keygen({ id: 'alice' }, rng));
  const pkP = rec.step("CRF-KeyGen (W_P): pk'_P", 'firewall-patient', 'CRF-KeyGen', () =>
    wP.keygen(patient.pk, rng),
  ) as MxPairingKey;
  const wB = fw('firewall-hospital') as ScopedUserFirewall;
  const hospital: KeyPair<MxPublicKey, MxSecretKey> = rec.step('KeyGen (hospital)', 'hospital', 'KeyGen', () =>
    inst.keygen({ id: 'hospital-b' }, rng),
  );
  const pkB = rec.step("CRF-KeyGen (W_B): pk'_B", 'firewall-hospital', 'CRF-KeyGen', () =>
    wB.keygen(hospital.pk, rng),
  ) as MxPairingKey;

  // Upload (S4-S5) -> M1: chain A stores (ID_P, tau, CID, h, C*) for each record; the story uploads two.
  const wD = fw('firewall-device');
  const scope = utf8('alice/record-0001');
  const ct = rec.step('Enc (device)', 'device', 'Enc', () => inst.encrypt({ kind: 'pk', pk: pkP }, record, rng, scope));
  const ctStar = rec.step('CRF-Enc (W_D)', 'firewall-device', 'CRF-Enc', () =>
    wD.encrypt!(ct, { kind: 'pk', pk: pkP }, rng),
  );
  const cid = cidOf(ctStar.body);
  const capsule = encodeCapsule(G, ctStar);
  rec.message(msg('M1'), new WireWriter().str('alice').str(cid).fixed(ctStar.h).bytes(capsule).finish());
  const storage = new Map([[cid, ctStar.body]]);
  const chainA = new Map([[cid, { h: ctStar.h, capsule }]]);
  // A second record of Alice's, which Hospital B never asks for (not timed: it is the control of the scope checks).
  const secret = utf8('alice/record-0002: not shared');
  const ct2Star = wD.encrypt!(
    inst.encrypt({ kind: 'pk', pk: pkP }, secret, rng, utf8('alice/record-0002')),
    { kind: 'pk', pk: pkP },
    rng,
  );
  const cid2 = cidOf(ct2Star.body);
  storage.set(cid2, ct2Star.body);
  chainA.set(cid2, { h: ct2Star.h, capsule: encodeCapsule(G, ct2Star) });
  const firstLevel = (c: string): ScCiphertext => {
    const e = chainA.get(c)!;
    const cap = decodeCapsule(G, e.capsule);
    const body = storage.get(c)!;
    if (!equalBytes(digest(body), e.h)) throw new VerificationError('storage-hash', c);
    return { level: 1, ...cap, body, h: e.h };
  };

  // Request (Eq. 6) for record 1 -> M2; relay check -> M3.
  const req = newRequest('hospital-b', 'alice', cid, inst.codec.encodePublicKey(pkB), now(), rng);
  const m2 = rec.step('Request (hospital signs Req)', 'hospital', 'Request', () =>
    signRequest(ops, idKey.hospital, req),
  );
  rec.message(msg('M2'), m2);
  const m3 = rec.step('VerifyRequest (relay)', 'relay', 'VerifyRequest', () => {
    const r = verifySignedRequest(ops, m2, (id) => registry.get(id), now(), replay);
    inst.codec.decodePublicKey(r.pkB);
    return new WireWriter()
      .bytes(m2)
      .fixed(sign(ops, idKey.relay, m2))
      .finish();
  });
  rec.message(msg('M3'), m3);

  // Authorization (S7-S8) -> M4: the patient's key for the requested record's scope only.
  let requested: MxPublicKey | null = null;
  const rk = rec.step('ReKeyGen (patient, for one record)', 'patient', 'ReKeyGen', () => {
    const outer = splitSigned(m3, 'M3');
    if (!verify(ops, idKey.relay.public, outer.body, outer.sig)) throw new VerificationError('relay-signature', 'M3');
    const r = decodeRequest(splitSigned(outer.body, 'M2').body);
    requested = inst.codec.decodePublicKey(r.pkB);
    const tau = decodeCapsule(G, chainA.get(r.cid)!.capsule).scope;
    return inst.rekeygen!(patient, { kind: 'pk', pk: requested }, rng, tau);
  });
  const rkPrime = rec.step("CRF-ReKeyGen (W_P): rk'_tau", 'firewall-patient', 'CRF-ReKeyGen', () =>
    wP.rekeygen(rk, pkP, { kind: 'pk', pk: requested! }, rng),
  );
  const t3 = now();
  const m4 = rec.step("Authorize (patient signs rk'_tau)", 'patient', 'Authorize', () => {
    const body = new WireWriter().bytes(inst.codec.encodeReKey(rkPrime)).fixed(digest(m2)).u64(t3).finish();
    return new WireWriter()
      .bytes(body)
      .fixed(sign(ops, idKey.patient, body))
      .finish();
  });
  rec.message(msg('M4'), m4);

  // Re-encryption and delivery (S9-S10) -> M5, M6, M7.
  rec.message(msg('M5'), chainA.get(cid)!.capsule);
  const wR = fw('firewall-relay') as ScopedRelayFirewall;
  let rkAtRelay: ScReKey | null = null;
  const c2 = rec.step('ReEnc (relay)', 'relay', 'ReEnc', () => {
    const { body, sig } = splitSigned(m4, 'M4');
    if (!verify(ops, idKey.patient.public, body, sig)) throw new VerificationError('patient-signature', 'M4');
    const rd = new WireReader(body, 'M4');
    rkAtRelay = inst.codec.decodeReKey(rd.bytes(4096));
    rd.fixed(32);
    rd.u64();
    rd.end();
    return inst.reencrypt!(rkAtRelay, firstLevel(cid), rng);
  });
  const c3 = rec.step("CRF-ReEnc (W_R): C''' and proof", 'firewall-relay', 'CRF-ReEnc', () =>
    wR.reencrypt(c2, { kind: 'pk', pk: pkB }, rng),
  );
  const m6 = rec.step('Deliver (relay signs M6)', 'relay', 'Deliver', () => {
    // The proof goes to the audit record (M7), the relay-side annotation nowhere.
    const { target, proof, ...wire } = c3 as Extract<ScCiphertext, { level: 2 }>;
    void target;
    void proof;
    const body = inst.codec.encodeCiphertext(wire);
    return new WireWriter()
      .bytes(body)
      .fixed(sign(ops, idKey.relay, body))
      .finish();
  });
  rec.message(msg('M6'), m6);
  const tAudit = now();
  const m7 = rec.step('Audit (relay builds and signs AR)', 'relay', 'Audit', () => {
    const ar = encodeRecord(pp, buildRecord(pp, firstLevel(cid), rkPrime, c3, pkB, tAudit));
    return new WireWriter()
      .bytes(ar)
      .fixed(sign(ops, idKey.relay, ar))
      .finish();
  });
  rec.message(msg('M7'), m7);

  // Access (S11-S12) -> M8.
  let plain: Uint8Array = new Uint8Array(0);
  rec.check('Hospital B decrypts the record it was authorized for', () => {
    const received = rec.step('CRF-Receive (W_B)', 'firewall-hospital', 'CRF-Receive', () =>
      wB.receive(inst.codec.decodeCiphertext(splitSigned(m6, 'M6').body)),
    );
    plain = rec.step('Dec (hospital)', 'hospital', 'Dec', () => {
      openSigned(ops, idKey.relay.public, m6, 'M6');
      return inst.decrypt(hospital, received);
    });
    return equalBytes(plain, record);
  });
  const m8 = rec.step('Receipt (hospital signs)', 'hospital', 'Receipt', () =>
    signReceipt(ops, idKey.hospital, m6, now()),
  );
  rec.message(msg('M8'), m8);
  rec.check("the delivered ciphertext is bound to the requested record's scope and chain A's capsule", () => {
    const got = inst.codec.decodeCiphertext(splitSigned(m6, 'M6').body);
    return got.level === 2 && !!got.bind && equalBytes(got.bind, bindingDigest(pp, firstLevel(cid)));
  });

  // The scope: the key for record 1 does not open record 2, neither at the relay nor by force.
  rec.check("the relay refuses to re-encrypt another record with rk'_tau", () => {
    try {
      inst.reencrypt!(rkAtRelay!, firstLevel(cid2), rng);
      return false;
    } catch (e) {
      return e instanceof VerificationError && e.check === 'scope';
    }
  });
  rec.check("forcing rk'_tau onto another record gives Hospital B no plaintext", () => {
    const forced = wR.reencrypt(reencryptUnchecked(pp, rkAtRelay!, firstLevel(cid2)), { kind: 'pk', pk: pkB }, rng);
    try {
      inst.decrypt(hospital, wB.receive(forced));
      return false;
    } catch (e) {
      return e instanceof DecryptionError;
    }
  });

  // Audit: anyone re-verifies the record against the published rk'_tau.
  rec.check('the audit record and its re-randomization proof verify', () =>
    rec.step('AuditVerify (auditor)', 'auditor', 'AuditVerify', () => {
      const { body, sig } = splitSigned(m7, 'M7');
      if (!verify(ops, idKey.relay.public, body, sig)) throw new VerificationError('relay-signature', 'M7');
      verifyRecord(pp, decodeRecord(pp, body), rkPrime);
      return true;
    }),
  );
  rec.check('a tampered audit record is rejected', () => {
    const r = decodeRecord(pp, splitSigned(m7, 'M7').body);
    try {
      verifyRecord(pp, { ...r, t: r.t + 1n, scope: utf8('alice/record-0002') }, rkPrime);
      return false;
    } catch (e) {
      return e instanceof MedexError;
    }
  });

  // Owner decryption (S13).
  rec.check('Alice decrypts her own record', () => {
    const mine = rec.step('CRF-Receive (W_P, owner)', 'firewall-patient', 'CRF-ReceiveOwner', () =>
      wP.receive(firstLevel(cid)),
    );
    return equalBytes(
      rec.step('OwnerDec (patient)', 'patient', 'OwnerDec', () => inst.decrypt(patient, mine)),
      record,
    );
  });
  rec.check('the stored blob matches its CID', () => cidOf(storage.get(cid)!) === cid);
  return rec.result(inst.scheme.name, G.name);
}
