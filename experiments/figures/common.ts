/**
 * Small helpers the spec builders share. Every builder takes rows of data (the same rows written as CSV/JSON) and
 * returns a Vega-Lite spec; categories (schemes, backends, parties, algorithms) come from the data only.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';

export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** A labelled horizontal reference line (e.g. a number reported by the paper, or a goal). */
export interface Reference {
  label: string;
  value: number;
}

/** The dashed line of a number the paper reports, or none when no scheme declares it. */
export function paperLine(value: number | undefined, unit: string): Reference[] {
  return value === undefined ? [] : [{ label: `paper: ${value} ${unit} (reported)`, value }];
}

export interface FigureText {
  title: string;
  subtitle?: string | string[];
}

export function header(
  t: FigureText,
): Pick<TopLevelSpec, '$schema'> & { title: { text: string; subtitle?: string | string[] } } {
  return { $schema: SCHEMA, title: { text: t.title, ...(t.subtitle ? { subtitle: t.subtitle } : {}) } };
}

/** Copies rows so the spec owns its data (vega annotates data objects in place). */
export function values(rows: readonly CsvRow[]): CsvRow[] {
  return rows.map((r) => ({ ...r }));
}

/** Layers drawing dashed reference rules with their labels, for a chart whose y field is `yField`. */
export function referenceLayers(refs: readonly Reference[]): object[] {
  if (refs.length === 0) return [];
  const data = { values: refs.map((r) => ({ ref_label: r.label, ref_value: r.value })) };
  return [
    {
      data,
      mark: { type: 'rule', strokeDash: [6, 4], color: '#b00', size: 1.5 },
      encoding: { y: { field: 'ref_value', type: 'quantitative' } },
    },
    {
      data,
      mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#b00', fontSize: 11 },
      encoding: { y: { field: 'ref_value', type: 'quantitative' }, x: { value: 0 }, text: { field: 'ref_label' } },
    },
  ];
}

/** Interquartile whiskers over grouped bars (offset by `xOffset`), from rows with p25_ms and p75_ms. */
export const whiskers = (xOffset: string) => ({
  mark: { type: 'rule', color: '#333' },
  encoding: {
    xOffset: { field: xOffset, bandPosition: 0.5 },
    y: { field: 'p25_ms', type: 'quantitative' },
    y2: { field: 'p75_ms' },
  },
});

/** The tooltip of the timing figures. */
export const timingTooltip = [
  { field: 'scheme' },
  { field: 'backend' },
  { field: 'party' },
  { field: 'algorithm' },
  { field: 'median_ms', title: 'median (ms)' },
  { field: 'p25_ms' },
  { field: 'p75_ms' },
  { field: 'runs' },
];

/** "a–b runs each" over rows with a `runs` column. */
/**
 * A caption sentence naming the flows that ran on another group than their backend (Umbral on secp256k1): their bars
 * stand next to the others without being an equal-security comparison. Empty when there are none.
 */
export function equalSecurityNote(rows: readonly CsvRow[]): string {
  const other = new Map<string, string>();
  for (const r of rows) {
    const on = String(r['ran_on'] ?? '');
    const b = String(r['backend'] ?? '');
    if (on && b && on !== b && !on.startsWith(`${b}/`)) other.set(String(r['scheme']), on);
  }
  if (other.size === 0) return '';
  const list = [...other].map(([s, on]) => `${s} runs on ${on}`).join(', ');
  return ` Not an equal-security comparison everywhere: ${list} whatever the backend, next to the backend's own pairing groups.`;
}

export function runsNote(rows: readonly CsvRow[]): string {
  const ns = rows.map((r) => Number(r['runs']));
  return ns.length ? `${Math.min(...ns)}–${Math.max(...ns)} runs each` : 'no runs';
}
