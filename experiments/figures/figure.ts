/**
 * What one figure of the report is: its place in the results folder, what its numbers are and stand against, how its
 * data comes from the run's tables, its Vega-Lite spec and its caption. Each figure lives in its own file
 * (experiments/figures/<figure>.ts) and is listed, in report order, in experiments/figures/index.ts.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { NumberKind } from '../report.js';
import type { RunTables } from '../tables.js';

export interface Figure<D = unknown> {
  /** Path relative to the results folder, without extension (both .svg and .png are written). */
  file: string;
  /** The report's heading for it. */
  title: string;
  kind: NumberKind;
  /** Which figure or number of the paper it stands against, or why none. */
  against: (d: D, t: RunTables) => string;
  /** Data files (relative paths) behind it. */
  dataFiles: string[];
  /** Its data from this run's tables, or undefined when there is nothing to draw (the figure is then left out). */
  data(t: RunTables): D | undefined;
  spec(d: D, t: RunTables): TopLevelSpec;
  caption(d: D, t: RunTables): string;
}

/** Keeps a figure's data type inside its file: the list holds figures of different data types. */
export function defineFigure<D>(f: Figure<D>): Figure {
  return f as unknown as Figure;
}
