/**
 * CSV in and out (RFC 4180): comma-separated, CRLF-free (LF line ends), fields quoted when they contain a comma,
 * a quote, a newline or leading/trailing space; quotes doubled inside quoted fields. The first line names the
 * columns. Every table the harness writes as CSV is also written as JSON; `parseCsv` with the same column types
 * gives back exactly the rows that were written (tested as a property).
 */
import { MedexError } from './errors.js';

export class CsvError extends MedexError {
  constructor(detail: string) {
    super('csv', `csv: ${detail}`);
  }
}

export type CsvValue = string | number | boolean | null;
export type CsvRow = Record<string, CsvValue>;
export type ColumnType = 'string' | 'number' | 'boolean';

function field(v: CsvValue): string {
  if (v === null) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new CsvError(`non-finite number ${v}`);
    return String(v);
  }
  const s = String(v);
  // An empty string is quoted so that it reads back as '' and not as a missing value (null).
  return s === '' || /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes rows with the given columns (in that order). A column a row lacks is written empty (read back as null). */
export function toCsv(rows: readonly CsvRow[], columns: readonly string[]): string {
  if (columns.length === 0) throw new CsvError('no columns');
  if (new Set(columns).size !== columns.length) throw new CsvError('duplicate column names');
  const lines = [columns.map(field).join(',')];
  for (const r of rows) lines.push(columns.map((c) => field(r[c] ?? null)).join(','));
  return lines.join('\n') + '\n';
}

/** Splits CSV text into records of raw fields, remembering which fields were quoted. */
function tokenize(text: string): { value: string; quoted: boolean }[][] {
  const records: { value: string; quoted: boolean }[][] = [];
  let rec: { value: string; quoted: boolean }[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) return records;
  for (;;) {
    let value = '';
    let quoted = false;
    if (text[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= n) throw new CsvError('unterminated quoted field');
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          value += c;
          i++;
        }
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r')
        throw new CsvError(`unexpected character after closing quote at offset ${i}`);
    } else {
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        if (text[i] === '"') throw new CsvError(`stray quote at offset ${i}`);
        value += text[i++];
      }
    }
    rec.push({ value, quoted });
    if (i >= n) {
      records.push(rec);
      break;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    // end of line (LF or CRLF)
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    records.push(rec);
    rec = [];
    if (i >= n) break;
  }
  return records;
}

/**
 * Parses CSV written by `toCsv`. `types` gives each column's type (default string); an unquoted empty field is
 * null. Throws CsvError on a malformed file, a row of the wrong width, or a value that does not fit its type.
 */
export function parseCsv(text: string, types: Record<string, ColumnType> = {}): { columns: string[]; rows: CsvRow[] } {
  const recs = tokenize(text);
  if (recs.length === 0) throw new CsvError('empty file (no header)');
  const columns = recs[0]!.map((f) => f.value);
  const rows: CsvRow[] = [];
  for (let k = 1; k < recs.length; k++) {
    const rec = recs[k]!;
    if (rec.length !== columns.length)
      throw new CsvError(`line ${k + 1}: ${rec.length} fields, header has ${columns.length}`);
    const row: CsvRow = {};
    rec.forEach((f, j) => {
      const col = columns[j]!;
      if (!f.quoted && f.value === '') {
        row[col] = null;
        return;
      }
      const t = types[col] ?? 'string';
      if (t === 'string') row[col] = f.value;
      else if (t === 'number') {
        const v = Number(f.value);
        if (f.value.trim() === '' || !Number.isFinite(v))
          throw new CsvError(`line ${k + 1}: column ${col}: '${f.value}' is not a number`);
        row[col] = v;
      } else {
        if (f.value !== 'true' && f.value !== 'false')
          throw new CsvError(`line ${k + 1}: column ${col}: '${f.value}' is not a boolean`);
        row[col] = f.value === 'true';
      }
    });
    rows.push(row);
  }
  return { columns, rows };
}

/** The column types of a table, inferred from its first non-null value per column (numbers, booleans, strings). */
export function inferTypes(rows: readonly CsvRow[], columns: readonly string[]): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  for (const c of columns) {
    const v = rows.find((r) => r[c] !== null && r[c] !== undefined)?.[c];
    out[c] = typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
  }
  return out;
}
