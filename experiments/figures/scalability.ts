/**
 * Scalability: the full flow's cost against each swept parameter (one panel per parameter), log-log axes; lines are
 * the cost model with measured unit costs (kind 'theoretical'); points are every other kind (measured runs, or
 * measured step times composed), shaped by kind. Input: rows of `scalabilityRows` for one backend.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { header, values, type FigureText } from './common.js';
import { defineFigure } from './figure.js';

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

export const scalability = defineFigure({
  file: 'figures/scalability',
  title: 'Scalability',
  kind: 'measured and theoretical',
  against: () => "no recovered paper figure (the abstract says some baselines' costs depend on the policy)",
  dataFiles: ['data/scalability.csv', 'data/scalability.json'],
  data: (t) => t.scale.filter((r) => r['backend'] === t.sweepBackend),
  spec: (rows, t) =>
    scalabilitySpec(rows, {
      title: 'Cost against problem size',
      subtitle: `${t.sweepBackend ?? ''}; log-log; lines: model; points: measured or composed from measured steps`,
    }),
  caption: (_rows, t) =>
    `Full-flow cost against the number of ABE attributes (attribute-based schemes), the threshold n of t-of-n (threshold schemes, t = ceil(n/2)), the number of records and the number of hospitals requesting the same record, on ${t.sweepBackend ?? 'no backend'}. Lines: declared cost model x measured unit costs (theoretical). Points: real runs at swept attributes and thresholds (measured, median); for records and hospitals, which do not change a single run, the measured median of each step of the default flow times how often it runs (composed: per record for the device side, per hospital for the hospital and relay side unless the cost model declares otherwise).`,
});
