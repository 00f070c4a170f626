/**
 * The built-in engine against the real Scyther on the hard models (the shipped models Scyther does not finish in
 * 30 s at --max-runs=5): verdicts recorded once from Scyther with a long budget
 * (testdata/spdl-hard/expected-long.csv, made by experiments/verifier-bench/scyther-long.ts). Only models the
 * built-in engine decides in a few seconds run here; the whole set is the hard-models check's.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HARD_DIR } from '../../testdata/index.js';
import { verifyFile } from '../index.js';

/** Hard models the built-in engine decides in under 10 s on one core (measured with --timeout 60). */
const FAST = new Set([
  'IKE/ikev1-pk-a1.spdl',
  'IKE/ikev1-pk-a12.spdl',
  'IKE/ikev1-pk-a2.spdl',
  'IKE/ikev1-pk-a22.spdl',
  'IKE/ikev1-pk2-a.spdl',
  'IKE/ikev1-pk2-a2.spdl',
  'IKE/ikev1-sig-a-perlman1.spdl',
  'IKE/ikev1-sig-a-perlman2.spdl',
  'MultiProtocolAttacks/ksl.spdl',
  'ksl.spdl',
  'neumannstub-hwang.spdl',
  'splice-as-cj.spdl',
]);

/** One CSV line (fields may be double-quoted, as Scyther's parameters hold commas). */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const rows = readFileSync(join(HARD_DIR, 'expected-long.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map(fields)
  .map(([file, , role, claim, label, , status]) => ({ file: file!, role, claim, label, status: status! }));
const recorded = [...new Set(rows.filter((r) => r.status !== 'timeout').map((r) => r.file))];
const sample = recorded.filter((f) => FAST.has(f));

describe('hard models: the same verdicts as the real Scyther given a long budget', () => {
  test('the recording decides some of the fast models (else this suite would check nothing)', () => {
    expect(sample.length).toBeGreaterThanOrEqual(1);
  });
  test.each(sample)('%s', async (file) => {
    const want = rows.filter((r) => r.file === file).map((r) => `${r.role} ${r.claim}_${r.label}: ${r.status}`);
    const got = await verifyFile(join(HARD_DIR, file), { maxRuns: 5, timeoutS: 60, fileBudgetS: 120 });
    expect(got.map((r) => `${r.role} ${r.claim}_${r.label}: ${r.status}`)).toEqual(want);
  });
});
