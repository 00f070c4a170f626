/**
 * `medexchain scyther FILE [--engine scyther|builtin] [--max-runs N] [--timeout S] [--trace] [--json] [--time]`:
 * verify an SPDL model and print one verdict record per claim. Engine `scyther` runs the real Scyther binary
 * (SCYTHER_BIN or PATH); `builtin` runs the project's own verifier (scyther/verifier/), loaded only when asked for.
 * The default is `scyther` when a binary is found, else `builtin`. The timeout (default 300 s) bounds the whole file
 * for both engines: the built-in one shares it among the claims and reports `Unknown` for a claim it could not decide
 * in time. Exit code 0 when every claim is Ok, 1 when any fails or the model is refused.
 *
 * `--batch FILE|DIR...` checks many files in one process, so node's start-up (about half a second under tsx) is
 * paid once rather than per file: one block (or one JSON element) per file, each with the engine's time for that
 * file; a file that cannot be checked gets a one-line typed error and the others still run.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { runScyther, hasScyther, DEFAULT_MAX_RUNS, DEFAULT_TIMEOUT_S } from '../../scyther/adapter/scyther.js';
import type { VerdictRecord } from '../../scyther/adapter/types.js';
import { MedexError, UnsupportedError } from '../../core/errors.js';
import { defineCommand, opt, printJson, UsageError } from '../args.js';

type VerifyFile = (
  path: string,
  opts: { maxRuns: number; timeoutS: number; fileBudgetS: number; trace?: boolean; workers?: number },
) => Promise<(VerdictRecord & { trace?: unknown })[]>;

async function builtin(): Promise<VerifyFile> {
  let mod: { verifyFile?: VerifyFile };
  try {
    // A literal specifier, so that a bundler (npm run build:cli) can follow it into the verifier.
    mod = (await import('../../scyther/verifier/index.js')) as { verifyFile?: VerifyFile };
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String(e).includes('verifier/index'))
      throw new UnsupportedError(
        'the built-in verifier (scyther/verifier/) is not available in this build; use --engine scyther with SCYTHER_BIN set',
      );
    throw e;
  }
  if (typeof mod.verifyFile !== 'function')
    throw new UnsupportedError(
      'scyther/verifier/index does not export verifyFile; the built-in engine is not available yet',
    );
  return mod.verifyFile;
}

const ENGINES = ['scyther', 'builtin'] as const;
type Engine = (typeof ENGINES)[number];

/** Milliseconds, rounded to 0.1 ms (finer digits are noise at these scales). */
const ms = (x: number) => Math.round(x * 10) / 10;

/** What one file's check gave: its records and the engine's time, or why it could not be checked. */
type Checked = {
  file: string;
  engine: Engine;
  ok: boolean;
  /** Wall time of the engine on this file (parsing included; node's start-up not). */
  engineMs: number;
  /** CPU time of this process during the engine's run: the built-in engine's own; near 0 for Scyther (a child). */
  engineCpuMs: number;
  records: (VerdictRecord & { trace?: unknown })[];
};
type FileResult = Checked | { file: string; engine: Engine; ok: false; error: { code: string; message: string } };

/** The files a batch names: files as given, directories expanded to the .spdl files under them, sorted. */
function expandBatch(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p) || !statSync(p).isDirectory()) return [p];
    const found = readdirSync(p, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.spdl'))
      .sort()
      .map((f) => join(p, f));
    if (found.length === 0) throw new UsageError(`no .spdl files under ${p}`);
    return found;
  });
}

/** The command's own time so far: wall since node started, and CPU of this process (start-up included). */
function commandTimes(): { wallMs: number; cpuMs: number } {
  const c = process.cpuUsage();
  return { wallMs: ms(process.uptime() * 1000), cpuMs: ms((c.user + c.system) / 1000) };
}

