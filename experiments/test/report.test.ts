import { describe, expect, test } from '@jest/globals';
import { renderReport, mdTable, type ReportInput } from '../report.js';

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    date: '2026-01-01T00:00:00.000Z',
    commandLine: 'medexchain reproduce --quick',
    seed: 'seed-x',
    quick: true,
    elapsedS: 12.5,
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 4, os: 'TestOS', node: 'v20.0.0' },
    packages: { 'pkg-a': '1.2.3' },
    schemes: [{ name: 'alpha', title: 'Alpha', citation: 'A. Author 2000' }],
    backends: [
      {
        name: 'curve-one',
        curve: 'C1',
        library: 'lib',
        securityBits: 128,
        symmetric: false,
        ok: true,
        detail: '10 story runs',
      },
    ],
    headline: [
      { quantity: 'communication', paper: '1920 B', ours: '1920 B', kind: 'theoretical', note: 'same accounting' },
    ],
    figures: [
      {
        file: 'figures/f1',
        title: 'Figure one',
        caption: 'Cap.',
        kind: 'measured',
        against: "the paper's Fig. 5",
        data: ['data/f1.csv'],
      },
    ],
    tables: [{ title: 'Tab', kind: 'measured', against: 'nothing', columns: ['a', 'b'], rows: [{ a: 1, b: 'x|y' }] }],
    pieces: [
      { name: 'BAN', present: true, detail: 'proofs/ban', files: ['ban/report.md'] },
      { name: 'Fig. 4', present: false, detail: 'module not present' },
    ],
    notes: ['a note'],
    timingMethod: 'tinybench',
    ...over,
  };
}

describe('report', () => {
  test('states the run, the reconstruction, each number’s kind and what it stands against', () => {
    const md = renderReport(input());
    for (const s of [
      'Reconstruction',
      'medexchain reproduce --quick',
      'seed-x',
      'Test CPU, 2 cores',
      'v20.0.0',
      'pkg-a 1.2.3',
      '| communication | 1920 B | 1920 B | theoretical |',
      '![Figure one](figures/f1.png)',
      '*Numbers:* measured',
      "the paper's Fig. 5",
      '[f1.csv](data/f1.csv)',
      'x\\|y',
      '| BAN | included |',
      '| Fig. 4 | missing | module not present |',
      '- a note',
    ])
      expect(md).toContain(s);
  });

  test('missing optional pieces, figures, headline and backends are reported, not crashed on', () => {
    const md = renderReport(
      input({
        figures: [],
        headline: [],
        pieces: [{ name: 'games', present: false, detail: 'not present' }],
        backends: [
          { name: 'b', curve: 'c', library: 'l', securityBits: 80, symmetric: true, ok: false, detail: 'worker died' },
        ],
        tables: [],
        notes: [],
      }),
    );
    expect(md).toContain('_No figures were produced._');
    expect(md).toContain('No headline comparison could be made');
    expect(md).toContain('| games | missing | not present |');
    expect(md).toContain('not measured: worker died');
    expect(md).not.toContain('## Notes from this run');
  });

  test('markdown tables escape pipes and show empty cells as a dash', () => {
    expect(mdTable(['a', 'b'], [{ a: null, b: 'p|q' }])).toBe('| a | b |\n|---|---|\n| – | p\\|q |');
    expect(mdTable(['a'], [])).toBe('_(no rows)_');
  });
});
