/**
 * Entry point of one optional piece's child process (see experiments/pieces.ts): imports the piece's module if it
 * exists, calls its writer on the staged subfolder, and reports the files written. A module that does not exist (or
 * lacks the writer) is reported as missing, not as a failure.
 */
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PIECES, type PieceJob, type PieceResult } from './pieces.js';
import type { ChildMessage } from './lib/child.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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
  const spec = PIECES.find((p) => p.name === job.piece);
  if (!spec) throw new Error(`unknown piece ${job.piece}`);
  let result: PieceResult = {
    piece: spec.name,
    present: false,
    detail: `none of ${spec.modules.join(', ')} exports ${spec.exportName}`,
    files: [],
  };
  for (const m of spec.modules) {
    const abs = join(root, m);
    if (!existsSync(abs)) continue;
    const mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
    const fn = mod[spec.exportName];
    if (typeof fn !== 'function') continue;
    void send({ type: 'progress', label: `${spec.name}: ${m}` });
    const returned = await (fn as (dir: string, opts: object) => Promise<unknown>)(
      job.outDir,
      spec.options(job.quick, job.seed),
    );
    result = {
      piece: spec.name,
      present: true,
      detail: `${m} ${spec.exportName}`,
      files: await listFiles(job.outDir),
      returned: serializable(returned),
    };
    break;
  }
  await send({ type: 'result', result });
} catch (e) {
  await send({ type: 'error', message: e instanceof Error ? e.message.split('\n')[0]! : String(e) });
  process.exitCode = 1;
}
process.disconnect?.();
