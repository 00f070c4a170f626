/**
 * The relay R of the reference design (steps 6, 9, 10, 14): it verifies cross-chain requests, obtains the patient's
 * authorization, re-encrypts the record's key capsule through the scheme (with its own reverse firewall where the
 * scheme has firewalls), delivers the result, and writes one audit record to both chains.
 *
 * Request verification, in order (each failure a typed error, nothing is served or written before all pass):
 * strict decoding; the requester is in the registry (UnregisteredError); the signature verifies under the native key
 * the registry binds to it (VerificationError); the requester key in the request is the one it registered; the
 * timestamp lies in the window (StaleRequestError); the nonce is new (ReplayError, recorded durably).
 * Every step is timed, which is what the throughput benchmark breaks down.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { VerificationError } from '../../core/errors.js';
import { randomBytes, type Rng } from '../../core/rng.js';
import type { Recipient, ReverseFirewall } from '../../core/types.js';
import type { ChainA, EthAccount } from '../chainA/contracts.js';
import type { ChainB } from '../chainB/hsd.js';
import { NotAuthorizedError, UnregisteredError } from '../errors.js';
import { chainId32 } from '../ids.js';
import type { SchemeUse } from '../parties.js';
import { equal, reKeyHash as reKeyHashOf } from '../parties.js';
import { cidFromBytes, type BlobStore } from '../storage/blobstore.js';
import {
  decodeAuthorization,
  decodeRequest,
  digest,
  encodeAuditRecord,
  encodeChallenge,
  encodeDelivery,
  signingBytes,
  TAG,
  NONCE_BYTES,
  type Request,
} from './messages.js';
import { verifyNative, type NativeSigner } from './native.js';
import type { RelayState } from './state.js';

export interface VerifiedRequest extends Request {
  raw: Uint8Array;
  hash: Uint8Array;
  /** The delegation target as the scheme's object. */
  requesterKey: unknown;
}

export interface PendingChallenge {
  request: VerifiedRequest;
  relayNonce: Uint8Array;
  bytes: Uint8Array;
}

export type Timings = Record<string, number>;

export interface Served {
  delivery: Uint8Array;
  audit: Uint8Array;
  auditIndex: bigint;
  chainBHeight: number;
  timings: Timings;
}

