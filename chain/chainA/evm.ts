/**
 * Chain A in process: an Ethereum execution layer (@ethereumjs/vm, Cancun rules) that mines one block per submitted
 * transaction, persisted in LevelDB (classic-level). What is stored is the chain itself, not the state: each block
 * holds the raw signed transaction, its receipt and the state root after it, and the block hash commits to all of
 * that and to the parent hash. Opening a data directory replays every transaction into a fresh VM and checks that
 * each state root and each hash link comes out the same, so a tampered, reordered or torn history is detected
 * (LedgerError) instead of silently continuing. A block is written in one atomic batch together with the new head,
 * so a crash loses at most the transaction that was being mined and never leaves half a block.
 */
import { ClassicLevel } from 'classic-level';
import { createVM, runTx, type VM } from '@ethereumjs/vm';
import { createCustomCommon, Hardfork, Mainnet, type Common } from '@ethereumjs/common';
import { createTxFromRLP } from '@ethereumjs/tx';
import { createAccount, createAddressFromPrivateKey, createAddressFromString } from '@ethereumjs/util';
import { ChainAError, LedgerError } from '../errors.js';
import { hex, keccak, revertReason, unhex } from './abi.js';
import { DEV_CHAIN_ID, DEV_FAUCET_KEY, type EthEndpoint, type EthLog, type EthReceipt } from './endpoint.js';

interface StoredBlock {
  number: number;
  parentHash: string;
  raw: string;
  txHash: string;
  status: boolean;
  gasUsed: string;
  contractAddress?: string;
  logs: { address: string; topics: string[]; data: string }[];
  stateRoot: string;
  /** The revert reason of a failed transaction (informational, not hashed: it follows from the replay). */
  revert?: string;
  hash: string;
}

const GENESIS_PARENT = '00'.repeat(32);
const FAUCET_BALANCE = 10n ** 27n;
const blockKey = (n: number) => `block:${n.toString().padStart(12, '0')}`;

export function devCommon(chainId = DEV_CHAIN_ID): Common {
  return createCustomCommon({ chainId: Number(chainId) }, Mainnet, { hardfork: Hardfork.Cancun });
}

function blockHash(b: Omit<StoredBlock, 'hash'>): string {
  const canonical = JSON.stringify([
    b.number,
    b.parentHash,
    b.raw,
    b.txHash,
    b.status,
    b.gasUsed,
    b.contractAddress ?? '',
    b.logs,
    b.stateRoot,
  ]);
  return hex(keccak(new TextEncoder().encode(canonical)));
}

export class EvmChain implements EthEndpoint {
  readonly kind = 'in-process' as const;
  readonly common = devCommon();
  private blocks: StoredBlock[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly vm: VM,
    private readonly db: ClassicLevel<string, string> | null,
  ) {}

  /** Opens (or creates) chain A in `dir` (null: in memory), replaying and checking the stored history. */
  static async open(dir: string | null): Promise<EvmChain> {
    const common = devCommon();
    const vm = await createVM({ common });
    const faucet = createAddressFromPrivateKey(unhex(DEV_FAUCET_KEY));
    await vm.stateManager.putAccount(faucet, createAccount({ balance: FAUCET_BALANCE }));
    let db: ClassicLevel<string, string> | null = null;
    if (dir) {
      db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
      try {
        await db.open();
      } catch (e) {
        throw new LedgerError(dir, `cannot open chain A store: ${(e as Error).message}`);
      }
    }
    const chain = new EvmChain(vm, db);
    try {
      if (db) await chain.replay();
    } catch (e) {
      await db?.close();
      throw e;
    }
    return chain;
  }

  private async replay(): Promise<void> {
    const head = await this.db!.get('head');
    const height = head === undefined ? 0 : Number(head);
    let parent = GENESIS_PARENT;
    for (let n = 0; n < height; n++) {
      const where = `chain A block ${n}`;
      const s = await this.db!.get(blockKey(n));
      if (s === undefined) throw new LedgerError(where, 'missing block below the head');
      let b: StoredBlock;
      try {
        b = JSON.parse(s) as StoredBlock;
      } catch {
        throw new LedgerError(where, 'unreadable block');
      }
      if (b.number !== n) throw new LedgerError(where, `block claims number ${b.number} (reordered)`);
      if (b.parentHash !== parent) throw new LedgerError(where, 'parent hash does not link to the previous block');
      const { hash, ...rest } = b;
      if (blockHash(rest) !== hash) throw new LedgerError(where, 'block hash does not match its contents');
      const again = await this.execute(unhex(b.raw), n, parent);
      if (again.stateRoot !== b.stateRoot || again.txHash !== b.txHash || again.gasUsed !== b.gasUsed)
        throw new LedgerError(where, 'replaying the transaction gives a different state root or receipt');
      this.blocks.push(b);
      parent = b.hash;
    }
  }

