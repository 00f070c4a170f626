/**
 * The relay under load: N honest cross-chain requests from C hospitals at once (each hospital a chain B participant
 * with its own secp256k1 key and registry entry, one request in flight per hospital), with replayed and forged
 * requests mixed in, and a check afterwards against both chains that every request ended exactly once.
 *
 * One honest request is the whole served path: the hospital files its request on chain B (a transaction, confirmed
 * on a node other than the writer), the relay verifies it, the patient authorizes on chain A, the relay re-encrypts
 * and audits on both chains, the hospital reads and validates the FHIR Bundle. A replayed request is an earlier
 * served request filed again on chain B (same bytes, same nonce): the relay must refuse it (ReplayError). A forged one
 * claims a registered hospital's identity but is signed by another key (filed on chain B by the forger's own
 * coins): the relay must refuse it (VerificationError).
 *
 * Outcome per request, from what happened and from both chains afterwards (this run's requests only):
 *   served        honest, one delivery that decrypted to the record, one audit record on chain A and one on chain B;
 *   doubleServed  any request with more than one delivery or more than one audit record on either chain;
 *   lost          honest, and neither served nor refused with a typed error;
 *   refused       a typed refusal (MedexError), by kind; an honest request refused is reported, not counted served.
 */
import { MedexError } from '../core/errors.js';
import type { Rng } from '../core/rng.js';
import type { SchemeInstance } from '../core/types.js';
import { describeBundle, encodeBundle, parseBundle, vitalSignsBundle } from './fhir.js';
import { Hospital, equal, schemeUse } from './parties.js';
import { decodeAuditRecord, digest } from './relay/messages.js';
import { newSecret } from './relay/native.js';
import { PATIENT_ID, type ChainSystem } from './system.js';

