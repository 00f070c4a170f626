import { describe, expect, test } from '@jest/globals';
import { createSs512Group } from '../../core/groups/ss512/index.js';
import { SeededRng } from '../../core/rng.js';
import { pickUnitCostSource } from '../analysis/tables.js';
import { timeCold } from '../lib/cold.js';
import { timeHotCpu } from '../lib/cputime.js';
import { fakeWorker } from '../test/synthetic.js';
import { checkUnitCosts, pairingTasks, UnitCostError, unitCostMap, type UnitCost } from './unitcosts.js';

const u = (op: UnitCost['op'], ms: number, cold?: number): UnitCost => ({
  op,
  ms,
  how: 'timed',
  rme: 1,
  samples: 10,
  ...(cold === undefined ? {} : { cold: { ms: cold, lo: cold, hi: cold, samples: 10 } }),
});

describe('unit costs: consistency', () => {
  test('consistent costs pass and report the measured ratios', () => {
    const c = checkUnitCosts([u('pairing', 3), u('millerLoop', 1.3), u('finalExp', 1.6), u('millerLoopPre', 0.9)], {
      prePairingMs: 2.5,
      pairProd4Ms: 6.9,
    });
    expect(c.partsOverPairing).toBeCloseTo(2.9 / 3);
    expect(c.prePartsOverPrePairing).toBeCloseTo(2.5 / 2.5);
    expect(c.prod4OverCounted).toBeCloseTo(6.9 / (4 * 1.3 + 1.6));
  });
  test('a non-positive or non-finite time is refused, hot or cold', () => {
    expect(() => checkUnitCosts([u('expG1', 0)])).toThrow(UnitCostError);
    expect(() => checkUnitCosts([u('expG1', -0.1)])).toThrow(UnitCostError);
    expect(() => checkUnitCosts([u('expG1', NaN)])).toThrow(UnitCostError);
    expect(() => checkUnitCosts([u('expG1', 0.2, 0)])).toThrow(/cold/);
  });
  test('a part of a pairing longer than the pairing is refused (the committed broken row)', () => {
    // The row this check exists for: final exponentiation clamped to nothing, Miller loop longer than the pairing.
    expect(() => checkUnitCosts([u('pairing', 2.82), u('millerLoop', 3.75), u('finalExp', 1e-6)])).toThrow(
      /millerLoop .* longer than the whole pairing/,
    );
    expect(() => checkUnitCosts([u('pairing', 2), u('millerLoop', 0.5), u('finalExp', 2.5)])).toThrow(UnitCostError);
  });
  test('parts that do not add up to the pairing are refused', () => {
    expect(() => checkUnitCosts([u('pairing', 5), u('millerLoop', 1), u('finalExp', 1)])).toThrow(/0\.400 x/);
  });
  test('the theoretical table refuses inconsistent unit costs', () => {
    const w = fakeWorker('curve-80', ['a'], { symmetric: true });
    w.unitCosts = [u('pairing', 2.82), u('millerLoop', 3.75), u('finalExp', 1e-6)];
    expect(() => pickUnitCostSource([w])).toThrow(UnitCostError);
  });
  test('hot or cold figures as a cost map', () => {
    const m = [u('pairing', 3), u('expG1', 0.2, 0.3)];
    expect(unitCostMap(m)).toEqual({ expG1: 0.2 });
    expect(unitCostMap(m, 'cold')).toEqual({ expG1: 0.3 });
  });
});

describe('unit costs: timers and tasks', () => {
  test('a backend without pairing parts cannot be measured', async () => {
    const g = await createSs512Group();
    const { parts: _parts, ...noParts } = g;
    expect(() => pairingTasks(noParts as typeof g)).toThrow(/exposes no Miller loop/);
  });
  test('every pairing task runs and the Miller loop and final exponentiation are their own tasks', async () => {
    const g = await createSs512Group();
    const { tasks, done } = pairingTasks(g, 'test');
    expect(Object.keys(tasks)).toEqual(expect.arrayContaining(['pairing', 'millerLoop', 'finalExp', 'millerLoopPre']));
    const before = g.ops.total();
    for (const f of Object.values(tasks)) f();
    const after = g.ops.total();
    expect((after.millerLoop ?? 0) - (before.millerLoop ?? 0)).toBeGreaterThan(0);
    done();
  });
  test('the hot and cold timers give one positive figure per task, from the samples they took', () => {
    let x = 0;
    const tasks = { spin: () => (x += Math.sqrt(x + 1)) };
    const hot = timeHotCpu(tasks, { timeMs: 2, iterations: 3, warmupMs: 0, warmupIterations: 1 });
    expect(hot['spin']!.samples).toBeGreaterThanOrEqual(3);
    expect(hot['spin']!.p50).toBeGreaterThan(0);
    const cold = timeCold(tasks, { minRounds: 4, maxRounds: 4, budgetMs: 0 }, new SeededRng('c'));
    expect(cold['spin']!.samples).toHaveLength(4);
    expect(cold['spin']!.lo).toBeLessThanOrEqual(cold['spin']!.hi);
  });
});
