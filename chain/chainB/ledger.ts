/**
 * Chain B: a ledger of a different architecture from chain A. There is no virtual machine and no account state; it
 * is an append-only sequence of blocks, each naming its parent's hash and signed with Ed25519 by the chain's block
 * producer, holding transactions that participants sign with their own Ed25519 keys. Participants' native keys are
 * Ed25519 (signatures) and X25519 (key agreement): chain B has no pairing keys, which is why the reference design's
 * foreign-cryptosystem delegation (Eq. 7b) exists.
 *
 * Blocks live in LevelDB (classic-level); a block and the new head are written in one atomic batch, so a crash
 * either commits the whole block or none of it. `verify()` re-checks every link, hash and signature and names the
 * first block where something is wrong: a reordered, altered or missing block is a LedgerError.
 */
import { ClassicLevel } from 'classic-level';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { DecodeError } from '../../core/errors.js';
import { LedgerError } from '../errors.js';

export interface ChainBTx {
  kind: string;
  /** Ed25519 public key of the signer, hex. */
  from: string;
  /** Application payload, hex. */
  payload: string;
  /** Signer's clock, ms since the epoch. */
  time: number;
  /** Ed25519 signature over txSigningBytes, hex. */
  sig: string;
}

export interface ChainBBlock {
  height: number;
  prev: string;
  time: number;
  txs: ChainBTx[];
  /** sha256 over the transactions' signing bytes and signatures. */
  txRoot: string;
  producer: string;
  sig: string;
  hash: string;
}

const enc = new TextEncoder();
const GENESIS_PREV = '00'.repeat(32);
const blockKey = (h: number) => `block:${h.toString().padStart(12, '0')}`;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));

function lp(b: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length);
  out.set(b, 4);
  return out;
}

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n));
  return out;
}

/** The bytes a participant signs for a transaction (length-prefixed, domain-separated). */
export function txSigningBytes(kind: string, from: Uint8Array, payload: Uint8Array, time: number): Uint8Array {
  return concatBytes(enc.encode('medexchain/chain-b/tx/v1'), lp(enc.encode(kind)), lp(from), lp(payload), u64(time));
}

export function signTx(sk: Uint8Array, kind: string, payload: Uint8Array, time: number): ChainBTx {
  const from = ed25519.getPublicKey(sk);
  return {
    kind,
    from: hex(from),
    payload: hex(payload),
    time,
    sig: hex(ed25519.sign(txSigningBytes(kind, from, payload, time), sk)),
  };
}

export function verifyTx(tx: ChainBTx): boolean {
  try {
    return ed25519.verify(
      unhex(tx.sig),
      txSigningBytes(tx.kind, unhex(tx.from), unhex(tx.payload), tx.time),
      unhex(tx.from),
    );
  } catch {
    return false;
  }
}

function txRoot(txs: ChainBTx[]): string {
  return hex(
    sha256(
      concatBytes(
        ...txs.map((t) =>
          lp(concatBytes(txSigningBytes(t.kind, unhex(t.from), unhex(t.payload), t.time), unhex(t.sig))),
        ),
      ),
    ),
  );
}

function headerBytes(b: Omit<ChainBBlock, 'sig' | 'hash'>): Uint8Array {
  return concatBytes(
    enc.encode('medexchain/chain-b/block/v1'),
    u64(b.height),
    unhex(b.prev),
    u64(b.time),
    unhex(b.txRoot),
    unhex(b.producer),
  );
}

