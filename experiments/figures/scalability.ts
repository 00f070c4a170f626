/**
 * Scalability: the full flow's cost against each swept parameter (one panel per parameter), log-log axes; lines are
 * the cost model with measured unit costs (kind 'theoretical'); points are every other kind (measured runs, or
 * measured step times composed), shaped by kind. Input: rows of `scalabilityRows` for one backend.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../lib/csv.js';
import { header, values, type FigureText } from './common.js';

export function scalabilitySpec(rows: readonly CsvRow[], text: FigureText): TopLevelSpec {
  return {
    ...header(text),
    data: { values: values(rows) },
    facet: { column: { field: 'parameter', type: 'nominal', title: null } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 220,
      height: 220,
      encoding: {
        x: {
          field: 'value',
          type: 'quantitative',
          scale: { type: 'log', base: 2 },
          title: 'parameter value (log scale)',
        },
        y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'full flow (ms, log scale)' },
        color: { field: 'scheme', type: 'nominal', title: 'scheme' },
        tooltip: [{ field: 'scheme' }, { field: 'parameter' }, { field: 'value' }, { field: 'ms' }, { field: 'kind' }],
      },
      layer: [
        { transform: [{ filter: "datum.kind === 'theoretical'" }], mark: { type: 'line', strokeWidth: 1.5 } },
        {
          transform: [{ filter: "datum.kind !== 'theoretical'" }],
          mark: { type: 'point', filled: true, size: 45 },
          encoding: { shape: { field: 'kind', type: 'nominal', title: 'points' } },
        },
      ],
    },
  } as TopLevelSpec;
}
