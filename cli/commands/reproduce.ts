/**
 * `medexchain reproduce [--quick] [--seed S] [--out DIR] [--backend a,b] [--scheme a,b] [--no-pieces] [--json]`:
 * regenerates every figure and table into the results folder (experiments/reproduce.ts). A progress bar is drawn
 * on a terminal only; `--json` prints the run summary on stdout. Exit 1 if no backend could be measured.
 */
import { backendNames } from '../../registry/backends.js';
import { schemeNames } from '../../registry/schemes.js';
import { UsageError, bool, int, parse, printJson, str } from '../args.js';
import type { Command } from '../main.js';

function list(v: string | undefined, known: string[], what: string): string[] | undefined {
  if (v === undefined) return undefined;
  const xs = v
    .split(',')
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);
  if (xs.length === 0) throw new UsageError(`--${what} needs at least one name`);
  for (const x of xs)
    if (!known.includes(x)) throw new UsageError(`unknown ${what} '${x}' (known: ${known.join(', ')})`);
  return xs;
}

export const command: Command = {
  async run(argv) {
    const p = parse(argv, {
      quick: { type: 'boolean' },
      seed: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      scheme: { type: 'string' },
      'no-pieces': { type: 'boolean' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
    });
    const out = str(p, 'out', 'results');
    if (out.trim() === '') throw new UsageError('--out needs a folder');
    const seed = str(p, 'seed', 'medexchain-reproduce');
    const backends = list(str(p, 'backend'), backendNames(), 'backend');
    const schemes = list(str(p, 'scheme'), schemeNames(), 'scheme');
    const concurrency = int(p, 'concurrency', 2, 1, 8);
    const json = bool(p, 'json');
    const { reproduce } = await import('../../experiments/reproduce.js');
    const summary = await reproduce({
      quick: bool(p, 'quick'),
      seed,
      out,
      backends,
      schemes,
      pieces: !bool(p, 'no-pieces'),
      commandLine: ['medexchain', 'reproduce', ...argv].join(' '),
      progress: !json,
      concurrency,
    });
    if (json) printJson(summary);
    else {
      const ok = summary.backends.filter((b) => b.ok).length;
      process.stdout.write(
        [
          `reproduce: ${summary.figures.length} figures, ${ok}/${summary.backends.length} backends measured, in ${summary.elapsedS.toFixed(1)} s`,
          `report: ${summary.out}/report.md`,
          ...summary.headline.map((h) => `  ${h.quantity}: ${h.ours} [${h.kind}] (paper: ${h.paper})`),
          ...summary.pieces.map((x) => `  ${x.name}: ${x.present ? 'included' : 'missing'} (${x.detail})`),
          ...summary.notes.map((n) => `  note: ${n}`),
        ].join('\n') + '\n',
      );
    }
    return summary.backends.some((b) => b.ok) ? 0 : 1;
  },
};
