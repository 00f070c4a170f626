import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ParameterError } from '../../../core/errors.js';
import { absoluteAdvantage, binomialCdf, clopperPearson, logGamma, signedAdvantage, wilson } from '../stats.js';

describe('binomial intervals', () => {
  it('log Gamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(6)).toBeCloseTo(Math.log(120), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
  });

  it('binomial CDF matches a direct sum', () => {
    // P[X <= 3], X ~ Bin(10, 0.3) = 0.6496107184 (direct sum of the pmf)
    expect(binomialCdf(3, 10, 0.3)).toBeCloseTo(0.6496107184, 9);
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(binomialCdf(-1, 10, 0.3)).toBe(0);
  });

  it('Clopper-Pearson matches published values', () => {
    // Reference values: scipy.stats.beta.ppf(0.025, k, n-k+1) and beta.ppf(0.975, k+1, n-k) (computed once, by hand).
    const a = clopperPearson(5, 10);
    expect(a.lo).toBeCloseTo(0.187086, 5);
    expect(a.hi).toBeCloseTo(0.812914, 5);
    const b = clopperPearson(0, 10);
    expect(b.lo).toBe(0);
    expect(b.hi).toBeCloseTo(0.308497, 5);
    const c = clopperPearson(10, 10);
    expect(c.lo).toBeCloseTo(0.691503, 5);
    expect(c.hi).toBe(1);
    const d = clopperPearson(150, 300);
    expect(d.lo).toBeCloseTo(0.441998, 5);
    expect(d.hi).toBeCloseTo(0.558002, 5);
  });

  it('Wilson matches the closed form', () => {
    // k = 5, n = 10, z = 1.96: centre 0.5, half-width 0.2634
    const w = wilson(5, 10);
    expect(w.lo).toBeCloseTo(0.236593, 5);
    expect(w.hi).toBeCloseTo(0.763407, 5);
    const z = wilson(0, 20);
    expect(z.lo).toBe(0);
    expect(z.hi).toBeCloseTo(0.161125, 5);
  });

  it('rejects bad counts with a typed error', () => {
    expect(() => clopperPearson(11, 10)).toThrow(ParameterError);
    expect(() => wilson(1, 0)).toThrow(ParameterError);
    expect(() => clopperPearson(1.5, 10)).toThrow(ParameterError);
    expect(() => clopperPearson(1, 10, 0)).toThrow(ParameterError);
  });

  it('every interval contains the point estimate and nests Clopper-Pearson around Wilson at the centre', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.min(n, Math.floor(f * (n + 1)));
        const p = k / n;
        for (const iv of [clopperPearson(k, n), wilson(k, n)]) {
          expect(iv.lo).toBeLessThanOrEqual(p + 1e-12);
          expect(iv.hi).toBeGreaterThanOrEqual(p - 1e-12);
          expect(iv.lo).toBeGreaterThanOrEqual(0);
          expect(iv.hi).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('maps win-rate intervals to advantage intervals', () => {
    const even = absoluteAdvantage(150, 300);
    expect(even.advantage).toBe(0);
    expect(even.ci95[0]).toBe(0);
    expect(even.ci95[1]).toBeCloseTo(0.116, 2);
    const all = absoluteAdvantage(64, 64);
    expect(all.advantage).toBe(1);
    expect(all.ci95[0]).toBeGreaterThan(0.8);
    // always losing is as distinguishing as always winning
    expect(absoluteAdvantage(0, 64).ci95[0]).toBeCloseTo(all.ci95[0], 12);
    const s = signedAdvantage(0, 64);
    expect(s.advantage).toBe(-1);
    expect(s.ci95[1]).toBeLessThan(-0.8);
  });
});
