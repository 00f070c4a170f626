/** `medexchain demo`: runs one scheme's whole story on one backend and prints the steps, messages and checks. */
import { createBackend, findBackend } from '../../registry/backends.js';
import { findScheme } from '../../registry/schemes.js';
import { ParameterError } from '../../core/errors.js';
import { SeededRng, systemRng } from '../../core/rng.js';
import type { SchemeParams } from '../../core/types.js';
import { bool, int, parse, printJson, str, UsageError } from '../args.js';
import type { Command } from '../main.js';

function thresholdOf(s: string | undefined): SchemeParams['threshold'] {
  if (s === undefined) return undefined;
  const m = /^(\d+)\/(\d+)$/.exec(s);
  if (!m) throw new UsageError(`--threshold takes t/n (e.g. 2/3), got '${s}'`);
  const t = Number(m[1]);
  const n = Number(m[2]);
  if (t < 1 || n < t || n > 255) throw new UsageError(`--threshold needs 1 <= t <= n <= 255, got ${t}/${n}`);
  return { t, n };
}

export const command: Command = {
  async run(argv) {
    const p = parse(argv, {
      scheme: { type: 'string' },
      backend: { type: 'string' },
      precompute: { type: 'boolean' },
      foreign: { type: 'boolean' },
      attributes: { type: 'string' },
      threshold: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean' },
    });
    const scheme = findScheme(str(p, 'scheme', 'medexchain'));
    const backendName = str(p, 'backend', 'bls12-381');
    findBackend(backendName); // unknown backend -> ParameterError (exit 2) before any work
    const params: SchemeParams = { ...scheme.defaultParams() };
    if (p.values.attributes !== undefined) params.attributes = int(p, 'attributes', 0, 1, 1024);
    const th = thresholdOf(str(p, 'threshold'));
    if (th) params.threshold = th;
    if (bool(p, 'foreign') && !scheme.capabilities.foreignDelegatee)
      throw new ParameterError(`${scheme.name} has no foreign-cryptosystem delegatee`);
    const group = await createBackend(backendName);
    if (!scheme.supports(group)) throw new ParameterError(`${scheme.name} does not run on ${backendName}`);
    const inst = await scheme.create({ group, precompute: bool(p, 'precompute'), params });
    const seed = str(p, 'seed');
    const rng = seed === undefined ? systemRng : new SeededRng(seed);
    const r = await inst.story({ rng, foreignDelegatee: bool(p, 'foreign') });
    inst.dispose?.();
    if (bool(p, 'json')) {
      printJson({
        ok: r.ok,
        scheme: r.scheme,
        backend: r.backend,
        precompute: bool(p, 'precompute'),
        params,
        steps: r.steps,
        messages: r.messages,
        checks: r.checks,
        totalMs: r.totalMs,
      });
    } else {
      const out: string[] = [
        `${scheme.title} on ${group.curve} (${group.library})${bool(p, 'precompute') ? ', precomputed' : ''}`,
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
};
