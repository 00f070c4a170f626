/**
 * Rankings, speed-ups and model gaps for the report come from the interleaved rounds with bootstrap intervals
 * (issue 19, deliverable 3): a rank is "1 of N" only where the paired interval separates it, a flow on another
 * group is labelled as not an equal-security comparison, and reproduce's table step refuses inconsistent unit
 * costs instead of building the theoretical table on them.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorySeries, WorkerResult } from '../measure/types.js';
import { UnitCostError } from '../measure/unitcosts.js';
import { ResultsTransaction } from '../lib/atomic.js';
import { buildTables } from '../tables.js';
import { fakeScheme, fakeWorker, story } from '../test/synthetic.js';
import { ablationRows, GAP_LIMIT, modelGapRows, rankingRows, speedupInterval } from './tables.js';

/** Ten interleaved rounds: round i of every flow shares the round's load factor. */
const LOAD = [1, 1.3, 0.9, 1.1, 1.6, 1, 0.95, 1.2, 1.05, 1.4];

function series(
  scheme: string,
  backend: string,
  factor: number,
  precompute = true,
  ranOn = backend,
  phase = 0,
): StorySeries {
  return {
    scheme,
    precompute,
    params: {},
    // each flow's own noise (+-1 %, phase-shifted per flow) on top of the round's shared load
    runs: LOAD.map((l, i) => ({ ...story(scheme, ranOn, l * factor * (1 + 0.01 * ((i + phase) % 3))) })),
    warmup: 1,
  };
}

function worker(list: StorySeries[]): WorkerResult {
  return { ...fakeWorker('curve-80', [], { symmetric: true }), series: list };
}

describe('rankings from interleaved rounds', () => {
  test("'rank 1 of N' only when separated; close flows are tied; another group is labelled", () => {
    const w = worker([
      series('fast', 'curve-80', 1),
      series('slow', 'curve-80', 3),
      series('twin-a', 'curve-80', 5),
      series('twin-b', 'curve-80', 5.02, true, 'curve-80', 1),
      series('umbral-like', 'curve-80', 8, true, 'secp256k1'),
      series('bbs-like', 'curve-80', 9, true, 'curve-80/G1'),
    ]);
    const rows = rankingRows([w]).filter((r) => r['measure'] === 'total' && r['precompute'] === true);
    const by = (s: string) => rows.find((r) => r['scheme'] === s)!;
    expect(by('fast')).toMatchObject({ rank: 1, of: 6, tied_with: '', equal_security: true });
    expect(by('fast')['text']).toBe('rank 1 of 6');
    // on the backend's own G1: the same group, an equal-security comparison
    expect(by('bbs-like')).toMatchObject({ ran_on: 'curve-80/G1', equal_security: true });
    // per-run noise of 1 % against a 0.4 % difference: the paired interval contains 1, so they are tied
    expect(by('twin-a')['tied_with']).toBe('twin-b');
    expect(String(by('twin-b')['text'])).toContain('tied with twin-a');
    expect(by('umbral-like')).toMatchObject({ ran_on: 'secp256k1', equal_security: false });
    expect(String(by('umbral-like')['text'])).toContain('not an equal-security comparison');
    // the device's part is ranked too
    expect(rankingRows([w]).some((r) => r['measure'] === 'device')).toBe(true);
  });

  test('a single round separates nothing', () => {
    const one = (s: StorySeries) => ({ ...s, runs: s.runs.slice(0, 1) });
    const w = worker([one(series('a', 'curve-80', 1)), one(series('b', 'curve-80', 3))]);
    const a = rankingRows([w]).find((r) => r['scheme'] === 'a' && r['measure'] === 'total')!;
    expect(a['tied_with']).toBe('b');
  });

  test('speed-ups carry a paired bootstrap interval from the same rounds', () => {
    const A = fakeScheme('alpha');
    const w = worker([series('alpha', 'curve-80', 1, true), series('alpha', 'curve-80', 1.6, false)]);
    const iv = speedupInterval(w, 'alpha')!;
    expect(iv.value).toBeCloseTo(1.6, 5);
    expect(iv.lo).toBeLessThanOrEqual(iv.value);
    expect(iv.hi).toBeGreaterThanOrEqual(iv.value);
    const row = ablationRows([A], [w])[0]!;
    expect(row).toMatchObject({ rounds: 10 });
    expect(Number(row['speedup_lo'])).toBeLessThanOrEqual(Number(row['speedup']));
    expect(Number(row['speedup_hi'])).toBeGreaterThanOrEqual(Number(row['speedup']));
  });
});

describe('measured against counted per algorithm', () => {
  test('counted at the cold unit costs; a gap beyond 1.10 is named, within is not', () => {
    const w = fakeWorker('curve-80', ['alpha'], { symmetric: true });
    // encrypt: 1 expGT per run (1.5 hot, 1.0 cold); reencrypt: 1 millerLoop + 1 finalExp (cold 1 + 5)
    w.unitCosts = w.unitCosts.map((u) =>
      u.op === 'expGT'
        ? { ...u, cold: { ms: 2, lo: 2, hi: 2, samples: 5 } }
        : u.op === 'millerLoop' || u.op === 'finalExp'
          ? { ...u, cold: { ms: 5, lo: 5, hi: 5, samples: 5 } }
          : { ...u, cold: { ms: u.ms, lo: u.ms, hi: u.ms, samples: 5 } },
    );
    for (const s of w.series)
      for (const r of s.runs)
        for (const st of r.steps) {
          if (st.algorithm === 'encrypt') st.ops = { expGT: 1 };
          if (st.algorithm === 'reencrypt') st.ops = { millerLoop: 3, finalExp: 1 }; // a product of 3 pairings
        }
    const rows = modelGapRows([w]).filter((r) => r['precompute'] === true);
    // precomputed runs: encrypt 1, 2, 3 ms -> median 2 = counted 2 (no gap); reencrypt (4+1) * k -> median 10 =
    // counted 2 steps x (3 x 5 + 5) = 40 -> ratio 0.25 (under), and the likely cause names the product of pairings
    expect(rows.find((r) => r['algorithm'] === 'encrypt')).toMatchObject({
      counted_cold_ms: 2,
      ratio: 1,
      gap: '',
      likely_cause: '',
    });
    const re = rows.find((r) => r['algorithm'] === 'reencrypt')!;
    expect(re).toMatchObject({ measured_ms: 10, counted_cold_ms: 40, ratio: 0.25, gap: 'under' });
    expect(String(re['likely_cause'])).toContain('products of pairings');
    expect(GAP_LIMIT).toBe(1.1);
  });
});

describe("reproduce's table step", () => {
  test('refuses inconsistent unit costs (a part of the pairing longer than the pairing)', async () => {
    const root = await mkdtemp(join(tmpdir(), 'medex-tables-'));
    const tx = await ResultsTransaction.open(root);
    try {
      const w = fakeWorker('curve-80', ['alpha'], { symmetric: true });
      w.unitCosts = [
        { op: 'pairing', ms: 2, how: 'timed', rme: 1, samples: 10 },
        { op: 'millerLoop', ms: 0.5, how: 'timed', rme: 1, samples: 10 },
        { op: 'finalExp', ms: 2.5, how: 'timed', rme: 1, samples: 10 },
      ];
      await expect(
        buildTables(tx, { quick: true, schemes: [fakeScheme('alpha')], workers: [w], pieces: [], notes: [] }),
      ).rejects.toThrow(UnitCostError);
    } finally {
      await tx.abort();
      await rm(root, { recursive: true, force: true });
    }
  });
});
