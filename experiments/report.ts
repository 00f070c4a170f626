/**
 * The one-page results/report.md: what was run (date, command line, seed, machine, Node and package versions),
 * the honest comparison with the paper's two recovered headline numbers, every figure embedded with a caption that
 * says whether its numbers are measured or theoretical and which paper figure it stands against, the key tables,
 * and which optional pieces were present. A pure function of its input, so missing pieces are easy to test.
 */
import type { CsvRow } from './lib/csv.js';
import { PAPER } from './analysis/paper.js';

export type NumberKind =
  'measured' | 'theoretical' | 'measured and theoretical' | 'reported by the paper' | 'derived (logic proof)';

export interface FigureEntry {
  /** Path relative to the results folder, without extension (both .svg and .png exist). */
  file: string;
  title: string;
  caption: string;
  kind: NumberKind;
  /** Which figure or number of the paper it stands against, or why none. */
  against: string;
  /** Data files (relative paths) behind the figure. */
  data: string[];
}

export interface HeadlineRow {
  quantity: string;
  paper: string;
  ours: string;
  kind: NumberKind;
  note: string;
}

export interface PieceStatus {
  name: string;
  present: boolean;
  /** What was produced (relative paths) or why it is missing. */
  detail: string;
  files?: string[];
}

export interface BackendStatus {
  name: string;
  curve: string;
  library: string;
  securityBits: number;
  symmetric: boolean;
  ok: boolean;
  detail: string;
}

export interface ReportInput {
  date: string;
  commandLine: string;
  seed: string;
  quick: boolean;
  elapsedS: number;
  machine: { cpu: string; cores: number; memoryGiB: number; os: string; node: string };
  packages: Record<string, string>;
  schemes: { name: string; title: string; citation: string }[];
  backends: BackendStatus[];
  headline: HeadlineRow[];
  figures: FigureEntry[];
  tables: { title: string; kind: NumberKind; against: string; columns: string[]; rows: CsvRow[]; note?: string }[];
  pieces: PieceStatus[];
  notes: string[];
  timingMethod: string;
}

function cell(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  return String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function mdTable(columns: string[], rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return '_(no rows)_';
  return [
    `| ${columns.map(cell).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${columns.map((c) => cell(r[c])).join(' | ')} |`),
  ].join('\n');
}

export function renderReport(r: ReportInput): string {
  const L: string[] = [];
  L.push('# MedExChain: reproduction report');
  L.push('');
  L.push(
    `> **Reconstruction.** The scheme measured here is our reconstruction of MedExChain (${PAPER.citation}) from its ` +
      'abstract and recovered facts (see the reference design); the baselines are published schemes chosen by us, since ' +
      "the paper's own baseline set is unknown. Paper numbers quoted below are the paper's; every other number was " +
      'measured or computed here, and each is labelled.',
  );
  L.push('');
  L.push('## Run');
  L.push('');
  L.push(
    mdTable(
      ['item', 'value'],
      [
        { item: 'date (UTC)', value: r.date },
        { item: 'command line', value: `\`${r.commandLine}\`` },
        { item: 'mode', value: r.quick ? 'quick (few repetitions: indicative timings)' : 'full' },
        { item: 'seed', value: `\`${r.seed}\`` },
        { item: 'wall time', value: `${r.elapsedS.toFixed(1)} s` },
        {
          item: 'machine',
          value: `${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGiB.toFixed(1)} GiB, ${r.machine.os}`,
        },
        { item: 'Node', value: r.machine.node },
        {
          item: 'packages',
          value: Object.entries(r.packages)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        },
        { item: 'timing', value: r.timingMethod },
      ],
    ),
  );
  L.push('');
  L.push('## Against the paper');
  L.push('');
  if (r.headline.length)
    L.push(mdTable(['quantity', 'paper', 'ours', 'kind', 'note'], r.headline as unknown as Record<string, unknown>[]));
  else L.push('_No headline comparison could be made: no scheme with the declarations it needs was measured._');
  L.push('');
  L.push(
    "The paper's machine, library and implementation are unknown to us; a millisecond figure measured there and one " +
      'measured here are not the same experiment. The theoretical row puts our declared operation counts at unit costs ' +
      'of the 80-bit operations, which is the closest like-for-like comparison we can make.',
  );
  L.push('');
  L.push('## Figures');
  L.push('');
  if (r.figures.length === 0) L.push('_No figures were produced._');
  for (const f of r.figures) {
    L.push(`### ${f.title}`);
    L.push('');
    L.push(`![${f.title}](${f.file}.png)`);
    L.push('');
    L.push(`${f.caption}`);
    L.push('');
    L.push(
      `*Numbers:* ${f.kind}. *Stands against:* ${f.against}. *Files:* [SVG](${f.file}.svg), [PNG](${f.file}.png)${f.data.length ? ', data ' + f.data.map((d) => `[${d.split('/').pop()}](${d})`).join(', ') : ''}.`,
    );
    L.push('');
  }
  L.push('## Tables');
  L.push('');
  for (const t of r.tables) {
    L.push(`### ${t.title}`);
    L.push('');
    L.push(`*Numbers:* ${t.kind}. *Stands against:* ${t.against}.${t.note ? ` ${t.note}` : ''}`);
    L.push('');
    L.push(mdTable(t.columns, t.rows));
    L.push('');
  }
  L.push('## Schemes and backends');
  L.push('');
  L.push(mdTable(['name', 'title', 'citation'], r.schemes));
  L.push('');
  L.push(
    mdTable(
      ['name', 'curve', 'library', 'securityBits', 'symmetric', 'status'],
      r.backends.map((b) => ({ ...b, status: b.ok ? `measured (${b.detail})` : `not measured: ${b.detail}` })),
    ),
  );
  L.push('');
  L.push('## Optional pieces');
  L.push('');
  L.push(
    mdTable(
      ['piece', 'status', 'detail'],
      r.pieces.map((p) => ({
        piece: p.name,
        status: p.present ? 'included' : 'missing',
        detail: p.detail + (p.files?.length ? ` (${p.files.map((f) => `[${f}](${f})`).join(', ')})` : ''),
      })),
    ),
  );
  L.push('');
  if (r.notes.length) {
    L.push('## Notes from this run');
    L.push('');
    for (const n of r.notes) L.push(`- ${n}`);
    L.push('');
  }
  return L.join('\n');
}
