/**
 * `medexchain scyther FILE [--engine scyther|builtin] [--max-runs N] [--timeout S] [--trace] [--json]`: verify an SPDL model
 * and print one verdict record per claim. Engine `scyther` runs the real Scyther binary (SCYTHER_BIN or PATH);
 * `builtin` runs the project's own verifier (scyther/verifier/), loaded only when asked for. The default is
 * `scyther` when a binary is found, else `builtin`. The timeout (default 300 s) bounds the whole file for both
 * engines: the built-in one shares it among the claims and reports `Unknown` for a claim it could not decide in time.
 * Exit code 0 when every claim is Ok, 1 when any fails or the model is refused.
 */
import { existsSync } from 'node:fs';
import { runScyther, hasScyther, DEFAULT_MAX_RUNS, DEFAULT_TIMEOUT_S } from '../../scyther/adapter/scyther.js';
import type { VerdictRecord } from '../../scyther/adapter/types.js';
import { UnsupportedError } from '../../core/errors.js';
import { defineCommand, opt, printJson, UsageError } from '../args.js';

type VerifyFile = (
  path: string,
  opts: { maxRuns: number; timeoutS: number; fileBudgetS: number; trace?: boolean },
) => Promise<(VerdictRecord & { trace?: unknown })[]>;

async function builtin(): Promise<VerifyFile> {
  const spec = '../../scyther/verifier/index.js';
  let mod: { verifyFile?: VerifyFile };
  try {
    mod = (await import(spec)) as { verifyFile?: VerifyFile };
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

export const command = defineCommand({
  name: 'scyther',
  summary: 'verify an SPDL model (real Scyther or built-in)',
  args: 'FILE',
  positionals: { min: 1, max: 1, names: 'FILE (the SPDL model to verify)' },
  details:
    'Prints one verdict record per claim. Exit 0 when every claim is Ok, 1 when any fails or the model is refused.',
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
    trace: opt.flag('print each attack found (built-in engine; with --json, in the records)'),
    json: opt.json,
  },
  examples: [
    'medexchain scyther scyther/testdata/spdl-corpus/needham-schroeder.spdl --engine builtin',
    'medexchain scyther model.spdl --max-runs 3 --json',
  ],
  async run(o, [file]) {
    if (!existsSync(file!)) throw new UsageError(`no such file: ${file}`);
    const engine = o.engine ?? (hasScyther() ? 'scyther' : 'builtin');
    const maxRuns = o['max-runs'];
    const timeoutS = o.timeout;
    const records =
      engine === 'scyther'
        ? (await runScyther(file!, { maxRuns, timeoutS })).records
        : await (
            await builtin()
          )(file!, { maxRuns, timeoutS, fileBudgetS: timeoutS, trace: o.trace });
    if (o.json) printJson(records);
    else
      for (const r of records)
        process.stdout.write(`${r.protocol}\t${r.role}\t${r.claim}_${r.label}\t${r.param}\t${r.status}\t${r.detail}\n`);
    // --trace (built-in engine): each attack as text; with --json the traces are in the records.
    if (o.trace && !o.json && engine === 'builtin') {
      const { renderTraceText } = await import('../../scyther/verifier/trace.js');
      for (const r of records as { trace?: Parameters<typeof renderTraceText>[0] }[])
        if (r.trace) process.stdout.write(renderTraceText(r.trace) + '\n');
    }
    return records.every((r) => r.status === 'Ok') ? 0 : 1;
  },
});
