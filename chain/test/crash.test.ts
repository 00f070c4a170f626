/** @jest-environment ./chain/test/hsd-environment.mjs */
/**
 * Crash safety: a child process writing to every store is killed with SIGKILL mid-stream, three times, each time
 * restarted on the same directory. After each kill, every write the child reported as committed must still be there
 * and intact, and every store must reopen and verify: chain A replays to the same state roots, chain B's archived
 * blocks replay into a fresh hsd node (which validates them again), blobs hash to their CIDs, and the relay still refuses every nonce it had admitted.
 */
import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvmChain } from '../chainA/evm.js';
import { ChainA, type Deployment } from '../chainA/contracts.js';
import { hex } from '../chainA/abi.js';
import { ChainB } from '../chainB/hsd.js';
import { BlobStore } from '../storage/blobstore.js';
import { RelayState } from '../relay/state.js';
import { ReplayError } from '../errors.js';
import { PRODUCER_KEY, WINDOW_MS } from './crash-constants.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Runs the writer until it has reported `lines` commits (after `ready`), then SIGKILLs it. */
function runAndKill(dir: string, lines: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'crash-writer.ts'), dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buf = '';
    let err = '';
    const committed: string[] = [];
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line !== 'ready') committed.push(line);
      }
      if (!killed && committed.length >= lines) {
        killed = true;
        child.kill('SIGKILL'); // lands wherever the writer is: inside a LevelDB batch, a file write, an EVM run
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(committed);
      else reject(new Error(`writer exited with ${code}: ${err}`));
    });
  });
}

describe('crash safety', () => {
  it('loses no committed record and leaves no corrupt state after SIGKILL, three times over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mx-crash-'));
    const all: string[] = [];
    for (const lines of [13, 19, 26]) {
      all.push(...(await runAndKill(dir, lines)));

      const evm = await EvmChain.open(join(dir, 'a')); // replays and checks every block
      const a = await ChainA.connect(evm, JSON.parse(readFileSync(join(dir, 'deployment.json'), 'utf8')) as Deployment);
      const b = await ChainB.open({ dir: join(dir, 'b'), minerKey: PRODUCER_KEY }); // hsd re-validates every block
      const store = new BlobStore(join(dir, 'blobs'));
      const state = await RelayState.open(join(dir, 'relay'), WINDOW_MS);
      try {
        const count = await a.auditCount();
        const events = await a.auditEvents();
        expect(events.length).toBe(Number(count));
        for (const line of all) {
          const [kind, x, y] = line.split(' ') as [string, string, string?];
          if (kind === 'A') {
            expect(BigInt(x)).toBeLessThan(count);
            expect(hex(await a.auditRecordHash(BigInt(x)))).toBe(y);
          } else if (kind === 'B') {
            expect(Number(x)).toBeLessThanOrEqual(b.height());
            expect((await b.block(Number(x))).hash).toBe(y);
          } else if (kind === 'S') {
            expect(store.get(x).length).toBeGreaterThan(0);
          } else if (kind === 'N') {
            await expect(state.admit('hospital-b', new Uint8Array(Buffer.from(x, 'hex')), Date.now())).rejects.toThrow(
              ReplayError,
            );
          }
        }
        expect(await b.verify()).toEqual([]);
        for (const cid of store.list()) store.get(cid);
      } finally {
        await state.close();
        await b.close();
        await evm.close();
      }
    }
    expect(all.filter((l) => l.startsWith('A')).length).toBeGreaterThan(12);
  });
});
