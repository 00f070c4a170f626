/**
 * The functions with the most self time in a V8 CPU profile (`node --cpu-prof`), as a Markdown table.
 *
 *   npx tsx experiments/ban-bench/run.ts profile FILE.cpuprofile [TOP]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
export function profileSummary(file: string, topCount = 15): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const f = n.callFrame;
    const where = f.url
      ? `${f.url.replace(/^.*\/(proofs|experiments|node_modules)\//, '$1/')}:${f.lineNumber + 1}`
      : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    const dt = prof.timeDeltas[i] ?? 0;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, topCount);
  const lines = ['| self ms | share | function |', '|---|---|---|'];
  for (const [k, t] of top) lines.push(`| ${(t / 1000).toFixed(0)} | ${((100 * t) / total).toFixed(1)} % | ${k} |`);
  return lines.join('\n') + '\n';
}
