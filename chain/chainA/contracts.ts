/**
 * Chain A as the cross-chain system sees it: the RecordIndex and AuditLog contracts (chain/contracts/*.sol) behind
 * typed methods, over any `EthEndpoint`. Every party signs its own legacy transactions with its secp256k1 account
 * key; the development faucet pays for gas by funding each account once. Every transaction's gas is recorded per
 * operation, which is what the gas benchmark reports.
 */
import { createLegacyTx } from '@ethereumjs/tx';
import { createAddressFromPrivateKey, createAddressFromString } from '@ethereumjs/util';
import type { Common } from '@ethereumjs/common';
import { ChainAError } from '../errors.js';
import { loadArtefacts, type Artefacts } from '../compile.js';
import { concat, decode, encode, encodeCall, hex, keccak, unhex, type AbiType, type AbiValue } from './abi.js';
import { DEV_FAUCET_KEY, type EthEndpoint, type EthLog, type EthReceipt } from './endpoint.js';
import { devCommon } from './evm.js';

export interface EthAccount {
  readonly key: Uint8Array;
  /** 20-byte hex, lower case, no 0x. */
  readonly address: string;
}

export function accountFromKey(key: Uint8Array): EthAccount {
  return { key, address: createAddressFromPrivateKey(key).toString().slice(2).toLowerCase() };
}

export interface Deployment {
  chainId: string;
  recordIndex: string;
  auditLog: string;
  auditWriter: string;
}

export interface OnChainRecord {
  id: bigint;
  patient: Uint8Array;
  bodyHash: Uint8Array;
  cid: Uint8Array;
  capsule: Uint8Array;
  uploader: string;
}

export interface AuditEvent {
  index: bigint;
  prev: Uint8Array;
  head: Uint8Array;
  record: Uint8Array;
  blockNumber: number;
}

export interface GasEntry {
  op: string;
  gas: bigint;
}

const FUNDING = 10n ** 18n;
const GAS_LIMIT = 8_000_000n;

export class ChainA {
  readonly faucet = accountFromKey(unhex(DEV_FAUCET_KEY));
  /** Gas of every transaction sent through this client, by operation. */
  readonly gas: GasEntry[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly endpoint: EthEndpoint,
    private readonly common: Common,
    private readonly artefacts: Artefacts,
    public deployment: Deployment | null,
  ) {}

  static async connect(endpoint: EthEndpoint, deployment: Deployment | null): Promise<ChainA> {
    const chainId = await endpoint.chainId();
    if (deployment && deployment.chainId !== chainId.toString())
      throw new ChainAError(`the deployment is for chain id ${deployment.chainId}, the endpoint is ${chainId}`);
    return new ChainA(endpoint, devCommon(chainId), await loadArtefacts(), deployment);
  }

  /** Deploys both contracts; `auditWriter` is the only account allowed to append audit records (the relay). */
  async deploy(auditWriter: EthAccount): Promise<Deployment> {
    const index = await this.send(this.faucet, null, unhex(this.bytecode('RecordIndex')), 'deploy RecordIndex');
    const audit = await this.send(
      this.faucet,
      null,
      concat(unhex(this.bytecode('AuditLog')), encode(['address'], [auditWriter.address])),
      'deploy AuditLog',
    );
    if (!index.contractAddress || !audit.contractAddress) throw new ChainAError('deployment created no contract');
    this.deployment = {
      chainId: (await this.endpoint.chainId()).toString(),
      recordIndex: index.contractAddress,
      auditLog: audit.contractAddress,
      auditWriter: auditWriter.address,
    };
    return this.deployment;
  }

  /** Gives an account enough ether for its transactions, once. */
  async fund(a: EthAccount): Promise<void> {
    if ((await this.endpoint.balance(a.address)) >= FUNDING / 2n) return;
    await this.send(this.faucet, a.address, new Uint8Array(0), 'fund', FUNDING);
  }

  registerPatient(owner: EthAccount, patient: Uint8Array) {
    return this.invoke(owner, 'recordIndex', 'registerPatient(bytes32)', ['bytes32'], [patient]);
  }

  addDevice(owner: EthAccount, patient: Uint8Array, device: string) {
    return this.invoke(owner, 'recordIndex', 'addDevice(bytes32,address)', ['bytes32', 'address'], [patient, device]);
  }

  async patientOwner(patient: Uint8Array): Promise<string> {
    const [a] = await this.view('recordIndex', 'patientOwner(bytes32)', ['bytes32'], [patient], ['address']);
    return a as string;
  }

  /** Indexes one encrypted record; returns its id. */
  async addRecord(
    device: EthAccount,
    patient: Uint8Array,
    cid: Uint8Array,
    bodyHash: Uint8Array,
    capsule: Uint8Array,
  ): Promise<bigint> {
    const r = await this.invoke(
      device,
      'recordIndex',
      'addRecord(bytes32,bytes,bytes32,bytes)',
      ['bytes32', 'bytes', 'bytes32', 'bytes'],
      [patient, cid, bodyHash, capsule],
    );
    const log = r.logs.find((l) => l.topics[0] === this.topic('RecordAdded(uint256,bytes32,bytes32,bytes)'));
    if (!log) throw new ChainAError('addRecord emitted no RecordAdded event');
    return BigInt(`0x${log.topics[1]}`);
  }

