/**
 * Fig. 5 (computational overhead): bar charts of the median time with interquartile whiskers over repeated runs.
 * `partySpec`: one panel per backend, parties on the x axis, one bar per scheme.
 * `algorithmSpec`: one panel per scheme, that scheme's algorithms (with the party running each) on the x axis, one
 * bar per backend. Input rows are those of `computeRows` (experiments/analysis/tables.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../lib/csv.js';
import { header, values, type FigureText } from './common.js';

const whiskers = (xOffset: string) => ({
  mark: { type: 'rule', color: '#333' },
  encoding: {
    xOffset: { field: xOffset, bandPosition: 0.5 },
    y: { field: 'p25_ms', type: 'quantitative' },
    y2: { field: 'p75_ms' },
  },
});

const tooltip = [
  { field: 'scheme' },
  { field: 'backend' },
  { field: 'party' },
  { field: 'algorithm' },
  { field: 'median_ms', title: 'median (ms)' },
  { field: 'p25_ms' },
  { field: 'p75_ms' },
  { field: 'runs' },
];

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
        x: { field: 'step', type: 'nominal', title: null, axis: { labelAngle: -30, labelLimit: 170 } },
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
