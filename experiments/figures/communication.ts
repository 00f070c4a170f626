/**
 * Communication overhead: total bytes per scheme, one bar per accounting (the paper's group-element accounting at
 * 80-bit Type-A sizes, the same accounting at each backend's sizes, and measured wire bytes), with optional reference
 * lines (the paper's reported figure). Input: long rows {scheme, accounting, bytes, kind}.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { PAPER } from '../analysis/paper.js';
import { header, referenceLayers, values, type FigureText, type Reference } from './common.js';
import { defineFigure } from './figure.js';

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
            legend: { orient: 'bottom', columns: 2 },
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

/**
 * The communication table's TOTAL rows in long form: the paper accounting once per scheme (it does not depend on the
 * backend) and the measured wire bytes per backend.
 */
export function communicationLong(comm: readonly CsvRow[]): CsvRow[] {
  const long: CsvRow[] = [];
  for (const r of comm.filter((x) => x['message'] === 'TOTAL')) {
    if (!long.some((c) => c['scheme'] === r['scheme'] && c['kind'] === 'theoretical'))
      long.push({
        scheme: r['scheme']!,
        accounting: 'paper accounting at 80-bit Type A (elements x size)',
        bytes: r['bytes_80bit_typeA']!,
        kind: 'theoretical',
      });
    if (r['wire_bytes'] !== null && r['backend'])
      long.push({
        scheme: r['scheme']!,
        accounting: `measured wire bytes on ${r['backend']}`,
        bytes: r['wire_bytes']!,
        kind: 'measured',
      });
  }
  return long;
}

export const communication = defineFigure({
  file: 'figures/communication',
  title: 'Communication overhead',
  kind: 'measured and theoretical',
  against: () => `the paper's reported ${PAPER.commBytes} bytes (dashed line)`,
  dataFiles: ['data/communication.csv', 'data/communication.json'],
  data: (t) => communicationLong(t.comm),
  spec: (rows) =>
    communicationSpec(
      rows,
      {
        title: 'Communication overhead per scheme',
        subtitle: 'paper-style accounting (theoretical) and real encodings (measured)',
      },
      [{ label: `paper: ${PAPER.commBytes} B (reported)`, value: PAPER.commBytes }],
    ),
  caption: () =>
    "Bytes over the whole flow. 'Paper accounting' counts each message's declared group elements at the 80-bit Type-A sizes (|G| = |GT| = 128 B, |Zq| = 20 B), as the paper does; 'measured wire bytes' are the lengths of the real encodings (compressed points, identifiers, CIDs, timestamps, proofs) on each backend.",
});
