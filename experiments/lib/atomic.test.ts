import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ParameterError } from '../../core/errors.js';
import { ResultsTransaction } from './atomic.js';
import { parseCsv } from '../../core/csv.js';

function fresh(): string {
  const d = mkdtempSync(join(tmpdir(), 'mx-atomic-'));
  mkdirSync(join(d, 'figures'));
  writeFileSync(join(d, 'figures', 'old.svg'), 'old');
  writeFileSync(join(d, 'report.md'), 'old report');
  mkdirSync(join(d, 'someone-else'));
  writeFileSync(join(d, 'someone-else', 'keep.txt'), 'theirs');
  return d;
}

describe('ResultsTransaction', () => {
  test('nothing is visible until commit; commit replaces staged entries and leaves the others alone', async () => {
    const d = fresh();
    const tx = await ResultsTransaction.open(d);
    await tx.writeText('figures/new.svg', 'new');
    await tx.writeText('report.md', 'new report');
    await tx.writeTable('data/t', [{ a: 1, b: 'x' }], ['a', 'b']);
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe('old report');
    expect(existsSync(join(d, 'figures', 'new.svg'))).toBe(false);
    await tx.commit();
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe('new report');
    expect(readdirSync(join(d, 'figures'))).toEqual(['new.svg']);
    expect(readFileSync(join(d, 'someone-else', 'keep.txt'), 'utf8')).toBe('theirs');
    expect(parseCsv(readFileSync(join(d, 'data', 't.csv'), 'utf8'), { a: 'number' }).rows).toEqual([{ a: 1, b: 'x' }]);
    expect(JSON.parse(readFileSync(join(d, 'data', 't.json'), 'utf8'))).toEqual([{ a: 1, b: 'x' }]);
    expect(readdirSync(d).filter((e) => e.startsWith('.'))).toEqual([]);
    await expect(tx.commit()).rejects.toThrow(ParameterError);
  });

  test('abort leaves the previous results exactly as they were', async () => {
    const d = fresh();
    const tx = await ResultsTransaction.open(d);
    await tx.writeText('report.md', 'half-done');
    await tx.abort();
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe('old report');
    expect(readdirSync(d).sort()).toEqual(['figures', 'report.md', 'someone-else']);
  });

  test('a process killed mid-run leaves the previous results intact, and its staging is swept later', async () => {
    const d = fresh();
    // A child stages a new report and is killed before committing.
    const script = `
      import { ResultsTransaction } from ${JSON.stringify(new URL('./atomic.ts', import.meta.url).href)};
      const tx = await ResultsTransaction.open(${JSON.stringify(d)});
      await tx.writeText('report.md', 'crashed run');
      process.kill(process.pid, 'SIGKILL');`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
    });
    expect(r.signal).toBe('SIGKILL');
    expect(readFileSync(join(d, 'report.md'), 'utf8')).toBe('old report');
    expect(readdirSync(d).some((e) => e.startsWith('.staging-'))).toBe(true);
    const tx = await ResultsTransaction.open(d); // sweeps the dead process's staging folder
    expect(readdirSync(d).filter((e) => e.startsWith('.staging-'))).toEqual([tx.staging.split('/').pop()]);
    await tx.abort();
  });

  test('paths that escape the results folder are refused', async () => {
    const d = fresh();
    const tx = await ResultsTransaction.open(d);
    await expect(tx.path('../outside.txt')).rejects.toThrow(ParameterError);
    await expect(tx.path('/etc/passwd')).rejects.toThrow(ParameterError);
    await expect(tx.path('.')).rejects.toThrow(ParameterError);
    await tx.abort();
  });
});
