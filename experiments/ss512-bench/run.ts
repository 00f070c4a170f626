/**
 * Per-operation costs of the SS512 backend (core/groups/ss512) side by side with the PBC C library on the same
 * Type-A parameters (PBC's a.param), measured in one run, and the paper scheme's flow priced with both.
 *
 * PBC column: with `--pbc BIN --param A_PARAM` (BIN built by experiments/ss512-bench/pbc/build.sh from the PBC
 * 0.5.14 source), PBC is measured in this run, once before and once after our own operations, and each ratio is
 * ours / the mean of PBC's two figures. Without them the PBC column is QUOTED, not measured: the ranges of issue 11
 * (PBC with GMP on a 2-core CI-class machine), labelled so in every output.
 *
 * Both sides are timed in process CPU time (ours: process.cpuUsage, experiments/lib/cputime.ts; PBC:
 * CLOCK_PROCESS_CPUTIME_ID), so machine load does not tilt the ratios: the wall clock of a loaded machine inflates
 * long calls more than short ones. Medians of per-call times over batches of calls.
 *
 * The flow of the scheme the paper is about (the one declaring what its paper reports, Scheme.reported: analysis/paper.ts, never a name) is run
 * once to count its operations, which are then priced with our unit costs and with PBC's: a theoretical figure for
 * each library, labelled so, next to the paper's 98.24 ms.
 *
 * Two F_q multiplication rows: fqMul is bigint `(x * y) % q`, what the backend still uses outside its hot loops;
 * fqMulWasm is one Montgomery product of the WebAssembly layer (core/groups/ss512/wasm.ts) that runs the Miller loops
 * and the Lucas ladder. Both are compared with PBC's F_q multiplication.
 *
 * Usage: npx tsx experiments/ss512-bench/run.ts [--quick] [--pbc BIN --param A_PARAM] [--json] [--out FILE]
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { schemes } from '../../registry/schemes.js';
import { addOps, costOf, type OpName } from '../../core/ops.js';
import { SeededRng } from '../../core/rng.js';
import { createSs512Group } from '../../core/groups/ss512/index.js';
import { inv } from '../../core/groups/ss512/field.js';
import { Q } from '../../core/groups/ss512/params.js';
import { S as WASM_SLOT, ss512Wasm } from '../../core/groups/ss512/wasm.js';
import { isPaperSubject, paperReported } from '../analysis/paper.js';
import { timeHotCpu } from '../lib/cputime.js';
import { machineInfo } from '../lib/machine.js';

/** PBC figures quoted in issue 11 (not measured here), ms, [low, high]. */
const PBC_QUOTED: Record<string, [number, number]> = {
  pairing: [0.5, 1.3],
  expG: [1.1, 1.3],
  fixedExpG: [0.1, 0.16],
  expGT: [0.17, 0.2],
};
const PBC_QUOTED_SOURCE = 'issue 11: PBC with GMP on a 2-core CI-class machine (quoted, not measured here)';

/** Our operation names -> the PBC bench's (pbc/pbc-bench.c). */
const PBC_NAMES = [
  'pairing',
  'finalExp',
  'pairingPre',
  'expG',
  'fixedExpG',
  'expGT',
  'fixedExpGT',
  'hashG',
  'mulG',
  'mulGT',
  'fqMul',
  'fqInv',
] as const;
type PbcName = (typeof PBC_NAMES)[number];

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    pbc: { type: 'string' },
    param: { type: 'string' },
    json: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

