/**
 * A games worker thread (started by pool.ts through worker-boot.mjs): plays the tasks the main thread sends, one at a
 * time, each a function exported by a module (`module`, `fn`) applied to this thread's JobEnv and the task's
 * argument, and posts the result back.
 */
import { parentPort } from 'node:worker_threads';
import { JobEnv } from './jobs.js';
import { threadCpuMs, type TaskMessage, type TaskReply } from './pool.js';

const env = new JobEnv();
const port = parentPort;
if (!port) throw new Error('proofs/games/worker.ts runs only as a worker thread');

port.on('message', (m: TaskMessage) => {
  void (async () => {
    let reply: TaskReply;
    try {
      const mod = (await import(m.module)) as Record<string, unknown>;
      const fn = mod[m.fn];
      if (typeof fn !== 'function') throw new Error(`${m.module} exports no function '${m.fn}'`);
      const value = await (fn as (e: JobEnv, a: unknown) => Promise<unknown>)(env, m.arg);
      reply = { id: m.id, ok: true, value, cpuMs: threadCpuMs() };
    } catch (e) {
      reply = { id: m.id, ok: false, error: (e as Error).stack ?? String(e) };
    }
    port.postMessage(reply);
  })();
});
