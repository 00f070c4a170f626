import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemeTag } from '../core/wire.js';
import { createMclGroup } from '../core/groups/mcl.js';
import { SeededRng } from '../core/rng.js';
import type { Party } from '../core/types.js';
import { schemeNames, schemes } from './schemes.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Library code outside the registry and the schemes themselves (tests may name the scheme they test). */
function consumerSources(dir = root): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    const rel = relative(root, p);
    if (e.isDirectory()) {
      if (/^(node_modules|results|registry|schemes|\..*)$/.test(rel) || e.name === 'test' || e.name === 'testdata')
        continue;
      out.push(...consumerSources(p));
    } else if (/\.(ts|mjs)$/.test(e.name) && !/\.test\.ts$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('registry', () => {
  it('derives a distinct wire tag for every registered scheme', () => {
    const names = schemeNames();
    const tags = names.map(schemeTag);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(tags).size).toBe(names.length);
  });

  it('no consumer decides by a scheme name (they use the declarations: capabilities, reported, firewalls)', () => {
    const names = schemeNames().join('|');
    const deciding = new RegExp(
      `(===|!==|==|!=)\\s*['"\`](${names})['"\`]|['"\`](${names})['"\`]\\s*(===|!==)|case\\s+['"\`](${names})['"\`]`,
    );
    const offenders = consumerSources().flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(root, f)}:${i + 1}` }))
        .filter(({ line }) => deciding.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('declared firewalls are exactly what firewall(party) builds, and declared parties cover costs and messages', async () => {
    const group = await createMclGroup('bls12-381');
    const hooks = ['keygen', 'encrypt', 'rekeygen', 'reencrypt', 'receive'] as const;
    for (const s of schemes) {
      const params = s.defaultParams();
      if (s.parties) {
        const named = [
          ...s.costModel(params, { precompute: true, symmetric: false }).algorithms.map((a) => a.party),
          ...s.messages(params).flatMap((m) => [m.from, m.to]),
        ];
        expect({ scheme: s.name, missing: named.filter((p) => !s.parties!.includes(p as Party)) }).toEqual({
          scheme: s.name,
          missing: [],
        });
      }
      expect({ scheme: s.name, declares: (s.firewalls ?? []).length > 0 }).toEqual({
        scheme: s.name,
        declares: s.capabilities.firewalls,
      });
      if (!s.firewalls) continue;
      const inst = await s.create({ group, precompute: true, params });
      for (const d of s.firewalls) {
        const fw = inst.firewall!(d.party, new SeededRng('fw'));
        expect({ party: d.party, hooks: hooks.filter((h) => typeof fw[h] === 'function') }).toEqual({
          party: d.party,
          hooks: hooks.filter((h) => d.guards.includes(h)),
        });
      }
      inst.dispose?.();
    }
  });
});
