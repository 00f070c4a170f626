/**
 * MedExChain-BIBM24's story: MedExChain's workflow (registration, upload, cross-chain request, authorization,
 * re-encryption and delivery, access) with no firewall step and no audit step. The signed messages, the relay's
 * registry and replay window, the content-addressed storage and the wire formats are MedExChain's
 * (schemes/medexchain/request.ts, core/sig.ts, core/wire.ts, schemes/medexchain/codec.ts), so the two stories differ
 * exactly by what BIBM24 lacks.
 */
import { equalBytes } from '@noble/curves/utils.js';
import { cidOf, digest } from '../../core/dem.js';
import { DecryptionError, VerificationError } from '../../core/errors.js';
import type { MxCiphertext, MxPairingKey, MxPublicKey, MxReKey, MxSecretKey } from '../medexchain/algorithms.js';
import { decodeCapsule, encodeCapsule } from '../medexchain/codec.js';
import type { MxParams } from '../medexchain/params.js';
import {
  decodeRequest,
  newRequest,
  ReplayCache,
  signRequest,
  splitSigned,
  verifySignedRequest,
  openSigned,
  signReceipt,
} from '../medexchain/request.js';
import { sign, sigKeygen, verify } from '../../core/sig.js';
import { sampleRecord, StoryRecorder, type StoryResult } from '../../core/story.js';
import type { MessageSpec, SchemeInstance, StoryOptions } from '../../core/types.js';
import { Reader as WireReader, Writer as WireWriter } from '../../core/wire.js';

type Instance = SchemeInstance<MxPublicKey, MxSecretKey, MxCiphertext, MxReKey>;

const WINDOW_MS = 30_000n;

