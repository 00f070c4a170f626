/**
 * Growth of the BAN engine's analysis time with input size: the synthetic protocols of generate.ts at 1,000 to
 * 10,000 messages and 500 to 5,000 nesting levels, each parsed and analysed in this process. Time is CPU time
 * (process.cpuUsage, user + system), the best of `--repeat` runs, because the machine is shared; the load average
 * is recorded beside it. The growth exponent is the least-squares slope of log(time) against log(size): 1 is
 * linear, 2 quadratic.
 *
 *   npx tsx experiments/ban-bench/run.ts [--repeat N] [--wide 1000,2000,...] [--deep 500,1000,...] [--out FILE]
 *   npx tsx experiments/ban-bench/run.ts snapshot OUT.json      (every output of the engine, to diff; snapshot.ts)
 *   npx tsx experiments/ban-bench/run.ts profile FILE.cpuprofile [TOP]   (self time by function)
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { analyse, parseProtocolFile } from '../../proofs/ban/index.js';
import { resolve } from '../../proofs/ban/corpus.js';
import { deepProtocol, wideProtocol } from './generate.js';
import { profileSummary } from './profile-summary.js';
import { writeSnapshot } from './snapshot.js';

interface Point {
  size: number;
  inputBytes: number;
  facts: number;
  rounds: number;
  cpuSeconds: number;
  goalsDerived: string;
}

function cpuSeconds(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1e6;
}

function measure(text: string, size: number, repeat: number): Point {
  let best = Infinity;
  let facts = 0;
  let rounds = 0;
  let derived = 0;
  let goals = 0;
  for (let r = 0; r < repeat; r++) {
    const t = cpuSeconds(() => {
      const a = analyse(resolve(parseProtocolFile(text, `size-${size}`)));
      facts = a.factCount;
      rounds = a.rounds;
      derived = a.results.filter((x) => x.derived).length;
      goals = a.results.length;
    });
    best = Math.min(best, t);
  }
  return { size, inputBytes: text.length, facts, rounds, cpuSeconds: best, goalsDerived: `${derived}/${goals}` };
}

/** Least-squares slope of log(cpu) on log(size). */
function slope(points: Point[]): number {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.cpuSeconds));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
}
const sizes = (s: string) => (s === '' ? [] : s.split(',').map(Number));

function bench(): void {
  const repeat = Number(arg('repeat', '3'));
  const wideSizes = sizes(arg('wide', '1000,2000,5000,10000'));
  const deepSizes = sizes(arg('deep', '500,1000,2500,5000'));
  const out = arg('out', '');

  const loadBefore = loadavg();
  // One small run first, so that the first measured size does not pay for compiling the engine.
  measure(wideProtocol(50), 50, 1);
  const series = [
    { name: 'messages', points: wideSizes.map((n) => measure(wideProtocol(n), n, repeat)) },
    { name: 'nesting levels', points: deepSizes.map((d) => measure(deepProtocol(d), d, repeat)) },
  ].filter((s) => s.points.length > 0);
  const loadAfter = loadavg();

  const lines: string[] = [];
  lines.push(`# BAN engine growth (CPU seconds, best of ${repeat}; parse + analyse)`);
  lines.push(
    `node ${process.version}; load average before ${loadBefore.map((x) => x.toFixed(2)).join(' ')}, after ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
  );
  for (const s of series) {
    lines.push(
      '',
      `## ${s.name}`,
      '',
      '| size | input bytes | facts | rounds | goals derived | CPU s |',
      '|---|---|---|---|---|---|',
    );
    for (const p of s.points)
      lines.push(
        `| ${p.size} | ${p.inputBytes} | ${p.facts} | ${p.rounds} | ${p.goalsDerived} | ${p.cpuSeconds.toFixed(3)} |`,
      );
    if (s.points.length >= 2) lines.push('', `growth exponent (log-log slope): ${slope(s.points).toFixed(2)}`);
  }
  const text = lines.join('\n') + '\n';
  process.stdout.write(text);
  if (out) writeFileSync(out, text);
}

const [verb, a1, a2] = process.argv.slice(2);
if (verb === 'snapshot') {
  if (!a1) throw new Error('usage: run.ts snapshot OUT.json');
  writeSnapshot(a1);
} else if (verb === 'profile') {
  if (!a1) throw new Error('usage: run.ts profile FILE.cpuprofile [TOP]');
  process.stdout.write(profileSummary(a1, a2 ? Number(a2) : 15));
} else bench();
