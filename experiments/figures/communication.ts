/**
 * Communication overhead: total bytes per scheme, one bar per accounting (the paper's group-element accounting at
 * 80-bit Type-A sizes, the same accounting at each backend's sizes, and measured wire bytes), with optional reference
 * lines (the paper's reported figure). Input: long rows {scheme, accounting, bytes, kind}.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { paperReported } from '../analysis/paper.js';
import { header, paperLine, referenceLayers, values, type FigureText, type Reference } from './common.js';
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
          // paper accounting first, then what the implementation sends, then the wire (the `order` field)
          xOffset: { field: 'accounting', sort: { field: 'order', op: 'min' } },
          y: { field: 'bytes', type: 'quantitative', title: 'bytes (whole flow)' },
          color: {
            field: 'accounting',
            type: 'nominal',
            title: 'accounting',
            sort: { field: 'order', op: 'min' },
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
 * The communication table's TOTAL rows in long form, the three accountings side by side: the paper accounting once
 * per scheme (it does not depend on the backend), and per backend the elements the implementation really sends (at
 * their real sizes, signatures as 64-byte Ed25519) and the measured wire bytes.
 */
export function communicationLong(comm: readonly CsvRow[]): CsvRow[] {
  const long: CsvRow[] = [];
  for (const r of comm.filter((x) => x['message'] === 'TOTAL')) {
    if (!long.some((c) => c['scheme'] === r['scheme'] && c['kind'] === 'theoretical'))
      long.push({
        scheme: r['scheme']!,
        accounting: 'paper accounting at 80-bit Type A (elements x size)',
        order: 0,
        bytes: r['bytes_80bit_typeA']!,
        kind: 'theoretical',
      });
    if (r['impl_bytes'] !== null && r['impl_bytes'] !== undefined && r['backend'])
      long.push({
        scheme: r['scheme']!,
        accounting: `implementation elements on ${r['backend']}`,
        order: 1,
        bytes: r['impl_bytes'],
        kind: 'measured',
      });
    if (r['wire_bytes'] !== null && r['backend'])
      long.push({
        scheme: r['scheme']!,
        accounting: `measured wire bytes on ${r['backend']}`,
        order: 2,
        bytes: r['wire_bytes']!,
        kind: 'measured',
      });
  }
  return long;
}

export const communication = defineFigure<CsvRow[]>({
  file: 'figures/communication',
  title: 'Communication overhead',
  kind: 'measured and theoretical',
  against: (_d, t) => {
    const b = paperReported(t.subject).commBytes;
    return b === undefined
      ? 'no paper figure (no scheme declares one)'
      : `the paper's reported ${b} bytes (dashed line)`;
  },
  dataFiles: ['data/communication.csv', 'data/communication.json'],
  data: (t) => communicationLong(t.comm),
  spec: (rows, t) =>
    communicationSpec(
      rows,
      {
        title: 'Communication overhead per scheme',
        subtitle: 'paper-style accounting (theoretical), elements really sent and real encodings (measured)',
      },
      paperLine(paperReported(t.subject).commBytes, 'B'),
    ),
  caption: () =>
    "Bytes over the whole flow, three ways for every scheme. 'Paper accounting' counts each message's declared group elements at the 80-bit Type-A sizes (|G| = |GT| = 128 B, |Zq| = 20 B), as the paper does (a signature as one group element); 'implementation elements' are the cryptographic elements the implementation really sends, by name, at their real sizes on each backend (Ed25519 signatures at 64 B, hashes at 32 B, nonces); 'measured wire bytes' are the lengths of the real encodings (those elements plus identifiers, CIDs, timestamps, lengths and the sealed record).",
});
