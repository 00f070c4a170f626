/**
 * Every scheme the harness knows, in one list. Adding a scheme is one file (or folder) implementing `Scheme`
 * (scheme/types.ts) plus one line here; games, exporters, experiments and the CLI pick it up from this list.
 */
import type { Scheme } from '../scheme/types.js';
import { ParameterError } from '../scheme/errors.js';
import { medexchain } from '../scheme/medexchain/index.js';
import { afgh06 } from '../baselines/afgh06/index.js';
import { bbs98 } from '../baselines/bbs98/index.js';
import { bibm24 } from '../baselines/bibm24/index.js';
import { bsw07 } from '../baselines/bsw07/index.js';
import { ga07 } from '../baselines/ga07/index.js';
import { umbral } from '../baselines/umbral/index.js';
import { waters11 } from '../baselines/waters11/index.js';

export const schemes: Scheme[] = [
  medexchain,
  bbs98,
  afgh06,
  ga07,
  umbral,
  bsw07,
  waters11,
  bibm24,
];

export function schemeNames(): string[] {
  return schemes.map((s) => s.name);
}

export function findScheme(name: string): Scheme {
  const s = schemes.find((x) => x.name === name.toLowerCase());
  if (!s) throw new ParameterError(`unknown scheme '${name}' (known: ${schemeNames().join(', ')})`);
  return s;
}
