/**
 * Chain B: a real ledger of another architecture than chain A, run in process. It is a small network of `hsd`
 * full nodes (Handshake, from the bcoin lineage: UTXO model, its own proof-of-work consensus, secp256k1 keys,
 * BLAKE2b) on the regtest network, syncing over their own P2P protocol on 127.0.0.1.
 *
 * What goes on chain: every cross-chain message (Hospital B's registration and requests, the relay's audit records)
 * is a real transaction signed by its sender's secp256k1 key: it spends the sender's own coin and anchors
 * `magic ‖ kind ‖ sha256(message)` in a null-data output (Handshake's unspendable address version 31, at most 40
 * bytes). The message itself sits in a side store addressed by that hash, and readers check the hash. Node 0 mines a
 * block whenever its mempool holds transactions; writers submit to the last node, so a transaction travels by P2P to
 * the miner, and the confirmation is read from another node than the one written to, once the block has travelled
 * back.
 *
 * Persistence: the nodes run in memory, and what survives a restart is the archive of raw blocks (LevelDB via
 * classic-level, written on every block connect and disconnect, so it follows reorganizations) and the side store.
 * Reopening replays the archive into fresh nodes and hsd validates every block again (proof of work, links, merkle
 * roots, every input's signature), so a restart is also a full re-verification. (hsd's database layer, bdb, loads
 * its native LevelDB binding even in memory mode, so package.json lets npm build it; hsd's crypto runs in pure
 * JavaScript, see hsd() below.) Transactions still in a mempool at shutdown are lost; the relay's durable replay cache
 * keeps such a request from being served twice if it is filed again.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { ClassicLevel } from 'classic-level';
import { sha256 } from '@noble/hashes/sha2.js';
import { ParameterError } from '../../core/errors.js';
import { LedgerError } from '../errors.js';

/* The parts of hsd's JavaScript API used here (hsd ships no type declarations). */
type HsdBuffer = Uint8Array;
interface HsdAddress {
  isNulldata(): boolean;
  hash: HsdBuffer;
  version: number;
}
interface HsdOutput {
  address: HsdAddress;
  value: number;
}
interface HsdInput {
  witness: { items: HsdBuffer[] };
}
interface HsdTX {
  hash(): HsdBuffer;
  txid(): string;
  inputs: HsdInput[];
  outputs: HsdOutput[];
  isCoinbase(): boolean;
}
interface HsdBlock {
  hash(): HsdBuffer;
  prevBlock: HsdBuffer;
  time: number;
  txs: HsdTX[];
  verifyPOW(): boolean;
  verifyBody(): boolean;
  toRaw(): HsdBuffer;
}
interface HsdEntry {
  height: number;
  hash: HsdBuffer;
}
interface HsdCoin {
  coinbase: boolean;
  height: number;
  value: number;
}
interface HsdMTX {
  addOutput(addr: HsdAddress, value: number): void;
  fund(coins: HsdCoin[], o: { changeAddress: HsdAddress; rate: number }): Promise<void>;
  sign(ring: HsdKeyRing): number;
  toTX(): HsdTX;
}
interface HsdKeyRing {
  getAddress(): HsdAddress;
  getPublicKey(): HsdBuffer;
}
interface HsdNode {
  open(): Promise<void>;
  connect(): Promise<void>;
  startSync(): void;
  close(): Promise<void>;
  sendTX(tx: HsdTX): Promise<void>;
  getCoinsByAddress(a: HsdAddress[]): Promise<HsdCoin[]>;
  getMeta(hash: Uint8Array): Promise<{ height: number; block: HsdBuffer | null } | null>;
  on(ev: string, f: (...a: unknown[]) => void): void;
  chain: {
    height: number;
    tip: HsdEntry;
    add(b: HsdBlock): Promise<HsdEntry | null>;
    getHash(h: number): Promise<HsdBuffer | null>;
    getEntry(hash: Uint8Array): Promise<HsdEntry | null>;
    locker: { lock(): Promise<() => void> };
    getBlock(hash: Uint8Array): Promise<HsdBlock | null>;
    on(ev: string, f: (...a: unknown[]) => void): void;
  };
  mempool: { map: { size: number }; hasEntry(h: Uint8Array): boolean; has(h: Uint8Array): boolean };
  miner: { mineBlock(tip: HsdEntry, addr: HsdAddress): Promise<HsdBlock> };
  pool: { peers: { size(): number; head(): { handshake: boolean; next: unknown } | null } };
}
interface Hsd {
  FullNode: new (o: Record<string, unknown>) => HsdNode;
  KeyRing: { fromPrivate(k: Buffer): HsdKeyRing };
  MTX: new () => HsdMTX;
  Address: { fromNulldata(d: Buffer): HsdAddress };
  Block: { fromRaw(b: Buffer): HsdBlock };
  Peer: { INV_INTERVAL: number };
  pkg: { version: string };
}

