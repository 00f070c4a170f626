/**
 * `npm run bench [-- --backend a,b] [--scheme a,b] [--quick] [--json]`: per backend, every primitive's unit cost
 * (timed directly, hot and cold: experiments/measure/unitcosts.ts), then every registered scheme's whole flow, naive
 * and precomputed, measured in interleaved rounds, and per algorithm the measured time against the counted cost
 * (counted operations x unit costs from the same process).
 *
 * Method (what makes the comparisons fair):
 * - All flows of one backend run in one process, in rounds: each round runs every (scheme, precompute) flow once,
 *   in a freshly shuffled order (seeded), after a warm-up of every flow. A burst of machine load therefore falls on
 *   all flows of that round instead of on one scheme's whole series.
 * - Times are process CPU time, not wall clock (experiments/lib/cputime.ts: on this shared machine the wall clock
 *   inflates long calls by the time spent waiting for a core); wall-clock medians are reported beside them.
 * - Every figure is a median over rounds with a 95 % bootstrap interval (experiments/lib/interval.ts). Ratios between
 *   two flows (e.g. against the paper's scheme, or naive over precomputed) resample rounds as pairs.
 * - Rankings are printed with their intervals; a rank whose interval overlaps another's says "tied with".
 * - Per algorithm, measured / counted is given against the hot unit costs (a loop of one primitive) and the cold ones
 *   (single calls interleaved with other primitives, as a flow calls them); the cold ratio is the one to judge.
 * - A flow that ran on a curve of its own (counted only secp256k1 operations, e.g. Umbral) is not at the backend's
 *   security level: its rows say so, and its rank is not an equal-security comparison.
 *
 * Targets (reported, never asserted in tests): measured/counted (cold) <= 1.10 per algorithm; precomputation
 * >= 1.5x on the full flow; the paper's scheme's precomputed flow <= 6x AFGH06's.
 *
 * With --json and one backend, stdout is one JSON object {backend, unitCosts: {op: {ms, how, ...}}, flows: [...],
 * ...}; with several backends, an array of them. Each backend runs in its own child process (mcl-wasm holds one curve
 * per process). Results also go to results/bench/<backend>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { backends, createBackend, findBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { costOf, normalizeOps, type OpCounts } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import type { StoryResult, StoryStep } from '../../core/story.js';
import { quantile } from '../lib/stats.js';
import type { Scheme } from '../../core/types.js';
import { interleaveStories, type FlowEntry, type RepeatPolicy } from '../measure/stories.js';
import { isPaperSubject, paperReported } from '../analysis/paper.js';
import { medianInterval, pairedRatioInterval, rankText, rankWithTies, type Interval } from '../lib/interval.js';
import { measureUnitCosts, unitCostMap, type UnitCost, type UnitCostConsistency } from '../measure/unitcosts.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

/** Rounds of all flows (experiments/measure/stories.ts): budgetMs is per flow. */
const QUICK_ROUNDS: RepeatPolicy = { warmup: 1, minRuns: 3, maxRuns: 6, budgetMs: 200 };
const FULL_ROUNDS: RepeatPolicy = { warmup: 2, minRuns: 15, maxRuns: 60, budgetMs: 4000 };

type IntervalOut = Pick<Interval, 'lo' | 'hi' | 'level' | 'n' | 'method'>;
const ivOut = (i: Interval): IntervalOut => ({ lo: i.lo, hi: i.hi, level: i.level, n: i.n, method: i.method });

interface AlgorithmRow {
  algorithm: string;
  party: string;
  /** Median CPU time over the rounds, ms. */
  measuredMs: number;
  /** Median wall-clock time, ms (inflated by waiting for a core under load). */
  wallMs: number;
  interval: IntervalOut;
  ops: OpCounts;
  /** Counted cost with hot-loop unit costs, and with cold-call ones (the way a flow calls them). */
  countedHotMs: number;
  countedColdMs: number;
  /** measured / counted; null when nothing was counted (scalar arithmetic only). */
  ratioHot: number | null;
  ratioCold: number | null;
  /** Counted ops without a unit cost. */
  missing: string[];
}

interface FlowRow {
  scheme: string;
  precompute: boolean;
  /** Median whole-flow CPU time over the rounds (measured), ms. */
  medianMs: number;
  /** Median whole-flow wall-clock time, ms. */
  wallMedianMs: number;
  interval: IntervalOut;
  rounds: number;
  /** True for a scheme on its own curve, not at this backend's security level. */
  ownCurve: boolean;
  countedHotMs: number;
  countedColdMs: number;
  algorithms: AlgorithmRow[];
  /** Stories whose checks failed (the flow is still timed). */
  failedChecks: number;
}