export class Relay {
  private readonly fw?: ReverseFirewall;
  /** Serializes chain A audit appends: each names the head it extends, so two in flight would race for it. */
  private auditTail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly use: SchemeUse,
    readonly signer: NativeSigner,
    private readonly chainKey: Uint8Array,
    readonly account: EthAccount,
    readonly state: RelayState,
    private readonly chainA: ChainA,
    private readonly chainB: ChainB,
    private readonly store: BlobStore,
    private readonly rng: Rng,
  ) {
    if (use.firewalls) this.fw = use.instance.firewall!('firewall-relay', rng);
  }

  /** Step 6: everything the relay checks before it acts on a request. */
  async verifyRequest(raw: Uint8Array, now = Date.now()): Promise<VerifiedRequest> {
    const m = decodeRequest(raw);
    const entry = this.state.lookup(m.requester);
    if (!verifyNative(entry.sigAlg, entry.signKey, signingBytes(TAG.request, m.body), m.sig))
      throw new VerificationError('request-signature', `not signed by the native key registered for '${m.requester}'`);
    if (!equal(m.requesterPk, entry.prePk))
      throw new UnregisteredError(`the key in the request is not the one '${m.requester}' registered`);
    this.state.lookup(m.patient); // the patient must be registered too
    const requesterKey = this.use.instance.codec.decodePublicKey(m.requesterPk);
    await this.state.admit(m.requester, m.nonce, m.time, now);
    return { ...m, raw, hash: digest(raw), requesterKey };
  }

  /** M3: asks the patient to authorize, with a fresh relay nonce. */
  challenge(request: VerifiedRequest, now = Date.now()): PendingChallenge {
    const relayNonce = randomBytes(this.rng, NONCE_BYTES);
    return {
      request,
      relayNonce,
      bytes: encodeChallenge({ requestHash: request.hash, relayNonce, time: now }, this.signer),
    };
  }

  /** Steps 8-10 and 14: checks the authorization, re-encrypts, stores, audits on both chains, delivers. */
  async complete(p: PendingChallenge, authBytes: Uint8Array, now = Date.now()): Promise<Served> {
    const timings: Timings = {};
    const time = async <T>(k: string, f: () => T | Promise<T>): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      timings[k] = (timings[k] ?? 0) + performance.now() - t0;
      return r;
    };
    const req = p.request;
    const inst = this.use.instance;

    const auth = await time('authorization', () => {
      const a = decodeAuthorization(authBytes);
      const patient = this.state.lookup(req.patient);
      if (!verifyNative(patient.sigAlg, patient.signKey, signingBytes(TAG.authorization, a.body), a.sig))
        throw new VerificationError('authorization-signature', `not signed by '${req.patient}'`);
      if (
        !equal(a.requestHash, req.hash) ||
        !equal(a.relayNonce, p.relayNonce) ||
        a.recordId !== req.recordId ||
        a.requester !== req.requester
      )
        throw new VerificationError('authorization-binding', 'the authorization is for another request');
      return a;
    });
    const reKeyHash = reKeyHashOf(inst, auth.reKey);

    const record = await time('chainA-read', async () => {
      const r = await this.chainA.getRecord(req.recordId);
      if (!equal(r.patient, chainId32(req.patient)))
        throw new NotAuthorizedError(`record ${req.recordId} is not ${req.patient}'s`);
      if (cidFromBytes(r.cid) !== req.cid) throw new NotAuthorizedError(`record ${req.recordId} has another CID`);
      const onChain = await this.chainA.authorization(req.recordId, chainId32(req.requester));
      if (!equal(onChain, reKeyHash))
        throw new NotAuthorizedError(`chain A holds no authorization of this key for '${req.requester}'`);
      return r;
    });

    const to: Recipient = { kind: 'pk', pk: req.requesterKey };
    const firstLevel = inst.codec.decodeCiphertext(record.capsule);
    const reKey = inst.codec.decodeReKey(auth.reKey);
    const reenc = await time('reencrypt', () => {
      if (!inst.reencrypt) throw new VerificationError('reencrypt', 'the scheme has no re-encryption');
      return inst.reencrypt(reKey, firstLevel, this.rng);
    });
    const out = await time('firewall', () => (this.fw?.reencrypt ? this.fw.reencrypt(reenc, to, this.rng) : reenc)); // CRF-ReEnc (W_R)
    const ciphertext = inst.codec.encodeCiphertext(out);
    const reencCid = await time('storage', () => this.store.put(ciphertext));
    const bodyCid = cidFromBytes(record.cid);

    const audit = encodeAuditRecord(
      {
        requestHash: req.hash,
        recordId: req.recordId,
        patient: req.patient,
        requester: req.requester,
        bodyCid,
        bodyHash: record.bodyHash,
        capsuleHash: sha256(record.capsule),
        reKeyHash,
        reencCid,
        time: now,
        // The scheme's own publicly verifiable record (capability `audit`), e.g. MedExChain's Eq. 14 proof.
        // It is proved against the patient's registered key; rk' itself is not published (only its hash).
        schemeProof: inst.audit
          ? await time('scheme-audit', () =>
              inst.audit!.record({
                firstLevel,
                reKey,
                reencrypted: out,
                t: BigInt(now),
                delegator: inst.codec.decodePublicKey(this.state.lookup(req.patient).prePk),
              }),
            )
          : new Uint8Array(0),
      },
      this.signer,
    );
    const auditIndex = await time('audit-chainA', () => {
      const append = async () => {
        const prev = await this.chainA.auditHead();
        await this.chainA.appendAudit(this.account, prev, audit);
        return (await this.chainA.auditCount()) - 1n;
      };
      const p = this.auditTail.then(append, append);
      this.auditTail = p.catch(() => undefined);
      return p;
    });
    // a transaction signed by the relay's chain B key (secp256k1), confirmed on a node other than the one written to
    const block = await time('audit-chainB', () =>
      this.chainB.anchor({ kind: 'audit', sk: this.chainKey, payload: audit }),
    );
    const delivery = await time('deliver', () =>
      encodeDelivery(
        {
          requestHash: req.hash,
          recordId: req.recordId,
          bodyCid,
          bodyHash: record.bodyHash,
          reencCid,
          ciphertext,
          foreignCapsule: new Uint8Array(0),
          time: now,
        },
        this.signer,
      ),
    );
    return { delivery, audit, auditIndex, chainBHeight: block.height, timings };
  }
}
