/**
 * Unit costs of the counted primitives per backend (log scale): the inputs of every theoretical number.
 * Input: rows of `unitCostRows`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { header, values, type FigureText } from './common.js';
import { defineFigure } from './figure.js';
import { UNIT_COST_METHOD } from '../measure/unitcosts.js';

export function unitCostSpec(rows: readonly CsvRow[], text: FigureText): TopLevelSpec {
  return {
    ...header(text),
    data: { values: values(rows) },
    width: 680,
    height: 280,
    mark: 'bar',
    encoding: {
      x: { field: 'op', type: 'nominal', title: 'primitive', axis: { labelAngle: -45 } },
      xOffset: { field: 'backend' },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'median time per operation (ms, log)' },
      color: { field: 'backend', type: 'nominal', title: 'backend' },
      tooltip: [
        { field: 'backend' },
        { field: 'op' },
        { field: 'ms' },
        { field: 'how' },
        { field: 'rme_percent' },
        { field: 'samples' },
      ],
    },
  } as TopLevelSpec;
}

export const unitCosts = defineFigure({
  file: 'figures/unit-costs',
  title: 'Unit costs of the primitives',
  kind: 'measured',
  against: () => 'inputs of the theoretical comparison (the paper states no unit costs)',
  dataFiles: ['data/unit-costs.csv', 'data/unit-costs.json'],
  data: (t) => t.units.filter((r) => r['op'] !== 'pairing'),
  spec: (rows) =>
    unitCostSpec(rows, { title: 'Unit costs per backend (measured)', subtitle: 'median ms per operation, log scale' }),
  caption: () =>
    `Median time of each counted primitive per backend (${UNIT_COST_METHOD}). These are the inputs of every theoretical number.`,
});
