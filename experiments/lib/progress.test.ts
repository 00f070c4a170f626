import { describe, expect, test } from '@jest/globals';
import { createProgress, type ProgressMode } from './progress.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, columns: 80, write: (s: string) => (chunks.push(s), true) } as never };
}

function clock() {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress', () => {
  test('off a terminal: one line per finished piece, with its time, what is left and an estimate', () => {
    const { chunks, stream } = sink(false);
    const c = clock();
    const p = createProgress(4, { task: 'job', stream, now: c.now });
    c.advance(2_000);
    p.step('first');
    p.update('second under way'); // no line for a piece that has not finished
    c.advance(4_000);
    p.step('second', { ms: 3_500 });
    p.done();
    expect(chunks).toEqual([
      'job: [1/4] first (2.0 s; 3 left, about 6.0 s to go; 2.0 s so far)\n',
      'job: [2/4] second (3.5 s; 2 left, about 6.0 s to go; 6.0 s so far)\n',
    ]);
    expect(chunks.join('')).not.toContain('\r');
    expect(chunks.join('')).not.toContain('\u001b');
  });

  test('grow adjusts what is left, never below what is done; overrun raises the total', () => {
    const { chunks, stream } = sink(false);
    const p = createProgress(10, { task: 't', stream, now: clock().now });
    p.step('a');
    p.grow(-Infinity);
    p.step('b');
    p.step('c', { n: 2 });
    expect(chunks.map((l) => l.slice(0, 12))).toEqual(['t: [1/10] a ', 't: [2/2] b (', 't: [4/4] c (']);
    expect(chunks[2]).toContain('0 left;');
  });

  test.each<[boolean, ProgressMode | undefined, boolean, RegExp]>([
    [true, undefined, false, /^\r\[#+-*\] +\d+%/],
    [false, undefined, true, /^$/],
    [true, 'lines', false, /^t: \[1\/2\] a/],
    [false, 'off', false, /^$/],
  ])('tty %s, mode %s, quiet %s', (isTTY, mode, quiet, shape) => {
    const { chunks, stream } = sink(isTTY);
    const p = createProgress(2, { task: 't', stream, mode, quiet, now: clock().now });
    p.step('a');
    expect(chunks.join('')).toMatch(shape);
  });
});
