/**
 * The one contract: every scheme (MedExChain and each baseline) implements `Scheme`, and every consumer (security
 * games, SPDL export, experiments, the cross-chain system, the CLI) works through it without ever looking at a
 * scheme's name. What differs between schemes is *declared*: capabilities, a cost model, a message flow and a
 * protocol description. Consumers decide by those declarations.
 *
 * The verbs are Charm's (setup, keygen, encrypt, decrypt, rekeygen, reencrypt) with the randomness passed in
 * explicitly, so that a game can substitute a subverted randomness choice and a reverse firewall can hold its own.
 *
 * Types of keys and ciphertexts are the scheme's own; consumers see them as opaque values and move them across a
 * wire only through the scheme's codec.
 */
import { UnsupportedError } from './errors.js';
import type { PairingGroup } from './groups/types.js';
import type { OpCounts } from './ops.js';
import type { ProtocolDescription } from './protocol.js';
import type { Rng } from './rng.js';
import type { StoryResult } from './story.js';

export type SchemeFamily = 'pre' | 'ib-pre' | 'threshold-pre' | 'cp-abe';

export interface Capabilities {
  unidirectional: boolean;
  bidirectional: boolean;
  multiHop: boolean;
  threshold: boolean;
  identityBased: boolean;
  attributeBased: boolean;
  /** Has cryptographic reverse firewalls (the instance implements `firewall`). */
  firewalls: boolean;
  /** Produces publicly verifiable audit records. */
  audit: boolean;
  /** Can delegate to a receiver whose only key is a foreign (non-pairing) one, like MedExChain's Eq. 7b. */
  foreignDelegatee: boolean;
  /** Has re-encryption at all (rekeygen + reencrypt). False for plain CP-ABE. */
  reencryption: boolean;
  /**
   * Claims that a delegation covers one scope only (a record, a record type or an epoch, named by the `scope` bytes
   * given to `encrypt` and `rekeygen`): a re-encryption key for one scope must not open a ciphertext of another. The
   * delegation-scope game holds every scheme that claims it to that claim, whether or not its cryptography enforces it.
   */
  scopedDelegation: boolean;
}

/** Scheme-size parameters that costs and flows may depend on. */
export interface SchemeParams {
  /** ABE: number of attributes in the policy (and in the key). */
  attributes?: number;
  /** Threshold schemes: t-of-n. */
  threshold?: { t: number; n: number };
  /** Number of records a device uploads. */
  records?: number;
  /** Number of hospitals requesting the same record. */
  hospitals?: number;
}

/** Who an algorithm runs for. The firewall parties are MedExChain's W_D, W_P, W_R, W_B. */
export type Party =
  | 'setup'
  | 'device'
  | 'patient'
  | 'relay'
  | 'hospital'
  | 'firewall-device'
  | 'firewall-patient'
  | 'firewall-relay'
  | 'firewall-hospital'
  | 'auditor'
  | 'authority' // PKG (identity-based) or attribute authority
  | 'storage'
  | 'chain-a'
  | 'chain-b';

/** One algorithm's declared cost: which party runs it and which primitives it performs. */
export interface AlgorithmCost {
  algorithm: string;
  party: Party;
  ops: OpCounts;
  /** Why these counts (shown in reports), e.g. "C1 = pk^k (E1), Z^k (fixed ET)". */
  note?: string;
  /**
   * How often the algorithm runs when a device uploads `records` records and `hospitals` hospitals request the same
   * record: once per flow, once per record, or once per requesting hospital. Used by the scalability experiment;
   * when absent, experiments infer it from the party (device side: per record; hospital and relay side: per
   * hospital; everything else: once).
   */
  per?: 'flow' | 'record' | 'hospital';
}

export interface CostModel {
  /** Algorithms of one full flow (setup excluded), in order. Counts refer to the given precompute mode. */
  algorithms: AlgorithmCost[];
  /** How costs grow with the params, in words (e.g. "Enc: 2n+1 E1 for n attributes"). */
  scaling?: string;
}

/** An element a message carries, for the paper-style accounting (group elements x element size). */
export interface MessageElement {
  name: string;
  /** The group whose serialized size it counts at. A signature counts as one G1 element (a BLS short signature). */
  group: 'G1' | 'G2' | 'GT' | 'Zr';
}

