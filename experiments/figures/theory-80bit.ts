/**
 * The theoretical comparison: each scheme's declared cost model times unit costs, stacked by party, next to
 * reference lines (the paper's reported total). Input: rows of `theoryRows` without the TOTAL rows, with the value
 * column to plot named by `field`.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { paperReported } from '../analysis/paper.js';
import type { UnitCostSource } from '../analysis/tables.js';
import { header, paperLine, referenceLayers, values, type FigureText, type Reference } from './common.js';
import { defineFigure } from './figure.js';

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

export const theory80bit = defineFigure<{ rows: CsvRow[]; src: UnitCostSource }>({
  file: 'figures/theory-80bit',
  title: 'Theoretical comparison at 80-bit security',
  kind: 'theoretical',
  against: (_d, t) => {
    const ms = paperReported(t.subject).totalMs;
    return ms === undefined
      ? 'no paper figure (no scheme declares one)'
      : `the paper's reported total of ${ms} ms (dashed line; measured on the paper's unknown machine)`;
  },
  dataFiles: ['data/theory-80bit.csv', 'data/theory-80bit.json', 'data/unit-costs.csv'],
  data: (t) => (t.src ? { rows: t.theory.filter((r) => r['algorithm'] !== 'TOTAL'), src: t.src } : undefined),
  spec: ({ rows, src }, t) =>
    theorySpec(
      rows,
      {
        title: `Modelled cost with unit costs from ${src.backend}`,
        subtitle: 'declared operation counts x measured unit costs (theoretical)',
      },
      'ms_naive',
      paperLine(paperReported(t.subject).totalMs, 'ms'),
    ),
  caption: ({ src }) =>
    `Each scheme's declared operation counts (symmetric group, naive path) times unit costs measured on ${src.backend}${src.matchesPaper ? " (the paper's kind of group: 80-bit Type-A symmetric pairing)" : ' — a STAND-IN: no 80-bit Type-A backend was measured in this run, so these are not 80-bit unit costs'}; stacked by party. Unit costs: data/unit-costs.csv.`,
});