function runPbc(bin: string, param: string): Record<PbcName, number> {
  const out = execFileSync(bin, [param], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const r = JSON.parse(out) as Record<string, number>;
  for (const n of PBC_NAMES)
    if (!(typeof r[n] === 'number' && r[n]! > 0)) throw new Error(`PBC bench gave no positive figure for ${n}`);
  return r as Record<PbcName, number>;
}

async function main() {
  if ((args.pbc === undefined) !== (args.param === undefined)) throw new Error('--pbc and --param go together');
  const load0 = os.loadavg();
  const pbcBefore = args.pbc ? runPbc(args.pbc, args.param!) : null;

  const G = await createSs512Group();
  const parts = G.parts!;
  const rng = new SeededRng('ss512-bench');
  const g = G.g1.generator();
  const a = G.g1.random(rng);
  const b = G.g2.random(rng);
  const k = G.zr.random(rng);
  const e = G.pair(a, b);
  const e2 = G.pair(g, b);
  const f = parts.millerLoop(a, b);
  const tblG = G.g1.precompute(a);
  const tblGT = G.gt.precompute(e);
  const pre = G.precomputePairing(b);
  const msg = new Uint8Array(32).fill(7);
  // One Montgomery product of the backend's WebAssembly layer (core/groups/ss512/wasm.ts), inputs in its memory.
  const wasm = ss512Wasm();
  wasm.put(WASM_SLOT.TMP, Q - 12345n);
  wasm.put(WASM_SLOT.TMP + 1, Q / 3n);
  const slotBytes = 8 * 18;
  let ctr = 0;
  let x = Q - 12345n;
  const y = Q / 3n;
  const aBytes = G.g1.toBytes(a);
  const tasks: Record<PbcName | 'millerLoop' | 'millerLoopPre' | 'decodeG' | 'fqMulWasm', () => unknown> = {
    pairing: () => G.pair(a, b),
    millerLoop: () => parts.millerLoop(a, b),
    finalExp: () => parts.finalExp(f),
    millerLoopPre: () => parts.precomputedMillerLoop(a, pre),
    pairingPre: () => pre.pair(a),
    expG: () => G.g1.exp(a, k),
    fixedExpG: () => tblG.exp(k),
    expGT: () => G.gt.exp(e, k),
    fixedExpGT: () => tblGT.exp(k),
    hashG: () => {
      msg[0] = ctr++ & 255;
      return G.g1.hash(msg, 'BENCH');
    },
    mulG: () => G.g1.mul(a, g),
    mulGT: () => G.gt.mul(e, e2),
    fqMul: () => (x = (x * y) % Q),
    fqInv: () => (x = inv(x + 1n)),
    decodeG: () => G.g1.fromBytes(aBytes),
    fqMulWasm: () =>
      wasm.ex.mont(slotBytes * (WASM_SLOT.TMP + 2), slotBytes * WASM_SLOT.TMP, slotBytes * (WASM_SLOT.TMP + 1)),
  };
  const ours = timeHotCpu(
    tasks,
    args.quick
      ? { timeMs: 30, iterations: 5, warmupMs: 5, warmupIterations: 2 }
      : { timeMs: 400, iterations: 30, warmupMs: 50, warmupIterations: 5 },
  );
  pre.destroy();
  const pbcAfter = args.pbc ? runPbc(args.pbc, args.param!) : null;

  const oursMs = Object.fromEntries(Object.entries(ours).map(([n, t]) => [n, t.p50])) as Record<
    keyof typeof tasks,
    number
  >;
  const pbc =
    pbcBefore && pbcAfter
      ? (Object.fromEntries(PBC_NAMES.map((n) => [n, (pbcBefore[n] + pbcAfter[n]) / 2])) as Record<PbcName, number>)
      : null;
  const rows = (Object.keys(tasks) as (keyof typeof tasks)[]).map((op) => {
    // PBC exposes no Miller loop call: its Miller loop is pairing - finalExp (derived), its precomputed one
    // pairingPre - finalExp. PBC has no strict decode (element_from_bytes checks nothing), so decodeG has no PBC
    // figure.
    const pbcOp: PbcName | null =
      op === 'millerLoop' || op === 'millerLoopPre' || op === 'decodeG' ? null : op === 'fqMulWasm' ? 'fqMul' : op;
    const derived = op === 'millerLoop' || op === 'millerLoopPre';
    const pbcMs = !pbc
      ? null
      : pbcOp
        ? pbc[pbcOp]
        : op === 'millerLoop'
          ? pbc.pairing - pbc.finalExp
          : op === 'millerLoopPre'
            ? pbc.pairingPre - pbc.finalExp
            : null;
    return {
      op,
      oursMs: oursMs[op],
      oursSamples: ours[op]!.samples,
      pbcMs,
      pbcHow: pbcMs === null ? null : derived ? 'derived' : 'timed',
      pbcRuns: pbcBefore && pbcAfter && pbcOp ? [pbcBefore[pbcOp], pbcAfter[pbcOp]] : null,
      ratio: pbcMs ? oursMs[op] / pbcMs : null,
      quoted: PBC_QUOTED[op] ?? null,
    };
  });

  // The paper scheme's flow, counted once, priced with our unit costs and with PBC's (theoretical).
  const subject = schemes.find((s) => isPaperSubject(s) && s.supports(G));
  let flow: Record<string, unknown> | null = null;
  if (subject) {
    const inst = await subject.create({ group: G, precompute: true, params: subject.defaultParams() });
    // One warm-up, then the median of three runs' CPU time (the full, interleaved measurement is npm run bench).
    const runs = [];
    for (let i = 0; i < 4; i++) runs.push(await inst.story({ rng: new SeededRng(`ss512-bench-flow-${i}`) }));
    inst.dispose?.();
    const r = runs[1]!;
    const cpu = runs
      .slice(1)
      .map((x) => x.totalCpuMs ?? x.totalMs)
      .sort((p, q) => p - q)[1]!;
    const ops = addOps(...r.steps.filter((s) => s.phase === 'flow').map((s) => s.ops));
    const price = (u: Record<string, number>): Partial<Record<OpName, number>> => ({
      millerLoop: u['millerLoop'],
      millerLoopPre: u['millerLoopPre'],
      finalExp: u['finalExp'],
      expG1: u['expG'],
      expG2: u['expG'],
      msmG1Term: u['expG'],
      msmG2Term: u['expG'],
      fixedExpG1: u['fixedExpG'],
      fixedExpG2: u['fixedExpG'],
      expGT: u['expGT'],
      fixedExpGT: u['fixedExpGT'],
      hashG1: u['hashG'],
      hashG2: u['hashG'],
      mulG1: u['mulG'],
      mulG2: u['mulG'],
      mulGT: u['mulGT'],
    });
    const pbcUnits = pbc
      ? { ...pbc, millerLoop: pbc.pairing - pbc.finalExp, millerLoopPre: pbc.pairingPre - pbc.finalExp }
      : null;
    const oursCost = costOf(ops, price(oursMs));
    flow = {
      scheme: subject.name,
      precompute: true,
      measuredCpuMs: cpu,
      ops,
      theoreticalOursMs: oursCost.ms,
      theoreticalPbcMs: pbcUnits ? costOf(ops, price(pbcUnits)).ms : null,
      notPriced: oursCost.missing,
      paperMs: paperReported(subject).totalMs ?? null,
    };
  }

  const report = {
    backend: G.name,
    machine: machineInfo(),
    loadAverage: { before: load0, after: os.loadavg() },
    timing: 'process CPU time, median per call over batches (ours: process.cpuUsage; PBC: CLOCK_PROCESS_CPUTIME_ID)',
    pbc: pbc
      ? { how: 'measured in this run, before and after ours; ratio = ours / mean', binary: args.pbc, param: args.param }
      : { how: 'quoted', source: PBC_QUOTED_SOURCE },
    rows,
    flow,
  };
  if (args.out) writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  if (args.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  const f3 = (v: number) => (v < 0.01 ? v.toExponential(2) : v.toFixed(3));
  console.log(`SS512 on ${report.machine.cpu} (${report.machine.cores} cores, node ${report.machine.node})`);
  console.log(
    `load average before/after: ${load0.map((v) => v.toFixed(2)).join(' ')} / ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}`,
  );
  console.log(`timing: ${report.timing}`);
  console.log(`PBC: ${pbc ? `measured in this run (${args.pbc})` : PBC_QUOTED_SOURCE}\n`);
  for (const r of rows)
    console.log(
      `${r.op.padEnd(14)} ours ${f3(r.oursMs).padStart(9)} ms` +
        (r.pbcMs !== null
          ? `  PBC ${f3(r.pbcMs).padStart(9)} ms${r.pbcHow === 'derived' ? ' (derived)' : ''}  ours/PBC ${r.ratio!.toFixed(2)}x`
          : r.quoted
            ? `  PBC (quoted) ${r.quoted[0]}-${r.quoted[1]} ms  ours/PBC ${(r.oursMs / r.quoted[1]).toFixed(2)}-${(r.oursMs / r.quoted[0]).toFixed(2)}x`
            : ''),
    );
  if (flow)
    console.log(
      `\n${flow.scheme} precomputed flow: measured ${(flow.measuredCpuMs as number).toFixed(1)} ms CPU (median of 3 after a warm-up); ` +
        `theoretical (counted ops x unit costs): ${(flow.theoreticalOursMs as number).toFixed(1)} ms with ours` +
        (flow.theoreticalPbcMs !== null ? `, ${(flow.theoreticalPbcMs as number).toFixed(1)} ms with PBC's` : '') +
        `; the paper reports ${String(flow.paperMs)} ms`,
    );
}

await main();