let loaded: Hsd | undefined;

/**
 * hsd chooses its cryptography backend (bcrypto) once, when first loaded, from the NODE_BACKEND environment variable;
 * 'js' selects the pure-JavaScript implementations, so no native addon has to be compiled (npm blocks the node-gyp
 * install scripts here). The variable has to be set before hsd is loaded, which is why hsd is required lazily here
 * rather than imported: users need no flag. Peers trickle transaction announcements every 5 s for privacy on a
 * public network; on this loopback test network that would only add latency, so the interval is shortened.
 */
function hsd(): Hsd {
  if (!loaded) {
    process.env.NODE_BACKEND = 'js';
    loaded = createRequire(import.meta.url)('hsd') as Hsd;
    loaded.Peer.INV_INTERVAL = 20;
  }
  return loaded;
}

/** The node implementation and its version, as it names itself. */
export function implementation(): string {
  return `hsd ${hsd().pkg.version}`;
}

export const KINDS = ['register', 'request', 'audit', 'authorization'] as const;
export type AnchorKind = (typeof KINDS)[number];
const MAGIC = [0x6d, 0x78, 0x01]; // 'mx', format 1

export interface Anchor {
  kind: AnchorKind;
  /** The sender's secp256k1 secret key: the transaction spends this key's coins. */
  sk: Uint8Array;
  payload: Uint8Array;
}

export interface ChainBTx {
  kind: AnchorKind;
  /** The sender's compressed secp256k1 public key (from the spending input's witness), hex. */
  from: string;
  /** The anchored message, hex (from the side store; checked against the anchored hash). */
  payload: string;
  txid: string;
  /** Position of the transaction in its block. */
  index: number;
  /** Set when the side store lacks the anchored message or holds another one (payload is then empty). */
  problem?: string;
}

export interface ChainBBlock {
  height: number;
  hash: string;
  prev: string;
  time: number;
  txs: ChainBTx[];
}

export interface Confirmation {
  height: number;
  block: string;
  tx: ChainBTx;
}

