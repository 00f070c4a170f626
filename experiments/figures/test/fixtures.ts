/** Synthetic rows for the spec-builder tests (made-up names, so nothing depends on the real registry). */
import type { CsvRow } from '../../../core/csv.js';

// Long names on purpose: a figure must show each in full (Vega cuts labels over 160-180 px by default).
export const SCHEMES = ['alpha-pre', 'strawman-passthrough-of-the-device-key'];
export const BACKENDS = ['curve-one', 'curve-two-with-a-long-library-name'];

export function computeFixture(groupBy: 'party' | 'algorithm'): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const scheme of SCHEMES)
    for (const backend of BACKENDS)
      for (const [party, algorithm] of [
        ['sender', 'encrypt'],
        ['proxy', 'reencrypt'],
        ['receiver', 'decrypt'],
      ] as const) {
        const m = 1 + scheme.length + backend.length / 3 + party.length / 5;
        rows.push({
          scheme,
          backend,
          precompute: true,
          group_by: groupBy,
          party,
          algorithm: groupBy === 'algorithm' ? algorithm : '',
          runs: 5,
          median_ms: m,
          p25_ms: m * 0.9,
          p75_ms: m * 1.2,
          min_ms: m * 0.8,
          max_ms: m * 1.5,
          kind: 'measured',
        });
      }
  return rows;
}

export function commFixture(): CsvRow[] {
  return SCHEMES.flatMap((scheme, i) => [
    { scheme, accounting: 'declared elements x 128 B', bytes: 1000 + 500 * i, kind: 'theoretical' },
    { scheme, accounting: 'wire bytes on curve-one', bytes: 800 + 300 * i, kind: 'measured' },
  ]);
}

export function theoryFixture(): CsvRow[] {
  return SCHEMES.flatMap((scheme, i) => [
    { scheme, party: 'sender', algorithm: 'encrypt', symbols: '1E1', ms_naive: 5 + i, ms_precomputed: 2 + i },
    { scheme, party: 'proxy', algorithm: 'reencrypt', symbols: '1P', ms_naive: 12 + i, ms_precomputed: 10 + i },
  ]);
}

export function scaleFixture(): CsvRow[] {
  const rows: CsvRow[] = [];
  for (const scheme of SCHEMES)
    for (const parameter of ['size-a', 'size-b'])
      for (const value of [1, 2, 4, 8, 16]) {
        rows.push({
          scheme,
          parameter,
          value,
          backend: 'curve-one',
          ms: value * (scheme.length + 1),
          kind: 'theoretical',
        });
        if (value <= 4)
          rows.push({
            scheme,
            parameter,
            value,
            backend: 'curve-one',
            ms: value * (scheme.length + 1.5),
            kind: 'measured',
          });
      }
  return rows;
}

export function ablationFixture(): CsvRow[] {
  return SCHEMES.flatMap((scheme) =>
    BACKENDS.map((backend, j) => ({
      scheme,
      backend,
      naive_ms: 20,
      precomputed_ms: 10 + j,
      speedup: 20 / (10 + j),
      // the first backend's rows have a bootstrap interval, the others none (quick runs)
      speedup_lo: j === 0 ? 1.8 : null,
      speedup_hi: j === 0 ? 2.2 : null,
      model_naive_ms: 18,
      model_precomputed_ms: 9,
      model_speedup: 2,
    })),
  );
}

export function unitFixture(): CsvRow[] {
  return BACKENDS.flatMap((backend, j) => [
    { backend, op: 'op-pair', ms: 2 + j, how: 'timed', rme_percent: 1, samples: 50 },
    { backend, op: 'op-exp', ms: 0.3 + j, how: 'timed', rme_percent: 1, samples: 50 },
  ]);
}

export function gamesFixture(): CsvRow[] {
  return SCHEMES.flatMap((scheme) =>
    ['game-x', 'game-y'].flatMap((game) => [
      { scheme, game, firewall: 'on', advantage: 0.02, lo: 0, hi: 0.08 },
      { scheme, game, firewall: 'off', advantage: 0.9, lo: 0.82, hi: 0.95 },
    ]),
  );
}
