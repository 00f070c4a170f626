/**
 * Every figure of the report (figures/index.ts), drawn from one run's worth of synthetic tables with long names: each
 * compiles, is drawn, cuts no label (no ellipsis in the SVG, every long name present in full, and no label limit in
 * the themed spec shorter than the longest label), and has a caption and a legend title naming what the colour means.
 */
import { describe, expect, test } from '@jest/globals';
import type { TopLevelSpec } from 'vega-lite';
import { fig4Caption, loadRecording } from '../../../scyther/fig4/index.js';
import type { RunTables } from '../../tables.js';
import { FIGURES } from '../index.js';
import { compileSpec, renderSvg } from '../render.js';
import { withTheme } from '../theme.js';
import * as F from './fixtures.js';

function tables(): RunTables {
  const rec = loadRecording().rec!;
  const comm = F.SCHEMES.flatMap((scheme, i) =>
    F.BACKENDS.map((backend, j) => ({
      scheme,
      backend,
      message: 'TOTAL',
      elements: 15 + i,
      bytes_80bit_typeA: 1920 + 128 * i,
      group_bytes: 1000 + j,
      wire_bytes: 2000 + 10 * j,
    })),
  );
  return {
    quick: true,
    schemes: [],
    workers: [],
    compute: [...F.computeFixture('party'), ...F.computeFixture('algorithm')],
    comm,
    units: F.unitFixture(),
    src: { backend: F.BACKENDS[1]!, matchesPaper: false, costs: {} },
    theory: F.theoryFixture(),
    scale: F.scaleFixture(),
    sweepBackend: 'curve-one',
    ablation: F.ablationFixture(),
    rankings: [],
    gaps: [],
    games: F.gamesFixture(),
    gamesFromPrevious: false,
    ban: [],
    banFromRun: false,
    fig4: { ...rec, caption: fig4Caption(rec), source: 'recorded' },
    written: [],
  };
}

/** Vega's own width estimate for text drawn without a canvas (vega-scenegraph `estimateWidth`). */
const estimate = (text: string, fontSize: number) => Math.floor(0.8 * text.length * fontSize);

/** Every `labelLimit` set anywhere in a spec (theme included), with the font size beside it. */
function labelLimits(v: unknown, out: { limit: number; fontSize: number }[] = []): typeof out {
  if (Array.isArray(v)) for (const x of v) labelLimits(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o['labelLimit'] === 'number')
      out.push({ limit: o['labelLimit'], fontSize: typeof o['labelFontSize'] === 'number' ? o['labelFontSize'] : 11 });
    for (const x of Object.values(o)) labelLimits(x, out);
  }
  return out;
}

/** Every string value in the data of a spec (top level or in any layer or view). */
function dataStrings(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) dataStrings(x, out);
  else if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const values = (o['data'] as { values?: unknown } | undefined)?.values;
    if (Array.isArray(values))
      for (const r of values) for (const x of Object.values(r as object)) if (typeof x === 'string') out.push(x);
    for (const [k, x] of Object.entries(o)) if (k !== 'data') dataStrings(x, out);
  }
  return out;
}

const t = tables();
const drawn = FIGURES.map((f) => {
  const d = f.data(t);
  return { f, d, spec: d === undefined ? undefined : (f.spec(d, t) as TopLevelSpec) };
});

describe('every figure of the report', () => {
  test('the list names each file once, and every figure has data in a full run', () => {
    expect(new Set(FIGURES.map((f) => f.file)).size).toBe(FIGURES.length);
    for (const x of drawn)
      expect({ file: x.f.file, hasData: x.d !== undefined }).toEqual({ file: x.f.file, hasData: true });
  });

  test.each(drawn.map((x) => [x.f.file, x] as const))('%s: no label is cut', async (_file, { f, d, spec }) => {
    const svg = await renderSvg(spec!);
    expect(svg).not.toContain('…');
    for (const name of [...F.SCHEMES, ...F.BACKENDS].filter((n) => JSON.stringify(spec).includes(n)))
      expect(svg).toContain(name);
    // Label limits in the themed spec: 0 (none) or room for the longest string the figure's data holds.
    const longest = Math.max(...dataStrings(spec).map((s) => s.length));
    for (const { limit, fontSize } of labelLimits(withTheme(spec!)))
      if (limit !== 0) expect(limit).toBeGreaterThanOrEqual(estimate('x'.repeat(longest), fontSize));
    expect(f.caption(d, t).length).toBeGreaterThan(40);
    expect(() => compileSpec(spec!)).not.toThrow();
  });

  test('the games legend says what each colour is (the reverse-firewall setting), not just on/off', async () => {
    const g = drawn.find((x) => x.f.file === 'figures/games')!;
    const svg = await renderSvg(g.spec!);
    expect(svg).toContain('reverse firewall');
    expect(svg).toContain('on: reverse firewalls in place');
    expect(svg).toContain('off: subverted party unguarded');
  });
});
