/**
 * `medexchain scyther FILE [--engine scyther|builtin] [--max-runs N] [--timeout S] [--trace] [--json]`: verify an SPDL model
 * and print one verdict record per claim. Engine `scyther` runs the real Scyther binary (SCYTHER_BIN or PATH);
 * `builtin` runs the project's own verifier (scyther/verifier/), loaded only when asked for. The default is
 * `scyther` when a binary is found, else `builtin`. The timeout defaults to 300 s.
 * Exit code 0 when every claim is Ok, 1 when any fails or the model is refused.
 */
import { existsSync } from 'node:fs';
import { runScyther, hasScyther, DEFAULT_MAX_RUNS, DEFAULT_TIMEOUT_S } from '../../scyther/adapter/scyther.js';
import type { VerdictRecord } from '../../scyther/adapter/types.js';
import { UnsupportedError } from '../../core/errors.js';
import { bool, int, parse, printJson, str, UsageError } from '../args.js';
import type { Command } from '../main.js';

type VerifyFile = (
  path: string,
  opts: { maxRuns: number; timeoutS: number; trace?: boolean },
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

export const command: Command = {
  async run(argv) {
    const p = parse(
      argv,
      {
        engine: { type: 'string' },
        'max-runs': { type: 'string' },
        timeout: { type: 'string' },
        json: { type: 'boolean' },
        trace: { type: 'boolean' },
      },
      1,
    );
    const file = p.positionals[0];
    if (!file)
      throw new UsageError(
        'usage: medexchain scyther FILE [--engine scyther|builtin] [--max-runs N] [--timeout S] [--trace] [--json]',
      );
    if (!existsSync(file)) throw new UsageError(`no such file: ${file}`);
    const engine = str(p, 'engine') ?? (hasScyther() ? 'scyther' : 'builtin');
    if (engine !== 'scyther' && engine !== 'builtin')
      throw new UsageError(`--engine must be scyther or builtin, got '${engine}'`);
    const maxRuns = int(p, 'max-runs', DEFAULT_MAX_RUNS, 1, 100);
    const timeoutS = int(p, 'timeout', DEFAULT_TIMEOUT_S, 1, 86_400);
    const records =
      engine === 'scyther'
        ? (await runScyther(file, { maxRuns, timeoutS })).records
        : await (
            await builtin()
          )(file, { maxRuns, timeoutS, trace: bool(p, 'trace') });
    if (bool(p, 'json')) printJson(records);
    else
      for (const r of records)
        process.stdout.write(`${r.protocol}\t${r.role}\t${r.claim}_${r.label}\t${r.param}\t${r.status}\t${r.detail}\n`);
    // --trace (built-in engine): each attack as text; with --json the traces are in the records.
    if (bool(p, 'trace') && !bool(p, 'json') && engine === 'builtin') {
      const { renderTraceText } = await import('../../scyther/verifier/trace.js');
      for (const r of records as { trace?: Parameters<typeof renderTraceText>[0] }[])
        if (r.trace) process.stdout.write(renderTraceText(r.trace) + '\n');
    }
    return records.every((r) => r.status === 'Ok') ? 0 : 1;
  },
};
