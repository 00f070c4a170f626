/**
 * Communication overhead: total bytes per scheme, one bar per accounting (the paper's group-element accounting at
 * 80-bit Type-A sizes, the same accounting at each backend's sizes, and measured wire bytes), with optional reference
 * lines (the paper's reported figure). Input: long rows {scheme, accounting, bytes, kind}.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../lib/csv.js';
import { header, referenceLayers, values, type FigureText, type Reference } from './common.js';

export function communicationSpec(
  rows: readonly CsvRow[],
  text: FigureText,
  refs: readonly Reference[] = [],
): TopLevelSpec {
  return {
    ...header(text),
    width: 620,
    height: 300,
    layer: [
      {
        data: { values: values(rows) },
        encoding: {
          x: { field: 'scheme', type: 'nominal', title: 'scheme', axis: { labelAngle: -30 } },
          xOffset: { field: 'accounting' },
          y: { field: 'bytes', type: 'quantitative', title: 'bytes (whole flow)' },
          color: {
            field: 'accounting',
            type: 'nominal',
            title: 'accounting',
            legend: { orient: 'bottom', columns: 2, labelLimit: 320 },
          },
          tooltip: [{ field: 'scheme' }, { field: 'accounting' }, { field: 'bytes' }, { field: 'kind' }],
        },
        layer: [
          { mark: 'bar' },
          { mark: { type: 'text', dy: -5, fontSize: 8, angle: 0 }, encoding: { text: { field: 'bytes' } } },
        ],
      },
      ...referenceLayers(refs),
    ],
  } as TopLevelSpec;
}