  /** Runs a raw transaction on the current state and returns the block it makes (not yet stored). */
  private async execute(raw: Uint8Array, number: number, parentHash: string): Promise<StoredBlock> {
    let tx;
    try {
      tx = createTxFromRLP(raw, { common: this.common });
    } catch (e) {
      throw new ChainAError(`malformed transaction: ${(e as Error).message}`);
    }
    let r;
    try {
      r = await runTx(this.vm, { tx, skipBlockGasLimitValidation: true });
    } catch (e) {
      throw new ChainAError(`transaction refused: ${(e as Error).message.split('\n')[0]}`);
    }
    const logs = (r.receipt.logs as [Uint8Array, Uint8Array[], Uint8Array][]).map(([a, t, d]) => ({
      address: hex(a),
      topics: t.map(hex),
      data: hex(d),
    }));
    const b: Omit<StoredBlock, 'hash'> = {
      number,
      parentHash,
      raw: hex(raw),
      txHash: hex(tx.hash()),
      status: r.execResult.exceptionError === undefined,
      gasUsed: r.totalGasSpent.toString(),
      ...(r.createdAddress ? { contractAddress: r.createdAddress.toString().slice(2).toLowerCase() } : {}),
      logs,
      stateRoot: hex(await this.vm.stateManager.getStateRoot()),
    };
    if (!b.status) b.revert = revertReason(r.execResult.returnValue);
    return { ...b, hash: blockHash(b) };
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async chainId() {
    return DEV_CHAIN_ID;
  }
  async gasPrice() {
    return 10n ** 9n;
  }
  async nonce(address: string) {
    return (await this.vm.stateManager.getAccount(createAddressFromString(`0x${address}`)))?.nonce ?? 0n;
  }
  async balance(address: string) {
    return (await this.vm.stateManager.getAccount(createAddressFromString(`0x${address}`)))?.balance ?? 0n;
  }
  async blockNumber() {
    return this.blocks.length;
  }

  submit(raw: Uint8Array): Promise<EthReceipt> {
    return this.serial(async () => {
      const n = this.blocks.length;
      const parent = n ? this.blocks[n - 1]!.hash : GENESIS_PARENT;
      await this.vm.stateManager.checkpoint();
      let b: StoredBlock;
      try {
        b = await this.execute(raw, n, parent);
        if (this.db)
          await this.db.batch([
            { type: 'put', key: blockKey(n), value: JSON.stringify(b) },
            { type: 'put', key: 'head', value: String(n + 1) },
          ]);
        await this.vm.stateManager.commit();
      } catch (e) {
        await this.vm.stateManager.revert();
        throw e;
      }
      this.blocks.push(b);
      return toReceipt(b);
    });
  }

  call(to: string, data: Uint8Array): Promise<Uint8Array> {
    return this.serial(async () => {
      // runCall bumps the caller's nonce: run it inside a checkpoint that is always reverted, so reads never change
      // the state root that the next block commits to.
      await this.vm.stateManager.checkpoint();
      try {
        const r = await this.vm.evm.runCall({
          to: createAddressFromString(`0x${to}`),
          caller: createAddressFromString(`0x${'00'.repeat(19)}01`),
          data,
          gasLimit: 30_000_000n,
          skipBalance: true,
        });
        if (r.execResult.exceptionError)
          throw new ChainAError(`call reverted: ${revertReason(r.execResult.returnValue)}`);
        return r.execResult.returnValue;
      } finally {
        await this.vm.stateManager.revert();
      }
    });
  }

  async logs(address: string): Promise<EthLog[]> {
    const a = address.toLowerCase();
    return this.blocks.flatMap((b) => toReceipt(b).logs.filter((l) => l.address === a));
  }

  /** The stored blocks (for the audit and the RPC server). */
  history(): readonly StoredBlock[] {
    return this.blocks;
  }

  receiptOf(txHash: string): EthReceipt | undefined {
    const b = this.blocks.find((x) => x.txHash === txHash);
    return b && toReceipt(b);
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.db?.close();
  }
}

function toReceipt(b: StoredBlock): EthReceipt {
  return {
    txHash: b.txHash,
    blockNumber: b.number,
    status: b.status,
    gasUsed: BigInt(b.gasUsed),
    ...(b.contractAddress ? { contractAddress: b.contractAddress } : {}),
    ...(b.revert ? { revert: b.revert } : {}),
    logs: b.logs.map((l) => ({
      address: l.address,
      topics: l.topics,
      data: unhex(l.data),
      blockNumber: b.number,
      txHash: b.txHash,
    })),
  };
}
