/**
 * `medexchain chain demo|audit --data-dir DIR [--rpc URL] [--backend B] [--json]`: the cross-chain system (chain/).
 * `demo` runs the whole story once on the directory's chains (appending to what is there); `audit` re-verifies every
 * audit record on both chains and every stored blob and lists each inconsistency with where it is.
 * Exit codes: 0 ok, 1 a check failed or an inconsistency was found, 2 bad usage.
 */
import { createProgress } from '../../experiments/lib/progress.js';
import { defineCommand, defineGroup, opt, printJson, UsageError } from '../args.js';

/** The options both subcommands share. */
const common = {
  'data-dir': opt.string('the folder holding both chains and the blob store (required)', { value: 'DIR' }),
  rpc: opt.string("chain A's JSON-RPC endpoint, instead of the in-process EVM", { value: 'URL' }),
  backend: opt.string('the pairing backend', { default: 'bls12-381', value: 'NAME' }),
  nodes: opt.int('chain B full nodes (hsd regtest, in process, syncing over P2P on 127.0.0.1)', {
    default: 2,
    min: 1,
    max: 16,
  }),
  json: opt.json,
};

function required(dir: string | undefined): string {
  if (!dir) throw new UsageError('--data-dir DIR is required');
  return dir;
}

const demo = defineCommand({
  name: 'chain demo',
  summary: "run the whole story once on the folder's chains (appending to what is there)",
  details: 'Exit 1 if Hospital B cannot read the record or the audit finds an inconsistency.',
  options: common,
  examples: ['medexchain chain demo --data-dir /tmp/mx', 'medexchain chain demo --data-dir /tmp/mx --json'],
  async run(o) {
    const dataDir = required(o['data-dir']);
    const json = o.json;
    const rpc = o.rpc;
    const { ChainSystem, chooseScheme } = await import('../../chain/system.js');
    const backendName = o.backend;
    const { schemes } = await import('../../registry/schemes.js');
    const { createBackend } = await import('../../registry/backends.js');
    const scheme = chooseScheme(schemes);
    const group = await createBackend(backendName);
    const sys = await ChainSystem.open({ dataDir, ...(rpc ? { rpc } : {}), nodes: o.nodes });
    let instance;
    try {
      instance = await scheme.create({ group, precompute: true });
    } catch (e) {
      await sys.close();
      throw e;
    }
    try {
      const r = await sys.demo(instance, backendName);
      if (json) printJson(r);
      else {
        process.stdout.write(
          [
            `scheme ${r.scheme} on ${r.backend} (chosen by capabilities; firewalls: ${r.firewalls}, foreign delegatee (Eq. 7b): ${r.foreignDelegatee})`,
            `chain A (${r.chainA.kind}): ${r.chainA.blocks} blocks, ${r.chainA.txs} transactions this run`,
            `chain B (${r.chainB.implementation}, ${r.chainB.nodes} nodes; written to node ${r.chainB.writer}, confirmations read from node ${r.chainB.reader}): ${r.chainB.blocks} blocks`,
            `record ${r.recordId}: ${r.cid}`,
            `Hospital B read the record: ${r.plaintextMatched ? 'plaintext matches' : 'MISMATCH'}; a ${r.record.format} Bundle of ${r.record.bytes} bytes, valid (${r.record.validator}): ${Object.entries(
              r.record.received.resources,
            )
              .map(([k, v]) => `${v} ${k}`)
              .join(', ')} (${Object.entries(r.record.received.observations)
              .map(([k, v]) => `${v} x ${k}`)
              .join('; ')})`,
            `audit: ${r.audit.verified}/${r.audit.records} records verified on both chains, ${r.audit.blobs} blobs`,
            ...r.audit.issues.map((i) => `  INCONSISTENT ${i.where}: ${i.what}`),
            r.ok ? 'ok' : 'FAILED',
          ].join('\n') + '\n',
        );
      }
      return r.ok ? 0 : 1;
    } finally {
      await sys.close();
      instance.dispose?.();
    }
  },
});