export async function runBibm24Story(
  inst: Instance,
  pp: MxParams,
  messages: MessageSpec[],
  opts: StoryOptions,
): Promise<StoryResult> {
  const G = pp.group;
  const ops = G.ops;
  const rng = opts.rng;
  const rec = new StoryRecorder(ops, G.sizes);
  const msg = (id: string) => messages.find((m) => m.id === id)!;
  const record = opts.record ?? sampleRecord();
  const now = () => BigInt(Date.now());
  const idKey = { patient: sigKeygen(rng), hospital: sigKeygen(rng), relay: sigKeygen(rng) };
  const registry = new Map<string, Uint8Array>([
    ['hospital-b', idKey.hospital.public],
    ['alice', idKey.patient.public],
  ]);
  const replay = new ReplayCache(WINDOW_MS);

  // Registration (Eq. 2): the keys are used as generated, no firewall re-randomizes them.
  const patient = rec.step('KeyGen (patient)', 'patient', 'KeyGen', () => inst.keygen({ id: 'alice' }, rng));
  const hospital = rec.step('KeyGen (hospital)', 'hospital', 'KeyGen', () => inst.keygen({ id: 'hospital-b' }, rng));
  const pkP = patient.pk as MxPairingKey;
  rec.setup('register pk_P at the device (fixed-base table)', 'device', () => pp.registerEncryptionKey(pkP.p1));
  const { sk: skP } = patient;
  if (skP.kind === 'pairing') rec.setup('owner precomputes g2^(1/x_P)', 'patient', () => pp.registerOwnerKey(skP.x));

  // Upload (Eq. 4) -> M1: chain A stores (ID_P, CID, h, C).
  const ct = rec.step('Enc (device)', 'device', 'Enc', () => inst.encrypt({ kind: 'pk', pk: pkP }, record, rng));
  const cid = cidOf(ct.body);
  const capsule = encodeCapsule(G, ct);
  rec.message(msg('M1'), new WireWriter().str('alice').str(cid).fixed(ct.h).fixed(capsule).finish());
  const storage = new Map([[cid, ct.body]]);
  const chainA = { cid, h: ct.h, capsule };

  // Cross-chain request (Eq. 6) -> M2; the relay checks it -> M3.
  const req = newRequest('hospital-b', 'alice', cid, inst.codec.encodePublicKey(hospital.pk), now(), rng);
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

  // Authorization (Eq. 7) -> M4.
  const rk = rec.step('ReKeyGen (patient)', 'patient', 'ReKeyGen', () => {
    const outer = splitSigned(m3, 'M3');
    if (!verify(ops, idKey.relay.public, outer.body, outer.sig)) throw new VerificationError('relay-signature', 'M3');
    const r = decodeRequest(splitSigned(outer.body, 'M2').body);
    return inst.rekeygen!(patient, { kind: 'pk', pk: inst.codec.decodePublicKey(r.pkB) }, rng);
  });
  const m4 = rec.step('Authorize (patient signs rk)', 'patient', 'Authorize', () => {
    const body = new WireWriter().bytes(inst.codec.encodeReKey(rk)).fixed(digest(m2)).u64(now()).finish();
    return new WireWriter()
      .bytes(body)
      .fixed(sign(ops, idKey.patient, body))
      .finish();
  });
  rec.message(msg('M4'), m4);
  rec.setup('register rk at the relay (precomputed pairing)', 'relay', () => pp.registerReKey(rk.rk));

  // Re-encryption (Eq. 9) and delivery -> M5, M6.
  rec.message(msg('M5'), chainA.capsule);
  const ct2 = rec.step('ReEnc (relay)', 'relay', 'ReEnc', () => {
    const { body, sig } = splitSigned(m4, 'M4');
    if (!verify(ops, idKey.patient.public, body, sig)) throw new VerificationError('patient-signature', 'M4');
    const rd = new WireReader(body, 'M4');
    const rkIn = inst.codec.decodeReKey(rd.bytes(4096));
    rd.fixed(32);
    rd.u64();
    rd.end();
    const { c1, c2 } = decodeCapsule(G, chainA.capsule);
    const stored = storage.get(chainA.cid)!;
    if (!equalBytes(digest(stored), chainA.h)) throw new VerificationError('storage-hash', chainA.cid);
    return inst.reencrypt!(rkIn, { level: 1, c1, c2, body: stored, h: chainA.h }, rng);
  });
  const m6 = rec.step('Deliver (relay signs M6)', 'relay', 'Deliver', () => {
    const { target, ...wire } = ct2 as Extract<MxCiphertext, { level: 2 }>;
    void target;
    const body = inst.codec.encodeCiphertext(wire);
    return new WireWriter()
      .bytes(body)
      .fixed(sign(ops, idKey.relay, body))
      .finish();
  });
  rec.message(msg('M6'), m6);

  // Access (Eq. 12) -> M8.
  rec.check('Hospital B decrypts the original record', () => {
    const plain = rec.step('Dec (hospital)', 'hospital', 'Dec', () => {
      return inst.decrypt(hospital, inst.codec.decodeCiphertext(openSigned(ops, idKey.relay.public, m6, 'M6')));
    });
    return equalBytes(plain, record);
  });
  const m8 = rec.step('Receipt (hospital signs)', 'hospital', 'Receipt', () =>
    signReceipt(ops, idKey.hospital, m6, now()),
  );
  rec.message(msg('M8'), m8);

  // Owner decryption (Eq. 13).
  rec.check('Alice decrypts her own record', () => {
    const p = rec.step('OwnerDec (patient)', 'patient', 'OwnerDec', () => {
      const { c1, c2 } = decodeCapsule(G, chainA.capsule);
      return inst.decrypt(patient, { level: 1, c1, c2, body: storage.get(cid)!, h: chainA.h });
    });
    return equalBytes(p, record);
  });
  rec.check('a third key cannot open the re-encrypted record', () => {
    const eve = inst.keygen({ id: 'eve' }, rng);
    try {
      inst.decrypt(eve, inst.codec.decodeCiphertext(splitSigned(m6, 'M6').body));
      return false;
    } catch (e) {
      return e instanceof DecryptionError;
    }
  });
  rec.check('the stored blob matches its CID', () => cidOf(storage.get(cid)!) === cid);
  return rec.result(inst.scheme.name, G.name);
}