export const command = defineCommand({
  name: 'scyther',
  summary: 'verify an SPDL model (real Scyther or built-in)',
  args: 'FILE | --batch FILE|DIR...',
  positionals: { min: 1, max: Infinity, names: 'FILE (the SPDL model to verify)' },
  details: [
    'Prints one verdict record per claim. Exit 0 when every claim is Ok, 1 when any fails or the model is refused.',
    'With --batch, every FILE (and every .spdl file under a DIR) is checked in this one process: a header line',
    "'# FILE<TAB>engine<TAB>engine MS ms<TAB>cpu MS ms<TAB>N claims' then its records, or",
    "'# FILE<TAB>engine<TAB>error<TAB>CODE<TAB>reason' for a file that could not be checked (the others still run); with --json, an array with",
    'one element per file. Exit 0 only when every file was checked and every claim is Ok.',
  ].join(' '),
  options: {
    engine: opt.choice('the real Scyther binary (SCYTHER_BIN or PATH) or the built-in verifier', ENGINES, {
      defaultText: 'scyther when a binary is found, else builtin',
    }),
    'max-runs': opt.int('bound on the number of runs', { default: DEFAULT_MAX_RUNS, min: 1, max: 100 }),
    timeout: opt.int('seconds for the whole file (the built-in engine shares them among the claims)', {
      default: DEFAULT_TIMEOUT_S,
      min: 1,
      max: 86_400,
      value: 'S',
    }),
    batch: opt.flag('check every FILE (and every .spdl file under each DIR) in one process, one block per file'),
    workers: opt.int('worker threads for the built-in engine: its claims are checked in parallel', {
      default: Math.min(2, availableParallelism()),
      defaultText: 'up to 2, as many as there are cores',
      min: 1,
      max: 64,
      value: 'N',
    }),
    trace: opt.flag('print each attack found (built-in engine; with --json, in the records)'),
    time: opt.flag("print the engine's time and the whole command's time (since node started) on stderr"),
    json: opt.json,
  },
  examples: [
    'medexchain scyther scyther/testdata/spdl-corpus/needham-schroeder.spdl --engine builtin',
    'medexchain scyther --batch scyther/testdata/spdl-corpus/Demo --engine builtin --json',
  ],
  async run(o, files) {
    if (!o.batch) {
      if (files.length > 1)
        throw new UsageError(`unexpected argument '${files[1]}' (give --batch to check several files)`);
      if (!existsSync(files[0]!)) throw new UsageError(`no such file: ${files[0]}`);
      if (statSync(files[0]!).isDirectory())
        throw new UsageError(`${files[0]} is a directory (give --batch to check every .spdl file under it)`);
    }
    const engine: Engine = o.engine ?? (hasScyther() ? 'scyther' : 'builtin');
    const maxRuns = o['max-runs'];
    const timeoutS = o.timeout;
    const verify = engine === 'builtin' ? await builtin() : undefined;
    const renderTrace = o.trace && !o.json && engine === 'builtin' ? await traceRenderer() : undefined;

    const check = async (file: string): Promise<Checked> => {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const records = verify
        ? await verify(file, { maxRuns, timeoutS, fileBudgetS: timeoutS, trace: o.trace, workers: o.workers })
        : (await runScyther(file, { maxRuns, timeoutS })).records;
      const c = process.cpuUsage(c0);
      return {
        file,
        engine,
        ok: records.every((r) => r.status === 'Ok'),
        engineMs: ms(performance.now() - t0),
        engineCpuMs: ms((c.user + c.system) / 1000),
        records,
      };
    };
    const printRecords = (records: (VerdictRecord & { trace?: unknown })[]) => {
      for (const r of records)
        process.stdout.write(`${r.protocol}\t${r.role}\t${r.claim}_${r.label}\t${r.param}\t${r.status}\t${r.detail}\n`);
      // --trace (built-in engine): each attack as text; with --json the traces are in the records.
      if (renderTrace) for (const r of records) if (r.trace) process.stdout.write(renderTrace(r.trace) + '\n');
    };

    if (!o.batch) {
      const r = await check(files[0]!);
      if (o.json) printJson(r.records);
      else printRecords(r.records);
      if (o.time) timeLine(engine, r.engineMs, r.engineCpuMs);
      return r.ok ? 0 : 1;
    }

    const results: FileResult[] = [];
    for (const file of expandBatch(files)) {
      let r: FileResult;
      try {
        if (!existsSync(file)) throw new MedexError('input', `no such file: ${file}`);
        if (statSync(file).isDirectory()) throw new MedexError('input', `${file} is not a file`);
        r = await check(file);
      } catch (e) {
        // Only the harness's typed errors are the file's fault; anything else is a bug and ends the command.
        if (!(e instanceof MedexError)) throw e;
        r = { file, engine, ok: false, error: { code: e.code, message: e.message } };
      }
      results.push(r);
      if (o.json) continue;
      if ('error' in r)
        process.stdout.write(`# ${file}\t${engine}\terror\t${r.error.code}\t${oneLine(r.error.message)}\n`);
      else {
        process.stdout.write(
          `# ${file}\t${engine}\tengine ${r.engineMs} ms\tcpu ${r.engineCpuMs} ms\t${r.records.length} claims\n`,
        );
        printRecords(r.records);
      }
    }
    const failed = results.filter((r) => !r.ok);
    const errors = results.filter((r) => 'error' in r).length;
    if (o.json) printJson(results);
    else {
      const t = commandTimes();
      process.stdout.write(
        `# ${results.length} files: ${results.length - failed.length} all Ok, ${failed.length - errors} with claims not Ok, ` +
          `${errors} not checked; command ${t.wallMs} ms wall, ${t.cpuMs} ms cpu (since node started)\n`,
      );
    }
    if (o.time) {
      const done = results.filter((r): r is Checked => !('error' in r));
      timeLine(
        engine,
        done.reduce((s, r) => s + r.engineMs, 0),
        done.reduce((s, r) => s + r.engineCpuMs, 0),
      );
    }
    return failed.length === 0 ? 0 : 1;
  },
});

async function traceRenderer(): Promise<(t: unknown) => string> {
  const { renderTraceText } = await import('../../scyther/verifier/trace.js');
  return (t) => renderTraceText(t as Parameters<typeof renderTraceText>[0]);
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

/** One stderr line with both times, so a caller can tell the engine's cost from node's start-up. */
function timeLine(engine: Engine, engineMs: number, engineCpuMs: number): void {
  const t = commandTimes();
  process.stderr.write(
    `time: engine (${engine}) ${ms(engineMs)} ms wall, ${ms(engineCpuMs)} ms cpu; ` +
      `command ${t.wallMs} ms wall, ${t.cpuMs} ms cpu since node started\n`,
  );
}
