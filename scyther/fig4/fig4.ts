/**
 * Fig. 4 of the MedExChain paper shows Scyther's verdicts on its model. We regenerate it from a real Scyther run on
 * the SPDL model exported from each registered scheme that declares a protocol description (every registered
 * scheme), together with the generated ablations: one column per model, one row per claim, cell = Ok / Fail, and a
 * summary table of schemes by ablation. These are our models (schemes/<name>/protocol.ts), not the paper's.
 *
 * Each ablation carries the exporter's prediction (`expectAttack`): removing a protective mechanism should be
 * attacked; reusing a re-encryption capability on another record should be attacked exactly when the capability
 * is not bound to the record (MedExChain), not when it is (MedExChain-Scoped). The caption counts how many
 * ablations came out as predicted; a model that does not is a finding, reported, never dropped.
 *
 * A Scyther run takes seconds to minutes, more than `reproduce` gives a piece, so a run is recorded
 * (`recorded.json` here: tool version, bounds, model hashes, every verdict) and `writeFig4` writes from that
 * recording when the exported models still hash to what was run; if a model changed, the recording is stale and
 * it runs Scyther again (when a binary is found) or refuses. `npx tsx scyther/fig4/run.ts` re-runs and re-records.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemes } from '../../registry/schemes.js';
import { toCsv, type CsvRow } from '../../core/csv.js';
import { MedexError } from '../../core/errors.js';
import { applyVariant, exportSpdl, variantsOf } from '../export/index.js';
import { DEFAULT_MAX_RUNS, findScyther, runScyther, scytherVersion } from '../adapter/scyther.js';
import type { VerdictRecord } from '../adapter/types.js';

export const RECORDING = new URL('./recorded.json', import.meta.url).pathname;

export interface ModelToRun {
  scheme: string;
  /** `model` for the scheme's own description, else the ablation's name. */
  variant: string;
  description: string;
  /** For an ablation: whether the exporter predicts an attack (undefined for the model itself). */
  expectAttack?: boolean;
  spdl: string;
  sha256: string;
}

export interface RecordedModel {
  scheme: string;
  variant: string;
  description: string;
  expectAttack?: boolean;
  sha256: string;
  seconds: number;
  records: VerdictRecord[];
}

export interface Fig4Recording {
  tool: string;
  version: string;
  maxRuns: number;
  date: string;
  host: string;
  models: RecordedModel[];
}

