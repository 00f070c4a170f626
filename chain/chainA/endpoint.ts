/**
 * What chain A's client needs from an Ethereum node, as a small interface with two implementations: the in-process
 * EVM (evm.ts, the default) and any node reached over Ethereum JSON-RPC (rpc-client.ts, `--rpc URL`). The contract
 * layer (contracts.ts) signs its own transactions and speaks only this interface, so it cannot tell them apart.
 */
export interface EthLog {
  address: string; // 20-byte hex, no 0x, lower case
  topics: string[]; // 32-byte hex each, no 0x
  data: Uint8Array;
  blockNumber: number;
  txHash: string;
}

export interface EthReceipt {
  txHash: string;
  blockNumber: number;
  /** True if execution succeeded; a reverted transaction is still mined (and pays gas). */
  status: boolean;
  /** Total gas charged to the sender (intrinsic + execution - refund). */
  gasUsed: bigint;
  contractAddress?: string;
  /** Why a failed transaction reverted, where the endpoint says. */
  revert?: string;
  logs: EthLog[];
}

export interface EthEndpoint {
  readonly kind: 'in-process' | 'json-rpc';
  chainId(): Promise<bigint>;
  gasPrice(): Promise<bigint>;
  nonce(address: string): Promise<bigint>;
  balance(address: string): Promise<bigint>;
  /** Submits a signed, RLP-encoded transaction; resolves with its receipt once mined. */
  submit(raw: Uint8Array): Promise<EthReceipt>;
  /** A read-only call at the latest state. Throws ChainAError on revert. */
  call(to: string, data: Uint8Array): Promise<Uint8Array>;
  /** Every log a contract emitted, oldest first. */
  logs(address: string): Promise<EthLog[]>;
  blockNumber(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The funded development account that pays for every party's gas (the well-known first account of Hardhat and
 * Anvil, so that `--rpc` against a fresh local dev node works unchanged). A test key: never hold value with it.
 */
export const DEV_FAUCET_KEY = 'ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80';
export const DEV_CHAIN_ID = 31337n;
