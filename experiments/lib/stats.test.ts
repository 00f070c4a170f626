import { describe, expect, test } from '@jest/globals';
import { ParameterError } from '../../core/errors.js';
import { quantile, summarize } from './stats.js';

describe('stats', () => {
  test('type-7 quantiles (as numpy and R compute them)', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBeCloseTo(3.25);
    expect(quantile([5], 0.9)).toBe(5);
  });
  test('summary of a sample', () => {
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, median: 2.5, p25: 1.75, p75: 3.25, min: 1, max: 4, mean: 2.5 });
  });
  test('empty samples and bad levels are refused', () => {
    expect(() => quantile([], 0.5)).toThrow(ParameterError);
    expect(() => quantile([1], 1.5)).toThrow(ParameterError);
    expect(() => summarize([])).toThrow(ParameterError);
  });
});
