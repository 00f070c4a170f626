/**
 * What one measurement worker (one backend, one process) reports back to the orchestrator. Plain JSON: it crosses
 * a process boundary.
 */
import type { BackendInfo } from '../../core/groups/types.js';
import type { SchemeParams } from '../../core/types.js';
import type { StoryResult } from '../../core/story.js';
import type { UnitCost, UnitCostConsistency } from './unitcosts.js';

export interface WorkerJob {
  backend: string;
  seed: string;
  quick: boolean;
  /** Run the parameter sweeps (scalability, measured) on this backend. */
  sweep: boolean;
  /** Schemes to include (registry names); all that support the backend if absent. */
  schemes?: string[];
  /** Wall-clock deadline (epoch ms): series not started by then are skipped, and the report says so. */
  deadline?: number;
}

/** Repeated stories of one scheme in one configuration. */
export interface StorySeries {
  scheme: string;
  precompute: boolean;
  params: SchemeParams;
  /** What the sweep varied, if this series belongs to one. */
  sweep?: { parameter: string; value: number };
  /** Timed runs (after warm-up). */
  runs: StoryResult[];
  warmup: number;
  /** A failure to create or run the scheme here, instead of runs. */
  error?: string;
}

export interface WorkerResult {
  backend: BackendInfo;
  job: WorkerJob;
  unitCosts: UnitCost[];
  /** The measured consistency of the unit costs (parts of a pairing against the timed pairing). */
  consistency?: UnitCostConsistency;
  series: StorySeries[];
  /** Problems that did not stop the worker (a scheme that failed, a missing optional module). */
  notes: string[];
  elapsedMs: number;
}

export type WorkerMessage =
  | { type: 'progress'; label: string }
  | { type: 'partial'; result: WorkerResult }
  | { type: 'result'; result: WorkerResult }
  | { type: 'error'; message: string };
