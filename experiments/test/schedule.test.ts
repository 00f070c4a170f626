import { describe, expect, test } from '@jest/globals';
import { ParameterError } from '../../core/errors.js';
import type { RegisteredBackend } from '../../registry/backends.js';
import { planBackends } from '../schedule.js';

const backend = (name: string, o: Partial<RegisteredBackend> = {}): RegisteredBackend =>
  ({
    name,
    curve: 'c',
    library: 'l',
    securityBits: 128,
    symmetric: false,
    sizes: { G1: 1, G2: 1, GT: 1, Zr: 1 },
    create: () => Promise.reject(new Error('not in this test')),
    ...o,
  }) as RegisteredBackend;

const real = [backend('first'), backend('big'), backend('small-sym', { symmetric: true, securityBits: 80 })];
const dlog = backend('dlog', { instrument: true });

describe('planBackends', () => {
  test('the first backend leads, symmetric low-security ones come next, then the rest', () => {
    expect(planBackends(real).map((b) => b.name)).toEqual(['first', 'small-sym', 'big']);
    expect(planBackends(real, ['big', 'first']).map((b) => b.name)).toEqual(['first', 'big']);
  });
  test('a test instrument is measured only when named', () => {
    expect(planBackends(real, undefined, [dlog]).map((b) => b.name)).not.toContain('dlog');
    expect(planBackends(real, ['dlog'], [dlog]).map((b) => b.name)).toEqual(['dlog']);
  });
  test('an instrument that reaches the list unnamed is refused', () => {
    expect(() => planBackends([...real, dlog])).toThrow(ParameterError);
    expect(() => planBackends([...real, dlog])).toThrow(/test instrument/);
  });
});
