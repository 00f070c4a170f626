/** The Markdown report: every protocol's verdicts, the MedExChain proof trees, and byte-identical regeneration. */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCorpus } from '../corpus.js';
import { writeBanReport } from '../report.js';

describe('writeBanReport', () => {
  test('writes report.md and verdicts.json covering the whole corpus, reproducibly', () => {
    const a = mkdtempSync(join(tmpdir(), 'ban-report-'));
    const b = mkdtempSync(join(tmpdir(), 'ban-report-'));
    const summary = writeBanReport(a);
    const [md, json] = summary.files.map((f) => join(a, f));
    expect(summary).toMatchObject({ protocols: loadCorpus().length, unexpected: 0 });
    expect(summary.derived + summary.notDerived).toBe(summary.goals);
    writeBanReport(b);
    const text = readFileSync(md!, 'utf8');
    expect(readFileSync(join(b, 'report.md'), 'utf8')).toBe(text);
    for (const p of loadCorpus()) expect(text).toContain(`| ${p.name} |`);
    expect(text).toContain('## MedExChain cross-chain authorization and delivery (reconstruction): proof trees');
    expect(text).toContain('[message-meaning/public-key]');
    expect(text).toMatch(/reconstruction/);
    expect(text).toContain('every verdict agrees with the expected one');
    const rows = JSON.parse(readFileSync(json!, 'utf8')) as { protocol: string; asExpected: boolean }[];
    expect(rows.every((r) => r.asExpected)).toBe(true);
    expect(new Set(rows.map((r) => r.protocol)).size).toBe(loadCorpus().length);
  });
});