/**
 * An element as the implementation really sends it, at its real size: group elements at the backend's serialized
 * size, an Ed25519 signature at 64 bytes (not a G1 element), an X25519 key, a 32-byte hash, or other bytes.
 */
export interface ImplElement {
  name: string;
  kind: 'G1' | 'G2' | 'GT' | 'Zr' | 'ed25519-sig' | 'x25519' | 'hash' | 'bytes';
  /** Size in bytes, for kind 'bytes' only. */
  bytes?: number;
}

export interface MessageSpec {
  id: string;
  from: Party;
  to: Party | string;
  description: string;
  /** The elements in the paper's accounting (the reference design's table). */
  elements: MessageElement[];
  /** Elements our implementation adds beyond that accounting (e.g. a hardening), reported separately. */
  extra?: MessageElement[];
  /** The cryptographic elements the implementation really sends, with names and real sizes (framing excluded). */
  impl?: ImplElement[];
}

/** The subject a key is generated for. */
export interface Subject {
  id: string;
  /** Attribute-based schemes: the key's attributes. */
  attributes?: string[];
}

/** Whom a plaintext (or a delegation) is for: a public key, an identity or a policy, as the family requires. */
export type Recipient<PK = unknown> =
  { kind: 'pk'; pk: PK } | { kind: 'identity'; id: string } | { kind: 'policy'; policy: string };

export interface KeyPair<PK = unknown, SK = unknown> {
  pk: PK;
  sk: SK;
}

/**
 * A reverse firewall for one party (Mironov and Stephens-Davidowitz 2015): it sits between the party's
 * implementation and the network, re-randomizes what leaves and checks what must hold, holding only its own
 * blinding values. Each hook is optional: a firewall guards only the algorithms its party runs.
 */
export interface ReverseFirewall<PK = unknown, CT = unknown, RK = unknown> {
  readonly party: Party;
  /** CRF-KeyGen: re-randomizes the party's public key after checking it is well formed. */
  keygen?(pk: PK, rng: Rng): PK;
  /** CRF-Enc: re-randomizes a fresh ciphertext for `to`. */
  encrypt?(ct: CT, to: Recipient<PK>, rng: Rng): CT;
  /** CRF-ReKeyGen: adjusts and checks the delegator's re-encryption key (from and to are firewalled keys). */
  rekeygen?(rk: RK, from: PK, to: Recipient<PK>, rng: Rng): RK;
  /** CRF-ReEnc: re-randomizes a re-encrypted ciphertext for `to`. */
  reencrypt?(ct: CT, to: Recipient<PK>, rng: Rng): CT;
  /** Inbound: removes this party's key blinding from a ciphertext addressed to it before decryption. */
  receive?(ct: CT): CT;
}

export type CodecKind = 'publicKey' | 'secretKey' | 'ciphertext' | 'reKey';

/** Strict, versioned (de)serialization of the scheme's objects. Decoding throws DecodeError, never returns junk. */
export interface SchemeCodec<PK = unknown, SK = unknown, CT = unknown, RK = unknown> {
  encodePublicKey(pk: PK): Uint8Array;
  decodePublicKey(b: Uint8Array): PK;
  encodeSecretKey(sk: SK): Uint8Array;
  decodeSecretKey(b: Uint8Array): SK;
  encodeCiphertext(ct: CT): Uint8Array;
  decodeCiphertext(b: Uint8Array): CT;
  encodeReKey(rk: RK): Uint8Array;
  decodeReKey(b: Uint8Array): RK;
}

/** What an audit record commits to (capability `audit`). */
export interface AuditInput<CT = unknown, RK = unknown, PK = unknown> {
  /** The first-level ciphertext as stored on chain (C*). */
  firstLevel: CT;
  /** The re-encryption key the relay used (rk'). */
  reKey: RK;
  /** The relay's output, as its firewall left it (C''' with whatever proof the scheme attaches). */
  reencrypted: CT;
  /** Timestamp, ms since the epoch. */
  t: bigint;
  /** The delegator's registered public key, for schemes whose record proves against it instead of publishing rk'. */
  delegator?: PK;
}