export class Fig4Error extends MedexError {
  constructor(detail: string) {
    super('fig4', detail);
  }
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Every model Fig. 4 covers: each scheme with a protocol description, and its ablations. */
export function fig4Models(): ModelToRun[] {
  const out: ModelToRun[] = [];
  for (const s of schemes) {
    if (!s.protocol) continue;
    const d = s.protocol();
    const main = exportSpdl(d);
    out.push({
      scheme: s.name,
      variant: 'model',
      description: `${s.name}: the exported model`,
      spdl: main,
      sha256: sha(main),
    });
    for (const v of variantsOf(d)) {
      const text = exportSpdl(applyVariant(d, v.name), { variant: v.name, variantNote: v.description });
      out.push({
        scheme: s.name,
        variant: v.name,
        description: v.description,
        expectAttack: v.expectAttack,
        spdl: text,
        sha256: sha(text),
      });
    }
  }
  return out;
}

/** Runs real Scyther on every Fig. 4 model and returns the recording (written to `path` unless null). */
export async function recordFig4(
  opts: { binary?: string; maxRuns?: number; timeoutS?: number; path?: string | null; log?: (s: string) => void } = {},
): Promise<Fig4Recording> {
  const binary = opts.binary ?? findScyther();
  const maxRuns = opts.maxRuns ?? DEFAULT_MAX_RUNS;
  const dir = mkdtempSync(join(tmpdir(), 'fig4-'));
  const models: RecordedModel[] = [];
  try {
    for (const m of fig4Models()) {
      const file = join(dir, `${m.scheme}-${m.variant}.spdl`);
      writeFileSync(file, m.spdl);
      const run = await runScyther(file, { binary, maxRuns, timeoutS: opts.timeoutS ?? 300 });
      const records = run.records.map((r) => ({ ...r, file: `${m.scheme}-${m.variant}.spdl` }));
      opts.log?.(
        `${m.scheme} ${m.variant}: ${records.filter((r) => r.status === 'Ok').length} Ok, ${records.filter((r) => r.status === 'Fail').length} Fail in ${run.seconds.toFixed(1)} s`,
      );
      models.push({
        scheme: m.scheme,
        variant: m.variant,
        description: m.description,
        ...(m.expectAttack === undefined ? {} : { expectAttack: m.expectAttack }),
        sha256: m.sha256,
        seconds: Math.round(run.seconds * 100) / 100,
        records,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const rec: Fig4Recording = {
    tool: 'Scyther (cascremers/scyther), command-line binary',
    version: (await scytherVersion(binary)) ?? 'unknown',
    maxRuns,
    date: new Date().toISOString(),
    host: `${process.platform}-${process.arch}, node ${process.version}`,
    models,
  };
  if (opts.path !== null) writeFileSync(opts.path ?? RECORDING, JSON.stringify(rec, null, 2) + '\n');
  return rec;
}

/** The recording, if present and matching every current model; otherwise the reason it cannot be used. */
export function loadRecording(path = RECORDING): { rec?: Fig4Recording; stale?: string } {
  if (!existsSync(path)) return { stale: `no recorded Scyther run at ${path}` };
  let rec: Fig4Recording;
  try {
    rec = JSON.parse(readFileSync(path, 'utf8')) as Fig4Recording;
  } catch (e) {
    return { stale: `recorded run ${path} is not valid JSON (${(e as Error).message})` };
  }
  const models = fig4Models();
  for (const m of models) {
    const r = rec.models?.find((x) => x.scheme === m.scheme && x.variant === m.variant);
    if (!r) return { stale: `recorded run lacks ${m.scheme}/${m.variant}` };
    if (r.sha256 !== m.sha256) return { stale: `model ${m.scheme}/${m.variant} changed since the recorded run` };
  }
  if (rec.models.length !== models.length) return { stale: 'recorded run has models that are no longer exported' };
  return { rec };
}

export interface Fig4Row {
  scheme: string;
  variant: string;
  protocol: string;
  role: string;
  claim: string;
  label: string;
  param: string;
  status: string;
  detail: string;
  attacks: number;
  /** Row label in the figure. */
  claim_id: string;
}

export function fig4Rows(rec: Fig4Recording): Fig4Row[] {
  return rec.models.flatMap((m) =>
    m.records.map((r) => ({
      scheme: m.scheme,
      variant: m.variant,
      protocol: r.protocol,
      role: r.role,
      claim: r.claim,
      label: r.label,
      param: r.param,
      status: r.status,
      detail: r.detail,
      attacks: r.attacks,
      claim_id: `${r.protocol}  ${r.role}: ${r.claim}_${r.label}${r.param !== '-' ? `(${r.param})` : ''}`,
    })),
  );
}

const attacked = (m: RecordedModel): boolean => m.records.some((r) => r.status === 'Fail');
/** An ablation's outcome against the exporter's prediction (a recording without predictions predicts an attack). */
export const asPredicted = (m: RecordedModel): boolean => attacked(m) === (m.expectAttack ?? true);

export function fig4Caption(rec: Fig4Recording): string {
  const main = rec.models.filter((m) => m.variant === 'model');
  const abl = rec.models.filter((m) => m.variant !== 'model');
  const nAttacked = abl.filter(attacked).length;
  const allOk = main.filter((m) => m.records.every((r) => r.status === 'Ok'));
  const notOk = main.filter((m) => !m.records.every((r) => r.status === 'Ok'));
  const held = abl.filter((m) => !attacked(m)).map((m) => `${m.scheme}/${m.variant}`);
  const off = abl.filter((m) => !asPredicted(m)).map((m) => `${m.scheme}/${m.variant}`);
  return (
    `Scyther ${rec.version}, --max-runs=${rec.maxRuns}, run ${rec.date.slice(0, 10)}. ` +
    `${allOk.length}/${main.length} scheme models with every claim Ok` +
    (notOk.length ? ` (not: ${notOk.map((m) => m.scheme).join(', ')})` : '') +
    `; ${nAttacked}/${abl.length} generated ablations show an attack` +
    (held.length ? ` (no attack: ${held.join(', ')})` : '') +
    `; ${abl.length - off.length}/${abl.length} as the exporter predicts` +
    (off.length ? ` (not: ${off.join(', ')})` : '') +
    `. Our SPDL models of the schemes (MedExChain: of our reconstruction), not the paper's.`
  );
}

const CSV_COLUMNS = ['scheme', 'variant', 'protocol', 'role', 'claim', 'label', 'param', 'status', 'detail', 'attacks'];

const csv = (rows: Fig4Row[]): string => toCsv(rows as unknown as CsvRow[], CSV_COLUMNS);

/** Schemes by variant: `Ok n/n` for a model with every claim Ok, else the failing claims' labels. */
function summary(rec: Fig4Recording): string[] {
  const variants = [...new Set(rec.models.map((m) => m.variant))];
  const schemes = [...new Set(rec.models.map((m) => m.scheme))];
  const cell = (m: RecordedModel | undefined): string => {
    if (!m) return '';
    const fail = m.records.filter((r) => r.status !== 'Ok');
    const mark = m.variant === 'model' ? '' : asPredicted(m) ? '' : ' (unexpected)';
    return fail.length === 0
      ? `Ok ${m.records.length}/${m.records.length}${mark}`
      : `**Fail** ${fail.map((r) => r.label).join(' ')}${mark}`;
  };
  return [
    `| scheme | ${variants.join(' | ')} |`,
    `|---|${variants.map(() => '---').join('|')}|`,
    ...schemes.map(
      (s) =>
        `| ${s} | ${variants.map((v) => cell(rec.models.find((m) => m.scheme === s && m.variant === v))).join(' | ')} |`,
    ),
  ];
}

function markdown(rec: Fig4Recording, rows: Fig4Row[], caption: string): string {
  const lines = [
    "# Fig. 4: Scyther verification of every scheme's model and its generated ablations",
    '',
    caption,
    '',
    ...summary(rec),
    '',
  ];
  for (const m of rec.models) {
    lines.push(
      `## ${m.scheme} / ${m.variant} (${m.seconds} s)`,
      '',
      m.expectAttack === undefined
        ? m.description
        : `${m.description} (predicted: ${m.expectAttack ? 'attack' : 'no attack'}; ${asPredicted(m) ? 'as predicted' : 'NOT as predicted'})`,
      '',
      '| protocol | role | claim | param | status | detail |',
      '|---|---|---|---|---|---|',
    );
    for (const r of rows.filter((x) => x.scheme === m.scheme && x.variant === m.variant))
      lines.push(
        `| ${r.protocol} | ${r.role} | ${r.claim}_${r.label} | ${r.param.replace(/\|/g, '\\|')} | ${r.status} | ${r.detail} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

export interface Fig4Options {
  quick?: boolean;
  seed?: string;
  /** Re-run Scyther even if the recording is current. */
  run?: boolean;
  binary?: string;
  maxRuns?: number;
  timeoutS?: number;
  recording?: string;
}

/**
 * Writes Fig. 4's data into `outDir`: fig4.csv, fig4.json, fig4.md and the models as .spdl (the figure itself is
 * drawn by experiments/figures/fig4.ts from fig4.json, so this module stays below the experiments). Uses the
 * recorded real run when current; re-runs Scyther when asked (`run`) or when the recording is stale and a binary
 * exists (not in quick mode). Returns a summary.
 */
export async function writeFig4(
  outDir: string,
  opts: Fig4Options = {},
): Promise<{
  files: string[];
  source: 'recorded' | 'run';
  caption: string;
  okClaims: number;
  failClaims: number;
  ablationsAttacked: number;
  ablationsAsPredicted: number;
  ablations: number;
}> {
  const path = opts.recording ?? RECORDING;
  let rec: Fig4Recording | undefined;
  let source: 'recorded' | 'run' = 'recorded';
  if (!opts.run) {
    const got = loadRecording(path);
    rec = got.rec;
    if (!rec && opts.quick)
      throw new Fig4Error(`${got.stale}; run \`npx tsx scyther/fig4/run.ts\` with SCYTHER_BIN set`);
    if (!rec) {
      try {
        findScyther();
      } catch (e) {
        throw new Fig4Error(`${got.stale}, and no Scyther to re-run it: ${(e as Error).message}`);
      }
    }
  }
  if (!rec) {
    rec = await recordFig4({
      ...(opts.binary ? { binary: opts.binary } : {}),
      maxRuns: opts.maxRuns ?? DEFAULT_MAX_RUNS,
      ...(opts.timeoutS ? { timeoutS: opts.timeoutS } : {}),
      path,
    });
    source = 'run';
  }
  const rows = fig4Rows(rec);
  const caption = fig4Caption(rec);
  mkdirSync(outDir, { recursive: true });
  const files: string[] = [];
  const put = (name: string, text: string): void => {
    writeFileSync(join(outDir, name), text);
    files.push(name);
  };
  put('fig4.csv', csv(rows));
  put('fig4.json', JSON.stringify({ caption, source, ...rec }, null, 2) + '\n');
  put('fig4.md', markdown(rec, rows, caption));
  for (const m of fig4Models()) put(`${m.scheme}-${m.variant}.spdl`, m.spdl);
  const main = rec.models.filter((m) => m.variant === 'model').flatMap((m) => m.records);
  const abl = rec.models.filter((m) => m.variant !== 'model');
  return {
    files,
    source,
    caption,
    okClaims: main.filter((r) => r.status === 'Ok').length,
    failClaims: main.filter((r) => r.status === 'Fail').length,
    ablationsAttacked: abl.filter(attacked).length,
    ablationsAsPredicted: abl.filter(asPredicted).length,
    ablations: abl.length,
  };
}
