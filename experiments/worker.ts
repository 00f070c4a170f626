/**
 * Entry point of one measurement process per backend (mcl-wasm holds one curve per process, so two mcl curves can
 * never share a process). Started by experiments/lib/child.ts as `node --import tsx experiments/worker.ts <job>`
 * with an IPC channel: the job is JSON in argv[2]; progress and the result go back as IPC messages, so stdout stays
 * free for whatever the measured code prints. Without IPC (run by hand) the result is printed as JSON on stdout.
 */
import { errText, runJob } from './measure/job.js';
import type { WorkerJob, WorkerMessage } from './measure/types.js';

/** Sends a message; resolves once it is handed to the channel (the final result must be flushed before exit). */
function send(m: WorkerMessage): Promise<void> {
  if (process.send) return new Promise((res) => process.send!(m, () => res()));
  else if (m.type === 'result') process.stdout.write(JSON.stringify(m.result) + '\n');
  else if (m.type === 'progress') process.stderr.write(`progress: ${m.label}\n`);
  else if (m.type === 'error') process.stderr.write(`error: ${m.message}\n`);
  return Promise.resolve();
}

try {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  const result = await runJob(
    job,
    (label) => void send({ type: 'progress', label }),
    (partial) => void send({ type: 'partial', result: partial }),
  );
  await send({ type: 'result', result });
} catch (e) {
  await send({ type: 'error', message: errText(e) });
  process.exitCode = 1;
}
process.disconnect?.();
