/**
 * Cross-chain benchmark (issue 10): relay throughput end to end with a per-component breakdown, and chain A gas per
 * operation. `npx tsx experiments/chain-bench/run.ts [--requests N] [--mode foreign|pre|both] [--out DIR] [--json]`
 * writes `results/chain/` atomically: throughput.{csv,json} (per component: median, quartiles, share of the
 * request), gas.{csv,json} (per chain A operation), and summary.md with the machine and its load.
 *
 * One request is the whole served path: Hospital B signs a request and files it on chain B; the relay verifies it
 * (registry, signature, window, nonce); the patient authorizes (ReKeyGen through the scheme, its firewall, the
 * authorization transaction on chain A); the relay reads chain A, re-encrypts, runs its firewall, stores C''',
 * appends the audit record to chain A and chain B, and signs the delivery; Hospital B reads (storage, its firewall,
 * decryption). Records are uploaded beforehand (one per request) and not counted. Requests run one after another:
 * chain A and chain B each commit one block per transaction here, so requests/s is the inverse of the latency of
 * one request on this machine, not a network's capacity (chain B: hsd regtest, one node, a block mined whenever a
transaction is pending). A warm-up request is discarded.
 *
 * The scheme is chosen from the registry by capabilities, on BLS12-381 (mcl-wasm) with precomputation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { systemRng } from '../../core/rng.js';
import { sampleRecord } from '../../core/story.js';
import { ChainSystem, PATIENT_ID, chooseScheme } from '../../chain/system.js';
import { schemeUse } from '../../chain/parties.js';
import { equal } from '../../chain/parties.js';
import { ResultsTransaction } from '../lib/atomic.js';
import { machineInfo, packageVersions } from '../lib/machine.js';
import { summarize } from '../lib/stats.js';
import type { SchemeInstance } from '../../core/types.js';

interface ModeResult {
  mode: 'foreign' | 'pre';
  requests: number;
  totalMs: number;
  perRequest: Record<string, number[]>;
  gas: { op: string; gas: number }[];
  capsuleBytes: number;
  auditRecordBytes: number;
}

const COMPONENTS = [
  'hospital.request',
  'chainB.request',
  'relay.verify',
  'patient.authorize',
  'relay.authorization',
  'relay.chainA-read',
  'relay.reencrypt',
  'relay.firewall',
  'relay.storage',
  'relay.audit-chainA',
  'relay.audit-chainB',
  'relay.deliver',
  'hospital.read',
] as const;

interface Prepared {
  mode: 'foreign' | 'pre';
  /** Serves request i end to end; returns each component's time and the total (ms). */
  runOne(i: number): Promise<Record<string, number>>;
  /** Audits both chains (must be clean) and returns the gas log and sizes. */
  finish(): Promise<{ gas: { op: string; gas: number }[]; capsuleBytes: number; auditRecordBytes: number }>;
  close(): Promise<void>;
}

