/**
 * Fig. 5 (ours), per algorithm: one panel per scheme, that scheme's algorithms (with the party running each) on the
 * x axis, one bar per backend: the median time with interquartile whiskers. Input rows are those of `computeRows`
 * (experiments/analysis/tables.ts) grouped by algorithm.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import {
  header,
  equalSecurityNote,
  runsNote,
  timingTooltip as tooltip,
  values,
  whiskers,
  type FigureText,
} from './common.js';
import { defineFigure } from './figure.js';

export function algorithmSpec(rows: readonly CsvRow[], text: FigureText): TopLevelSpec {
  const data: CsvRow[] = values(rows).map((r) => ({ ...r, step: `${r['party']}: ${r['algorithm']}` }));
  // One panel per scheme (each has its own algorithms), stacked vertically. Built as a vconcat of filtered views
  // rather than a facet: Vega-Lite sizes grouped (xOffset) bars wrongly in facets with independent x scales.
  const schemesInData = [...new Set(data.map((r) => String(r['scheme'])))];
  return {
    ...header(text),
    data: { values: data },
    vconcat: schemesInData.map((scheme) => ({
      title: { text: scheme, anchor: 'middle', fontSize: 12 },
      transform: [{ filter: { field: 'scheme', equal: scheme } }],
      width: 900,
      height: 140,
      encoding: {
        x: { field: 'step', type: 'nominal', title: null, axis: { labelAngle: -30 } },
        color: { field: 'backend', type: 'nominal', title: 'backend' },
      },
      layer: [
        {
          mark: 'bar',
          encoding: {
            xOffset: { field: 'backend' },
            y: { field: 'median_ms', type: 'quantitative', title: 'median (ms)' },
            tooltip,
          },
        },
        whiskers('backend'),
      ],
    })),
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

export const fig5Algorithms = defineFigure({
  file: 'figures/fig5-algorithms',
  title: 'Fig. 5 (ours): computational overhead per algorithm',
  kind: 'measured',
  against: () => "the paper's Fig. 5",
  dataFiles: ['data/compute.csv', 'data/compute.json'],
  data: (t) => t.compute.filter((r) => r['group_by'] === 'algorithm' && r['precompute'] === true),
  spec: (rows) =>
    algorithmSpec(rows, {
      title: 'Computational overhead per algorithm (measured)',
      subtitle: 'median and interquartile range; precomputed path',
    }),
  caption: (rows) =>
    `Median time of each algorithm (labelled with the party that runs it), per scheme and backend; whiskers: interquartile range (${runsNote(rows)}).${equalSecurityNote(rows)}`,
});
