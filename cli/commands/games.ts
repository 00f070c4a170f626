/**
 * `medexchain games [--scheme NAME|all] [--game cpa|asa|scope|all] [--mutants] [--scheme-file PATH] [--trials N] [--seed S] [--quick] [--json]
 *  [--backend B] [--out DIR] [--workers N]`: plays the IND-CPA and ASA games (proofs/games/) against the registry's schemes and
 * the strawmen. With --json, one array of rows on stdout; otherwise a table. Progress goes to stderr (a bar on a
 * terminal, a line per batch of finished rows elsewhere; --quiet: none). Exit code 0 when the games ran (whatever they found), 1 if a row errored.
 */
import { createProgress, type Progress } from '../../experiments/lib/progress.js';
import { defineCommand, opt, printJson } from '../args.js';

const GAMES = ['cpa', 'asa', 'scope', 'all'] as const;
/** Wall-clock target of `--quick` from process start, leaving margin under the 55 s the issue allows. */
const QUICK_WALL_MS = 42_000;

function fmt(x: number | null, digits = 3): string {
  return x === null ? '-' : x.toFixed(digits);
}

export const command = defineCommand({
  name: 'games',
  summary: 'play the IND-CPA and ASA games',
  details:
    "Plays the games of proofs/games/ against the registry's schemes and the strawmen: one row per scheme, game\n" +
    'and variant with the advantage and its 95 % interval. Exit 0 when the games ran (whatever they found), 1 if a\n' +
    'row errored.',
  options: {
    scheme: opt.string('a scheme, a comma-separated list, or all', { default: 'all', value: 'NAME' }),
    game: opt.choice('which game', GAMES, { default: 'all' }),
    trials: opt.int('trials per row (default: per game, fewer with --quick)', { min: 1, max: 1_000_000 }),
    seed: opt.string('seed of every trial', { default: 'medexchain-games', value: 'S' }),
    quick: opt.flag('a time-boxed run (about 40 s)'),
    backend: opt.string('the pairing backend', { default: 'bls12-381', value: 'NAME' }),
    out: opt.string('also write the rows, a figure and a summary into this folder', { value: 'DIR' }),
    quiet: opt.quiet,
    workers: opt.int('worker threads for a full run (default: the cores Node sees; --quick plays in one thread)', {
      min: 1,
      max: 64,
    }),
    mutants: opt.flag('play the games against the mutant catalogue (proofs/mutants/) and print the kill rate'),
    'scheme-file': opt.string('play the Scheme a module at this path exports (instead of --scheme)', {
      value: 'PATH',
    }),
    json: opt.json,
  },
  examples: [
    'medexchain games --quick',
    'medexchain games --scheme medexchain --game asa --trials 200 --json',
    'medexchain games --mutants --json',
    'medexchain games --scheme-file ./my-scheme.ts --game cpa',
  ],
  async run(o) {
    const { game, json, seed, trials } = o;
    const { runGames, selectSchemes } = await import('../../proofs/games/run.js');
    const workers = o.workers ?? (await import('../../proofs/games/pool.js')).defaultWorkers();
    if (o.mutants) {
      const { runMutants } = await import('../../proofs/mutants/run.js');
      const report = await runMutants({ seed, trials, backend: o.backend, workers });
      if (json) printJson(report);
      else {
        for (const r of report.rows)
          process.stdout.write(
            `${r.mutant.padEnd(34)} ${r.flaw.padEnd(38)} ${r.killed ? `killed by ${r.killedBy} on ${r.replayedOn}` : 'NOT KILLED (blind spot)'}\n`,
          );
        process.stdout.write(
          `${report.killed}/${report.mutants} killed (kill rate ${report.killRate.toFixed(3)}) in ${(report.ms / 1000).toFixed(1)} s\n`,
        );
      }
      return 0;
    }
    const file = o['scheme-file'];
    const list = file ? [await (await import('../../proofs/games/scheme-file.js')).loadSchemeFile(file)] : undefined;
    const schemes =
      o.scheme === 'all'
        ? 'all'
        : o.scheme
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    if (!list) selectSchemes(schemes); // unknown names fail here, before any backend starts
    // Progress on stderr: a bar on a terminal; elsewhere one line per batch of finished rows and, while rows are
    // still playing, one per round (every live row has played one more chunk of trials; a row named twice means the
    // round before it is over).
    let progress: Progress | undefined;
    let finished = 0;
    let round = new Set<string>();
    let rounds = 0;
    const onProgress = (done: number, planned: number, label: string) => {
      progress ??= createProgress(planned, { task: 'games', quiet: o.quiet });
      if (done > finished) {
        progress.step(`${done - finished} row${done - finished === 1 ? '' : 's'} finished`, { n: done - finished });
        round = new Set();
      } else if (round.has(label)) {
        progress.step(`round ${++rounds}: ${round.size} row${round.size === 1 ? '' : 's'} played a chunk`, { n: 0 });
        round = new Set();
      }
      finished = done;
      if (label !== 'done') {
        round.add(label);
        progress.update(`playing ${label}`);
      }
    };
    const rows = await runGames({
      schemes,
      list,
      game,
      trials,
      seed,
      quick: o.quick,
      backend: o.backend,
      // --quick must finish within QUICK_WALL_MS of process start, startup (tsx, wasm) included.
      budgetMs: Math.max(5_000, QUICK_WALL_MS - performance.now()),
      workers,
      onProgress,
    });
    progress?.done();
    const outDir = o.out;
    if (outDir) {
      const { writeGamesResults } = await import('../../proofs/games/results.js');
      await writeGamesResults(outDir, { rows, seed, quick: o.quick });
    }
    if (json) printJson(rows);
    else {
      const head = ['scheme', 'game', 'variant', 'firewall', 'trials', 'advantage', 'ci95', 'verdict', 'detail'];
      const lines = rows.map((r) => [
        r.scheme,
        r.game,
        r.variant,
        r.firewall === null ? '-' : String(r.firewall),
        String(r.trials),
        fmt(r.advantage),
        r.ci95 ? `[${fmt(r.ci95[0])}, ${fmt(r.ci95[1])}]` : '-',
        r.verdict,
        r.attack ? `attack (replayed on ${r.attack.replayedOn}): ${r.attack.words}` : (r.detail ?? r.note ?? ''),
      ]);
      const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
      const show = (l: string[]) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(w[i]!))).join('  ');
      process.stdout.write([show(head), ...lines.map(show)].join('\n') + '\n');
    }
    return rows.some((r) => r.verdict === 'error') ? 1 : 0;
  },
});
