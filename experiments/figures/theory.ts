/**
 * The theoretical comparison: each scheme's declared cost model times unit costs, stacked by party, next to
 * reference lines (the paper's reported total). Input: rows of `theoryRows` without the TOTAL rows, with the value
 * column to plot named by `field`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../lib/csv.js';
import { header, referenceLayers, values, type FigureText, type Reference } from './common.js';

export function theorySpec(
  rows: readonly CsvRow[],
  text: FigureText,
  field: string,
  refs: readonly Reference[] = [],
): TopLevelSpec {
  return {
    ...header(text),
    width: 560,
    height: 300,
    layer: [
      {
        data: { values: values(rows) },
        mark: 'bar',
        encoding: {
          x: { field: 'scheme', type: 'nominal', title: 'scheme', axis: { labelAngle: -30 } },
          y: {
            field,
            type: 'quantitative',
            aggregate: 'sum',
            title: 'modelled time (ms), stacked by party',
            stack: 'zero',
          },
          color: { field: 'party', type: 'nominal', title: 'party' },
          tooltip: [{ field: 'scheme' }, { field: 'party' }, { field: 'algorithm' }, { field: 'symbols' }, { field }],
        },
      },
      ...referenceLayers(refs),
    ],
  } as TopLevelSpec;
}
