/**
 * The parties of the cross-chain story, each holding only its own keys: the IoMT device (uploads), the patient
 * (owns the PRE key, authorizes on chain A), and Hospital B (a chain B participant that requests and reads). They use
 * the scheme only through `SchemeInstance` and decide by its declared capabilities: with `firewalls`, every party's
 * outgoing PRE object goes through that party's reverse firewall; with `foreignDelegatee`, Hospital B needs no PRE
 * key at all and is reached through its X25519 key (Eq. 7b of the reference design).
 *
 * Records are sealed hybrid-style: a fresh 32-byte data key encrypts the record body (AEAD from core/dem.ts), the
 * body goes to content-addressed storage, and the scheme encrypts only the data key; that PRE ciphertext is the key
 * capsule chain A indexes next to the body's CID and hash (reference design steps 4-5). Any scheme with
 * re-encryption can carry the capsule, whatever its own ciphertext layout.
 */
import { equalBytes as equal } from '@noble/curves/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { open as aeadOpen, seal as aeadSeal } from '../core/dem.js';
import { DecryptionError, VerificationError } from '../core/errors.js';
import { randomBytes, type Rng } from '../core/rng.js';
import type { KeyPair, Recipient, ReverseFirewall, SchemeInstance } from '../core/types.js';
import { accountFromKey, type ChainA, type EthAccount } from './chainA/contracts.js';
import { chainId32, checkId } from './ids.js';
import { IntegrityError } from './errors.js';
import {
  decodeChallenge,
  decodeDelivery,
  digest,
  encodeAuthorization,
  encodeRegistration,
  encodeRequest,
  signingBytes,
  TAG,
  NONCE_BYTES,
  type Request,
} from './relay/messages.js';
import { signerFromSecret, verifyNative, x25519Public, type NativeSigner } from './relay/native.js';
import { cidBytes, type BlobStore } from './storage/blobstore.js';

const BODY_AD = new TextEncoder().encode('medexchain/chain/record-body/v1');
const DATA_KEY_BYTES = 32;

export { equal };

/** How a scheme is used here: the instance plus what its capabilities allow. */
export interface SchemeUse {
  instance: SchemeInstance;
  firewalls: boolean;
  foreign: boolean;
}

export function schemeUse(instance: SchemeInstance, preferForeign = true): SchemeUse {
  const c = instance.scheme.capabilities;
  return {
    instance,
    firewalls: c.firewalls && typeof instance.firewall === 'function',
    foreign: preferForeign && c.foreignDelegatee,
  };
}

/** The IoMT device: encrypts each record for the patient's (firewalled) key and indexes it on chain A. */
export class Device {
  readonly account: EthAccount;
  private readonly fw?: ReverseFirewall;

  constructor(
    private readonly use: SchemeUse,
    ethKey: Uint8Array,
    rng: Rng,
  ) {
    this.account = accountFromKey(ethKey);
    if (use.firewalls) this.fw = use.instance.firewall!('firewall-device', rng);
  }

  async upload(chainA: ChainA, store: BlobStore, patient: string, patientPk: unknown, record: Uint8Array, rng: Rng) {
    const dataKey = randomBytes(rng, DATA_KEY_BYTES);
    const body = aeadSeal(dataKey, record, BODY_AD, rng);
    const cid = store.put(body);
    const to: Recipient = { kind: 'pk', pk: patientPk };
    let ct = this.use.instance.encrypt(to, dataKey, rng);
    if (this.fw?.encrypt) ct = this.fw.encrypt(ct, to, rng); // CRF-Enc (W_D)
    const capsule = this.use.instance.codec.encodeCiphertext(ct);
    const id = await chainA.addRecord(this.account, chainId32(patient), cidBytes(cid), sha256(body), capsule);
    return { recordId: id, cid, bodyHash: sha256(body), capsule };
  }
}

/**
 * H2(rk'), the hash chain A's authorization holds for an encoded re-encryption key: the scheme's own digest where its
 * audit defines one (MedExChain binds the receiver key into it, so an auditor can check it without rk'), else SHA-256.
 */
export function reKeyHash(inst: SchemeInstance, reKey: Uint8Array): Uint8Array {
  return inst.audit?.reKeyDigest ? inst.audit.reKeyDigest(reKey) : sha256(reKey);
}

/** The patient: owns the PRE key pair, registers it, and authorizes requests on chain A. */
export class Patient {
  readonly account: EthAccount;
  readonly signer: NativeSigner;
  readonly keys: KeyPair;
  /** The public key everyone else sees: after the patient's firewall, if the scheme has firewalls. */
  readonly publicKey: unknown;
  private readonly fw?: ReverseFirewall;

  constructor(
    private readonly use: SchemeUse,
    readonly id: string,
    ethKey: Uint8Array,
    rng: Rng,
  ) {
    checkId(id);
    this.account = accountFromKey(ethKey);
    this.signer = signerFromSecret('secp256k1', ethKey);
    this.keys = use.instance.keygen({ id }, rng);
    if (use.firewalls) this.fw = use.instance.firewall!('firewall-patient', rng);
    this.publicKey = this.fw?.keygen ? this.fw.keygen(this.keys.pk, rng) : this.keys.pk;
  }

  registration(now: number): Uint8Array {
    return encodeRegistration(
      {
        chain: 'A',
        id: this.id,
        sigAlg: 'secp256k1',
        signKey: this.signer.publicKey,
        kemKey: new Uint8Array(0),
        prePk: this.use.instance.codec.encodePublicKey(this.publicKey),
        time: now,
      },
      this.signer,
    );
  }