interface BenchResult {
  backend: string;
  curve: string;
  securityBits: number;
  method: { unitCosts: string; flows: string; intervals: string };
  unitCosts: Record<string, Omit<UnitCost, 'op'>>;
  consistency: UnitCostConsistency;
  flows: FlowRow[];
  rankings: Record<'naive' | 'precomputed', { scheme: string; rank: number; tiedWith: string[]; text: string }[]>;
  /** naive / precomputed per scheme, paired by round. */
  speedups: { scheme: string; ratio: number; interval: IntervalOut }[];
  /** The paper's scheme's flow over each other scheme's, same precompute mode, paired by round. */
  relative: { numerator: string; denominator: string; precompute: boolean; ratio: number; interval: IntervalOut }[];
  /**
   * Algorithms whose measured time is more than 10 % off their counted cost (cold unit costs), largest absolute gap
   * first: what the cost model misses (uncounted DEM, KDF, scalar arithmetic, encodings) or a step too short to time.
   */
  gaps: {
    scheme: string;
    precompute: boolean;
    algorithm: string;
    party: string;
    measuredMs: number;
    countedColdMs: number;
    ratioCold: number;
  }[];
  /**
   * The paper's headline against ours: its 98.24 ms beside the paper scheme's flow priced with this run's directly
   * timed unit costs (theoretical: counted ops x unit costs) and measured (median with interval).
   */
  headline: {
    scheme: string;
    paperMs: number;
    theoretical: Record<'naive' | 'precomputed', { hotMs: number; coldMs: number; overPaper: number }>;
    measured: Record<'naive' | 'precomputed', { medianMs: number; interval: IntervalOut; overPaper: number }>;
  } | null;
  notes: string[];
  elapsedMs: number;
}

interface Series extends FlowEntry {
  runs: StoryResult[];
  error?: string;
}

/** CPU time of a step or a flow (experiments/lib/cputime.ts: why not the wall clock); wall clock if not recorded. */
const cpuOf = (step: StoryStep) => step.cpuMs ?? step.ms;
const totalCpu = (r: StoryResult) => r.totalCpuMs ?? r.totalMs;

const EC_OPS = new Set(['expEC', 'fixedExpEC', 'mulEC', 'hashEC']);
// Operations that belong to no curve in particular: signatures, key agreement, symmetric crypto, scalar arithmetic.
const NON_GROUP_OPS = new Set(['sigSign', 'sigVerify', 'dh', 'aead', 'kdf', 'invZr', 'hashZr']);
/**
 * Whether a flow ran on a curve of its own rather than the backend's group, from what it was counted doing: curve
 * operations of the harness's secp256k1 group and none of the pairing group's (so not by its name, and not by
 * `supports(null)`, which also holds for a scheme that uses the backend's G1 when given one).
 */
function onOwnCurve(all: OpCounts[]): boolean {
  const ops = all.flatMap((o) => Object.keys(o));
  return ops.some((k) => EC_OPS.has(k)) && ops.every((k) => EC_OPS.has(k) || NON_GROUP_OPS.has(k));
}

const key = (s: { scheme: Scheme | string; precompute: boolean }) =>
  `${typeof s.scheme === 'string' ? s.scheme : s.scheme.name}/${s.precompute ? 'pre' : 'naive'}`;

