/**
 * The one look shared by every figure of the harness: the bundled DejaVu Sans font (the renderer loads exactly this
 * family, see render.ts), white background, a colour-blind-safe categorical palette (Tableau 10), and modest sizes
 * that stay legible at the 2x PNG zoom. Spec builders do not set fonts or colours themselves.
 *
 * No label is ever cut: Vega's defaults truncate axis labels at 180 px and legend labels at 160 px with an ellipsis
 * ("strawman-passthroug..."); a limit of 0 means none, so axes and legends take the room their longest label needs.
 * (experiments/figures/test/figures.test.ts draws every figure with long names and checks that none is cut.)
 */
import type { TopLevelSpec } from 'vega-lite';

export const FONT = 'DejaVu Sans';

export const themeConfig = {
  font: FONT,
  background: 'white',
  padding: 8,
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: 11, subtitleColor: '#555' },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e6e6e6', labelLimit: 0 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 0 },
  range: { category: { scheme: 'tableau10' } },
  view: { stroke: '#ccc' },
};

/** Returns a copy of `spec` whose config is the theme overlaid with the spec's own config. */
export function withTheme(spec: TopLevelSpec): TopLevelSpec {
  const own = (spec as { config?: Record<string, unknown> }).config ?? {};
  return { ...spec, config: { ...themeConfig, ...own } } as TopLevelSpec;
}