/** The registered keys (codec encodings) an auditor checks a record against. */
export interface AuditExpectation {
  delegator?: Uint8Array;
  delegatee?: Uint8Array;
}

/** Publicly verifiable audit records (capability `audit`). */
export interface SchemeAudit<CT = unknown, RK = unknown, PK = unknown> {
  /** A self-contained record of one re-encryption. */
  record(input: AuditInput<CT, RK, PK>): Uint8Array;
  /**
   * H2(rk') of an encoded re-encryption key, the value an authorization on chain holds and `verify` returns as
   * `reKeyHash`; SHA-256 of the encoding when absent.
   */
  reKeyDigest?(reKey: Uint8Array): Uint8Array;
  /**
   * Anyone's check of a record, against the registered keys when given; throws VerificationError (or DecodeError)
   * naming what failed. Returns the re-encryption key's hash (or the key, where the scheme publishes it) and the CID
   * of the ciphertext body the record commits to, so a caller can bind them to its ledgers.
   */
  verify(
    record: Uint8Array,
    expect?: AuditExpectation,
  ): {
    /** The encoded re-encryption key, for a scheme whose record publishes it. */
    reKey?: Uint8Array;
    /** SHA-256 of the encoded re-encryption key (what an authorization on chain holds). */
    reKeyHash?: Uint8Array;
    cid: string;
    t: bigint;
    /**
     * SHA-256 of the scheme's encodings of the first-level ciphertext C* and of the delivered C''' that the proof was
     * checked against, so a caller binds them to what its ledger stores (chain A's capsule, the blob at reencCid).
     */
    firstLevelHash?: Uint8Array;
    reencryptedHash?: Uint8Array;
  };
}

/** The algorithms of a scheme, bound to a group and parameters. Methods throw typed errors (core/errors.ts). */
export interface SchemeInstance<PK = unknown, SK = unknown, CT = unknown, RK = unknown> {
  readonly scheme: Scheme;
  readonly group: PairingGroup | null;
  readonly params: SchemeParams;
  /** Generates a key pair for a subject (identity-based: the PKG extracts; ABE: the authority issues). */
  keygen(subject: Subject, rng: Rng): KeyPair<PK, SK>;
  /** Encrypts a record (bytes) for a recipient. Produces a first-level ("original") ciphertext. */
  encrypt(to: Recipient<PK>, m: Uint8Array, rng: Rng, scope?: Uint8Array): CT;
  /** Decrypts any ciphertext the key can open (first or second level). Throws DecryptionError otherwise. */
  decrypt(key: KeyPair<PK, SK>, ct: CT): Uint8Array;
  /** Re-encryption key from `from` to `to` (capability `reencryption`). Threshold schemes return all fragments. */
  rekeygen?(from: KeyPair<PK, SK>, to: Recipient<PK>, rng: Rng, scope?: Uint8Array): RK;
  /** Re-encrypts a first-level ciphertext (threshold schemes: with every fragment, then combined). */
  reencrypt?(rk: RK, ct: CT, rng: Rng): CT;
  /**
   * How a message or a delegation for this subject holding these keys is addressed (its public key, its identity,
   * a policy over its attributes). Consumers ask the instance instead of re-deriving it from capability flags;
   * when absent, a key pair is addressed by its public key (`addressOf`).
   */
  recipientFor?(subject: Subject, keys: KeyPair<PK, SK>): Recipient<PK>;
  /** A new reverse firewall for `party` (capability `firewalls`; the parties are listed in `Scheme.firewalls`). */
  firewall?(party: Party, rng: Rng): ReverseFirewall<PK, CT, RK>;
  /**
   * Capability `foreignDelegatee`: a key pair of the foreign (non-pairing) kind a delegation may target (MedExChain's
   * Eq. 7b receiver, whose chain has only an X25519 key), so that consumers such as the ASA game can delegate to one
   * without knowing the key's type.
   */
  foreignKeygen?(subject: Subject, rng: Rng): KeyPair<PK, SK>;
  readonly codec: SchemeCodec<PK, SK, CT, RK>;
  /** Audit records (capability `audit`). */
  readonly audit?: SchemeAudit<CT, RK, PK>;
  /**
   * Runs the scheme's whole story once (the demo): every party's steps, timed and op-counted, every message encoded
   * on its wire format and measured, and the end-to-end checks. `ok` only if every check passed.
   */
  story(opts: StoryOptions): Promise<StoryResult>;
  /** Frees backend resources (precomputed tables). */
  dispose?(): void;
}

