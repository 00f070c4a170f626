/** Synthetic schemes and worker results for the analysis and report tests (made-up names and numbers). */
import { noCapabilities, type Scheme, type SchemeParams } from '../../core/types.js';
import type { StoryResult, StoryStep } from '../../core/story.js';
import type { WorkerResult } from '../measure/types.js';

export function fakeScheme(name: string, opts: { firewalls?: boolean; attributeBased?: boolean } = {}): Scheme {
  const caps = {
    ...noCapabilities(),
    reencryption: true,
    firewalls: !!opts.firewalls,
    audit: !!opts.firewalls,
    attributeBased: !!opts.attributeBased,
  };
  return {
    name,
    title: `${name} title`,
    family: 'pre',
    citation: `${name} citation`,
    capabilities: caps,
    ...(opts.firewalls ? { reported: { commBytes: 1920, totalMs: 98.24, source: `${name} paper` } } : {}),
    supports: () => true,
    defaultParams: (): SchemeParams => ({ attributes: 2 }),
    create: async () => {
      throw new Error('not used');
    },
    costModel: (p: SchemeParams, o: { precompute: boolean }) => ({
      algorithms: [
        {
          algorithm: 'encrypt',
          party: 'device',
          ops: o.precompute ? { fixedExpG1: 1, expGT: 1 } : { expG1: 1, expGT: 1 },
        },
        { algorithm: 'reencrypt', party: 'relay', ops: { millerLoop: 1, finalExp: 1, expG1: p.attributes ?? 1 } },
      ],
    }),
    messages: () => [
      {
        id: 'M1',
        from: 'device',
        to: 'relay',
        description: '',
        elements: [
          { name: 'c1', group: 'G1' },
          { name: 'c2', group: 'GT' },
        ],
      },
      { id: 'M2', from: 'relay', to: 'hospital', description: '', elements: [{ name: 'c', group: 'GT' }] },
    ],
  } as Scheme;
}

export function story(scheme: string, backend: string, scale: number): StoryResult {
  const steps: StoryStep[] = [
    { name: 'tables', party: 'device', algorithm: 'Setup', ms: 100, ops: {}, phase: 'setup' },
    { name: 'enc', party: 'device', algorithm: 'encrypt', ms: 1 * scale, ops: {}, phase: 'flow' },
    { name: 're', party: 'relay', algorithm: 'reencrypt', ms: 4 * scale, ops: {}, phase: 'flow' },
    { name: 're again', party: 'relay', algorithm: 'reencrypt', ms: 1 * scale, ops: {}, phase: 'flow' },
  ];
  return {
    ok: true,
    scheme,
    backend,
    steps,
    messages: [
      // groupBytes at the sizes of the group the story ran on (G1 48 B, GT 576 B here)
      { id: 'M1', from: 'device', to: 'relay', elements: 2, groupBytes: 624, wireBytes: 700, implBytes: 320 },
      { id: 'M2', from: 'relay', to: 'hospital', elements: 1, groupBytes: 576, wireBytes: 600 },
    ],
    checks: [{ name: 'ok', ok: true }],
    totalMs: steps.reduce((a, s) => a + (s.phase === 'flow' ? s.ms : 0), 0),
  };
}

export function fakeWorker(
  backend: string,
  schemes: string[],
  opts: { symmetric?: boolean; sweep?: boolean } = {},
): WorkerResult {
  const series = schemes.flatMap((s) => [
    { scheme: s, precompute: true, params: {}, runs: [1, 2, 3].map((k) => story(s, backend, k)), warmup: 1 },
    { scheme: s, precompute: false, params: {}, runs: [2, 4, 6].map((k) => story(s, backend, k)), warmup: 1 },
  ]);
  if (opts.sweep)
    for (const s of schemes)
      series.push({
        scheme: s,
        precompute: true,
        params: {},
        sweep: { parameter: 'attributes', value: 4 },
        runs: [story(s, backend, 4)],
        warmup: 0,
      } as never);
  const sym = !!opts.symmetric;
  return {
    backend: {
      name: backend,
      curve: 'c',
      library: 'l',
      securityBits: sym ? 80 : 128,
      symmetric: sym,
      sizes: sym ? { Zr: 20, G1: 128, G2: 128, GT: 128 } : { Zr: 32, G1: 48, G2: 96, GT: 576 },
    },
    job: { backend, seed: 's', quick: true, sweep: !!opts.sweep },
    unitCosts: [
      { op: 'millerLoop', ms: 1, how: 'derived', rme: 1, samples: 10 },
      { op: 'finalExp', ms: 2, how: 'derived', rme: 1, samples: 10 },
      { op: 'expG1', ms: 0.5, how: 'timed', rme: 1, samples: 10 },
      { op: 'fixedExpG1', ms: 0.1, how: 'timed', rme: 1, samples: 10 },
      { op: 'expGT', ms: 1.5, how: 'timed', rme: 1, samples: 10 },
    ],
    series,
    notes: [],
    elapsedMs: 100,
  };
}