export interface ChainBOptions {
  /** Where the block archive and the side store live. */
  dir: string;
  /** Number of full nodes (>= 1). */
  nodes?: number;
  /** The miner's coinbase key (secp256k1). */
  minerKey: Uint8Array;
  /** Open even if the archive does not replay (the auditor), so that verify() can report it. */
  check?: boolean;
  /** How long a confirmation may take before it is an error (default 60 s). */
  confirmTimeoutMs?: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const blockKey = (h: number) => `block:${h.toString().padStart(12, '0')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const COINBASE_MATURITY = 2; // hsd regtest

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(f: () => Promise<T>): Promise<T> {
    const p = this.tail.then(f, f);
    this.tail = p.catch(() => undefined);
    return p;
  }
}

export class ChainB {
  private mining = true;
  private miningLoop: Promise<void> = Promise.resolve();
  private readonly mineLock = new Mutex();
  private readonly keyLocks = new Map<string, Mutex>();
  private readonly funded = new Set<string>();
  private archiveQueue: Promise<unknown> = Promise.resolve();
  private replaying = false;
  /** Problems found replaying the archive (only kept when opened with check: false). */
  private openIssues: LedgerError[] = [];

  private constructor(
    private readonly db: ClassicLevel<string, string>,
    readonly nodes: HsdNode[],
    private readonly minerRing: HsdKeyRing,
    private readonly confirmTimeoutMs: number,
  ) {}

  get implementation(): string {
    return implementation();
  }

  /** Submissions go to the last node; the miner is node 0. */
  get writer(): number {
    return this.nodes.length - 1;
  }

  /** Confirmations are read from a node other than the writer whenever there are two or more. */
  get reader(): number {
    return this.nodes.length >= 3 ? 1 : 0;
  }

  static async open(o: ChainBOptions): Promise<ChainB> {
    const n = o.nodes ?? 1;
    if (!Number.isSafeInteger(n) || n < 1 || n > 16) throw new ParameterError(`chain B nodes: ${n} (1 to 16)`);
    const H = hsd();
    const db = new ClassicLevel<string, string>(o.dir, { valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (e) {
      throw new LedgerError(o.dir, `cannot open chain B store: ${(e as Error).message}`);
    }
    const nodes: HsdNode[] = [];
    try {
      let prevPort = 0;
      for (let i = 0; i < n; i++) {
        const port = await freePort();
        const node = new H.FullNode({
          network: 'regtest',
          memory: true,
          workers: false,
          'no-dns': true,
          'no-wallet': true,
          'index-tx': true,
          'index-address': true,
          listen: true,
          host: '127.0.0.1',
          port,
          'brontide-port': await freePort(),
          'http-host': '127.0.0.1',
          'http-port': await freePort(),
          'no-auth': true,
          'log-level': 'none',
          'log-console': false,
          'log-file': false,
          // a line of nodes: each one peers only with the previous one, so blocks and transactions cross hops
          only: i === 0 ? [] : [`127.0.0.1:${prevPort}`],
          'max-outbound': 1,
        });
        nodes.push(node);
        await node.open();
        await node.connect();
        node.startSync();
        prevPort = port;
      }
      const c = new ChainB(db, nodes, H.KeyRing.fromPrivate(Buffer.from(o.minerKey)), o.confirmTimeoutMs ?? 60_000);
      await c.waitPeers();
      await c.replay(o.check !== false);
      nodes[0]!.chain.on('connect', (entry: unknown, block: unknown) => {
        if (c.replaying) return;
        const e = entry as HsdEntry;
        const raw = hex((block as HsdBlock).toRaw());
        c.archiveQueue = c.archiveQueue.then(() =>
          db.batch([
            { type: 'put', key: blockKey(e.height), value: raw },
            { type: 'put', key: 'height', value: String(e.height) },
          ]),
        );
      });
      nodes[0]!.chain.on('disconnect', (entry: unknown) => {
        const e = entry as HsdEntry;
        c.archiveQueue = c.archiveQueue.then(() =>
          db.batch([
            { type: 'del', key: blockKey(e.height) },
            { type: 'put', key: 'height', value: String(e.height - 1) },
          ]),
        );
      });
      c.miningLoop = c.mineWhilePending();
      return c;
    } catch (e) {
      for (const x of nodes.reverse()) await x.close().catch(() => undefined);
      await db.close();
      throw e;
    }
  }

  private async waitPeers(): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (const [i, node] of this.nodes.entries()) {
      if (i === 0) continue;
      for (;;) {
        const p = node.pool.peers.head();
        if (p && p.handshake) break;
        if (Date.now() > deadline) throw new LedgerError(`chain B node ${i}`, 'no P2P connection to its peer');
        await sleep(10);
      }
    }
  }

  /** Waits until every node is at least as high as the miner was when called. */
  async sync(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const target = this.nodes[0]!.chain.height;
    for (const [i, node] of this.nodes.entries()) {
      while (node.chain.height < target) {
        if (Date.now() > deadline) throw new LedgerError(`chain B node ${i}`, 'did not sync to the miner');
        await sleep(10);
      }
    }
  }

  private async replay(strict: boolean): Promise<void> {
    const H = hsd();
    const stored = await this.db.get('height');
    const height = stored === undefined ? 0 : Number(stored);
    if (!Number.isSafeInteger(height) || height < 0) {
      const e = new LedgerError('chain B archive', `bad height '${stored}'`);
      if (strict) throw e;
      this.openIssues.push(e);
      return;
    }
    this.replaying = true;
    try {
      for (let h = 1; h <= height; h++) {
        const where = `chain B block ${h}`;
        try {
          const raw = await this.db.get(blockKey(h));
          if (raw === undefined) throw new LedgerError(where, 'missing from the archive');
          let block: HsdBlock;
          try {
            block = H.Block.fromRaw(Buffer.from(raw, 'hex'));
          } catch (e) {
            throw new LedgerError(where, `unreadable: ${(e as Error).message}`);
          }
          if (!Buffer.from(block.prevBlock).equals(Buffer.from(this.nodes[0]!.chain.tip.hash)))
            throw new LedgerError(where, 'does not link to the previous block (reordered or replaced)');
          try {
            const entry = await this.nodes[0]!.chain.add(block);
            if (!entry) throw new Error('not connected to the main chain');
          } catch (e) {
            throw new LedgerError(where, `refused by hsd: ${(e as Error).message}`);
          }
        } catch (e) {
          if (strict) throw e;
          this.openIssues.push(e as LedgerError);
          break;
        }
      }
    } finally {
      this.replaying = false;
    }
    await this.sync(60_000);
  }

  /** Mines one block on node 0 (to `ring`'s address, default the miner's) and returns its height. */
  mine(ring?: HsdKeyRing): Promise<number> {
    return this.mineLock.run(async () => {
      const m = this.nodes[0]!;
      const block = await m.miner.mineBlock(m.chain.tip, (ring ?? this.minerRing).getAddress());
      await m.chain.add(block);
      return m.chain.height;
    });
  }

  /**
   * Mines `count` empty blocks on node 0 on top of the block at `height - 1`, i.e. a competing branch that replaces
   * the main chain from `height` on once it is longer (a reorganization, as a competing miner would cause). The
   * transactions of the replaced blocks go back to the mempools and are mined again. For tests.
   */
  fork(height: number, count: number): Promise<number> {
    return this.mineLock.run(async () => {
      const m = this.nodes[0]!;
      const base = await m.chain.getHash(height - 1);
      let entry = base ? await m.chain.getEntry(base) : null;
      if (!entry) throw new ParameterError(`chain B has no block ${height - 1} to fork from`);
      for (let i = 0; i < count; i++) {
        const block = await m.miner.mineBlock(entry, this.minerRing.getAddress());
        await m.chain.add(block);
        entry = await m.chain.getEntry(block.hash());
        if (!entry) throw new LedgerError(`chain B fork block ${height + i}`, 'not stored');
      }
      return m.chain.height;
    });
  }

  private async mineWhilePending(): Promise<void> {
    while (this.mining) {
      if (this.nodes[0]!.mempool.map.size > 0) await this.mine().catch(() => undefined);
      await sleep(25);
    }
  }

  height(node = this.reader): number {
    return this.nodeAt(node).chain.height;
  }

  private nodeAt(i: number): HsdNode {
    const n = this.nodes[i];
    if (!n) throw new ParameterError(`chain B has no node ${i} (nodes 0 to ${this.nodes.length - 1})`);
    return n;
  }

  private lock(key: string): Mutex {
    let m = this.keyLocks.get(key);
    if (!m) this.keyLocks.set(key, (m = new Mutex()));
    return m;
  }

  /** Gives a key coins of its own: a few coinbase outputs, then enough blocks for them to mature. */
  private async fund(ring: HsdKeyRing): Promise<void> {
    for (let i = 0; i < 4; i++) await this.mine(ring);
    for (let i = 0; i < COINBASE_MATURITY; i++) await this.mine();
    await this.sync();
  }

  /**
   * The unspent coins of `addr` on `node` (chain and mempool). hsd reads its address index, its coin set and its
   * mempool one after the other; a block connecting in between (one arriving by P2P) would give a torn view: a coin
   * the block just spent, or an index entry without its coin. So the read holds the chain's lock, the one block
   * connection and mempool admission take.
   */
  private async coinsOf(node: HsdNode, addr: HsdAddress): Promise<HsdCoin[]> {
    const unlock = await node.chain.locker.lock();
    try {
      return await node.getCoinsByAddress([addr]);
    } catch (e) {
      throw new LedgerError('chain B', `cannot read coins: ${(e as Error).message}`);
    } finally {
      unlock();
    }
  }

  /**
   * Anchors a message: stores it in the side store under its hash, submits a transaction signed by `a.sk` to the
   * writer node, and waits until the reader node holds it in a block. Returns what the reader node sees.
   */
  async anchor(a: Anchor): Promise<Confirmation> {
    const H = hsd();
    const code = KINDS.indexOf(a.kind);
    if (code < 0) throw new ParameterError(`unknown chain B message kind '${a.kind}'`);
    const digest = sha256(a.payload);
    await this.db.put(`rec:${hex(digest)}`, hex(a.payload));
    const ring = H.KeyRing.fromPrivate(Buffer.from(a.sk));
    const addr = ring.getAddress();
    const id = hex(ring.getPublicKey());
    const writer = this.nodes[this.writer]!;
    const tx = await this.lock(id).run(async () => {
      if (!this.funded.has(id)) {
        const have = await this.coinsOf(writer, addr);
        if (have.length === 0) await this.fund(ring);
        this.funded.add(id);
      }
      const tip = writer.chain.height;
      const coins = (await this.coinsOf(writer, addr)).filter(
        (c) => !c.coinbase || (c.height >= 0 && tip + 1 - c.height >= COINBASE_MATURITY),
      );
      const mtx = new H.MTX();
      mtx.addOutput(H.Address.fromNulldata(Buffer.from([...MAGIC, code + 1, ...digest])), 0);
      try {
        await mtx.fund(coins, { changeAddress: addr, rate: 10_000 });
      } catch (e) {
        throw new LedgerError('chain B', `cannot fund a '${a.kind}' transaction: ${(e as Error).message}`);
      }
      mtx.sign(ring);
      const t = mtx.toTX();
      try {
        await writer.sendTX(t);
      } catch (e) {
        throw new LedgerError(
          'chain B',
          `node ${this.writer} refused a '${a.kind}' transaction: ${(e as Error).message}`,
        );
      }
      return t;
    });
    return this.confirmation(tx.hash(), a.kind);
  }

  /** Waits until the reader node has `txHash` in a block of its main chain. */
  private async confirmation(txHash: Uint8Array, kind: string): Promise<Confirmation> {
    const reader = this.nodes[this.reader]!;
    const deadline = Date.now() + this.confirmTimeoutMs;
    for (;;) {
      const meta = await reader.getMeta(txHash);
      if (meta && meta.height >= 0 && meta.block) {
        const block = await reader.chain.getBlock(meta.block);
        const parsed = block ? await this.parse(block, meta.height) : null;
        const tx = parsed?.txs.find((t) => t.txid === hex(txHash));
        if (tx?.problem) throw new LedgerError(`chain B block ${meta.height} tx ${tx.index}`, tx.problem);
        if (parsed && tx) {
          await this.archiveQueue; // the block is in the archive before anyone is told it is confirmed
          return { height: meta.height, block: parsed.hash, tx };
        }
      }
      if (Date.now() > deadline) {
        const where = this.nodes.map(
          (n, i) =>
            `node ${i}: ${n.mempool.hasEntry(txHash) ? 'mempool' : n.mempool.has(txHash) ? 'orphan' : 'absent'}`,
        );
        throw new LedgerError(
          'chain B',
          `'${kind}' transaction ${hex(txHash)} not confirmed on node ${this.reader} (${where.join(', ')})`,
        );
      }
      await sleep(10);
    }
  }

  /** Our messages in a block, with their payloads from the side store (a missing or altered one throws). */
  private async parse(block: HsdBlock, height: number): Promise<ChainBBlock> {
    const txs: ChainBTx[] = [];
    for (const [i, t] of block.txs.entries()) {
      if (t.isCoinbase()) continue;
      for (const out of t.outputs) {
        if (!out.address.isNulldata()) continue;
        const d = out.address.hash;
        if (d.length !== MAGIC.length + 1 + 32 || MAGIC.some((m, j) => d[j] !== m)) continue;
        const kind = KINDS[d[MAGIC.length]! - 1];
        if (!kind) continue; // not a message format this version writes
        const digest = hex(d.subarray(MAGIC.length + 1));
        const stored = await this.db.get(`rec:${digest}`);
        let problem: string | undefined;
        if (stored === undefined) problem = 'the anchored message is not in the side store';
        else if (!/^([0-9a-f]{2})*$/.test(stored) || hex(sha256(Buffer.from(stored, 'hex'))) !== digest)
          problem = 'the side store holds another message than the anchored hash';
        const w = t.inputs[0]?.witness.items;
        txs.push({
          kind,
          from: w && w.length === 2 ? hex(w[1]!) : '',
          payload: problem ? '' : stored!,
          txid: hex(t.hash()),
          index: i,
          ...(problem ? { problem } : {}),
        });
      }
    }
    return { height, hash: hex(block.hash()), prev: hex(block.prevBlock), time: block.time, txs };
  }

  /** The main-chain block at `height` on `node`, with our messages. */
  async block(height: number, node = this.reader): Promise<ChainBBlock> {
    const n = this.nodeAt(node);
    const hash = height >= 1 && height <= n.chain.height ? await n.chain.getHash(height) : null;
    const b = hash ? await n.chain.getBlock(hash) : null;
    if (!b) throw new LedgerError(`chain B block ${height}`, `missing on node ${node}`);
    return this.parse(b, height);
  }

  /** Every block of `node`'s main chain from height 1, with our messages. */
  async *blocks(node = this.reader): AsyncGenerator<ChainBBlock> {
    const n = this.nodeAt(node);
    const top = n.chain.height;
    for (let h = 1; h <= top; h++) {
      const hash = await n.chain.getHash(h);
      const b = hash ? await n.chain.getBlock(hash) : null;
      if (!b) throw new LedgerError(`chain B block ${h}`, `missing on node ${node}`);
      yield await this.parse(b, h);
    }
  }

  /**
   * Re-checks `node`'s main chain: each block links to its parent, meets its proof-of-work target and its body
   * matches its merkle roots; the node's tip agrees with the miner's; plus what the archive replay found at opening.
   */
  async verify(node = this.reader): Promise<LedgerError[]> {
    const issues = [...this.openIssues];
    const n = this.nodeAt(node);
    let prev: string | null = null;
    for (let h = 1; h <= n.chain.height; h++) {
      const where = `chain B block ${h}`;
      const hash = await n.chain.getHash(h);
      const b = hash ? await n.chain.getBlock(hash) : null;
      if (!b) {
        issues.push(new LedgerError(where, `missing on node ${node}`));
        break;
      }
      if (prev !== null && hex(b.prevBlock) !== prev)
        issues.push(new LedgerError(where, 'parent hash does not link to the previous block'));
      if (!b.verifyPOW()) issues.push(new LedgerError(where, 'proof of work below the target'));
      if (!b.verifyBody()) issues.push(new LedgerError(where, 'body does not match the header'));
      prev = hex(b.hash());
    }
    if (node !== 0 && hex(n.chain.tip.hash) !== hex(this.nodes[0]!.chain.tip.hash))
      issues.push(new LedgerError(`chain B node ${node}`, "tip differs from the miner's"));
    return issues;
  }

  async close(): Promise<void> {
    this.mining = false;
    await this.miningLoop.catch(() => undefined);
    await this.mineLock.run(async () => undefined);
    await this.archiveQueue.catch(() => undefined);
    for (const n of [...this.nodes].reverse()) await n.close().catch(() => undefined);
    await this.db.close();
  }

  /** Raw access to the archive and side store, for tests that tamper with them on purpose. */
  get rawStore(): ClassicLevel<string, string> {
    return this.db;
  }
}