  authorize(patientOwner: EthAccount, id: bigint, requester: Uint8Array, reKeyHash: Uint8Array) {
    return this.invoke(
      patientOwner,
      'recordIndex',
      'authorize(uint256,bytes32,bytes32)',
      ['uint256', 'bytes32', 'bytes32'],
      [id, requester, reKeyHash],
    );
  }

  async authorization(id: bigint, requester: Uint8Array): Promise<Uint8Array> {
    const [h] = await this.view(
      'recordIndex',
      'authorization(uint256,bytes32)',
      ['uint256', 'bytes32'],
      [id, requester],
      ['bytes32'],
    );
    return h as Uint8Array;
  }

  async recordCount(): Promise<bigint> {
    return (await this.view('recordIndex', 'recordCount()', [], [], ['uint256']))[0] as bigint;
  }

  async getRecord(id: bigint): Promise<OnChainRecord> {
    const [patient, bodyHash, cid, capsule, uploader] = await this.view(
      'recordIndex',
      'getRecord(uint256)',
      ['uint256'],
      [id],
      ['bytes32', 'bytes32', 'bytes', 'bytes', 'address'],
    );
    return {
      id,
      patient: patient as Uint8Array,
      bodyHash: bodyHash as Uint8Array,
      cid: cid as Uint8Array,
      capsule: capsule as Uint8Array,
      uploader: uploader as string,
    };
  }

  async auditHead(): Promise<Uint8Array> {
    return (await this.view('auditLog', 'head()', [], [], ['bytes32']))[0] as Uint8Array;
  }

  async auditCount(): Promise<bigint> {
    return (await this.view('auditLog', 'count()', [], [], ['uint256']))[0] as bigint;
  }

  async auditRecordHash(i: bigint): Promise<Uint8Array> {
    return (await this.view('auditLog', 'recordHash(uint256)', ['uint256'], [i], ['bytes32']))[0] as Uint8Array;
  }

  /** Appends an audit record extending `prev` (the contract refuses any other head). */
  appendAudit(writer: EthAccount, prev: Uint8Array, record: Uint8Array) {
    return this.invoke(writer, 'auditLog', 'append(bytes32,bytes)', ['bytes32', 'bytes'], [prev, record]);
  }

  /** Every Audited event, oldest first. */
  async auditEvents(): Promise<AuditEvent[]> {
    const t = this.topic('Audited(uint256,bytes32,bytes32,bytes)');
    const logs: EthLog[] = (await this.endpoint.logs(this.addr('auditLog'))).filter((l) => l.topics[0] === t);
    return logs.map((l) => {
      const [prev, head, record] = decode(['bytes32', 'bytes32', 'bytes'], l.data);
      return {
        index: BigInt(`0x${l.topics[1]}`),
        prev: prev as Uint8Array,
        head: head as Uint8Array,
        record: record as Uint8Array,
        blockNumber: l.blockNumber,
      };
    });
  }

  /** Every Authorized event: (record id, requester id) -> the re-key hashes the patient authorized, oldest first. */
  async authorizedEvents(): Promise<{ id: bigint; requester: Uint8Array; reKeyHash: Uint8Array }[]> {
    const t = this.topic('Authorized(uint256,bytes32,bytes32)');
    const logs = (await this.endpoint.logs(this.addr('recordIndex'))).filter((l) => l.topics[0] === t);
    return logs.map((l) => ({
      id: BigInt(`0x${l.topics[1]}`),
      requester: unhex(l.topics[2] ?? ''),
      reKeyHash: decode(['bytes32'], l.data)[0] as Uint8Array,
    }));
  }

  private bytecode(name: string): string {
    const c = this.artefacts.contracts[name];
    if (!c) throw new ChainAError(`contract ${name} is not in the build`);
    return c.bytecode;
  }

  /** An event's topic 0: keccak256 of its signature. */
  private topic(event: string): string {
    return hex(keccak(new TextEncoder().encode(event)));
  }

  private addr(which: 'recordIndex' | 'auditLog'): string {
    if (!this.deployment) throw new ChainAError('contracts are not deployed');
    return this.deployment[which];
  }

  private async invoke(
    from: EthAccount,
    which: 'recordIndex' | 'auditLog',
    sig: string,
    types: AbiType[],
    values: AbiValue[],
  ): Promise<EthReceipt> {
    return this.send(from, this.addr(which), encodeCall(sig, types, values), sig.slice(0, sig.indexOf('(')));
  }

  private async view(
    which: 'recordIndex' | 'auditLog',
    sig: string,
    types: AbiType[],
    values: AbiValue[],
    out: AbiType[],
  ): Promise<AbiValue[]> {
    return decode(out, await this.endpoint.call(this.addr(which), encodeCall(sig, types, values)));
  }

  /** Signs and submits one transaction; a revert becomes a ChainAError with the contract's reason. */
  private send(from: EthAccount, to: string | null, data: Uint8Array, op: string, value = 0n): Promise<EthReceipt> {
    const run = async () => {
      const tx = createLegacyTx(
        {
          nonce: await this.endpoint.nonce(from.address),
          gasPrice: await this.endpoint.gasPrice(),
          gasLimit: GAS_LIMIT,
          ...(to ? { to: createAddressFromString(`0x${to}`) } : {}),
          value,
          data,
        },
        { common: this.common },
      ).sign(from.key);
      const r = await this.endpoint.submit(tx.serialize());
      this.gas.push({ op, gas: r.gasUsed });
      if (!r.status) throw new ChainAError(`${op} reverted: ${r.revert ?? 'no reason'}`);
      return r;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