async function child(backend: string, schemeFilter: string[] | null, quick: boolean): Promise<BenchResult> {
  const t0 = performance.now();
  const group = await createBackend(backend);
  const notes: string[] = [];
  const log = (m: string) => process.stderr.write(`bench ${backend}: ${m}\n`);
  log('unit costs');
  const units = await measureUnitCosts(group, { quick });
  const hot = unitCostMap(units.costs, 'hot');
  const cold = unitCostMap(units.costs, 'cold');

  const seed = new SeededRng(`bench/${backend}`);
  const entries: FlowEntry[] = schemes
    .filter((scheme) => (!schemeFilter || schemeFilter.includes(scheme.name)) && scheme.supports(group))
    .flatMap((scheme) =>
      [false, true].map((precompute) => ({
        scheme,
        precompute,
        params: scheme.defaultParams(),
        rng: seed.fork(key({ scheme, precompute })),
      })),
    );
  log(`${entries.length} flows in interleaved rounds`);
  const block = await interleaveStories(group, entries, {
    policy: quick ? QUICK_ROUNDS : FULL_ROUNDS,
    order: seed.fork('order'),
    onRound: (n) => {
      if (n % 5 === 0) log(`${n} rounds`);
    },
  });
  const series: Series[] = entries.map((e, i) => ({ ...e, runs: block.runs[i]!, error: block.errors[i] }));
  for (const s of series) if (s.error !== undefined) notes.push(`${key(s)}: ${s.error} (left out)`);

  const ci = seed.fork('intervals');
  const ok = series.filter((s) => s.error === undefined && s.runs.length > 0);
  const flows: FlowRow[] = ok.map((s) => {
    const flow = (r: StoryResult) => r.steps.filter((x) => x.phase === 'flow');
    const first = flow(s.runs[0]!);
    const algorithms: AlgorithmRow[] = first.map((step, i) => {
      const iv = medianInterval(
        s.runs.map((r) => cpuOf(flow(r)[i]!)),
        ci,
      );
      const ch = costOf(step.ops, hot);
      const cc = costOf(step.ops, cold);
      return {
        algorithm: step.algorithm,
        party: step.party,
        measuredMs: iv.value,
        wallMs: quantile(
          s.runs.map((r) => flow(r)[i]!.ms),
          0.5,
        ),
        interval: ivOut(iv),
        ops: normalizeOps(step.ops),
        countedHotMs: ch.ms,
        countedColdMs: cc.ms,
        ratioHot: ch.ms > 0 ? iv.value / ch.ms : null,
        ratioCold: cc.ms > 0 ? iv.value / cc.ms : null,
        missing: [...new Set([...ch.missing, ...cc.missing])],
      };
    });
    const total = medianInterval(s.runs.map(totalCpu), ci);
    return {
      scheme: s.scheme.name,
      precompute: s.precompute,
      medianMs: total.value,
      wallMedianMs: quantile(
        s.runs.map((r) => r.totalMs),
        0.5,
      ),
      interval: ivOut(total),
      rounds: s.runs.length,
      ownCurve: onOwnCurve(algorithms.map((a) => a.ops)),
      countedHotMs: algorithms.reduce((a, x) => a + x.countedHotMs, 0),
      countedColdMs: algorithms.reduce((a, x) => a + x.countedColdMs, 0),
      algorithms,
      failedChecks: s.runs.filter((r) => !r.ok).length,
    };
  });

  const intervalOf = (f: FlowRow): Interval => ({ value: f.medianMs, ...f.interval });
  const rankings = {} as BenchResult['rankings'];
  for (const [mode, pre] of [
    ['naive', false],
    ['precomputed', true],
  ] as const) {
    const fs = flows.filter((f) => f.precompute === pre);
    const ranked = rankWithTies(fs, intervalOf);
    rankings[mode] = ranked.map((r) => ({
      scheme: r.item.scheme,
      rank: r.rank,
      tiedWith: r.tiedWith.map((t) => t.scheme),
      text: rankText(r, fs.length, (t) => t.scheme) + (r.item.ownCurve ? ' [own curve: not equal security]' : ''),
    }));
  }
  // Pair the two series round by round (every live flow ran once per round, so round i is index i in both).
  const paired = (a: Series, b: Series) => {
    const n = Math.min(a.runs.length, b.runs.length);
    return pairedRatioInterval(a.runs.slice(0, n).map(totalCpu), b.runs.slice(0, n).map(totalCpu), ci);
  };
  const find = (name: string, pre: boolean) => ok.find((s) => s.scheme.name === name && s.precompute === pre);
  const speedups: BenchResult['speedups'] = [];
  for (const s of ok.filter((x) => x.precompute)) {
    const naive = find(s.scheme.name, false);
    if (!naive) continue;
    const r = paired(naive, s);
    speedups.push({ scheme: s.scheme.name, ratio: r.value, interval: ivOut(r) });
  }
  const relative: BenchResult['relative'] = [];
  const subject = ok.find((s) => isPaperSubject(s.scheme))?.scheme;
  if (subject)
    for (const pre of [false, true]) {
      const base = find(subject.name, pre);
      if (!base) continue;
      for (const s of ok.filter((x) => x.precompute === pre && x !== base)) {
        const r = paired(base, s);
        relative.push({
          numerator: subject.name,
          denominator: s.scheme.name,
          precompute: pre,
          ratio: r.value,
          interval: ivOut(r),
        });
      }
    }
  else
    notes.push('no scheme declares what its paper reports (Scheme.reported): no comparison against the paper scheme');

  const gaps: BenchResult['gaps'] = flows
    .flatMap((f) =>
      f.algorithms
        .filter((a) => a.ratioCold !== null && Math.abs(a.ratioCold - 1) > 0.1)
        .map((a) => ({
          scheme: f.scheme,
          precompute: f.precompute,
          algorithm: a.algorithm,
          party: a.party,
          measuredMs: a.measuredMs,
          countedColdMs: a.countedColdMs,
          ratioCold: a.ratioCold!,
        })),
    )
    .sort((x, y) => Math.abs(y.measuredMs - y.countedColdMs) - Math.abs(x.measuredMs - x.countedColdMs));

  let headline: BenchResult['headline'] = null;
  const sn = subject && flows.find((f) => f.scheme === subject.name && !f.precompute);
  const sp = subject && flows.find((f) => f.scheme === subject.name && f.precompute);
  if (subject && sn && sp) {
    const paperMs = paperReported(subject).totalMs ?? NaN;
    const th = (f: FlowRow) => ({
      hotMs: f.countedHotMs,
      coldMs: f.countedColdMs,
      overPaper: f.countedHotMs / paperMs,
    });
    const me = (f: FlowRow) => ({ medianMs: f.medianMs, interval: f.interval, overPaper: f.medianMs / paperMs });
    headline = {
      scheme: subject.name,
      paperMs,
      theoretical: { naive: th(sn), precomputed: th(sp) },
      measured: { naive: me(sn), precomputed: me(sp) },
    };
  }

  const unitCosts: BenchResult['unitCosts'] = {};
  for (const { op, ...rest } of units.costs) unitCosts[op] = rest;
  return {
    backend,
    curve: group.curve,
    securityBits: group.securityBits,
    method: {
      unitCosts:
        'each primitive timed directly through the backend (Miller loop and final exponentiation through PairingGroup.parts), ' +
        'in process CPU time: ms = median of a hot loop, cold = median of single calls interleaved with every other primitive ' +
        'in shuffled order',
      flows:
        'every (scheme, precompute) flow once per round in a shuffled order, after a warm-up of each; medians over rounds of ' +
        'the process CPU time (wallMedianMs: wall clock, inflated by waiting for a core under load); setup (tables, ' +
        'precomputed pairings) excluded',
      intervals: '95 % percentile bootstrap of the median; ratios of two flows resample rounds as pairs',
    },
    unitCosts,
    consistency: units.consistency,
    flows,
    rankings,
    speedups,
    relative,
    gaps,
    headline,
    notes,
    elapsedMs: performance.now() - t0,
  };
}

