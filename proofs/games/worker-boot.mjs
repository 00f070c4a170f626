// Entry of a games worker thread: the harness is TypeScript run in place, so the thread registers tsx's loader
// (as bin/medexchain.mjs does for the main thread) before importing the worker module named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
