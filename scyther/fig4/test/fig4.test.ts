import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fig4Models, loadRecording, RECORDING, writeFig4 } from '../fig4.js';

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
    for (const m of rec!.models.filter((x) => x.variant !== 'model'))
      expect(m.records.some((r) => r.status === 'Fail')).toBe(true);
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