const bench = defineCommand({
  name: 'chain bench',
  summary: 'the relay under load: N requests from C hospitals at once, replayed and forged ones mixed in',
  details:
    'Each honest request must end served exactly once (one delivery, one audit record on each chain) or refused with a typed error; replayed and forged requests must all be refused. JSON: {ok, served, lost, doubleServed, refused, adversarial, throughput (served/s), latencyMs (p50/p95/p99 per component), chainB, audit}. Exit 1 unless every honest request was served exactly once and every adversarial one refused.',
  options: {
    ...common,
    requests: opt.int('honest cross-chain requests', { default: 40, min: 1, max: 10_000 }),
    concurrency: opt.int('hospitals filing at once (one request in flight each)', { default: 4, min: 1, max: 64 }),
    'replayed-percent': opt.int('replayed requests mixed in, as a share of the honest ones', {
      default: 5,
      max: 100,
    }),
    'forged-percent': opt.int('forged requests mixed in, as a share of the honest ones', { default: 5, max: 100 }),
    quiet: opt.quiet,
  },
  examples: ['medexchain chain bench --data-dir /tmp/mx --requests 40 --concurrency 4 --json'],
  async run(o) {
    const dataDir = required(o['data-dir']);
    const { ChainSystem, chooseScheme } = await import('../../chain/system.js');
    const { runLoad } = await import('../../chain/load.js');
    // one progress line per finished request on stderr off a terminal (a bar on one; none with --quiet); the
    // replayed and forged requests are added once the load knows how many there are
    const progress = createProgress(o.requests, { task: 'chain bench', quiet: o.quiet });
    let counted = false;
    const { systemRng } = await import('../../core/rng.js');
    const { schemes } = await import('../../registry/schemes.js');
    const { createBackend } = await import('../../registry/backends.js');
    const scheme = chooseScheme(schemes);
    const group = await createBackend(o.backend);
    const instance = await scheme.create({ group, precompute: true });
    const sys = await ChainSystem.open({ dataDir, ...(o.rpc ? { rpc: o.rpc } : {}), nodes: o.nodes }).catch((e) => {
      instance.dispose?.();
      throw e;
    });
    try {
      const r = await runLoad(sys, instance, {
        requests: o.requests,
        concurrency: o.concurrency,
        replayedShare: o['replayed-percent'] / 100,
        forgedShare: o['forged-percent'] / 100,
        rng: systemRng,
        onRequestDone: (_done, total, what) => {
          if (!counted) progress.grow(total - o.requests);
          counted = true;
          progress.step(what);
        },
      });
      progress.done();
      if (o.json) printJson(r);
      else
        process.stdout.write(
          [
            `${r.requests} requests from ${r.concurrency} hospitals at once on ${r.chainB.implementation} (${r.chainB.nodes} nodes): served ${r.served}, lost ${r.lost}, double-served ${r.doubleServed}`,
            `adversarial: ${r.adversarial.replayed} replayed, ${r.adversarial.forged} forged; refused ${r.adversarial.refused}, served ${r.adversarial.served}`,
            `refusals: ${JSON.stringify(r.refused)}`,
            `throughput ${r.throughput} requests/s; end-to-end latency p50 ${r.latencyMs.total?.p50} ms, p95 ${r.latencyMs.total?.p95} ms, p99 ${r.latencyMs.total?.p99} ms`,
            ...Object.entries(r.latencyMs)
              .filter(([k]) => k !== 'total')
              .map(([k, p]) => `  ${k}: p50 ${p.p50} ms, p95 ${p.p95} ms, p99 ${p.p99} ms`),
            `audit: ${r.audit.verified}/${r.audit.records} records verified, ${r.audit.issues} issues`,
            ...r.errors.map((e) => `  ERROR ${e}`),
            r.ok ? 'ok' : 'FAILED',
          ].join('\n') + '\n',
        );
      return r.ok ? 0 : 1;
    } finally {
      await sys.close();
      instance.dispose?.();
    }
  },
});

const audit = defineCommand({
  name: 'chain audit',
  summary: 'verify every audit record on both chains and every stored blob',
  details: 'Lists each inconsistency with where it is; exit 1 if there is any.',
  options: {
    ...common,
    node: opt.int('the chain B node the auditor reads (default: the one the relay reads confirmations from)', {
      value: 'I',
      max: 15,
    }),
  },
  examples: ['medexchain chain audit --data-dir /tmp/mx'],
  async run(o) {
    const dataDir = required(o['data-dir']);
    const json = o.json;
    const rpc = o.rpc;
    const { ChainSystem, chooseScheme } = await import('../../chain/system.js');
    const backendName = o.backend;
    const { schemes } = await import('../../registry/schemes.js');
    const { createBackend } = await import('../../registry/backends.js');
    const scheme = chooseScheme(schemes);
    // The scheme's own proofs are checked too (capability `audit`), with the same scheme and backend as the demo.
    const auditor = scheme.capabilities.audit
      ? (await scheme.create({ group: await createBackend(backendName) })).audit
      : undefined;
    if (o.node !== undefined && o.node >= o.nodes)
      throw new UsageError(`--node must be below --nodes (${o.nodes}), got ${o.node}`);
    const sys = await ChainSystem.open({ dataDir, ...(rpc ? { rpc } : {}), forAudit: true, nodes: o.nodes });
    try {
      const r = await sys.audit(auditor, o.node);
      const ok = r.issues.length === 0;
      if (json) printJson({ ok, ...r });
      else {
        process.stdout.write(
          `audit records: ${r.verified}/${r.records} verified on both chains; blobs: ${r.blobsVerified}/${r.blobs}; chain B blocks: ${r.chainBBlocks}\n`,
        );
        for (const i of r.issues) process.stdout.write(`  INCONSISTENT ${i.where}: ${i.what}\n`);
        process.stdout.write(ok ? 'consistent\n' : `${r.issues.length} inconsistencies\n`);
      }
      return ok ? 0 : 1;
    } finally {
      await sys.close();
    }
  },
});

export const command = defineGroup({
  name: 'chain',
  summary: 'the cross-chain system (demo, audit, bench)',
  details:
    'An in-process EVM chain (or a node over JSON-RPC), hsd regtest full nodes (Handshake: UTXO, proof of work, secp256k1), a relay and CIDv1 blob storage (chain/).',
  subcommands: { demo, audit, bench },
  examples: ['medexchain chain demo --data-dir /tmp/mx', 'medexchain chain audit --data-dir /tmp/mx --json'],
});
