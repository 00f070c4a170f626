/**
 * `medexchain reproduce [--quick] [--seed S] [--out DIR] [--backend a,b] [--scheme a,b] [--no-pieces] [--json]`:
 * regenerates every figure and table into the results folder (experiments/reproduce.ts); `--json` prints the run
 * summary on stdout. Exit 1 if no backend could be measured.
 */
import { backendNames, instruments } from '../../registry/backends.js';
import { schemeNames } from '../../registry/schemes.js';
import { defineCommand, opt, printJson, UsageError } from '../args.js';

export const command = defineCommand({
  name: 'reproduce',
  summary: 'regenerate every figure and table into results/',
  details:
    'Measures every backend in its own process and runs the optional pieces (games, BAN, Fig. 4), then writes the\n' +
    'tables, figures (SVG and PNG) and results/report.md. Off a terminal, one progress line per finished piece goes\n' +
    'to stderr. Exit 1 if no backend could be measured.',
  options: {
    quick: opt.flag('a time-boxed run (under a minute) with fewer samples'),
    seed: opt.string('seed of every randomized part', { default: 'medexchain-reproduce', value: 'S' }),
    out: opt.string('the results folder', { default: 'results', value: 'DIR' }),
    backend: opt.list('only these backends (a test instrument such as dlog is measured only when named here)', {
      known: () => [...backendNames(), ...instruments.map((b) => b.name)],
      value: 'A,B',
      defaultText: 'all but test instruments',
    }),
    scheme: opt.list('only these schemes', { known: schemeNames, value: 'A,B', defaultText: 'all' }),
    'no-pieces': opt.flag('skip the optional pieces (games, BAN, Fig. 4)'),
    concurrency: opt.int('measurement processes at once', { default: 2, min: 1, max: 8 }),
    quiet: opt.quiet,
    json: opt.json,
  },
  examples: [
    'medexchain reproduce --quick',
    'medexchain reproduce --backend bn254 --scheme medexchain,afgh06 --out /tmp/r',
  ],
  async run(o, _positionals, argv) {
    const { out, seed, json } = o;
    if (out.trim() === '') throw new UsageError('--out needs a folder');
    const { reproduce } = await import('../../experiments/reproduce.js');
    const summary = await reproduce({
      quick: o.quick,
      seed,
      out,
      backends: o.backend,
      schemes: o.scheme,
      pieces: !o['no-pieces'],
      commandLine: ['medexchain', 'reproduce', ...argv].join(' '),
      quiet: o.quiet,
      concurrency: o.concurrency,
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
});
