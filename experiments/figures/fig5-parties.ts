/**
 * Fig. 5 (ours), per party: the median time of each party over the whole flow with interquartile whiskers over
 * repeated runs; one panel per backend, parties on the x axis, one bar per scheme. Input rows are those of
 * `computeRows` (experiments/analysis/tables.ts) grouped by party.
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

export function partySpec(rows: readonly CsvRow[], text: FigureText): TopLevelSpec {
  return {
    ...header(text),
    data: { values: values(rows) },
    facet: { row: { field: 'backend', type: 'nominal', title: 'backend' } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 900,
      height: 170,
      encoding: {
        x: { field: 'party', type: 'nominal', title: 'party', axis: { labelAngle: -30 } },
        color: { field: 'scheme', type: 'nominal', title: 'scheme' },
      },
      layer: [
        {
          mark: 'bar',
          encoding: {
            xOffset: { field: 'scheme' },
            y: { field: 'median_ms', type: 'quantitative', title: 'median time (ms)' },
            tooltip,
          },
        },
        whiskers('scheme'),
      ],
    },
  } as TopLevelSpec;
}

export const fig5Parties = defineFigure({
  file: 'figures/fig5-parties',
  title: 'Fig. 5 (ours): computational overhead per party',
  kind: 'measured',
  against: () => "the paper's Fig. 5 (comparison of computational overhead); the paper's own bars were not recovered",
  dataFiles: ['data/compute.csv', 'data/compute.json'],
  data: (t) => t.compute.filter((r) => r['group_by'] === 'party' && r['precompute'] === true),
  spec: (rows, t) =>
    partySpec(rows, {
      title: 'Computational overhead per party (measured)',
      subtitle: `median and interquartile range; precomputed path; ${t.quick ? 'quick run' : 'full run'}`,
    }),
  caption: (rows) =>
    `Median time per party over the whole flow (precomputed path), on every backend; whiskers span the interquartile range over repeated runs (${runsNote(rows)}).${equalSecurityNote(rows)}`,
});
