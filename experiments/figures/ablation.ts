/**
 * Precomputation ablation: speedup of the precomputed path over the naive one on the full flow, per scheme (x) and
 * backend (bars: measured; black ticks: the cost model's ratio), with a reference line at the goal.
 * Input: rows of `ablationRows`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { header, referenceLayers, values, type FigureText, type Reference } from './common.js';
import { defineFigure } from './figure.js';

export function ablationSpec(rows: readonly CsvRow[], text: FigureText, refs: readonly Reference[] = []): TopLevelSpec {
  return {
    ...header(text),
    width: 560,
    height: 280,
    layer: [
      {
        data: { values: values(rows) },
        encoding: {
          x: { field: 'scheme', type: 'nominal', title: 'scheme', axis: { labelAngle: -30 } },
          xOffset: { field: 'backend' },
          color: { field: 'backend', type: 'nominal', title: 'backend' },
          tooltip: [
            { field: 'scheme' },
            { field: 'backend' },
            { field: 'naive_ms' },
            { field: 'precomputed_ms' },
            { field: 'speedup' },
            { field: 'model_speedup' },
          ],
        },
        layer: [
          {
            mark: 'bar',
            encoding: { y: { field: 'speedup', type: 'quantitative', title: 'speedup: naive / precomputed (x)' } },
          },
          {
            mark: { type: 'tick', color: 'black', thickness: 2 },
            encoding: { y: { field: 'model_speedup', type: 'quantitative' } },
          },
        ],
      },
      ...referenceLayers(refs),
    ],
  } as TopLevelSpec;
}

export const ablation = defineFigure({
  file: 'figures/ablation',
  title: 'Precomputation ablation',
  kind: 'measured and theoretical',
  against: () => 'no paper figure (our ablation)',
  dataFiles: ['data/ablation.csv', 'data/ablation.json'],
  data: (t) => t.ablation,
  spec: (rows) =>
    ablationSpec(rows, { title: 'Speedup from precomputation', subtitle: 'naive / precomputed, whole flow' }, [
      { label: 'goal: 1.5x', value: 1.5 },
    ]),
  caption: () =>
    "Speedup of the precomputed path (fixed-base tables, precomputed pairings, multi-pairings) over the naive one on the whole flow: bars are measured medians, black ticks the cost model's ratio. Goal: at least 1.5x.",
});
