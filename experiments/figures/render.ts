/**
 * The figure renderer every module shares: a Vega-Lite spec is compiled to Vega, drawn headless to SVG by vega's
 * `View.toSVG` (renderer 'none', no node-canvas), and rasterized to PNG by @resvg/resvg-js.
 *
 * Why a bundled font: resvg draws text only with fonts it can find, and with none it silently drops every label
 * (measured in /work/shared/notes/dependencies.md section 4). So the renderer never loads system fonts: it loads
 * DejaVu Sans from the `dejavu-fonts-ttf` package, and the shared theme (theme.ts) names that family in every spec.
 * A figure therefore renders identically on a bare machine, in CI and here.
 *
 * Entry points:
 *   renderToStrings(spec)        -> { svg, png } in memory (tests, atomic writers)
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { MedexError } from '../../core/errors.js';
import { withTheme } from './theme.js';

/** A spec could not be compiled or drawn. */
export class FigureError extends MedexError {
  constructor(detail: string) {
    super('figure', `figure: ${detail}`);
  }
}

const require = createRequire(import.meta.url);

/** The font files resvg loads (never system fonts: see the header). */
export function fontFiles(): string[] {
  const pkg = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(pkg, 'ttf', f));
}

/** Compiles a Vega-Lite spec (with the shared theme applied) to a Vega spec; throws FigureError if invalid. */
export function compileSpec(spec: TopLevelSpec): vega.Spec {
  try {
    // Vega-Lite's warnings (e.g. about facet sizing) would go to the console; errors still throw.
    return vl.compile(withTheme(spec), { logger: vega.logger(vega.Error) }).spec;
  } catch (e) {
    throw new FigureError(`vega-lite compile failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Draws a spec to an SVG string. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compileSpec(spec);
  let view: vega.View | undefined;
  try {
    view = new vega.View(vega.parse(compiled), { renderer: 'none' });
    return await view.toSVG();
  } catch (e) {
    throw new FigureError(`vega render failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    view?.finalize();
  }
}

/** Rasterizes an SVG at 2x with the bundled font on a white background. */
export function svgToPng(svg: string, zoom = 2): Uint8Array {
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'zoom', value: zoom },
    font: { loadSystemFonts: false, fontFiles: fontFiles(), defaultFontFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}

export async function renderToStrings(spec: TopLevelSpec): Promise<{ svg: string; png: Uint8Array }> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg) };
}
