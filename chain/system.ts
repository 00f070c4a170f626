/**
 * The cross-chain system assembled on one data directory: chain A (in-process EVM in `<dir>/chain-a`, or any node
 * via `rpc`), chain B (`<dir>/chain-b`), the blob store (`<dir>/blobs`), the relay's registry and replay cache
 * (`<dir>/relay`) and the parties' native keys (`<dir>/keys.json`). Everything persists: a second run on the same
 * directory reopens, re-verifies and appends.
 *
 * `demo()` runs the reference design's story once (Alice's device uploads, Hospital B on chain B requests, Alice
 * authorizes, the relay re-encrypts, Hospital B reads, the audit is verified on both chains); `audit()` only
 * re-verifies. The scheme is chosen from the registry by capabilities (select.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecodeError, MedexError, ParameterError } from '../core/errors.js';
import { systemRng, type Rng } from '../core/rng.js';
import type { Scheme, SchemeAudit, SchemeInstance } from '../core/types.js';
import { ChainA, accountFromKey, type Deployment } from './chainA/contracts.js';
import type { EthEndpoint } from './chainA/endpoint.js';
import { EvmChain } from './chainA/evm.js';
import { JsonRpcEndpoint } from './chainA/rpc-client.js';
import { ChainB, implementation } from './chainB/hsd.js';
import { auditAll, type AuditReport, type Inconsistency } from './audit.js';
import { loadOrCreateKeys, type Keys } from './keystore.js';
import { chainId32 } from './ids.js';
import {
  FHIR_FORMAT,
  describeBundle,
  encodeBundle,
  parseBundle,
  validatorName,
  vitalSignsBundle,
  type Bundle,
} from './fhir.js';
import { Device, Hospital, Patient, equal, schemeUse, type SchemeUse } from './parties.js';
import { encodeRegistration } from './relay/messages.js';
import { signerFromSecret } from './relay/native.js';
import { Relay, type Timings } from './relay/relay.js';
import { RelayState } from './relay/state.js';
import { BlobStore } from './storage/blobstore.js';
import { pickScheme } from './select.js';

export const PATIENT_ID = 'alice';
export const HOSPITAL_ID = 'hospital-b';
export const RELAY_ID = 'relay';
export const DEFAULT_WINDOW_MS = 5 * 60_000;

export interface OpenOptions {
  dataDir: string;
  /** Ethereum JSON-RPC URL for chain A instead of the in-process EVM. */
  rpc?: string;
  rng?: Rng;
  windowMs?: number;
  /** Open even if a ledger is inconsistent (the auditor), so that audit() can report it. */
  forAudit?: boolean;
  /** Chain B full nodes (hsd, in process, syncing over P2P on 127.0.0.1); default 1. */
  nodes?: number;
}

export interface DemoResult {
  ok: boolean;
  scheme: string;
  backend: string;
  foreignDelegatee: boolean;
  firewalls: boolean;
  chainA: { kind: string; blocks: number; txs: number; gas: Record<string, { count: number; total: number }> };
  chainB: { implementation: string; nodes: number; blocks: number; writer: number; reader: number };
  cid: string;
  recordId: string;
  plaintextMatched: boolean;
  /** The health record: a FHIR R4 Bundle, validated by the device before encryption and by Hospital B after. */
  record: {
    format: typeof FHIR_FORMAT;
    validator: string;
    bytes: number;
    sent: ReturnType<typeof describeBundle>;
    /** What Hospital B decrypted, parsed and validated. */
    received: ReturnType<typeof describeBundle>;
  };
  audit: { records: number; verified: number; blobs: number; issues: Inconsistency[] };
  timings: Timings;
}

export class ChainSystem {
  private constructor(
    readonly dataDir: string,
    readonly keys: Keys,
    readonly endpoint: EthEndpoint,
    readonly chainA: ChainA,
    readonly chainB: ChainB,
    readonly store: BlobStore,
    readonly state: RelayState,
    readonly rng: Rng,
  ) {}