export interface LoadOptions {
  requests: number;
  concurrency: number;
  /** Share of replayed requests added on top of the honest ones (default 0.05). */
  replayedShare?: number;
  /** Share of forged requests added on top of the honest ones (default 0.05). */
  forgedShare?: number;
  /** Vital-signs samples per record (3 observations each; default 6). */
  samples?: number;
  rng: Rng;
  /** Called as each request (honest, replayed or forged) finishes, with how many have and how many there are. */
  onRequestDone?: (done: number, total: number, what: string) => void;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface LoadResult {
  ok: boolean;
  requests: number;
  concurrency: number;
  served: number;
  lost: number;
  doubleServed: number;
  refused: Record<string, number>;
  adversarial: { replayed: number; forged: number; refused: number; served: number };
  errors: string[];
  wallMs: number;
  /** Served honest requests per second of wall time. */
  throughput: number;
  latencyMs: Record<string, Percentiles>;
  chainB: { implementation: string; nodes: number; blocks: number; writer: number; reader: number };
  record: { format: 'fhir-r4'; bytes: number; observations: number };
  audit: { records: number; verified: number; issues: number };
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

function percentiles(xs: number[]): Percentiles {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => +x.toFixed(2);
  return {
    p50: r(percentile(s, 0.5)),
    p95: r(percentile(s, 0.95)),
    p99: r(percentile(s, 0.99)),
    max: r(s.at(-1) ?? 0),
  };
}

type Job = { kind: 'honest'; i: number } | { kind: 'replayed' } | { kind: 'forged' };

export async function runLoad(sys: ChainSystem, instance: SchemeInstance, o: LoadOptions): Promise<LoadResult> {
  const { rng } = o;
  const n = o.requests;
  const c = o.concurrency;
  const use = schemeUse(instance);
  const { relay, patient, device } = await sys.parties(use);

  // C hospitals, each a chain B participant with its own keys, registered with the relay and on chain B.
  const tag = hex(newSecret('x25519', rng)).slice(0, 8);
  const hospitals: { h: Hospital; sk: Uint8Array }[] = [];
  for (let k = 0; k < c; k++) {
    const sk = newSecret('secp256k1', rng);
    const h = new Hospital(use, `hospital-${tag}-${k}`, sk, newSecret('x25519', rng), rng);
    await sys.enrol(h, sk);
    hospitals.push({ h, sk });
  }
  const forger = newSecret('secp256k1', rng);

  // One record per honest request, uploaded beforehand (not timed): each authorization on chain A names its record.
  const records: Uint8Array[] = [];
  const uploads: Awaited<ReturnType<typeof device.upload>>[] = [];
  for (let i = 0; i < n; i++) {
    records.push(encodeBundle(vitalSignsBundle(rng, { samples: o.samples ?? 6 })));
    uploads.push(await device.upload(sys.chainA, sys.store, PATIENT_ID, patient.publicKey, records[i]!, rng));
  }

  // The jobs: the honest requests, with the adversarial ones spread among them.
  const replays = Math.round(n * (o.replayedShare ?? 0.05));
  const forgeries = Math.round(n * (o.forgedShare ?? 0.05));
  const jobs: Job[] = Array.from({ length: n }, (_, i) => ({ kind: 'honest', i }));
  const spread = (k: number, job: Job, offset: number) => {
    for (let j = 0; j < k; j++)
      jobs.splice(Math.min(jobs.length, Math.floor(((j + offset) * jobs.length) / k) + 1), 0, job);
  };
  spread(replays, { kind: 'replayed' }, 0.5);
  spread(forgeries, { kind: 'forged' }, 0.25);

  const timings: Record<string, number[]> = {};
  const note = (k: string, ms: number) => (timings[k] ??= []).push(ms);
  const refused: Record<string, number> = {};
  const errors: string[] = [];
  const deliveries = new Map<string, number>();
  const honestHashes = new Set<string>();
  const adversarialHashes = new Set<string>();
  const servedRequests: Uint8Array[] = [];
  const adversarial = { replayed: 0, forged: 0, refused: 0, served: 0 };
  let honestRefused = 0;
  let honestPending = n;

  const step = async <T>(k: string, f: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    const r = await f();
    note(k, performance.now() - t0);
    return r;
  };

  /** Files `bytes` on chain B and runs the relay's path on what the chain holds; returns the delivery. */
  const serve = async (bytes: Uint8Array, sk: Uint8Array) => {
    const conf = await step('chainB.request', () => sys.chainB.anchor({ kind: 'request', sk, payload: bytes }));
    const filed = new Uint8Array(Buffer.from(conf.tx.payload, 'hex'));
    const v = await step('relay.verify', () => relay.verifyRequest(filed));
    const ch = relay.challenge(v);
    const auth = await step('patient.authorize', () =>
      patient.authorize(ch.bytes, filed, v, v.requesterKey, relay.signer.publicKey, sys.chainA, rng, Date.now()),
    );
    const served = await relay.complete(ch, auth);
    for (const [k, ms] of Object.entries(served.timings)) note(`relay.${k}`, ms);
    return served.delivery;
  };

  const run = async (job: Job, worker: number) => {
    const { h, sk } = hospitals[worker]!;
    if (job.kind === 'honest') {
      const up = uploads[job.i]!;
      const t0 = performance.now();
      const { bytes } = h.request(PATIENT_ID, up.recordId, up.cid, Date.now(), rng);
      const key = hex(digest(bytes));
      honestHashes.add(key);
      try {
        try {
          const delivery = await serve(bytes, sk);
          const plain = await step('hospital.read', () => h.read(delivery, relay.signer.publicKey, sys.store));
          parseBundle(plain);
          if (!equal(plain, records[job.i]!)) throw new Error(`request ${job.i}: the record read differs`);
          deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
          servedRequests.push(bytes);
          note('total', performance.now() - t0);
        } catch (e) {
          if (e instanceof MedexError) {
            refused[e.code] = (refused[e.code] ?? 0) + 1;
            honestRefused++;
          } else errors.push(e instanceof Error ? e.message : String(e));
        }
      } finally {
        honestPending--;
      }
      return;
    }
    let bytes: Uint8Array;
    let filer = sk;
    if (job.kind === 'replayed') {
      // an earlier served request, filed again byte for byte
      while (servedRequests.length === 0 && honestPending > 0) await new Promise((r) => setTimeout(r, 20));
      const earlier = servedRequests[Math.floor(servedRequests.length / 2)];
      if (!earlier) return void errors.push('no served request to replay');
      adversarial.replayed++;
      bytes = earlier;
      filer = forger; // anyone can copy a request off chain B and file it again
    } else {
      adversarial.forged++;
      // claims hospital `worker`'s identity, signed by a key the registry never bound to it, filed by the forger
      const impostor = new Hospital(use, h.id, newSecret('secp256k1', rng), newSecret('x25519', rng), rng);
      const up = uploads[0]!;
      bytes = impostor.request(PATIENT_ID, up.recordId, up.cid, Date.now(), rng).bytes;
      filer = forger;
      adversarialHashes.add(hex(digest(bytes)));
    }
    try {
      await serve(bytes, filer);
      adversarial.served++;
      deliveries.set(hex(digest(bytes)), (deliveries.get(hex(digest(bytes))) ?? 0) + 1);
    } catch (e) {
      if (e instanceof MedexError) {
        adversarial.refused++;
        refused[e.code] = (refused[e.code] ?? 0) + 1;
      } else errors.push(e instanceof Error ? e.message : String(e));
    }
  };

  // C workers, one per hospital, each taking the next job.
  let next = 0;
  let finished = 0;
  const wall0 = performance.now();
  await Promise.all(
    hospitals.map(async (_, w) => {
      for (;;) {
        const j = next++;
        if (j >= jobs.length) return;
        await run(jobs[j]!, w);
        o.onRequestDone?.(++finished, jobs.length, `${jobs[j]!.kind} request by hospital ${w}`);
      }
    }),
  );
  const wallMs = performance.now() - wall0;

  // Against both chains: how many audit records each of this run's requests has on chain A and on chain B.
  await sys.chainB.sync();
  const onA = new Map<string, number>();
  const onB = new Map<string, number>();
  for (const ev of await sys.chainA.auditEvents()) {
    const k = hex(decodeAuditRecord(ev.record).requestHash);
    onA.set(k, (onA.get(k) ?? 0) + 1);
  }
  for await (const b of sys.chainB.blocks())
    for (const t of b.txs) {
      if (t.kind !== 'audit' || t.problem) continue;
      const k = hex(decodeAuditRecord(new Uint8Array(Buffer.from(t.payload, 'hex'))).requestHash);
      onB.set(k, (onB.get(k) ?? 0) + 1);
    }
  let served = 0;
  let doubleServed = 0;
  for (const k of [...honestHashes, ...adversarialHashes]) {
    const d = deliveries.get(k) ?? 0;
    const a = onA.get(k) ?? 0;
    const b = onB.get(k) ?? 0;
    if (d > 1 || a > 1 || b > 1) doubleServed++;
    if (honestHashes.has(k) && d === 1 && a === 1 && b === 1) served++;
  }
  const lost = honestHashes.size - served - honestRefused;
  const report = await sys.audit(instance.audit);
  const latencyMs: Record<string, Percentiles> = {};
  for (const [k, xs] of Object.entries(timings)) latencyMs[k] = percentiles(xs);
  const sample = parseBundle(records[0]!);
  return {
    ok:
      served === n &&
      lost === 0 &&
      doubleServed === 0 &&
      adversarial.served === 0 &&
      errors.length === 0 &&
      report.issues.length === 0,
    requests: n,
    concurrency: c,
    served,
    lost,
    doubleServed,
    refused,
    adversarial,
    errors,
    wallMs: +wallMs.toFixed(1),
    throughput: +((served * 1000) / wallMs).toFixed(3),
    latencyMs,
    chainB: {
      implementation: sys.chainB.implementation,
      nodes: sys.chainB.nodes.length,
      blocks: sys.chainB.height(),
      writer: sys.chainB.writer,
      reader: sys.chainB.reader,
    },
    record: {
      format: 'fhir-r4',
      bytes: records[0]!.length,
      observations: describeBundle(sample).resources.Observation ?? 0,
    },
    audit: { records: report.records, verified: report.verified, issues: report.issues.length },
  };
}
