/**
 * Security games: the adversary's advantage (signed for ASA games, so it can be negative) with its 95 % interval;
 * one panel per game and variant, one line per scheme that played it (and per firewall setting where it played with
 * and without), coloured by the reverse-firewall setting.
 * Input rows: {scheme, game, firewall, advantage, lo, hi} (experiments/analysis/games.ts).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { CsvRow } from '../../core/csv.js';
import { header, values, type FigureText } from './common.js';
import { defineFigure } from './figure.js';

/** What each firewall value means, as the legend says it. */
export const FIREWALL_SETTING: Record<string, string> = {
  on: 'on: reverse firewalls in place',
  off: 'off: subverted party unguarded',
  'n/a': 'n/a: the game has no firewall',
};
/** Colours of the settings (Tableau blue and orange; grey for a game without the setting). */
const SETTING_COLOUR: Record<string, string> = { on: '#4e79a7', off: '#f28e2b', 'n/a': '#9d9d9d' };

export function gamesSpec(rows: readonly CsvRow[], text: FigureText): TopLevelSpec {
  // One line per scheme and setting: a scheme that played a game both with and without firewalls gets two lines,
  // each naming its setting, so no point has to be matched to its label by position.
  const settingsOf = new Map<string, Set<string>>();
  for (const r of rows) {
    const k = `${r['game']}\u0000${r['scheme']}`;
    settingsOf.set(k, (settingsOf.get(k) ?? new Set()).add(String(r['firewall'])));
  }
  const data = values(rows).map((r) => ({
    ...r,
    setting: FIREWALL_SETTING[String(r['firewall'])] ?? String(r['firewall']),
    line:
      settingsOf.get(`${r['game']}\u0000${r['scheme']}`)!.size > 1
        ? `${r['scheme']}, firewall ${r['firewall']}`
        : String(r['scheme']),
  }));
  const present = Object.keys(FIREWALL_SETTING).filter((k) => data.some((r) => r.setting === FIREWALL_SETTING[k]));
  return {
    ...header(text),
    data: { values: data },
    facet: { field: 'game', type: 'nominal', title: 'game (variant)' },
    columns: 2,
    // each panel lists only the schemes that played that game
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 260,
      height: { step: 22 },
      encoding: {
        y: { field: 'line', type: 'nominal', title: null },
        color: {
          field: 'setting',
          type: 'nominal',
          title: 'reverse firewall',
          scale: { domain: present.map((k) => FIREWALL_SETTING[k]), range: present.map((k) => SETTING_COLOUR[k]) },
          legend: { orient: 'top' },
        },
      },
      layer: [
        {
          mark: { type: 'rule' },
          encoding: {
            x: {
              field: 'lo',
              type: 'quantitative',
              title: 'advantage (95% interval)',
              scale: { domain: [-1, 1] },
              axis: { values: [-1, -0.5, 0, 0.5, 1] },
            },
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
              { field: 'setting', title: 'reverse firewall' },
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

export const games = defineFigure({
  file: 'figures/games',
  title: 'Security games',
  kind: 'measured',
  against: () => "the paper's IND-CPA and ASA analysis (proofs, not numbers)",
  dataFiles: ['data/games.csv', 'data/games.json'],
  data: (t) => (t.games.length ? t.games : undefined),
  spec: (rows, t) =>
    gamesSpec(rows, {
      title: 'Security games: advantage with 95% intervals',
      subtitle: t.gamesFromPrevious
        ? 'reverse firewall on / off; from the committed results (not this run)'
        : 'reverse firewall on / off',
    }),
  caption: (_rows, t) =>
    `The adversary's advantage with its 95 % interval, per scheme and game (variant in brackets), with reverse firewalls on and off ('n/a': the game has no firewall setting). From the games module${t.gamesFromPrevious ? ': NOT regenerated in this run (its time box ran out), read from the committed results/games/' : ', played in this run'}. A full reproduce plays every row in full; a quick one plays the games' time-boxed quick mode (7 s of play), in which the firewalled IND-CPA variants are skipped and the algebraic search is narrowed (games/games.json, meta.quick, says which).`,
});
