/**
 * From raw measurements (one WorkerResult per backend) and the schemes' declarations (cost models, message flows)
 * to the tables behind every figure. Pure functions: no I/O, no timing, so they are tested on synthetic inputs.
 *
 * Labels: every row says whether its number is `measured` (timed or counted here, on this machine) or
 * `theoretical` (a declared operation count times measured unit costs, or declared elements times element sizes).
 */
import { addOps, costOf, paperSymbols, type OpCounts, type OpName } from '../../core/ops.js';
import type { Scheme, SchemeParams } from '../../core/types.js';
import type { StoryResult } from '../../core/story.js';
import type { CsvRow } from '../../core/csv.js';
import { SeededRng } from '../../core/rng.js';
import { medianInterval, pairedRatioInterval, type Interval } from '../lib/interval.js';
import { summarize } from '../lib/stats.js';
import type { StorySeries, WorkerResult } from '../measure/types.js';
import { checkUnitCosts, unitCostMap } from '../measure/unitcosts.js';
import {
  SWEEP_PARAMETERS,
  modelValues,
  multiplicity,
  paramsWith,
  storyParameter,
  sweepApplies,
} from '../measure/sweeps.js';
import { PAPER } from './paper.js';

const r3 = (x: number) => Math.round(x * 1000) / 1000;
const r4 = (x: number) => Math.round(x * 10000) / 10000;

