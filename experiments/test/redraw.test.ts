/** Redrawing a results folder from its own data: every figure whose data is there, none with a cut label. */
import { describe, expect, test } from '@jest/globals';
import { cp, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIGURES } from '../figures/index.js';
import { redraw, tablesFromResults } from '../redraw.js';

const committed = fileURLToPath(new URL('../../results', import.meta.url));

describe('redraw', () => {
  test('draws every figure of the committed results from their data, without cutting a label', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redraw-'));
    await cp(join(committed, 'data'), join(dir, 'data'), { recursive: true });
    await cp(join(committed, 'fig4', 'fig4.json'), join(dir, 'fig4', 'fig4.json'));
    const t = await tablesFromResults(dir);
    expect(t.compute.length).toBeGreaterThan(0);
    expect(t.sweepBackend).toBeDefined();
    const files = await redraw(dir);
    expect(files).toHaveLength(2 * FIGURES.length);
    for (const f of files.filter((x) => x.endsWith('.svg'))) {
      const svg = await readFile(join(dir, f), 'utf8');
      expect({ f, cut: svg.includes('…') }).toEqual({ f, cut: false });
    }
  });

  test('a folder without data draws nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redraw-empty-'));
    expect(await redraw(dir)).toEqual([]);
  });
});
