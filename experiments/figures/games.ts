/**
 * Security games: the adversary's advantage (which can be negative for a signed advantage) with its 95 % interval, per scheme (y) and game (panel), firewall on
 * and off (colour). Input rows: {scheme, game, firewall, advantage, lo, hi}.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../lib/csv.js';
import { header, values, type FigureText } from './common.js';

export function gamesSpec(rows: readonly CsvRow[], text: FigureText): TopLevelSpec {
  return {
    ...header(text),
    data: { values: values(rows) },
    facet: { field: 'game', type: 'nominal', title: null },
    columns: 3,
    // each panel lists only the schemes that played that game
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 220,
      height: { step: 22 },
      encoding: {
        y: { field: 'scheme', type: 'nominal', title: 'scheme' },
        yOffset: { field: 'firewall' },
        color: { field: 'firewall', type: 'nominal', title: 'firewall' },
      },
      layer: [
        {
          mark: { type: 'rule' },
          encoding: {
            x: { field: 'lo', type: 'quantitative', title: 'advantage (95% interval)', scale: { domain: [-1, 1] } },
            x2: { field: 'hi' },
          },
        },
        {
          mark: { type: 'point', filled: true, size: 40 },
          encoding: {
            x: { field: 'advantage', type: 'quantitative' },
            tooltip: [
              { field: 'scheme' },
              { field: 'game' },
              { field: 'firewall' },
              { field: 'advantage' },
              { field: 'lo' },
              { field: 'hi' },
            ],
          },
        },
      ],
    },
  } as TopLevelSpec;
}
