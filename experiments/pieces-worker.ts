/**
 * Entry point of one piece's child process (see experiments/pieces.ts): loads the piece's writer, calls it on the
 * staged subfolder, and reports the files written.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isPieceName, PIECES, type PieceJob, type PieceResult } from './pieces.js';
import type { ChildMessage } from './lib/child.js';

/** Sends a message; resolves once it is handed to the channel (flushed before the process disconnects). */
function send(m: ChildMessage<PieceResult>): Promise<void> {
  if (process.send) return new Promise((res) => process.send!(m, () => res()));
  process.stdout.write(JSON.stringify(m) + '\n');
  return Promise.resolve();
}

async function listFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d)) {
      const p = join(d, e);
      if ((await stat(p)).isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

function serializable(v: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)));
  } catch {
    return undefined;
  }
}

try {
  const job = JSON.parse(process.argv[2] ?? '') as PieceJob;
  if (!isPieceName(job.piece)) throw new Error(`unknown piece ${String(job.piece)}`);
  const spec = PIECES[job.piece];
  const write = await spec.load();
  void send({ type: 'progress', label: `${job.piece}: writing` });
  const returned = await write(job.outDir, spec.options(job.quick, job.seed));
  const result: PieceResult = {
    piece: job.piece,
    present: true,
    detail: `written by ${write.name || 'its writer'}`,
    files: await listFiles(job.outDir),
    returned: serializable(returned),
  };
  await send({ type: 'result', result });
} catch (e) {
  await send({ type: 'error', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
  process.exitCode = 1;
}
process.disconnect?.();
