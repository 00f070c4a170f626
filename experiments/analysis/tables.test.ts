import { describe, expect, test } from '@jest/globals';
import { parseCsv, toCsv, inferTypes } from '../../core/csv.js';
import { fakeScheme, fakeWorker } from '../test/synthetic.js';
import { PAPER, isPaperSubject } from './paper.js';
import { multiplicity, runsPer } from '../measure/sweeps.js';
import {
  ABLATION_COLUMNS,
  COMM_COLUMNS,
  COMPUTE_COLUMNS,
  SCALE_COLUMNS,
  THEORY_COLUMNS,
  UNIT_COLUMNS,
  ablationRows,
  commRows,
  computeRows,
  pickUnitCostSource,
  scalabilityRows,
  theoryRows,
  unitCostRows,
} from './tables.js';

const A = fakeScheme('alpha', { firewalls: true });
const B = fakeScheme('beta', { attributeBased: true });
const W1 = fakeWorker('curve-one', ['alpha', 'beta'], { sweep: true });
const W2 = fakeWorker('curve-80', ['alpha'], { symmetric: true });

describe('analysis tables', () => {
  test('compute rows: per algorithm (steps of one run summed), per party and total, median over runs', () => {
    const rows = computeRows([W1]);
    const re = rows.find(
      (r) =>
        r['scheme'] === 'alpha' &&
        r['precompute'] === true &&
        r['group_by'] === 'algorithm' &&
        r['algorithm'] === 'reencrypt',
    )!;
    // per run: 5 * scale for scales 1, 2, 3 -> median 10
    expect(re).toMatchObject({
      party: 'relay',
      runs: 3,
      median_ms: 10,
      p25_ms: 7.5,
      p75_ms: 12.5,
      min_ms: 5,
      max_ms: 15,
      kind: 'measured',
    });
    const tot = rows.find((r) => r['scheme'] === 'alpha' && r['precompute'] === false && r['group_by'] === 'total')!;
    expect(tot['median_ms']).toBe(24);
    expect(
      rows
        .filter((r) => r['group_by'] === 'party' && r['scheme'] === 'beta' && r['precompute'] === true)
        .map((r) => r['party'])
        .sort(),
    ).toEqual(['device', 'relay']);
    // one-time setup steps are not part of the flow
    expect(rows.some((r) => r['algorithm'] === 'Setup')).toBe(false);
    expect(
      rows.find(
        (r) =>
          r['scheme'] === 'alpha' && r['precompute'] === true && r['group_by'] === 'party' && r['party'] === 'device',
      )!['median_ms'],
    ).toBe(2);
  });

  test('communication: declared elements at the 80-bit Type-A sizes, backend sizes, and measured wire bytes', () => {
    const rows = commRows([A], [W1]);
    const tot = rows.find((r) => r['message'] === 'TOTAL')!;
    expect(tot).toMatchObject({
      elements: 3,
      bytes_80bit_typeA: 3 * 128,
      group_bytes: 48 + 576 + 576,
      // only M1 declares what it really sends; the total sums what is declared
      impl_bytes: 320,
      wire_bytes: 1300,
      backend: 'curve-one',
    });
    expect(rows.find((r) => r['message'] === 'M2')!['impl_bytes']).toBeNull();
    expect(PAPER.typeASizes.G1).toBe(128);
  });

  test('communication without any measurement still gives the paper accounting', () => {
    const rows = commRows([A], []);
    expect(rows.find((r) => r['message'] === 'TOTAL')).toMatchObject({
      bytes_80bit_typeA: 384,
      impl_bytes: null,
      wire_bytes: null,
      group_bytes: null,
      backend: '',
    });
  });

  test('the 80-bit comparison prefers a symmetric 80-bit backend, else says it used a stand-in', () => {
    expect(pickUnitCostSource([W1, W2])).toMatchObject({ backend: 'curve-80', matchesPaper: true });
    expect(pickUnitCostSource([W1])).toMatchObject({ backend: 'curve-one', matchesPaper: false });
    expect(pickUnitCostSource([])).toBeNull();
  });

  test('theory rows: counts times unit costs, naive and precomputed, with a total', () => {
    const rows = theoryRows([B], pickUnitCostSource([W2])!);
    const enc = rows.find((r) => r['algorithm'] === 'encrypt')!;
    expect(enc).toMatchObject({ ms_naive: 2, ms_precomputed: 1.6, symbols: '1E1 + 1ET', kind: 'theoretical' });
    const tot = rows.find((r) => r['algorithm'] === 'TOTAL')!;
    // reencrypt: 1 + 2 + 2 * 0.5 = 4
    expect(tot).toMatchObject({ ms_naive: 6, ms_precomputed: 5.6, missing_unit_costs: '' });
  });

  test('scalability: the model grows with the swept parameter only for schemes it applies to; measured and composed points', () => {
    const rows = scalabilityRows([A, B], [W1]);
    const attrB = rows.filter(
      (r) => r['scheme'] === 'beta' && r['parameter'] === 'attributes' && r['kind'] === 'theoretical',
    );
    expect(attrB.length).toBeGreaterThan(3);
    expect(Number(attrB.at(-1)!['ms'])).toBeGreaterThan(Number(attrB[0]!['ms']));
    expect(
      rows.some((r) => r['scheme'] === 'alpha' && r['parameter'] === 'attributes' && r['kind'] === 'theoretical'),
    ).toBe(false);
    expect(
      rows
        .filter((r) => r['kind'] === 'measured')
        .map((r) => `${r['scheme']}:${r['parameter']}:${r['value']}`)
        .sort(),
    ).toEqual(['alpha:attributes:4', 'beta:attributes:4']);
    // records: the device's encrypt runs once per record (model: 0.1 + 1.5 per record, reencrypt 1 + 2 + 2 * 0.5 once)
    const rec = (v: number, kind: string) =>
      rows.find(
        (r) => r['scheme'] === 'alpha' && r['parameter'] === 'records' && r['value'] === v && r['kind'] === kind,
      )!['ms'];
    expect(rec(1, 'theoretical')).toBeCloseTo(1.6 + 4);
    expect(rec(8, 'theoretical')).toBeCloseTo(8 * 1.6 + 4);
    // composed from measured steps: device step 1*scale per record, relay steps 5*scale once; median over scales 1..3
    expect(rec(8, 'composed')).toBeCloseTo(8 * 2 + 10);
    const hosp = rows.find(
      (r) => r['scheme'] === 'alpha' && r['parameter'] === 'hospitals' && r['value'] === 4 && r['kind'] === 'composed',
    )!['ms'];
    expect(hosp).toBeCloseTo(2 + 4 * 10);
  });

  test('how often an algorithm runs: declared, else inferred from the party', () => {
    expect(runsPer({ party: 'device' })).toBe('record');
    expect(runsPer({ party: 'firewall-relay' })).toBe('hospital');
    expect(runsPer({ party: 'patient' })).toBe('flow');
    expect(runsPer({ party: 'patient', per: 'hospital' })).toBe('hospital');
    expect(multiplicity({ party: 'device' }, 'records', 5)).toBe(5);
    expect(multiplicity({ party: 'device' }, 'hospitals', 5)).toBe(1);
    expect(multiplicity({ party: 'hospital' }, 'hospitals', 3)).toBe(3);
  });

  test('ablation: measured ratio of medians and the model ratio', () => {
    const rows = ablationRows([A], [W1]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ naive_ms: 24, precomputed_ms: 12, speedup: 2 });
    expect(Number(rows[0]!['model_speedup'])).toBeGreaterThan(1);
  });

  test('every table parses back from its CSV to the same data', () => {
    const tables: [Record<string, unknown>[], string[]][] = [
      [computeRows([W1, W2]), COMPUTE_COLUMNS],
      [commRows([A, B], [W1, W2]), COMM_COLUMNS],
      [theoryRows([A, B], pickUnitCostSource([W1, W2])!), THEORY_COLUMNS],
      [scalabilityRows([A, B], [W1, W2]), SCALE_COLUMNS],
      [ablationRows([A, B], [W1, W2]), ABLATION_COLUMNS],
      [unitCostRows([W1, W2]), UNIT_COLUMNS],
    ];
    for (const [rows, cols] of tables) {
      expect(rows.length).toBeGreaterThan(0);
      const typed = rows as never;
      const back = parseCsv(toCsv(typed, cols), inferTypes(typed, cols)).rows;
      expect(back).toEqual(rows.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? null]))));
    }
  });

  test('the paper subject is the scheme that declares what its paper reports', () => {
    expect(isPaperSubject(A)).toBe(true);
    expect(isPaperSubject(B)).toBe(false);
  });
});
