/**
 * Agreement on models the verifier was not developed on: mutants of the shared corpus files, made by
 * label-consistent textual edits that typically break a protocol (drop an identity from inside an encryption,
 * turn public-key encryption into signing), each checked by the real Scyther binary and by the built-in engine at
 * --max-runs=5. Models Scyther rejects are skipped; `Unknown` counts as undecided, never as agreement.
 *
 * Usage: npx tsx experiments/verifier-bench/mutants.ts [--limit N] [--out FILE]
 */
import { CORPUS_DIR } from '../../scyther/testdata/index.js';
import { findScyther } from '../../scyther/adapter/scyther.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyText } from '../../scyther/verifier/index.js';

const corpus = CORPUS_DIR;
const scyther = findScyther();
const args = process.argv.slice(2);
const limit = args.includes('--limit') ? Number(args[args.indexOf('--limit') + 1]) : 1000;
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : undefined;

const MUTATIONS: [string, (s: string) => string][] = [
  ['drop-identity', (s) => s.replace(/,\s*(I|R|A|B)\s*\}/g, '}')],
  ['pk-to-sk', (s) => s.replace(/\bpk\(/g, 'sk(')],
  ['drop-first-identity', (s) => s.replace(/\{\s*(I|R|A|B)\s*,/g, '{')],
];

const files = [
  ...new Set(
    readFileSync(join(corpus, 'expected.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]!),
  ),
];
const dir = mkdtempSync(join(tmpdir(), 'mutants-'));
let agree = 0;
let total = 0;
let undecided = 0;
let models = 0;
const bad: string[] = [];
for (const f of files) {
  const src = readFileSync(join(corpus, f), 'utf8');
  for (const [name, mut] of MUTATIONS) {
    if (models >= limit) break;
    const text = mut(src);
    if (text === src) continue;
    const path = join(dir, `${f.replace(/\//g, '_')}.${name}.spdl`);
    writeFileSync(path, text);
    let outS = '';
    try {
      outS = execFileSync(scyther, ['--max-runs=5', '--plain', path], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
    } catch (e) {
      outS = String((e as { stdout?: string }).stdout ?? '');
    }
    const want = outS
      .split('\n')
      .filter((l) => l.startsWith('claim'))
      .map((l) => l.split('\t'))
      .map((c) => ({
        role: c[1]!.split(',')[1]!,
        label: c[2]!.slice(c[2]!.indexOf('_') + 1),
        claim: c[2]!.split('_')[0]!,
        status: c[4]!.trim(),
      }));
    if (want.length === 0) continue; // rejected by Scyther (or timed out)
    models++;
    let got;
    try {
      got = await verifyText(text, path, { maxRuns: 5, timeoutS: 10 });
    } catch (e) {
      bad.push(`${f} ${name}: built-in rejected the model: ${(e as Error).message}`);
      total += want.length;
      continue;
    }
    for (const w of want) {
      total++;
      const g = got.find((x) => x.role === w.role && x.label === w.label && x.claim === w.claim);
      if (g?.status === w.status) agree++;
      else if (!g || g.status === 'Unknown') {
        undecided++;
        bad.push(`${f} ${name} ${w.role} ${w.claim}_${w.label}: ${g?.status ?? 'missing'}`);
      } else bad.push(`${f} ${name} ${w.role} ${w.claim}_${w.label}: got ${g.status}, Scyther ${w.status}`);
    }
    process.stderr.write(`${f} ${name}\n`);
  }
}
const summary = { models, claims: total, agree, undecided, disagreements: total - agree - undecided };
console.log(bad.join('\n'));
console.log(JSON.stringify(summary));
if (out) writeFileSync(out, JSON.stringify({ summary, bad }, null, 2));
