import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { ParameterError } from '../errors.js';
import {
  formatPolicy,
  leaves,
  parsePolicy,
  PolicyError,
  reconstruction,
  satisfyingLeaves,
  toLsss,
  type PolicyNode,
} from './policy.js';

const R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n; // BLS12-381 group order

/** Truth of a tree on an attribute set, by its definition (the oracle for the properties). */
function holds(n: PolicyNode, s: Set<string>): boolean {
  return n.kind === 'attr' ? s.has(n.name) : n.children.filter((c) => holds(c, s)).length >= n.k;
}

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f'];
const treeArb: fc.Arbitrary<PolicyNode> = fc.letrec<{ node: PolicyNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NAMES).map((name) => ({ kind: 'attr' as const, name })),
    fc
      .array(tie('node'), { minLength: 2, maxLength: 4 })
      .chain((children) =>
        fc.integer({ min: 1, max: children.length }).map((k) => ({ kind: 'gate' as const, k, children })),
      ),
  ),
})).node;

describe('policy parser', () => {
  test('parses the issue example with the right structure', () => {
    const t = parsePolicy('(doctor and cardiology) or 2 of (a, b, c)');
    expect(t).toEqual({
      kind: 'gate',
      k: 1,
      children: [
        {
          kind: 'gate',
          k: 2,
          children: [
            { kind: 'attr', name: 'doctor' },
            { kind: 'attr', name: 'cardiology' },
          ],
        },
        { kind: 'gate', k: 2, children: ['a', 'b', 'c'].map((name) => ({ kind: 'attr', name })) },
      ],
    });
    expect(parsePolicy('a AND b Or c')).toEqual(parsePolicy('(a and b) or c'));
    expect(parsePolicy('a and (b and c)')).toEqual({
      kind: 'gate',
      k: 3,
      children: ['a', 'b', 'c'].map((name) => ({ kind: 'attr', name })),
    });
  });

  test.each([
    ['', 0, 'expected an attribute'],
    ['a and', 5, 'expected an attribute'],
    ['(a or b', 7, "expected ')'"],
    ['a b', 2, "expected 'and', 'or'"],
    ['4 of (a, b, c)', 0, 'threshold 4'],
    ['0 of (a, b)', 0, 'threshold 0'],
    ['2 (a, b)', 2, "expected 'of'"],
    ['a & b', 2, "unexpected character '&'"],
    ['and', 0, "keyword 'and'"],
    ['2of (a)', 0, 'cannot start with a digit'],
    ['2 of (a, b,)', 11, 'expected an attribute'],
  ])('rejects %j at position %d', (src, pos, msg) => {
    let err: unknown;
    try {
      parsePolicy(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect(err).toBeInstanceOf(ParameterError);
    expect((err as PolicyError).position).toBe(pos);
    expect((err as PolicyError).message).toContain(msg);
  });

  test('any string either parses or is refused with a PolicyError (fuzzed)', () => {
    const alphabet = fc.constantFrom('a', 'b', 'and', 'or', 'of', '2', '0', '(', ')', ',', ' ', '&', 'x1', '99');
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.array(alphabet, { maxLength: 14 }).map((t) => t.join(' ')),
        ),
        (src) => {
          try {
            const t = parsePolicy(src);
            expect(leaves(t).length).toBeGreaterThan(0);
          } catch (e) {
            expect(e).toBeInstanceOf(PolicyError);
            const pe = e as PolicyError;
            expect(pe.position).toBeGreaterThanOrEqual(0);
            expect(pe.position).toBeLessThanOrEqual(src.length);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('format and parse round-trip the semantics (property)', () => {
    fc.assert(
      fc.property(treeArb, fc.subarray(NAMES), (t, attrs) => {
        const s = new Set(attrs);
        expect(holds(parsePolicy(formatPolicy(t)), s)).toBe(holds(t, s));
      }),
      { numRuns: 300 },
    );
  });
});

describe('satisfaction and LSSS', () => {
  test('satisfyingLeaves agrees with the definition and picks satisfied leaves only (property)', () => {
    fc.assert(
      fc.property(treeArb, fc.subarray(NAMES), (t, attrs) => {
        const s = new Set(attrs);
        const use = satisfyingLeaves(t, s);
        expect(use !== null).toBe(holds(t, s));
        if (use) {
          const names = leaves(t);
          for (const i of use) expect(s.has(names[i]!)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('LSSS reconstructs exactly for authorized sets and shares reconstruct the secret (property)', () => {
    fc.assert(
      fc.property(treeArb, fc.subarray(NAMES), fc.bigInt({ min: 0n, max: R - 1n }), (t, attrs, s0) => {
        const s = new Set(attrs);
        const lsss = toLsss(t, R);
        expect(lsss.rho).toEqual(leaves(t));
        const rowsHeld = lsss.rho.map((n, i) => (s.has(n) ? i : -1)).filter((i) => i >= 0);
        const omega = reconstruction(lsss, rowsHeld, R);
        expect(omega !== null).toBe(holds(t, s));
        if (omega) {
          // Share u = (s0, y2..yc) and reconstruct sum omega_i lambda_i = s0.
          const u = [s0, ...Array.from({ length: lsss.columns - 1 }, (_, i) => BigInt(i * 7919 + 13))];
          const lambda = (i: number) => lsss.rows[i]!.reduce((acc, a, c) => (acc + a * u[c]!) % R, 0n);
          const rec = rowsHeld.reduce((acc, i, j) => (acc + omega[j]! * lambda(i)) % R, 0n);
          expect(rec).toBe(s0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