  static async open(o: OpenOptions): Promise<ChainSystem> {
    if (!o.dataDir) throw new ParameterError('a data directory is required');
    try {
      mkdirSync(o.dataDir, { recursive: true });
    } catch (e) {
      throw new ParameterError(
        `cannot use '${o.dataDir}' as the data directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    const rng = o.rng ?? systemRng;
    const keys = loadOrCreateKeys(o.dataDir, rng);
    const opened: { close(): Promise<void> }[] = [];
    try {
      const endpoint: EthEndpoint = o.rpc
        ? new JsonRpcEndpoint(o.rpc)
        : await EvmChain.open(join(o.dataDir, 'chain-a'));
      opened.push(endpoint);
      const depFile = join(o.dataDir, o.rpc ? `deployment-rpc-${await endpoint.chainId()}.json` : 'deployment.json');
      const dep = existsSync(depFile) ? readDeployment(depFile) : null;
      const chainA = await ChainA.connect(endpoint, dep);
      const relayEth = accountFromKey(keys.relayEth);
      if (!dep && !o.forAudit) {
        // First use of this directory (the auditor never writes: with nothing deployed it has nothing to audit).
        await chainA.deploy(relayEth);
        writeFileSync(`${depFile}.tmp`, JSON.stringify(chainA.deployment, null, 2));
        renameSync(`${depFile}.tmp`, depFile);
      }
      const chainB = await ChainB.open({
        dir: join(o.dataDir, 'chain-b'),
        nodes: o.nodes ?? 1,
        minerKey: keys.producer,
        check: !o.forAudit,
      });
      opened.push(chainB);
      const state = await RelayState.open(join(o.dataDir, 'relay'), o.windowMs ?? DEFAULT_WINDOW_MS);
      opened.push(state);
      const store = new BlobStore(join(o.dataDir, 'blobs'));
      return new ChainSystem(o.dataDir, keys, endpoint, chainA, chainB, store, state, rng);
    } catch (e) {
      for (const x of opened.reverse()) await x.close().catch(() => undefined);
      throw e;
    }
  }

  /** The relay's public Ed25519 key (published in its registry entry). */
  get relayKey(): Uint8Array {
    return signerFromSecret('ed25519', this.keys.relaySign).publicKey;
  }

  /** Registers (or rotates) a registry entry, newer than the bound one. */
  private async register(make: (time: number) => Uint8Array, id: string): Promise<Uint8Array> {
    let time = Date.now();
    try {
      time = Math.max(time, this.state.lookup(id).time + 1);
    } catch {
      // first registration of this identity
    }
    const raw = make(time);
    await this.state.register(raw, time);
    return raw;
  }

  /** Registers another chain B hospital with the relay, and on chain B by a transaction signed with its own key. */
  async enrol(hospital: Hospital, chainKey: Uint8Array): Promise<void> {
    const reg = await this.register((t) => hospital.registration(t), hospital.id);
    await this.chainB.anchor({ kind: 'register', sk: chainKey, payload: reg });
  }

  /** Sets up the parties of one run: funded accounts, chain A registrations, registry entries. */
  async parties(use: SchemeUse) {
    const { chainA, keys, rng } = this;
    const relay = new Relay(
      use,
      signerFromSecret('ed25519', keys.relaySign),
      keys.relayEth,
      accountFromKey(keys.relayEth),
      this.state,
      chainA,
      this.chainB,
      this.store,
      rng,
    );
    const patient = new Patient(use, PATIENT_ID, keys.patientEth, rng);
    const device = new Device(use, keys.deviceEth, rng);
    const hospital = new Hospital(use, HOSPITAL_ID, keys.hospitalSign, keys.hospitalKem, rng);
    for (const a of [relay.account, patient.account, device.account]) await chainA.fund(a);
    const pid = chainId32(PATIENT_ID);
    const owner = await chainA.patientOwner(pid);
    if (/^0+$/.test(owner)) {
      await chainA.registerPatient(patient.account, pid);
      await chainA.addDevice(patient.account, pid, device.account.address);
    } else if (owner !== patient.account.address)
      throw new ParameterError(`patient '${PATIENT_ID}' is owned by another chain A account`);
    await this.register(
      (time) =>
        encodeRegistration(
          {
            chain: 'B',
            id: RELAY_ID,
            sigAlg: 'ed25519',
            signKey: relay.signer.publicKey,
            kemKey: new Uint8Array(0),
            prePk: new Uint8Array(0),
            time,
          },
          relay.signer,
        ),
      RELAY_ID,
    );
    await this.register((t) => patient.registration(t), PATIENT_ID);
    const hbReg = await this.register((t) => hospital.registration(t), HOSPITAL_ID);
    // Hospital B's binding is also a transaction of its own chain, signed by its native key.
    await this.chainB.anchor({ kind: 'register', sk: keys.hospitalSign, payload: hbReg });
    return { relay, patient, device, hospital };
  }

  /** One run of the whole story. */
  async demo(instance: SchemeInstance, backend: string, bundle?: Bundle): Promise<DemoResult> {
    const sent = bundle ?? vitalSignsBundle(this.rng);
    const record = encodeBundle(sent); // the device refuses an invalid record before encrypting it (FhirError)
    const use = schemeUse(instance);
    const timings: Timings = {};
    const t = async <T>(k: string, f: () => Promise<T> | T): Promise<T> => {
      const t0 = performance.now();
      const r = await f();
      timings[k] = (timings[k] ?? 0) + performance.now() - t0;
      return r;
    };
    const gasBefore = this.chainA.gas.length;
    const { relay, patient, device, hospital } = await t('setup', () => this.parties(use));
    const up = await t('upload', () =>
      device.upload(this.chainA, this.store, PATIENT_ID, patient.publicKey, record, this.rng),
    );
    // Hospital B files its request as a transaction on chain B; the relay picks it up from there.
    const { bytes: reqBytes } = hospital.request(PATIENT_ID, up.recordId, up.cid, Date.now(), this.rng);
    const reqConf = await t('request', () =>
      this.chainB.anchor({ kind: 'request', sk: this.keys.hospitalSign, payload: reqBytes }),
    );
    const fromChain = new Uint8Array(Buffer.from(reqConf.tx.payload, 'hex'));
    const verified = await t('relay-verify', () => relay.verifyRequest(fromChain));
    const ch = relay.challenge(verified);
    const auth = await t('authorize', () =>
      patient.authorize(
        ch.bytes,
        fromChain,
        verified,
        verified.requesterKey,
        relay.signer.publicKey,
        this.chainA,
        this.rng,
        Date.now(),
      ),
    );
    const served = await t('relay-serve', () => relay.complete(ch, auth));
    for (const [k, v] of Object.entries(served.timings)) timings[`relay.${k}`] = v;
    const plain = await t('read', () => hospital.read(served.delivery, relay.signer.publicKey, this.store));
    const received = parseBundle(plain); // Hospital B validates what it decrypted (FhirError if it is not FHIR R4)
    const plaintextMatched = equal(plain, record);
    const report = await t('audit', () => this.audit(instance.audit));
    const gas: Record<string, { count: number; total: number }> = {};
    for (const g of this.chainA.gas.slice(gasBefore)) {
      const e = (gas[g.op] ??= { count: 0, total: 0 });
      e.count++;
      e.total += Number(g.gas);
    }
    return {
      ok: plaintextMatched && report.issues.length === 0 && report.verified === report.records && report.records > 0,
      scheme: instance.scheme.name,
      backend,
      foreignDelegatee: use.foreign,
      firewalls: use.firewalls,
      chainA: {
        kind: this.endpoint.kind,
        blocks: await this.endpoint.blockNumber(),
        txs: this.chainA.gas.length - gasBefore,
        gas,
      },
      chainB: {
        implementation: implementation(),
        nodes: this.chainB.nodes.length,
        blocks: this.chainB.height(),
        writer: this.chainB.writer,
        reader: this.chainB.reader,
      },
      cid: up.cid,
      recordId: up.recordId.toString(),
      plaintextMatched,
      record: {
        format: FHIR_FORMAT,
        validator: validatorName(),
        bytes: record.length,
        sent: describeBundle(sent),
        received: describeBundle(received),
      },
      audit: { records: report.records, verified: report.verified, blobs: report.blobs, issues: report.issues },
      timings,
    };
  }

  /** Re-verifies both chains and the store; `schemeAudit` also checks the scheme's own proofs. */
  async audit(schemeAudit?: SchemeAudit, node?: number): Promise<AuditReport> {
    let relayKey: Uint8Array;
    try {
      relayKey = this.state.lookup(RELAY_ID).signKey;
    } catch (e) {
      if (!(e instanceof MedexError)) throw e;
      relayKey = this.relayKey; // nothing registered yet: no record can verify anyway
    }
    return auditAll(this.chainA, this.chainB, this.store, relayKey, schemeAudit, {
      relayChainKey: signerFromSecret('secp256k1', this.keys.relayEth).publicKey,
      registry: (id: string, at: number) => this.state.at(id, at)?.prePk,
      ...(node === undefined ? {} : { node }),
    });
  }

  async close(): Promise<void> {
    await this.state.close().catch(() => undefined);
    await this.chainB.close().catch(() => undefined);
    await this.endpoint.close().catch(() => undefined);
  }
}

/** The contract addresses of an earlier run, checked for shape (a damaged file is a DecodeError, not a crash). */
function readDeployment(file: string): Deployment {
  let o: Partial<Deployment>;
  try {
    o = JSON.parse(readFileSync(file, 'utf8')) as Partial<Deployment>;
  } catch {
    throw new DecodeError('format', 'chain A deployment', `${file} is not JSON`);
  }
  const addr = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{40}$/.test(v);
  if (!o || typeof o.chainId !== 'string' || !addr(o.recordIndex) || !addr(o.auditLog) || !addr(o.auditWriter))
    throw new DecodeError('format', 'chain A deployment', `${file} lacks contract addresses`);
  return o as Deployment;
}

/** The scheme this system uses, from a list (the registry's), by capabilities. */
export function chooseScheme(list: readonly Scheme[]): Scheme {
  return pickScheme(list);
}
