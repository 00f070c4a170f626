/**
 * A minimal Ethereum JSON-RPC node over the in-process chain (evm.ts), listening on 127.0.0.1 only: the endpoint the
 * tests start to exercise the `--rpc URL` path end to end over real HTTP, and a way to look at chain A with any
 * JSON-RPC tool. It implements the methods the client uses (and net_version/web3 basics), instant-mines each raw
 * transaction, and answers malformed requests with the standard JSON-RPC error codes instead of failing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MedexError } from '../../core/errors.js';
import { hex, unhex } from './abi.js';
import type { EthLog, EthReceipt } from './endpoint.js';
import type { EvmChain } from './evm.js';

const MAX_BODY = 1 << 20;
const q = (n: bigint | number) => `0x${n.toString(16)}`;

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function addrParam(v: unknown): string {
  if (typeof v !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(v)) throw new RpcError(-32602, 'invalid address');
  return v.slice(2).toLowerCase();
}

function bytesParam(v: unknown): Uint8Array {
  if (typeof v !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(v)) throw new RpcError(-32602, 'invalid hex data');
  return unhex(v);
}

function rpcLog(l: EthLog, i: number) {
  return {
    address: `0x${l.address}`,
    topics: l.topics.map((t) => `0x${t}`),
    data: `0x${hex(l.data)}`,
    blockNumber: q(l.blockNumber),
    transactionHash: `0x${l.txHash}`,
    logIndex: q(i),
    removed: false,
  };
}

function rpcReceipt(r: EthReceipt) {
  return {
    transactionHash: `0x${r.txHash}`,
    blockNumber: q(r.blockNumber),
    status: r.status ? '0x1' : '0x0',
    gasUsed: q(r.gasUsed),
    cumulativeGasUsed: q(r.gasUsed),
    contractAddress: r.contractAddress ? `0x${r.contractAddress}` : null,
    logs: r.logs.map(rpcLog),
    ...(r.revert ? { revertReason: r.revert } : {}),
  };
}

export class LocalRpcServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  /** Serves `chain` on 127.0.0.1 (port 0: any free port). */
  static async start(chain: EvmChain, port = 0): Promise<LocalRpcServer> {
    const dispatch = async (method: string, p: unknown[]): Promise<unknown> => {
      switch (method) {
        case 'eth_chainId':
          return q(await chain.chainId());
        case 'net_version':
          return (await chain.chainId()).toString();
        case 'web3_clientVersion':
          return 'medexchain-local/0.1';
        case 'eth_gasPrice':
          return q(await chain.gasPrice());
        case 'eth_blockNumber':
          return q(await chain.blockNumber());
        case 'eth_getTransactionCount':
          return q(await chain.nonce(addrParam(p[0])));
        case 'eth_getBalance':
          return q(await chain.balance(addrParam(p[0])));
        case 'eth_sendRawTransaction':
          return `0x${(await chain.submit(bytesParam(p[0]))).txHash}`;
        case 'eth_getTransactionReceipt': {
          const h = bytesParam(p[0]);
          const r = chain.receiptOf(hex(h));
          return r ? rpcReceipt(r) : null;
        }
        case 'eth_call': {
          const c = p[0] as { to?: unknown; data?: unknown } | undefined;
          if (typeof c !== 'object' || c === null) throw new RpcError(-32602, 'missing call object');
          return `0x${hex(await chain.call(addrParam(c.to), bytesParam(c.data ?? '0x')))}`;
        }
        case 'eth_getLogs': {
          const f = p[0] as { address?: unknown } | undefined;
          if (typeof f !== 'object' || f === null) throw new RpcError(-32602, 'missing filter');
          return (await chain.logs(addrParam(f.address))).map(rpcLog);
        }
        default:
          throw new RpcError(-32601, `method not found: ${method}`);
      }
    };

    const handleOne = async (req: unknown) => {
      const r = req as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
      const id = r && typeof r === 'object' && 'id' in r ? r.id : null;
      try {
        if (!r || typeof r !== 'object' || r.jsonrpc !== '2.0' || typeof r.method !== 'string')
          throw new RpcError(-32600, 'invalid request');
        const params = r.params === undefined ? [] : r.params;
        if (!Array.isArray(params)) throw new RpcError(-32602, 'params must be an array');
        return { jsonrpc: '2.0', id, result: await dispatch(r.method, params) };
      } catch (e) {
        const code = e instanceof RpcError ? e.code : e instanceof MedexError ? -32000 : -32603;
        return { jsonrpc: '2.0', id, error: { code, message: e instanceof Error ? e.message : String(e) } };
      }
    };

    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy();
        else chunks.push(c);
      });
      req.on('end', async () => {
        let body: unknown;
        let out: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          out = Array.isArray(body) ? await Promise.all(body.map(handleOne)) : await handleOne(body);
        } catch {
          out = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } };
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(out));
      });
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(port, '127.0.0.1', () => ok());
    });
    const { port: p } = server.address() as AddressInfo;
    return new LocalRpcServer(server, `http://127.0.0.1:${p}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }
}
