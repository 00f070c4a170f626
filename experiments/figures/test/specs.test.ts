import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { schemes } from '../../../registry/schemes.js';
import { backends } from '../../../registry/backends.js';
import { ablationSpec } from '../ablation.js';
import { communicationSpec } from '../communication.js';
import { algorithmSpec } from '../fig5-algorithms.js';
import { partySpec } from '../fig5-parties.js';
import { FIREWALL_SETTING, gamesSpec } from '../games.js';
import { FigureError, compileSpec, renderSvg, renderToStrings } from '../render.js';
import { scalabilitySpec } from '../scalability.js';
import { theorySpec } from '../theory-80bit.js';
import { unitCostSpec } from '../unit-costs.js';
import * as F from './fixtures.js';

const text = { title: 'T', subtitle: 'S' };
const builders: [string, () => TopLevelSpec, string[]][] = [
  ['party', () => partySpec(F.computeFixture('party'), text), [...F.SCHEMES, ...F.BACKENDS, 'sender', 'proxy']],
  [
    'algorithm',
    () => algorithmSpec(F.computeFixture('algorithm'), text),
    [...F.SCHEMES, ...F.BACKENDS, 'sender: encrypt'],
  ],
  [
    'communication',
    () => communicationSpec(F.commFixture(), text, [{ label: 'ref line 1920', value: 1920 }]),
    [...F.SCHEMES, 'ref line 1920'],
  ],
  [
    'theory',
    () => theorySpec(F.theoryFixture(), text, 'ms_naive', [{ label: 'ref 98', value: 98 }]),
    [...F.SCHEMES, 'sender', 'ref 98'],
  ],
  ['scalability', () => scalabilitySpec(F.scaleFixture(), text), [...F.SCHEMES, 'size-a', 'size-b']],
  [
    'ablation',
    () => ablationSpec(F.ablationFixture(), text, [{ label: 'goal 1.5', value: 1.5 }]),
    [...F.SCHEMES, ...F.BACKENDS, 'goal 1.5'],
  ],
  ['unit costs', () => unitCostSpec(F.unitFixture(), text), [...F.BACKENDS, 'op-pair']],
  [
    'games',
    () => gamesSpec(F.gamesFixture(), text),
    [
      ...F.SCHEMES.flatMap((x) => [`${x}, firewall on`, `${x}, firewall off`]),
      'game-x',
      FIREWALL_SETTING['on']!,
      FIREWALL_SETTING['off']!,
    ],
  ],
];

describe('spec builders', () => {
  test.each(builders)('%s compiles as Vega-Lite and draws every category of its data', async (_n, build, labels) => {
    const spec = build();
    expect(() => vl.compile(spec)).not.toThrow();
    const svg = await renderSvg(spec);
    for (const l of labels) expect(svg).toContain(`>${l}<`);
  });

  test('the shared theme names the bundled font and the PNG has text pixels', async () => {
    const { svg, png } = await renderToStrings(builders[0]![1]());
    expect(svg).toContain('DejaVu Sans');
    expect(Buffer.from(png.subarray(1, 4)).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(5000);
  });

  test('builders are data-driven: no scheme or backend name appears in their source', () => {
    const here = join(dirname(fileURLToPath(import.meta.url)), '..');
    const names = [...schemes.map((s) => s.name), ...backends.map((b) => b.name)];
    for (const f of readdirSync(here).filter((x) => x.endsWith('.ts'))) {
      const src = readFileSync(join(here, f), 'utf8').toLowerCase();
      for (const n of names)
        expect({ file: f, has: src.includes(`'${n}'`) || src.includes(`"${n}"`) }).toEqual({ file: f, has: false });
    }
  });

  test('an invalid spec is a FigureError, not a crash', () => {
    expect(() => compileSpec({ mark: 'nonsense-mark', data: { values: [] } } as unknown as TopLevelSpec)).toThrow(
      FigureError,
    );
  });
});