export class ChainB {
  private head = 0;
  private headHash = GENESIS_PREV;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly db: ClassicLevel<string, string>,
    private readonly producerSk: Uint8Array,
    readonly producer: string,
  ) {}

  /**
   * Opens chain B in `dir` with the block producer's key (created and fixed at genesis) and checks the whole chain.
   * A chain whose stored producer differs from the key given is refused. With `check: false` (the auditor) the chain
   * opens even if inconsistent, so that `verify()` can list every problem.
   */
  static async open(dir: string, producerSk: Uint8Array, opts: { check?: boolean } = {}): Promise<ChainB> {
    const db = new ClassicLevel<string, string>(dir, { valueEncoding: 'utf8' });
    try {
      await db.open();
    } catch (e) {
      throw new LedgerError(dir, `cannot open chain B store: ${(e as Error).message}`);
    }
    const producer = hex(ed25519.getPublicKey(producerSk));
    try {
      const stored = await db.get('producer');
      if (stored === undefined) await db.put('producer', producer);
      else if (stored !== producer)
        throw new LedgerError('chain B genesis', 'block producer key differs from the stored one');
      const chain = new ChainB(db, producerSk, producer);
      const issues = await chain.verify();
      if (issues.length && opts.check !== false) throw issues[0]!;
      return chain;
    } catch (e) {
      await db.close();
      throw e;
    }
  }

  height(): number {
    return this.head;
  }

  /** Seals `txs` (each already signed by its participant) into the next block. Rejects a badly signed tx. */
  append(txs: ChainBTx[], time = Date.now()): Promise<ChainBBlock> {
    const run = async () => {
      for (const t of txs)
        if (!verifyTx(t))
          throw new LedgerError(`chain B block ${this.head}`, `transaction '${t.kind}' has a bad signature`);
      const body = { height: this.head, prev: this.headHash, time, txs, txRoot: txRoot(txs), producer: this.producer };
      const h = headerBytes(body);
      const block: ChainBBlock = { ...body, sig: hex(ed25519.sign(h, this.producerSk)), hash: hex(sha256(h)) };
      await this.db.batch([
        { type: 'put', key: blockKey(block.height), value: JSON.stringify(block) },
        { type: 'put', key: 'head', value: String(block.height + 1) },
      ]);
      this.head = block.height + 1;
      this.headHash = block.hash;
      return block;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  async block(height: number): Promise<ChainBBlock> {
    const s = await this.db.get(blockKey(height));
    if (s === undefined) throw new LedgerError(`chain B block ${height}`, 'missing');
    try {
      return parseBlock(JSON.parse(s));
    } catch (e) {
      throw new LedgerError(`chain B block ${height}`, `unreadable: ${(e as Error).message}`);
    }
  }

  async *blocks(): AsyncGenerator<ChainBBlock> {
    for (let h = 0; h < this.head; h++) yield await this.block(h);
  }

  /**
   * Re-checks the whole chain from genesis: heights in order, each parent hash, each block hash, the producer's
   * signature and every transaction signature. Returns every problem found (empty: consistent) and sets the head
   * to the stored one.
   */
  async verify(): Promise<LedgerError[]> {
    const issues: LedgerError[] = [];
    const stored = await this.db.get('head');
    const height = stored === undefined ? 0 : Number(stored);
    if (!Number.isSafeInteger(height) || height < 0) return [new LedgerError('chain B head', `bad head '${stored}'`)];
    let prev = GENESIS_PREV;
    for (let h = 0; h < height; h++) {
      const where = `chain B block ${h}`;
      let b: ChainBBlock;
      try {
        b = await this.block(h);
      } catch (e) {
        issues.push(e as LedgerError);
        break;
      }
      if (b.height !== h) issues.push(new LedgerError(where, `block claims height ${b.height} (reordered)`));
      if (b.prev !== prev) issues.push(new LedgerError(where, 'parent hash does not link to the previous block'));
      if (b.producer !== this.producer)
        issues.push(new LedgerError(where, "not produced by the chain's block producer"));
      if (b.txRoot !== txRoot(b.txs))
        issues.push(new LedgerError(where, "transactions do not match the block's txRoot"));
      const hb = headerBytes(b);
      if (hex(sha256(hb)) !== b.hash) issues.push(new LedgerError(where, 'block hash does not match its header'));
      let sigOk = false;
      try {
        sigOk = ed25519.verify(unhex(b.sig), hb, unhex(b.producer));
      } catch {
        sigOk = false;
      }
      if (!sigOk) issues.push(new LedgerError(where, 'bad block signature'));
      b.txs.forEach((t, i) => {
        if (!verifyTx(t)) issues.push(new LedgerError(`${where} tx ${i}`, 'bad transaction signature'));
      });
      prev = b.hash;
    }
    this.head = height;
    this.headHash = prev;
    return issues;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    await this.db.close();
  }

  /** Raw access for tests that tamper with the store on purpose. */
  get rawStore(): ClassicLevel<string, string> {
    return this.db;
  }
}

const isHex = (s: unknown, bytes?: number): s is string =>
  typeof s === 'string' && /^([0-9a-f]{2})*$/.test(s) && (bytes === undefined || s.length === 2 * bytes);
const isTime = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** Strict shape check of a stored block (what comes back from disk is not trusted). */
export function parseBlock(o: unknown): ChainBBlock {
  const b = o as ChainBBlock;
  const ok =
    typeof b === 'object' &&
    b !== null &&
    isTime(b.height) &&
    isHex(b.prev, 32) &&
    isTime(b.time) &&
    Array.isArray(b.txs) &&
    isHex(b.txRoot, 32) &&
    isHex(b.producer, 32) &&
    isHex(b.sig, 64) &&
    isHex(b.hash, 32) &&
    b.txs.every(
      (t) =>
        typeof t === 'object' &&
        t !== null &&
        typeof t.kind === 'string' &&
        isHex(t.from, 32) &&
        isHex(t.payload) &&
        isTime(t.time) &&
        isHex(t.sig, 64),
    );
  if (!ok) throw new DecodeError('format', 'chain B block');
  return b;
}
