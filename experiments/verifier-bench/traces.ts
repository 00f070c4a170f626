/**
 * Write every attack the built-in verifier finds on one SPDL file as text, JSON and SVG (no Graphviz).
 * Usage: npx tsx experiments/verifier-bench/traces.ts FILE [OUTDIR] (OUTDIR defaults to results/verifier/traces).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { renderTraceSvg, renderTraceText, verifyFile } from '../../scyther/verifier/index.js';

const [file, outDir = 'results/verifier/traces'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: traces.ts FILE [OUTDIR]\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const stem = basename(file).replace(/\.spdl$/, '');
for (const r of await verifyFile(file, { trace: true })) {
  if (!r.trace) continue;
  const name = join(outDir, `${stem}.${r.role}.${r.claim}_${r.label}`);
  writeFileSync(`${name}.txt`, renderTraceText(r.trace) + '\n');
  writeFileSync(`${name}.json`, JSON.stringify(r.trace, null, 2) + '\n');
  writeFileSync(`${name}.svg`, renderTraceSvg(r.trace) + '\n');
  console.log(name);
}
