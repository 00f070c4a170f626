import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerError, runChild } from '../lib/child.js';

function script(body: string): string {
  const d = mkdtempSync(join(tmpdir(), 'mx-child-'));
  const p = join(d, 'w.ts');
  writeFileSync(p, body);
  return p;
}

describe('child processes', () => {
  test('a child reports progress and a result over IPC, in its own process', async () => {
    const p = script(`const job = JSON.parse(process.argv[2]!) as { x: number };
process.send!({ type: 'progress', label: 'half' });
process.send!({ type: 'result', result: { doubled: job.x * 2, pid: process.pid } });
process.disconnect();`);
    const labels: string[] = [];
    const r = await runChild<{ doubled: number; pid: number }>(p, { x: 21 }, 'test', {
      onProgress: (l) => labels.push(l),
    });
    expect(r.doubled).toBe(42);
    expect(r.pid).not.toBe(process.pid);
    expect(labels).toEqual(['half']);
  });

  test('a crash, an error message and a hang each become a WorkerError', async () => {
    await expect(runChild(script(`throw new Error('boom');`), {}, 'crash')).rejects.toThrow(WorkerError);
    await expect(
      runChild(script(`process.send!({ type: 'error', message: 'bad job' }); process.disconnect();`), {}, 'err'),
    ).rejects.toThrow(/bad job/);
    await expect(runChild(script(`setInterval(() => {}, 1000);`), {}, 'hang', { timeoutMs: 1500 })).rejects.toThrow(
      /timed out/,
    );
  });
});

describe('partial results', () => {
  test('a child that dies after a checkpoint hands back its last partial result', async () => {
    const p = script(`process.send!({ type: 'partial', result: { n: 1 } });
process.send!({ type: 'partial', result: { n: 2 } }, () => process.kill(process.pid, 'SIGKILL'));`);
    const r = await runChild<{ n: number; why?: string }>(p, {}, 'dies', {
      acceptPartial: (x, why) => ({ ...x, why }),
    });
    expect(r.n).toBe(2);
    expect(r.why).toMatch(/SIGKILL/);
    // without acceptPartial the same death is an error
    await expect(runChild(p, {}, 'dies')).rejects.toThrow(WorkerError);
  });
});
