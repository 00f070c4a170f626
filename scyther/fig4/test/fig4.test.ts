import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { schemes } from '../../../registry/schemes.js';
import { asPredicted, fig4Models, loadRecording, RECORDING, writeFig4 } from '../fig4.js';
import { verifyText } from '../../verifier/index.js';

describe('Fig. 4', () => {
  it('the recorded Scyther run is current: it was made on exactly the models exported now', () => {
    const { rec, stale } = loadRecording();
    expect(stale).toBeUndefined();
    expect(rec!.maxRuns).toBe(5);
    const main = rec!.models.filter((m) => m.variant === 'model');
    expect(main.length).toBeGreaterThanOrEqual(1);
    for (const m of main) {
      expect(m.records.length).toBeGreaterThanOrEqual(8);
      expect(m.records.every((r) => r.status === 'Ok' && !/does not occur/.test(r.detail))).toBe(true);
    }
    // Every ablation came out as the exporter predicts: attacked, except reusing a capability bound to its record.
    const abl = rec!.models.filter((x) => x.variant !== 'model');
    for (const m of abl) expect([m.scheme, m.variant, asPredicted(m)]).toEqual([m.scheme, m.variant, true]);
    for (const m of abl) expect(m.expectAttack).toBe(m.records.some((r) => r.status === 'Fail'));
    // Both outcomes of capability-reuse are in the recording (one record-independent capability, one bound).
    const reuse = abl.filter((m) => m.variant === 'capability-reuse');
    expect(reuse.some((m) => m.expectAttack)).toBe(true);
    expect(reuse.some((m) => !m.expectAttack)).toBe(true);
  });
  it('covers every registered scheme', () => {
    const { rec } = loadRecording();
    expect(new Set(rec!.models.map((m) => m.scheme))).toEqual(new Set(schemes.map((s) => s.name)));
  });
  it('writes the table and data from the recording, with version and bounds in the caption', async () => {
    const out = mkdtempSync(join(tmpdir(), 'fig4-'));
    const r = await writeFig4(out, { quick: true });
    expect(r.source).toBe('recorded');
    for (const f of ['fig4.csv', 'fig4.md', 'fig4.json']) expect(existsSync(join(out, f))).toBe(true);
    // the figure is drawn by experiments/figures/fig4.ts (this module stays below the experiments)
    expect(r.files.some((f) => /\.(svg|png)$/.test(f))).toBe(false);
    expect(r.caption).toMatch(/--max-runs=5/);
    expect(r.caption).toMatch(/^Scyther \S+/);
    expect(r.ablationsAsPredicted).toBe(r.ablations);
    expect(readFileSync(join(out, 'fig4.md'), 'utf8')).toMatch(/^\| scheme \| model \| drop-signature \|/m);
    const csv = readFileSync(join(out, 'fig4.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('scheme,variant,protocol,role,claim,label,param,status,detail,attacks');
    expect(csv.length - 1).toBe(
      JSON.parse(readFileSync(RECORDING, 'utf8')).models.reduce(
        (n: number, m: { records: unknown[] }) => n + m.records.length,
        0,
      ),
    );
    expect(JSON.parse(readFileSync(join(out, 'fig4.json'), 'utf8')).caption).toBe(r.caption);
  });
  it('a stale or broken recording is refused in quick mode, not drawn', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fig4s-'));
    const rec = JSON.parse(readFileSync(RECORDING, 'utf8'));
    rec.models[0].sha256 = '0'.repeat(64);
    writeFileSync(join(dir, 'rec.json'), JSON.stringify(rec));
    await expect(writeFig4(join(dir, 'out'), { quick: true, recording: join(dir, 'rec.json') })).rejects.toThrow(
      /changed since the recorded run/,
    );
    writeFileSync(join(dir, 'bad.json'), '{');
    await expect(writeFig4(join(dir, 'out'), { quick: true, recording: join(dir, 'bad.json') })).rejects.toThrow(
      /not valid JSON/,
    );
    expect(fig4Models().length).toBe(rec.models.length);
  });
});

// The recording holds the real Scyther's verdicts, so the built-in engine is held to them on a bare clone too
// (no binary needed): every claim of every Fig. 4 model, schemes and ablations alike.
describe('built-in engine against the recorded Scyther run', () => {
  const rec = loadRecording().rec!;
  it.each(fig4Models().map((m) => [`${m.scheme}/${m.variant}`, m] as const))(
    '%s: same verdict on every claim',
    async (_n, m) => {
      const recorded = rec.models.find((x) => x.scheme === m.scheme && x.variant === m.variant)!;
      const mine = await verifyText(m.spdl, `${m.scheme}-${m.variant}.spdl`, { maxRuns: rec.maxRuns, timeoutS: 60 });
      expect(mine.map((r) => `${r.protocol} ${r.label}:${r.status}`)).toEqual(
        recorded.records.map((r) => `${r.protocol} ${r.label}:${r.status}`),
      );
    },
  );
});
