/**
 * A worker thread of the built-in verifier (see `parallel.ts`): it builds the model from the file's text once, then
 * checks the claims the main thread hands it, one at a time, each under the deadline it comes with.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseSpdl } from '../spdl/parse.js';
import { buildModel } from './model.js';
import { verifyClaim } from './index.js';
import type { ClaimJob, WorkerInput } from './parallel.js';

const input = workerData as WorkerInput;
const model = buildModel(parseSpdl(input.text, input.file));
parentPort!.on('message', (job: ClaimJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  const verdict = verifyClaim(model, model.claims[job.claim]!, input.maxRuns, job.deadline, input.opts);
  parentPort!.postMessage({ claim: job.claim, verdict });
});