  /**
   * Answers the relay's challenge (M3) for a request (M2): checks the relay's signature and that the challenge names
   * this request, issues the re-encryption key to the requester's key, passes it through the patient's firewall,
   * records its hash on chain A, and returns the signed authorization (M4).
   */
  async authorize(
    challengeBytes: Uint8Array,
    requestBytes: Uint8Array,
    request: Request,
    requesterKey: unknown,
    relayKey: Uint8Array,
    chainA: ChainA,
    rng: Rng,
    now: number,
  ): Promise<Uint8Array> {
    const ch = decodeChallenge(challengeBytes);
    if (!verifyNative('ed25519', relayKey, signingBytes(TAG.challenge, ch.body), ch.sig))
      throw new VerificationError('challenge-signature', 'not signed by the relay');
    if (!equal(ch.requestHash, digest(requestBytes)))
      throw new VerificationError('challenge-binding', 'the challenge is for another request');
    const inst = this.use.instance;
    if (!inst.rekeygen) throw new VerificationError('rekeygen', 'the scheme has no re-encryption');
    const to: Recipient = { kind: 'pk', pk: requesterKey };
    let rk = inst.rekeygen(this.keys, to, rng);
    if (this.fw?.rekeygen) rk = this.fw.rekeygen(rk, this.publicKey, to, rng); // CRF-ReKeyGen (W_P)
    const reKey = inst.codec.encodeReKey(rk);
    await chainA.authorize(this.account, request.recordId, chainId32(request.requester), reKeyHash(inst, reKey));
    return encodeAuthorization(
      {
        requestHash: ch.requestHash,
        relayNonce: ch.relayNonce,
        recordId: request.recordId,
        requester: request.requester,
        reKey,
        foreignCapsule: new Uint8Array(0),
        time: now,
      },
      this.signer,
    );
  }
}

/**
 * A chain-native key as a foreign delegatee's public key. A scheme declaring `foreignDelegatee` accepts this object
 * as the `pk` of a Recipient (and `{ pk, sk: { kind, key } }` as the key pair to decrypt with): the key is the
 * chain's own, so its form is fixed by the chain, not by the scheme.
 */
export interface ForeignKey {
  kind: 'x25519';
  key: Uint8Array;
}

/**
 * Hospital B: a chain B participant. It signs with chain B's own key type (secp256k1: the same key spends its coins
 * on chain B and signs its relay messages) and holds an X25519 key for Eq. 7b. If the scheme can delegate to a foreign key
 * (Eq. 7b), its X25519 key is all it needs; otherwise it gets a PRE key pair (behind its firewall, if any).
 */
export class Hospital {
  readonly signer: NativeSigner;
  readonly kemPublic: Uint8Array;
  /** The key pair it decrypts with: the PRE pair, or the foreign X25519 pair. */
  readonly keys: KeyPair;
  /** What the patient delegates to: the firewalled PRE public key, or the foreign key. */
  readonly delegationKey: unknown;
  readonly foreign: boolean;
  private readonly fw?: ReverseFirewall;

  constructor(
    private readonly use: SchemeUse,
    readonly id: string,
    signKey: Uint8Array,
    kemKey: Uint8Array,
    rng: Rng,
  ) {
    checkId(id);
    this.signer = signerFromSecret('secp256k1', signKey);
    this.kemPublic = x25519Public(kemKey);
    this.foreign = use.foreign;
    if (use.foreign) {
      const pk: ForeignKey = { kind: 'x25519', key: this.kemPublic };
      this.keys = { pk, sk: { kind: 'x25519', key: kemKey } };
      this.delegationKey = pk;
    } else {
      this.keys = use.instance.keygen({ id }, rng);
      if (use.firewalls) this.fw = use.instance.firewall!('firewall-hospital', rng);
      this.delegationKey = this.fw?.keygen ? this.fw.keygen(this.keys.pk, rng) : this.keys.pk;
    }
  }

  registration(now: number): Uint8Array {
    return encodeRegistration(
      {
        chain: 'B',
        id: this.id,
        sigAlg: 'secp256k1',
        signKey: this.signer.publicKey,
        kemKey: this.kemPublic,
        prePk: this.use.instance.codec.encodePublicKey(this.delegationKey),
        time: now,
      },
      this.signer,
    );
  }

  request(
    patient: string,
    recordId: bigint,
    cid: string,
    now: number,
    rng: Rng,
  ): { bytes: Uint8Array; request: Request } {
    const request: Request = {
      requester: this.id,
      patient,
      recordId,
      cid,
      requesterPk: this.use.instance.codec.encodePublicKey(this.delegationKey),
      time: now,
      nonce: randomBytes(rng, NONCE_BYTES),
    };
    return { bytes: encodeRequest(request, this.signer), request };
  }

  /** Opens a delivery (M6): relay signature, body from storage (CID and hash checked), capsule, then the body. */
  read(deliveryBytes: Uint8Array, relayKey: Uint8Array, store: BlobStore): Uint8Array {
    const d = decodeDelivery(deliveryBytes);
    if (!verifyNative('ed25519', relayKey, signingBytes(TAG.delivery, d.body), d.sig))
      throw new VerificationError('delivery-signature', 'not signed by the relay');
    const body = store.get(d.bodyCid);
    if (!equal(sha256(body), d.bodyHash))
      throw new IntegrityError(`blob ${d.bodyCid}`, 'body hash differs from the indexed h');
    const inst = this.use.instance;
    let ct = inst.codec.decodeCiphertext(d.ciphertext);
    if (this.fw?.receive) ct = this.fw.receive(ct); // receiver firewall (W_B)
    const dataKey = inst.decrypt(this.keys, ct);
    if (dataKey.length !== DATA_KEY_BYTES) throw new DecryptionError('capsule did not hold a data key');
    return aeadOpen(dataKey, body, BODY_AD);
  }
}
