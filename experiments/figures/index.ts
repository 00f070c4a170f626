/**
 * Every figure of the report, in report order. A figure whose data is absent in a run (e.g. no games results) is left
 * out of that run's report; adding a figure is one file exporting a `Figure` and one line here.
 */
import { ablation } from './ablation.js';
import { communication } from './communication.js';
import { fig4 } from './fig4.js';
import { fig5Algorithms } from './fig5-algorithms.js';
import { fig5Parties } from './fig5-parties.js';
import type { Figure } from './figure.js';
import { games } from './games.js';
import { scalability } from './scalability.js';
import { theory80bit } from './theory-80bit.js';
import { unitCosts } from './unit-costs.js';

export type { Figure } from './figure.js';

export const FIGURES: readonly Figure[] = [
  fig5Parties,
  fig5Algorithms,
  communication,
  theory80bit,
  scalability,
  ablation,
  unitCosts,
  games,
  fig4,
];