export interface StoryOptions {
  rng: Rng;
  /** Plaintext record; a default synthetic vital-signs record if absent. */
  record?: Uint8Array;
  /** Schemes with capability `foreignDelegatee`: the receiver holds only a foreign (non-pairing) key. */
  foreignDelegatee?: boolean;
}

export interface CreateOptions {
  /** The pairing group (null for schemes on their own curve, e.g. Umbral on secp256k1). */
  group: PairingGroup | null;
  /** Use fixed-base tables, precomputed pairings and multi-pairings. */
  precompute?: boolean;
  params?: SchemeParams;
}

export interface SchemeInfo {
  /** Registry name, lower-case, e.g. 'medexchain', 'afgh06'. */
  name: string;
  title: string;
  family: SchemeFamily;
  /** The source: authors, venue, year, and which equations the file implements. */
  citation: string;
  capabilities: Capabilities;
}

export interface Scheme extends SchemeInfo {
  /** Whether the scheme can run on this group (all schemes here can run on any; Umbral ignores it). */
  supports(group: PairingGroup | null): boolean;
  /** Default parameters (ABE attributes, threshold). */
  defaultParams(): SchemeParams;
  create(opts: CreateOptions): Promise<SchemeInstance>;
  /** Declared primitive-operation counts per algorithm, as a function of the params and the precompute mode. */
  costModel(params: SchemeParams, opts: { precompute: boolean; symmetric: boolean }): CostModel;
  /** Declared message flow (paper accounting). */
  messages(params: SchemeParams): MessageSpec[];
  /** Declared protocol description for SPDL export and BAN (optional). */
  protocol?(): ProtocolDescription;
  /** The parties the scheme's algorithms and messages name (its own words: 'device', 'proxy', 'W_D', ...). */
  parties?: readonly Party[];
  /** The reverse firewalls `firewall(party)` builds, and which algorithms each guards (capability `firewalls`). */
  firewalls?: readonly FirewallDecl[];
  /** What the source paper reports for the scheme, where it does (consumers compare against this). */
  reported?: Reported;
}

/** The hooks of a `ReverseFirewall`: the algorithms whose outputs it handles, and `receive` for inbound ciphertexts. */
export type FirewallHook = 'keygen' | 'encrypt' | 'rekeygen' | 'reencrypt' | 'receive';

export interface FirewallDecl {
  party: Party;
  /** What `firewall(party)` guards: exactly the hooks the returned firewall implements. */
  guards: readonly FirewallHook[];
}

export interface Reported {
  /** Communication in bytes over the paper's message accounting. */
  commBytes?: number;
  /** Total computation time of one flow, ms, on the paper's platform. */
  totalMs?: number;
  /** Where the figures come from (paper, table, platform). */
  source: string;
}

/** `recipientFor` of a scheme that addresses a key pair by its public key. */
export function byPublicKey<PK>(_subject: Subject, keys: KeyPair<PK, unknown>): Recipient<PK> {
  return { kind: 'pk', pk: keys.pk };
}

/** The public key a recipient names; a scheme that encrypts to public keys refuses identities and policies. */
export function publicKeyOf<PK>(to: Recipient<PK>, scheme: string): PK {
  if (to.kind !== 'pk') throw new UnsupportedError(`${scheme} encrypts to public keys, not to a ${to.kind}`);
  return to.pk;
}

/** The recipient for `subject` holding `keys`, as the instance addresses it. */
export function addressOf<PK, SK>(
  inst: SchemeInstance<PK, SK>,
  subject: Subject,
  keys: KeyPair<PK, SK>,
): Recipient<PK> {
  return inst.recipientFor ? inst.recipientFor(subject, keys) : { kind: 'pk', pk: keys.pk };
}

export function noCapabilities(): Capabilities {
  return {
    unidirectional: false,
    bidirectional: false,
    multiHop: false,
    threshold: false,
    identityBased: false,
    attributeBased: false,
    firewalls: false,
    audit: false,
    foreignDelegatee: false,
    reencryption: false,
    scopedDelegation: false,
  };
}
