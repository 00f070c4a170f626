/**
 * Fig. 4: Scyther's verdicts on the SPDL model exported from each scheme that declares a protocol, and on its generated
 * ablations; one column per model, one row per claim, cell = Ok / Fail. The verdicts come from scyther/fig4 (a
 * recorded real Scyther run, written by that piece into results/fig4/fig4.json); this file only draws them.
 */
import type { TopLevelSpec } from 'vega-lite';
import { fig4Rows, type Fig4Row } from '../../scyther/fig4/index.js';
import { SCHEMA } from './common.js';
import { defineFigure } from './figure.js';

export function fig4Spec(rows: readonly Fig4Row[], caption: string): TopLevelSpec {
  const order = [...new Set(rows.map((r) => r.variant))];
  return {
    $schema: SCHEMA,
    title: {
      text: "Fig. 4: Scyther verdicts on each scheme's exported model and its ablations",
      subtitle: caption.match(/.{1,110}(\s|$)/g)?.map((s) => s.trim()) ?? caption,
    },
    data: { values: rows.map((r) => ({ ...r })) },
    width: { step: 120 },
    height: { step: 18 },
    encoding: {
      x: {
        field: 'variant',
        type: 'nominal',
        title: 'model (model = as exported; others = generated ablations)',
        sort: order,
        axis: { labelAngle: 0, orient: 'top', grid: false, ticks: false },
      },
      y: {
        field: 'claim_id',
        type: 'nominal',
        title: null,
        sort: null,
        axis: { grid: false, ticks: false },
      },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'status',
            type: 'nominal',
            title: 'verdict',
            scale: { domain: ['Ok', 'Fail'], range: ['#59a14f', '#e15759'] },
          },
          tooltip: [{ field: 'claim_id' }, { field: 'variant' }, { field: 'status' }, { field: 'detail' }],
        },
      },
      { mark: { type: 'text', fontSize: 10, color: 'white' }, encoding: { text: { field: 'status' } } },
    ],
  } as TopLevelSpec;
}

export const fig4 = defineFigure({
  file: 'fig4/fig4',
  title: 'Fig. 4: Scyther verification results',
  kind: 'measured',
  against: () => "the paper's Fig. 4",
  dataFiles: ['fig4/fig4.csv', 'fig4/fig4.json', 'fig4/fig4.md'],
  data: (t) => t.fig4,
  spec: (rec) => fig4Spec(fig4Rows(rec), rec.caption),
  caption: (rec) =>
    `${rec.caption} Each cell is one claim of one model (${rec.source === 'run' ? 'Scyther run in this reproduction' : 'from the recorded Scyther run, whose models hash to the ones exported now'}).`,
});