/** A system on a fresh directory with the parties set up and n + 1 records uploaded (not timed). */
async function prepare(mode: 'foreign' | 'pre', instance: SchemeInstance, n: number): Promise<Prepared> {
  const dataDir = mkdtempSync(join(tmpdir(), `mx-chain-bench-${mode}-`));
  const sys = await ChainSystem.open({ dataDir });
  const rng = systemRng;
  const use = schemeUse(instance, mode === 'foreign');
  const { relay, patient, device, hospital } = await sys.parties(use);
  const uploads: Awaited<ReturnType<typeof device.upload>>[] = [];
  for (let i = 0; i <= n; i++)
    uploads.push(await device.upload(sys.chainA, sys.store, PATIENT_ID, patient.publicKey, sampleRecord(i), rng));
  let auditRecordBytes = 0;
  return {
    mode,
    async runOne(i) {
      const up = uploads[i]!;
      const t: Record<string, number> = {};
      const step = async <T>(k: string, f: () => Promise<T> | T): Promise<T> => {
        const t0 = performance.now();
        const r = await f();
        t[k] = performance.now() - t0;
        return r;
      };
      const t0 = performance.now();
      const { bytes } = await step('hospital.request', () =>
        hospital.request(PATIENT_ID, up.recordId, up.cid, Date.now(), rng),
      );
      const conf = await step('chainB.request', () =>
        sys.chainB.anchor({ kind: 'request', sk: sys.keys.hospitalSign, payload: bytes }),
      );
      const filed = new Uint8Array(Buffer.from(conf.tx.payload, 'hex'));
      const v = await step('relay.verify', () => relay.verifyRequest(filed));
      const ch = relay.challenge(v);
      const auth = await step('patient.authorize', () =>
        patient.authorize(ch.bytes, filed, v, v.requesterKey, relay.signer.publicKey, sys.chainA, rng, Date.now()),
      );
      const served = await relay.complete(ch, auth);
      for (const [k, ms] of Object.entries(served.timings)) t[`relay.${k}`] = ms;
      const plain = await step('hospital.read', () =>
        hospital.read(served.delivery, relay.signer.publicKey, sys.store),
      );
      t.total = performance.now() - t0;
      if (!equal(plain, sampleRecord(i))) throw new Error(`${mode} request ${i}: plaintext mismatch`);
      auditRecordBytes = served.audit.length;
      return t;
    },
    async finish() {
      const report = await sys.audit();
      if (report.issues.length || report.verified !== report.records)
        throw new Error(`${mode}: audit found ${report.issues.length} issues`);
      return {
        gas: sys.chainA.gas.map((g) => ({ op: g.op, gas: Number(g.gas) })),
        capsuleBytes: uploads[0]!.capsule.length,
        auditRecordBytes,
      };
    },
    async close() {
      await sys.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs the modes' requests interleaved (request i of every mode, then i + 1), so that a change in the shared
 * machine's load during the run affects every mode alike; request 0 of each is a discarded warm-up.
 */
async function runModes(modes: ('foreign' | 'pre')[], instance: SchemeInstance, n: number): Promise<ModeResult[]> {
  const prepared: Prepared[] = [];
  try {
    for (const m of modes) prepared.push(await prepare(m, instance, n));
    const per = prepared.map(
      () => Object.fromEntries([...COMPONENTS, 'total'].map((k) => [k, [] as number[]])) as Record<string, number[]>,
    );
    for (let i = 0; i <= n; i++)
      for (const [j, p] of prepared.entries()) {
        const t = await p.runOne(i);
        if (i === 0) continue;
        for (const k of [...COMPONENTS, 'total']) per[j]![k]!.push(t[k] ?? 0);
      }
    const out: ModeResult[] = [];
    for (const [j, p] of prepared.entries()) {
      const f = await p.finish();
      out.push({
        mode: p.mode,
        requests: n,
        totalMs: per[j]!.total!.reduce((a, b) => a + b, 0),
        perRequest: per[j]!,
        ...f,
      });
    }
    return out;
  } finally {
    for (const p of prepared) await p.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      mode: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const n = Number(values.requests ?? 30);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error('--requests takes an integer in 1..10000');
  const modeArg = values.mode ?? 'both';
  if (!['foreign', 'pre', 'both'].includes(modeArg)) throw new Error('--mode is foreign, pre or both');
  const scheme = chooseScheme(schemes);
  const instance = await scheme.create({ group: await createBackend('bls12-381'), precompute: true });
  const load0 = loadavg();
  const modes = (modeArg === 'both' ? ['foreign', 'pre'] : [modeArg]) as ('foreign' | 'pre')[];
  const effective = modes.filter((m) => m === 'pre' || scheme.capabilities.foreignDelegatee);
  const results = await runModes(effective, instance, n);
  instance.dispose?.();
  const load1 = loadavg();

  const throughput = results.flatMap((r) => {
    const totalMedian = summarize(r.perRequest.total!).median;
    return [...COMPONENTS, 'total' as const].map((k) => {
      const s = summarize(r.perRequest[k]!);
      return {
        mode: r.mode,
        component: k,
        median_ms: +s.median.toFixed(3),
        p25_ms: +s.p25.toFixed(3),
        p75_ms: +s.p75.toFixed(3),
        share_of_median_total: +(s.median / totalMedian).toFixed(4),
        requests: r.requests,
      };
    });
  });
  const rates = results.map((r) => ({
    mode: r.mode,
    requests: r.requests,
    requests_per_s_end_to_end: +((r.requests * 1000) / r.totalMs).toFixed(2),
    requests_per_s_relay_only: +(
      (r.requests * 1000) /
      r.perRequest['relay.verify']!.reduce(
        (s, _, i) => s + COMPONENTS.filter((k) => k.startsWith('relay.')).reduce((a, k) => a + r.perRequest[k]![i]!, 0),
        0,
      )
    ).toFixed(2),
    median_request_ms: +summarize(r.perRequest.total!).median.toFixed(2),
  }));
  const gasRows: { op: string; count: number; median_gas: number; min_gas: number; max_gas: number }[] = [];
  const r0 = results[0]!;
  for (const op of [...new Set(r0.gas.map((g) => g.op))]) {
    const xs = r0.gas.filter((g) => g.op === op).map((g) => g.gas);
    const s = summarize(xs);
    gasRows.push({ op, count: xs.length, median_gas: s.median, min_gas: s.min, max_gas: s.max });
  }

  const meta = {
    date: new Date().toISOString(),
    scheme: scheme.name,
    backend: 'bls12-381',
    command: `tsx experiments/chain-bench/run.ts ${process.argv.slice(2).join(' ')}`.trim(),
    machine: machineInfo(),
    loadAverage1m: { before: +load0[0]!.toFixed(2), after: +load1[0]!.toFixed(2) },
    packages: packageVersions(['@ethereumjs/vm', 'solc', 'classic-level', 'multiformats', 'mcl-wasm', '@noble/curves']),
    capsuleBytes: r0.capsuleBytes,
    auditRecordBytes: r0.auditRecordBytes,
  };
  const tx = await ResultsTransaction.open(values.out ?? 'results');
  await tx.writeTable('chain/throughput', throughput, [
    'mode',
    'component',
    'median_ms',
    'p25_ms',
    'p75_ms',
    'share_of_median_total',
    'requests',
  ]);
  await tx.writeTable('chain/rates', rates, [
    'mode',
    'requests',
    'requests_per_s_end_to_end',
    'requests_per_s_relay_only',
    'median_request_ms',
  ]);
  await tx.writeTable('chain/gas', gasRows, ['op', 'count', 'median_gas', 'min_gas', 'max_gas']);
  await tx.writeJson('chain/meta.json', meta);
  const md = [
    '# Cross-chain system: relay throughput and chain A gas (measured)',
    '',
    `${meta.date}; ${meta.machine.cpu}, ${meta.machine.cores} cores, ${meta.machine.os}, Node ${meta.machine.node}; ` +
      `1-minute load average ${meta.loadAverage1m.before} before, ${meta.loadAverage1m.after} after (a shared machine: other work competes for the cores).`,
    `Scheme ${meta.scheme} (chosen by capabilities) on ${meta.backend}, precomputation on; ${n} sequential requests per mode after one warm-up, the modes interleaved request by request.`,
    '',
    '## Requests per second',
    '',
    '| mode | requests/s end to end | requests/s relay only | median request (ms) |',
    '|---|---|---|---|',
    ...rates.map(
      (r) => `| ${r.mode} | ${r.requests_per_s_end_to_end} | ${r.requests_per_s_relay_only} | ${r.median_request_ms} |`,
    ),
    '',
    'Modes: `foreign` = Hospital B has only its X25519 key (Eq. 7b); `pre` = Hospital B has a firewalled PRE key.',
    '',
    '## Per component (median ms, share of the median request)',
    '',
    `| component | ${results.map((r) => r.mode).join(' | ')} |`,
    `|---|${results.map(() => '---').join('|')}|`,
    ...[...COMPONENTS, 'total'].map(
      (k) =>
        `| ${k} | ${results
          .map((r) => {
            const row = throughput.find((x) => x.mode === r.mode && x.component === k)!;
            return `${row.median_ms} (${(row.share_of_median_total * 100).toFixed(1)} %)`;
          })
          .join(' | ')} |`,
    ),
    '',
    '## Chain A gas per operation (Cancun rules, solc 0.8 optimizer 200 runs, total gas charged incl. 21000 intrinsic)',
    '',
    `Key capsule ${meta.capsuleBytes} bytes (stored in contract storage by addRecord); audit record ${meta.auditRecordBytes} bytes (emitted in the Audited event, its keccak256 stored).`,
    '',
    '| operation | count | median gas | min | max |',
    '|---|---|---|---|---|',
    ...gasRows.map((g) => `| ${g.op} | ${g.count} | ${g.median_gas} | ${g.min_gas} | ${g.max_gas} |`),
    '',
  ].join('\n');
  await tx.writeText('chain/summary.md', md);
  await tx.commit();
  if (values.json) process.stdout.write(JSON.stringify({ meta, rates, throughput, gas: gasRows }, null, 2) + '\n');
  else process.stdout.write(md + '\n');
}

main().catch((e) => {
  process.stderr.write(`chain-bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
