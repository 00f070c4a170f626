/**
 * Chain A over Ethereum JSON-RPC (https://ethereum.org/en/developers/docs/apis/json-rpc/): the `--rpc URL` path.
 * Any node that accepts raw legacy transactions from a funded development account works (Anvil, Hardhat, Geth in
 * dev mode; the tests use `hardhat node`). Everything the node returns is validated before use.
 */
import { ChainAError } from '../errors.js';
import { hex, unhex } from './abi.js';
import type { EthEndpoint, EthLog, EthReceipt } from './endpoint.js';

interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  transactionHash: string;
}

const q = (n: bigint | number) => `0x${n.toString(16)}`;
const strip = (s: string) => (s.startsWith('0x') ? s.slice(2) : s).toLowerCase();

function big(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]+$/.test(v))
    throw new ChainAError(`node returned a bad ${what}: ${JSON.stringify(v)}`);
  return BigInt(v);
}

export class JsonRpcEndpoint implements EthEndpoint {
  readonly kind = 'json-rpc' as const;
  private id = 0;

  constructor(
    readonly url: string,
    private readonly opts: { pollMs?: number; timeoutMs?: number } = {},
  ) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new ChainAError(`bad RPC URL '${url}'`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new ChainAError(`RPC URL must be http(s), got '${u.protocol}'`);
  }

  async request<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++this.id, method, params }),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new ChainAError(`${method}: cannot reach ${this.url}: ${(e as Error).message}`);
    }
    let body: { result?: T; error?: { code: number; message: string; data?: unknown } };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new ChainAError(`${method}: node answered HTTP ${res.status} with no JSON`);
    }
    if (body.error) {
      const data = typeof body.error.data === 'string' ? ` ${body.error.data}` : '';
      throw new ChainAError(`${method}: ${body.error.message}${data}`);
    }
    if (!('result' in body)) throw new ChainAError(`${method}: node answered without a result`);
    return body.result as T;
  }

  async chainId() {
    return big(await this.request('eth_chainId'), 'chain id');
  }
  async gasPrice() {
    return big(await this.request('eth_gasPrice'), 'gas price');
  }
  async nonce(address: string) {
    return big(await this.request('eth_getTransactionCount', [`0x${address}`, 'pending']), 'nonce');
  }
  async balance(address: string) {
    return big(await this.request('eth_getBalance', [`0x${address}`, 'latest']), 'balance');
  }
  async blockNumber() {
    return Number(big(await this.request('eth_blockNumber'), 'block number'));
  }

  async submit(raw: Uint8Array): Promise<EthReceipt> {
    const txHash = strip(await this.request<string>('eth_sendRawTransaction', [`0x${hex(raw)}`]));
    const deadline = Date.now() + (this.opts.timeoutMs ?? 30_000);
    for (;;) {
      const r = await this.request<null | {
        transactionHash: string;
        blockNumber: string;
        status: string;
        gasUsed: string;
        contractAddress: string | null;
        logs: RpcLog[];
        revertReason?: string;
      }>('eth_getTransactionReceipt', [`0x${txHash}`]);
      if (r) {
        return {
          txHash,
          blockNumber: Number(big(r.blockNumber, 'block number')),
          status: big(r.status, 'status') === 1n,
          gasUsed: big(r.gasUsed, 'gas used'),
          ...(r.contractAddress ? { contractAddress: strip(r.contractAddress) } : {}),
          ...(r.revertReason ? { revert: r.revertReason } : {}),
          logs: r.logs.map(toLog),
        };
      }
      if (Date.now() > deadline) throw new ChainAError(`transaction 0x${txHash} not mined in time`);
      await new Promise((ok) => setTimeout(ok, this.opts.pollMs ?? 50));
    }
  }

  async call(to: string, data: Uint8Array): Promise<Uint8Array> {
    return unhex(await this.request<string>('eth_call', [{ to: `0x${to}`, data: `0x${hex(data)}` }, 'latest']));
  }

  async logs(address: string): Promise<EthLog[]> {
    const ls = await this.request<RpcLog[]>('eth_getLogs', [
      { address: `0x${address}`, fromBlock: q(0), toBlock: 'latest' },
    ]);
    if (!Array.isArray(ls)) throw new ChainAError('eth_getLogs did not return a list');
    return ls.map(toLog);
  }

  async close(): Promise<void> {}
}

function toLog(l: RpcLog): EthLog {
  return {
    address: strip(l.address),
    topics: l.topics.map(strip),
    data: unhex(l.data),
    blockNumber: Number(big(l.blockNumber, 'log block number')),
    txHash: strip(l.transactionHash),
  };
}
