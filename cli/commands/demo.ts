/** `medexchain demo`: runs one scheme's whole story on one backend and prints the steps, messages and checks. */
import { createBackend, findBackend } from '../../registry/backends.js';
import { findScheme } from '../../registry/schemes.js';
import { ParameterError } from '../../core/errors.js';
import { SeededRng, systemRng } from '../../core/rng.js';
import type { SchemeParams } from '../../core/types.js';
import { defineCommand, opt, printJson, UsageError } from '../args.js';

function thresholdOf(s: string | undefined): SchemeParams['threshold'] {
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) throw new UsageError(`--threshold takes t/n (e.g. 2/3), got '${s}'`);
  const t = Number(m[1]);
  const n = Number(m[2]);
  if (t < 1 || n < t || n > 255) throw new UsageError(`--threshold needs 1 <= t <= n <= 255, got ${t}/${n}`);
  return { t, n };
}

export const command = defineCommand({
  name: 'demo',
  summary: "run a scheme's whole story once",
  details:
    "Alice's device encrypts, Hospital B on another chain requests, Alice authorizes, the relay re-encrypts,\n" +
    'Hospital B decrypts and the audit record verifies: each step with its time and counted operations, the\n' +
    'messages M1-M8 with paper accounting and real wire bytes. Exit 1 if a check of the story fails.',
  options: {
    scheme: opt.string('the scheme (see medexchain schemes)', { default: 'medexchain', value: 'NAME' }),
    backend: opt.string('the pairing backend (see medexchain backends)', { default: 'bls12-381', value: 'NAME' }),
    precompute: opt.flag('use fixed-base precomputation tables'),
    foreign: opt.flag('delegate to a foreign-cryptosystem delegatee (Eq. 7b), where the scheme has one'),
    attributes: opt.int('attributes in the policy (attribute-based schemes)', { min: 1, max: 1024 }),
    threshold: opt.string('t of n proxies (threshold schemes), e.g. 2/3', { value: 't/n' }),
    seed: opt.string('seed for a reproducible run (default: system randomness)', { value: 'S' }),
    json: opt.json,
  },
  examples: ['medexchain demo', 'medexchain demo --scheme afgh06 --backend bn254 --seed 1 --json'],
  async run(o) {
    const scheme = findScheme(o.scheme);
    const backendName = o.backend;
    findBackend(backendName); // unknown backend -> ParameterError (exit 2) before any work
    const params: SchemeParams = { ...scheme.defaultParams() };
    if (o.attributes !== undefined) params.attributes = o.attributes;
    const th = thresholdOf(o.threshold);
    if (th) params.threshold = th;
    if (o.foreign && !scheme.capabilities.foreignDelegatee)
      throw new ParameterError(`${scheme.name} has no foreign-cryptosystem delegatee`);
    const group = await createBackend(backendName);
    if (!scheme.supports(group)) throw new ParameterError(`${scheme.name} does not run on ${backendName}`);
    const inst = await scheme.create({ group, precompute: o.precompute, params });
    const seed = o.seed;
    const rng = seed === undefined ? systemRng : new SeededRng(seed);
    const r = await inst.story({ rng, foreignDelegatee: o.foreign });
    inst.dispose?.();
    if (o.json) {
      printJson({
        ok: r.ok,
        scheme: r.scheme,
        backend: r.backend,
        precompute: o.precompute,
        params,
        steps: r.steps,
        messages: r.messages,
        checks: r.checks,
        totalMs: r.totalMs,
      });
    } else {
      const out: string[] = [
        `${scheme.title} on ${group.curve} (${group.library})${o.precompute ? ', precomputed' : ''}`,
        '',
      ];
      for (const s of r.steps)
        out.push(
          `  ${s.phase === 'setup' ? '(setup) ' : ''}${s.name.padEnd(48)} ${s.party.padEnd(18)} ${s.ms.toFixed(2).padStart(9)} ms`,
        );
      out.push('', '  message  from -> to                 elements  group bytes  wire bytes');
      for (const m of r.messages)
        out.push(
          `  ${m.id.padEnd(8)} ${`${m.from} -> ${m.to}`.padEnd(26)} ${String(m.elements).padStart(8)} ${String(m.groupBytes).padStart(12)} ${String(m.wireBytes).padStart(11)}`,
        );
      const sum = (k: 'elements' | 'groupBytes' | 'wireBytes') => r.messages.reduce((s, m) => s + m[k], 0);
      out.push(
        `  ${'total'.padEnd(35)} ${String(sum('elements')).padStart(8)} ${String(sum('groupBytes')).padStart(12)} ${String(sum('wireBytes')).padStart(11)}`,
        '',
      );
      for (const c of r.checks) out.push(`  [${c.ok ? 'ok' : 'FAILED'}] ${c.name}${c.detail ? `: ${c.detail}` : ''}`);
      out.push('', `  total ${r.totalMs.toFixed(2)} ms (flow steps), ${r.ok ? 'ok' : 'NOT OK'}`);
      process.stdout.write(out.join('\n') + '\n');
    }
    return r.ok ? 0 : 1;
  },
});