const f2 = (x: number) => x.toFixed(2);
const f3 = (x: number) => x.toFixed(3);
const ivText = (v: number, i: IntervalOut, f = f2) => `${f(v)} [${f(i.lo)}, ${f(i.hi)}]`;

function print(r: BenchResult) {
  const lines = [
    `\n== ${r.backend} (${r.curve}, ~${r.securityBits}-bit) ==`,
    '',
    'unit costs, measured (ms: hot loop / cold call):',
  ];
  for (const [op, u] of Object.entries(r.unitCosts))
    lines.push(`  ${op.padEnd(14)} ${f3(u.ms).padStart(9)} / ${(u.cold ? f3(u.cold.ms) : '-').padStart(9)}  ${u.how}`);
  const c = r.consistency;
  lines.push(
    `  (millerLoop + finalExp) / pairing = ${c.partsOverPairing?.toFixed(3) ?? '-'}; precomputed: ${c.prePartsOverPrePairing?.toFixed(3) ?? '-'}; ` +
      `product of 4 pairings / (4 millerLoop + finalExp) = ${c.prod4OverCounted?.toFixed(3) ?? '-'}`,
  );
  for (const f of r.flows) {
    lines.push(
      `\n${f.scheme} (${f.precompute ? 'precomputed' : 'naive'}; ${f.rounds} rounds${f.ownCurve ? '; own curve' : ''}): ` +
        `measured ${ivText(f.medianMs, f.interval)} ms; counted ${f2(f.countedHotMs)} (hot) / ${f2(f.countedColdMs)} (cold) ms`,
    );
    lines.push(
      `  ${'algorithm'.padEnd(18)} ${'party'.padEnd(18)} ${'measured'.padStart(9)} ${'cnt cold'.padStart(9)} ${'ratio'.padStart(6)} ${'(hot)'.padStart(6)}  ops`,
    );
    for (const a of f.algorithms)
      lines.push(
        `  ${a.algorithm.padEnd(18)} ${a.party.padEnd(18)} ${f3(a.measuredMs).padStart(9)} ${f3(a.countedColdMs).padStart(9)} ${(a.ratioCold === null ? '-' : f2(a.ratioCold)).padStart(6)} ${(a.ratioHot === null ? '-' : f2(a.ratioHot)).padStart(6)}  ${Object.entries(
          a.ops,
        )
          .map(([k, v]) => `${v}x${k}`)
          .join(' ')}${a.missing.length ? `  (no unit cost: ${a.missing.join(' ')})` : ''}`,
      );
  }
  for (const mode of ['precomputed', 'naive'] as const) {
    lines.push(`\nranking, ${mode} flows (measured, smallest first; 95 % intervals):`);
    for (const x of r.rankings[mode]) {
      const f = r.flows.find((y) => y.scheme === x.scheme && y.precompute === (mode === 'precomputed'))!;
      lines.push(`  ${x.scheme.padEnd(12)} ${ivText(f.medianMs, f.interval).padEnd(28)} ${x.text}`);
    }
  }
  lines.push('\nprecomputation speed-up (naive / precomputed flow, paired by round):');
  for (const s of r.speedups) lines.push(`  ${s.scheme.padEnd(12)} ${ivText(s.ratio, s.interval)}x`);
  if (r.relative.length) {
    lines.push(`\n${r.relative[0]!.numerator}'s flow / each other's (same mode, paired by round):`);
    for (const s of r.relative)
      lines.push(
        `  / ${s.denominator.padEnd(12)} ${s.precompute ? 'precomputed' : 'naive      '} ${ivText(s.ratio, s.interval, f3)}`,
      );
  }
  lines.push(
    `\nalgorithms more than 10 % off their counted cost (cold unit costs), largest gap first: ${r.gaps.length}`,
  );
  for (const g of r.gaps.slice(0, 15))
    lines.push(
      `  ${`${g.scheme}${g.precompute ? ' +pre' : ''}`.padEnd(22)} ${g.algorithm.padEnd(16)} ${g.party.padEnd(18)} ` +
        `${f3(g.measuredMs)} vs ${f3(g.countedColdMs)} ms (${f2(g.ratioCold)}x)`,
    );
  const h = r.headline;
  if (h) {
    lines.push(`\nthe paper's ${h.paperMs} ms (its machine, 80-bit Type A) against ${h.scheme} on ${r.backend}:`);
    for (const mode of ['naive', 'precomputed'] as const)
      lines.push(
        `  ${mode.padEnd(12)} theoretical (counted ops x unit costs of this run) ${f2(h.theoretical[mode].hotMs)} ms hot / ` +
          `${f2(h.theoretical[mode].coldMs)} ms cold (${f2(h.theoretical[mode].overPaper)}x the paper); ` +
          `measured ${ivText(h.measured[mode].medianMs, h.measured[mode].interval)} ms (${f2(h.measured[mode].overPaper)}x)`,
      );
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  process.stdout.write(lines.join('\n') + '\n');
}

const { values } = parseArgs({
  options: {
    backend: { type: 'string' },
    scheme: { type: 'string' },
    quick: { type: 'boolean' },
    child: { type: 'boolean' },
    json: { type: 'boolean' },
  },
  strict: true,
});
const schemeFilter = values.scheme ? values.scheme.split(',') : null;
if (values.child) {
  const r = await child(values.backend!, schemeFilter, values.quick === true);
  process.stdout.write(JSON.stringify(r));
} else {
  const names = values.backend ? values.backend.split(',') : backends.map((b) => b.name);
  // A test instrument protects nothing and is never benchmarked (registry/backends.ts).
  for (const b of names)
    if (findBackend(b).instrument) {
      process.stderr.write(`bench: '${b}' is a test instrument, not a backend to measure\n`);
      process.exit(2);
    }
  mkdirSync(join(root, 'results', 'bench'), { recursive: true });
  const all: BenchResult[] = [];
  for (const b of names) {
    const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--backend', b];
    if (values.quick) args.push('--quick');
    if (values.scheme) args.push('--scheme', values.scheme);
    const p = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (p.status !== 0) {
      process.stderr.write(`bench: backend ${b} failed (exit ${p.status})\n`);
      process.exitCode = 1;
      continue;
    }
    const r = JSON.parse(p.stdout) as BenchResult;
    writeFileSync(join(root, 'results', 'bench', `${b}.json`), JSON.stringify(r, null, 2) + '\n');
    all.push(r);
    if (!values.json) print(r);
  }
  if (values.json) process.stdout.write(JSON.stringify(all.length === 1 ? all[0] : all, null, 2) + '\n');
}