function symbolString(o: OpCounts): string {
  const s = paperSymbols(o);
  const parts = Object.entries(s)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v}${k}`);
  return parts.join(' + ') || '-';
}

/** The default-parameter series of a scheme (not a sweep point). */
function mainSeries(w: WorkerResult, precompute: boolean): StorySeries[] {
  return w.series.filter((s) => !s.sweep && s.precompute === precompute && s.runs.length > 0);
}

function summaryCols(xs: number[]) {
  const s = summarize(xs);
  return {
    runs: s.n,
    median_ms: r4(s.median),
    p25_ms: r4(s.p25),
    p75_ms: r4(s.p75),
    min_ms: r4(s.min),
    max_ms: r4(s.max),
  };
}

/**
 * Sums the flow steps of one run by a key (several steps of one algorithm in one run add up). One-time setup steps
 * (tables, registration) are left out, as they are of the story's total and of the cost model.
 */
function perRun(run: StoryResult, key: (st: StoryResult['steps'][number]) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const st of run.steps) if (st.phase !== 'setup') m.set(key(st), (m.get(key(st)) ?? 0) + st.ms);
  return m;
}

export const COMPUTE_COLUMNS = [
  'scheme',
  'backend',
  'ran_on',
  'precompute',
  'group_by',
  'party',
  'algorithm',
  'runs',
  'median_ms',
  'p25_ms',
  'p75_ms',
  'min_ms',
  'max_ms',
  'kind',
];

/**
 * Fig. 5: per algorithm (with its party) and per party, median and spread over repeated story runs, for every
 * scheme on every backend, both paths (precomputed and naive). `group_by` is 'algorithm', 'party' or 'total'.
 */
export function computeRows(workers: WorkerResult[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const w of workers)
    for (const pre of [true, false])
      for (const s of mainSeries(w, pre)) {
        // ran_on: the group the flow really used; where it is not the backend's (Umbral on secp256k1), the row is
        // not an equal-security comparison with the others on that backend
        const base = { scheme: s.scheme, backend: w.backend.name, ran_on: ranOn(s, w), precompute: pre };
        const byAlg = new Map<string, { party: string; algorithm: string; xs: number[] }>();
        const byParty = new Map<string, number[]>();
        for (const run of s.runs) {
          for (const [k, ms] of perRun(run, (st) => `${st.party}\u0000${st.algorithm}`)) {
            const [party, algorithm] = k.split('\u0000') as [string, string];
            const e = byAlg.get(k) ?? { party, algorithm, xs: [] };
            e.xs.push(ms);
            byAlg.set(k, e);
          }
          for (const [party, ms] of perRun(run, (st) => st.party))
            byParty.set(party, [...(byParty.get(party) ?? []), ms]);
        }
        for (const e of byAlg.values())
          rows.push({
            ...base,
            group_by: 'algorithm',
            party: e.party,
            algorithm: e.algorithm,
            ...summaryCols(e.xs),
            kind: 'measured',
          });
        for (const [party, xs] of byParty)
          rows.push({ ...base, group_by: 'party', party, algorithm: '', ...summaryCols(xs), kind: 'measured' });
        rows.push({
          ...base,
          group_by: 'total',
          party: '',
          algorithm: '',
          ...summaryCols(s.runs.map((r) => r.totalMs)),
          kind: 'measured',
        });
      }
  return rows;
}

export const COMM_COLUMNS = [
  'scheme',
  'message',
  'from',
  'to',
  'elements',
  'bytes_80bit_typeA',
  'backend',
  'ran_on',
  'group_bytes',
  'impl_bytes',
  'wire_bytes',
];

/**
 * Communication overhead per message: the paper's accounting (declared group elements times element size) at the
 * 80-bit Type-A sizes (theoretical), the same accounting at the backend's sizes (theoretical), the elements the
 * implementation really sends at their real sizes (measured, where the scheme declares them: signatures at 64 bytes,
 * every group element it puts on the wire), and the length of the real encoding on the wire (measured, from the
 * backend's story). A declared message with no measured
 * counterpart has empty measured columns; a row with message 'TOTAL' sums each scheme and backend.
 */
export function commRows(schemes: Scheme[], workers: WorkerResult[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const sc of schemes) {
    const declared = sc.messages(sc.defaultParams());
    const paperBytes = (m: (typeof declared)[number]) => m.elements.reduce((a, e) => a + PAPER.typeASizes[e.group], 0);
    const backendsWithStory = workers.filter((w) => mainSeries(w, true).some((s) => s.scheme === sc.name));
    const targets: (WorkerResult | null)[] = backendsWithStory.length ? backendsWithStory : [null];
    for (const w of targets) {
      const story = w ? mainSeries(w, true).find((s) => s.scheme === sc.name)!.runs[0]! : null;
      let tot = { elements: 0, b80: 0, group: 0, impl: 0, anyImpl: false, wire: 0, anyWire: false };
      for (const m of declared) {
        const measured = story?.messages.find((x) => x.id === m.id);
        const b80 = paperBytes(m);
        // at the sizes of the group the story really ran on (Umbral's secp256k1 points, not the backend's), when run
        const group = measured
          ? measured.groupBytes
          : w
            ? m.elements.reduce((a, e) => a + w.backend.sizes[e.group], 0)
            : 0;
        rows.push({
          scheme: sc.name,
          message: m.id,
          from: m.from,
          to: String(m.to),
          elements: m.elements.length,
          bytes_80bit_typeA: b80,
          backend: w?.backend.name ?? '',
          ran_on: story?.backend ?? '',
          group_bytes: w ? group : null,
          impl_bytes: measured?.implBytes ?? null,
          wire_bytes: measured?.wireBytes ?? null,
        });
        tot = {
          elements: tot.elements + m.elements.length,
          b80: tot.b80 + b80,
          group: tot.group + (w ? group : 0),
          impl: tot.impl + (measured?.implBytes ?? 0),
          anyImpl: tot.anyImpl || measured?.implBytes !== undefined,
          wire: tot.wire + (measured?.wireBytes ?? 0),
          anyWire: tot.anyWire || measured !== undefined,
        };
      }
      rows.push({
        scheme: sc.name,
        message: 'TOTAL',
        from: '',
        to: '',
        elements: tot.elements,
        bytes_80bit_typeA: tot.b80,
        backend: w?.backend.name ?? '',
        ran_on: story?.backend ?? '',
        group_bytes: w ? tot.group : null,
        impl_bytes: tot.anyImpl ? tot.impl : null,
        wire_bytes: tot.anyWire ? tot.wire : null,
      });
    }
  }
  return rows;
}

/** Where the unit costs of the theoretical comparison came from. */
export interface UnitCostSource {
  backend: string;
  /** True when the backend is the paper's own kind of group (symmetric, 80-bit); otherwise a stand-in. */
  matchesPaper: boolean;
  costs: Partial<Record<OpName, number>>;
}

/**
 * Picks the unit costs for the 80-bit comparison: a symmetric 80-bit backend if one was measured, else a stand-in.
 * Throws UnitCostError (experiments/measure/unitcosts.ts) on inconsistent unit costs: no theoretical table is built
 * on a part of a pairing that is longer than the pairing, or on a non-positive time.
 */
export function pickUnitCostSource(workers: WorkerResult[]): UnitCostSource | null {
  const typeA = workers.find((w) => w.backend.symmetric && w.backend.securityBits <= 96);
  const chosen = typeA ?? workers[0];
  if (!chosen) return null;
  checkUnitCosts(chosen.unitCosts);
  return { backend: chosen.backend.name, matchesPaper: typeA !== undefined, costs: unitCostMap(chosen.unitCosts) };
}

export const THEORY_COLUMNS = [
  'scheme',
  'party',
  'algorithm',
  'symbols',
  'ms_naive',
  'ms_precomputed',
  'unit_costs_from',
  'missing_unit_costs',
  'kind',
];

/**
 * The 80-bit theoretical comparison: each scheme's declared cost model on a symmetric group, times unit costs.
 * A row with algorithm 'TOTAL' sums each scheme.
 */
export function theoryRows(schemes: Scheme[], src: UnitCostSource): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const sc of schemes) {
    const params = sc.defaultParams();
    const naive = sc.costModel(params, { precompute: false, symmetric: true }).algorithms;
    const pre = sc.costModel(params, { precompute: true, symmetric: true }).algorithms;
    let tn = 0;
    let tp = 0;
    const missing = new Set<string>();
    naive.forEach((a, i) => {
      const cn = costOf(a.ops, src.costs);
      const match = pre.find((p) => p.algorithm === a.algorithm && p.party === a.party) ?? pre[i];
      const cp = match ? costOf(match.ops, src.costs) : { ms: NaN, missing: [] };
      cn.missing.forEach((m) => missing.add(m));
      cp.missing.forEach((m) => missing.add(m));
      tn += cn.ms;
      tp += Number.isFinite(cp.ms) ? cp.ms : 0;
      rows.push({
        scheme: sc.name,
        party: a.party,
        algorithm: a.algorithm,
        symbols: symbolString(a.ops),
        ms_naive: r3(cn.ms),
        ms_precomputed: Number.isFinite(cp.ms) ? r3(cp.ms) : null,
        unit_costs_from: src.backend,
        missing_unit_costs: [...cn.missing, ...cp.missing].filter((v, j, arr) => arr.indexOf(v) === j).join(' '),
        kind: 'theoretical',
      });
    });
    rows.push({
      scheme: sc.name,
      party: '',
      algorithm: 'TOTAL',
      symbols: '',
      ms_naive: r3(tn),
      ms_precomputed: r3(tp),
      unit_costs_from: src.backend,
      missing_unit_costs: [...missing].join(' '),
      kind: 'theoretical',
    });
  }
  return rows;
}

export const SCALE_COLUMNS = ['scheme', 'parameter', 'value', 'backend', 'ms', 'kind'];

function modelTotal(
  sc: Scheme,
  params: SchemeParams,
  symmetric: boolean,
  costs: Partial<Record<OpName, number>>,
): number {
  return sc
    .costModel(params, { precompute: true, symmetric })
    .algorithms.reduce((a, alg) => a + costOf(alg.ops, costs).ms, 0);
}

/**
 * Scalability: the full flow's cost against each swept parameter, on every measured backend.
 * - `theoretical`: the cost model with measured unit costs; for records and hospitals, each algorithm's cost times
 *   how often it runs (experiments/measure/sweeps.ts, `multiplicity`).
 * - `measured`: real story runs at swept attributes / threshold (median).
 * - `composed`: for records and hospitals, the measured median time of each step of the default flow times how often
 *   it runs; measured components, composed by the same rule as the model.
 */
export function scalabilityRows(schemes: Scheme[], workers: WorkerResult[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const w of workers) {
    const costs = unitCostMap(w.unitCosts);
    const sym = w.backend.symmetric;
    for (const sc of schemes) {
      const base = sc.defaultParams();
      const algs = sc.costModel(base, { precompute: true, symmetric: sym }).algorithms;
      const defaultSeries = mainSeries(w, true).find((s) => s.scheme === sc.name);
      for (const p of SWEEP_PARAMETERS) {
        if (!sweepApplies(sc, p)) continue;
        for (const v of modelValues(p)) {
          let ms: number;
          if (storyParameter(p)) {
            try {
              ms = modelTotal(sc, paramsWith(sc, p, v), sym, costs);
            } catch {
              continue; // a value outside what the scheme accepts (e.g. a t-of-n it refuses)
            }
          } else {
            const q = p as 'records' | 'hospitals';
            ms = algs.reduce((a, alg) => a + costOf(alg.ops, costs).ms * multiplicity(alg, q, v), 0);
            if (defaultSeries) {
              // a step's `per` is its cost-model algorithm's (matched by party and algorithm name)
              const per = (st: { party: string; algorithm: string }) =>
                algs.find((a) => a.party === st.party && a.algorithm === st.algorithm)?.per;
              const composed = defaultSeries.runs.map((run) =>
                run.steps
                  .filter((st) => st.phase !== 'setup')
                  .reduce((a, st) => a + st.ms * multiplicity({ party: st.party, per: per(st) }, q, v), 0),
              );
              rows.push({
                scheme: sc.name,
                parameter: p,
                value: v,
                backend: w.backend.name,
                ms: r3(summarize(composed).median),
                kind: 'composed',
              });
            }
          }
          rows.push({
            scheme: sc.name,
            parameter: p,
            value: v,
            backend: w.backend.name,
            ms: r3(ms),
            kind: 'theoretical',
          });
        }
      }
    }
    for (const s of w.series) {
      if (!s.sweep || s.runs.length === 0) continue;
      const med = summarize(s.runs.map((r) => r.totalMs)).median;
      rows.push({
        scheme: s.scheme,
        parameter: s.sweep.parameter,
        value: s.sweep.value,
        backend: w.backend.name,
        ms: r3(med),
        kind: 'measured',
      });
    }
  }
  return rows;
}

export const ABLATION_COLUMNS = [
  'scheme',
  'backend',
  'naive_ms',
  'precomputed_ms',
  'speedup',
  'speedup_lo',
  'speedup_hi',
  'rounds',
  'model_naive_ms',
  'model_precomputed_ms',
  'model_speedup',
];

/**
 * Precomputation ablation: median full-flow CPU time naive against precomputed (measured in the same interleaved
 * rounds), the speed-up with its paired 95 % bootstrap interval, and the model's ratio.
 */
export function ablationRows(schemes: Scheme[], workers: WorkerResult[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const w of workers) {
    const costs = unitCostMap(w.unitCosts);
    for (const sc of schemes) {
      const pre = mainSeries(w, true).find((s) => s.scheme === sc.name);
      const naive = mainSeries(w, false).find((s) => s.scheme === sc.name);
      if (!pre || !naive) continue;
      const pm = summarize(runTimes(pre, () => true)).median;
      const nm = summarize(runTimes(naive, () => true)).median;
      const iv = speedupInterval(w, sc.name);
      const params = sc.defaultParams();
      const mn = sc
        .costModel(params, { precompute: false, symmetric: w.backend.symmetric })
        .algorithms.reduce((a, x) => a + costOf(x.ops, costs).ms, 0);
      const mp = sc
        .costModel(params, { precompute: true, symmetric: w.backend.symmetric })
        .algorithms.reduce((a, x) => a + costOf(x.ops, costs).ms, 0);
      rows.push({
        scheme: sc.name,
        backend: w.backend.name,
        naive_ms: r3(nm),
        precomputed_ms: r3(pm),
        speedup: r3(nm / pm),
        speedup_lo: iv ? r3(iv.lo) : null,
        speedup_hi: iv ? r3(iv.hi) : null,
        rounds: iv ? iv.n : null,
        model_naive_ms: r3(mn),
        model_precomputed_ms: r3(mp),
        model_speedup: mp > 0 ? r3(mn / mp) : null,
      });
    }
  }
  return rows;
}

export const UNIT_COLUMNS = ['backend', 'op', 'ms', 'how', 'rme_percent', 'samples'];

export function unitCostRows(workers: WorkerResult[]): CsvRow[] {
  return workers.flatMap((w) =>
    w.unitCosts.map((u) => ({
      backend: w.backend.name,
      op: u.op,
      ms: r4(u.ms),
      how: u.how,
      rme_percent: Math.round(u.rme * 10) / 10,
      samples: u.samples,
    })),
  );
}

/** A flow step's time: the process CPU time where the story recorded it (load-robust), else the wall clock. */
const stepMs = (st: StoryResult['steps'][number]) => st.cpuMs ?? st.ms;

/** Per run, the summed time of the flow steps that `keep` selects. */
function runTimes(s: StorySeries, keep: (st: StoryResult['steps'][number]) => boolean): number[] {
  return s.runs.map((run) => run.steps.reduce((a, st) => a + (st.phase !== 'setup' && keep(st) ? stepMs(st) : 0), 0));
}

/** The group a series really ran on (Umbral runs on secp256k1 whatever the backend). */
const ranOn = (s: StorySeries, w: WorkerResult) => s.runs[0]?.backend ?? w.backend.name;

/** Whether a flow ran on the backend's own groups ('ss512/G1': BBS98 on the backend's G1 counts as the same). */
const sameGroup = (on: string, backend: string) => on === backend || on.startsWith(`${backend}/`);

/** Samples of two flows from the same interleaved rounds (run i of each from round i), cut to the common length. */
function paired(a: readonly number[], b: readonly number[]): [number[], number[]] {
  const n = Math.min(a.length, b.length);
  return [a.slice(0, n), b.slice(0, n)];
}

export const RANK_COLUMNS = [
  'backend',
  'precompute',
  'measure',
  'scheme',
  'ran_on',
  'equal_security',
  'median_ms',
  'lo_ms',
  'hi_ms',
  'rank',
  'of',
  'tied_with',
  'text',
];

/**
 * Rankings from the interleaved rounds of each backend (smallest first): the whole flow and the IoMT device's part,
 * in CPU time, each median with a 95 % bootstrap interval. Two schemes are tied unless the paired bootstrap interval
 * of the ratio of their medians (rounds resampled as pairs, experiments/lib/interval.ts) excludes 1: "rank 1 of N"
 * is printed only where that interval separates it from every other scheme, otherwise "tied with ...". A scheme
 * that ran on another group than the backend's (Umbral on secp256k1) is labelled: its rank is not an
 * equal-security comparison.
 */
export function rankingRows(workers: WorkerResult[], seed = 'report/rankings'): CsvRow[] {
  const rows: CsvRow[] = [];
  const measures: { name: string; keep: (st: StoryResult['steps'][number]) => boolean }[] = [
    { name: 'total', keep: () => true },
    { name: 'device', keep: (st) => st.party === 'device' },
  ];
  for (const w of workers)
    for (const pre of [true, false])
      for (const m of measures) {
        const entries = mainSeries(w, pre)
          .map((s) => ({ s, xs: runTimes(s, m.keep) }))
          .filter((e) => e.xs.length > 0 && e.xs.some((x) => x > 0));
        if (entries.length < 2) continue;
        const rng = new SeededRng(`${seed}/${w.backend.name}/${pre}/${m.name}`);
        const med = new Map(entries.map((e) => [e, medianInterval(e.xs, rng)]));
        const sorted = [...entries].sort((a, b) => med.get(a)!.value - med.get(b)!.value);
        const memo = new Map<string, boolean>();
        const tied = (a: (typeof entries)[number], b: (typeof entries)[number]) => {
          const key = [a.s.scheme, b.s.scheme].sort().join('\u0000');
          if (!memo.has(key)) {
            const [x, y] = paired(a.xs, b.xs);
            // one round cannot separate anything
            const r = x.length < 2 ? null : pairedRatioInterval(x, y, rng, 0.95, 1000);
            memo.set(key, r === null || (r.lo <= 1 && 1 <= r.hi));
          }
          return memo.get(key)!;
        };
        sorted.forEach((e, i) => {
          const iv = med.get(e)!;
          const ties = sorted.filter((o) => o !== e && tied(e, o)).map((o) => o.s.scheme);
          const on = ranOn(e.s, w);
          const equal = sameGroup(on, w.backend.name);
          const text =
            `rank ${i + 1} of ${sorted.length}${ties.length ? ` (tied with ${ties.join(', ')})` : ''}` +
            (equal ? '' : ` [runs on ${on}: not an equal-security comparison with ${w.backend.name}]`);
          rows.push({
            backend: w.backend.name,
            precompute: pre,
            measure: m.name,
            scheme: e.s.scheme,
            ran_on: on,
            equal_security: equal,
            median_ms: r4(iv.value),
            lo_ms: r4(iv.lo),
            hi_ms: r4(iv.hi),
            rank: i + 1,
            of: sorted.length,
            tied_with: ties.join(' '),
            text,
          });
        });
      }
  return rows;
}

/** Bootstrap interval of a speed-up naive / precomputed from the same interleaved rounds, or null. */
export function speedupInterval(w: WorkerResult, scheme: string, seed = 'report/speedup'): Interval | null {
  const pre = mainSeries(w, true).find((s) => s.scheme === scheme);
  const naive = mainSeries(w, false).find((s) => s.scheme === scheme);
  if (!pre || !naive) return null;
  const [n, p] = paired(
    runTimes(naive, () => true),
    runTimes(pre, () => true),
  );
  if (n.length < 2) return null;
  return pairedRatioInterval(n, p, new SeededRng(`${seed}/${w.backend.name}/${scheme}`));
}

export const GAP_COLUMNS = [
  'backend',
  'scheme',
  'precompute',
  'party',
  'algorithm',
  'measured_ms',
  'counted_cold_ms',
  'ratio',
  'gap',
  'likely_cause',
];

/**
 * A likely reason for a gap, from what the step did (a heuristic, labelled as such in the report): the causes found
 * when the gaps were examined (issue 19).
 */
function likelyCause(
  ops: OpCounts,
  ratio: number,
  countedMs: number,
  firstStep: boolean,
  prod4: number | null | undefined,
): string {
  const loops = (ops.millerLoop ?? 0) + (ops.millerLoopPre ?? 0);
  const causes: string[] = [];
  if (ratio < 1 && loops > (ops.finalExp ?? 0))
    causes.push(
      'products of pairings: one multi-Miller loop shares its squarings across terms, so it costs less than the ' +
        `counted separate Miller loops${prod4 ? ` (4-term product: counted/measured ${prod4.toFixed(2)})` : ''}`,
    );
  if (ratio > 1 && firstStep)
    causes.push("first step of the flow: it pays for switching from the round's previous flow");
  if (ratio < 1 && Object.values(ops).some((n) => (n ?? 0) >= 3))
    causes.push('repeated calls of one operation run warmer than the cold (interleaved) unit cost');
  if (countedMs < 0.5)
    causes.push(
      'sub-millisecond step: one call costs what the preceding work leaves in cache; element encodings and ' +
        'message framing around a signature are not counted',
    );
  return causes.join('; ');
}

/** How far a measured algorithm may be from its counted cost before it is named a gap (issue 19: 1.10). */
export const GAP_LIMIT = 1.1;

/**
 * Each algorithm's measured time (median over the interleaved rounds of its steps' CPU time) against its counted
 * cost: the operations the backend counted in that step times the COLD unit costs (single calls interleaved with
 * other work, as a flow makes them) from the same process. `gap` is 'over' or 'under' where the ratio is outside
 * [1/1.10, 1.10], and '' within. Ops without a cold unit cost are priced at zero and named in `gap`.
 */
export function modelGapRows(workers: WorkerResult[]): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const w of workers) {
    const cold = unitCostMap(w.unitCosts, 'cold');
    for (const pre of [true, false])
      for (const s of mainSeries(w, pre)) {
        const first = s.runs[0]!;
        const keys = [
          ...new Set(first.steps.filter((st) => st.phase !== 'setup').map((st) => `${st.party}\u0000${st.algorithm}`)),
        ];
        for (const k of keys) {
          const [party, algorithm] = k.split('\u0000') as [string, string];
          const mine = (st: StoryResult['steps'][number]) => st.party === party && st.algorithm === algorithm;
          const measured = summarize(runTimes(s, mine)).median;
          const counted = first.steps
            .filter((st) => st.phase !== 'setup' && mine(st))
            .map((st) => costOf(st.ops, cold))
            .reduce((a, c) => ({ ms: a.ms + c.ms, missing: [...a.missing, ...c.missing] }), {
              ms: 0,
              missing: [] as OpName[],
            });
          const ratio = counted.ms > 0 ? measured / counted.ms : null;
          const flowSteps = first.steps.filter((st) => st.phase !== 'setup');
          const isFirst = flowSteps[0] !== undefined && mine(flowSteps[0]);
          const stepOps = addOps(...flowSteps.filter(mine).map((st) => st.ops));
          const gap = ratio === null ? '' : ratio > GAP_LIMIT ? 'over' : ratio < 1 / GAP_LIMIT ? 'under' : '';
          rows.push({
            backend: w.backend.name,
            scheme: s.scheme,
            precompute: pre,
            party,
            algorithm,
            measured_ms: r4(measured),
            counted_cold_ms: r4(counted.ms),
            ratio: ratio === null ? null : r3(ratio),
            likely_cause:
              gap && ratio !== null
                ? likelyCause(stepOps, ratio, counted.ms, isFirst, w.consistency?.prod4OverCounted)
                : '',
            gap: counted.missing.length
              ? `${gap}${gap ? '; ' : ''}no cold cost for ${[...new Set(counted.missing)].join(' ')}`
              : gap,
          });
        }
      }
  }
  return rows;
}
