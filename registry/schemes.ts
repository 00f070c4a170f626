/**
 * Every scheme the harness knows, in one list. Adding a scheme is one file (or folder) implementing `Scheme`
 * (core/types.ts) plus one line here; games, exporters, experiments and the CLI pick it up from this list.
 */
import type { Scheme } from '../core/types.js';
import { ParameterError } from '../core/errors.js';
import { medexchain } from '../schemes/medexchain/index.js';
import { medexchainScoped } from '../schemes/medexchain-scoped/index.js';
import { afgh06 } from '../schemes/afgh06/index.js';
import { bbs98 } from '../schemes/bbs98/index.js';
import { bibm24 } from '../schemes/bibm24/index.js';
import { bsw07 } from '../schemes/bsw07/index.js';
import { ga07 } from '../schemes/ga07/index.js';
import { umbral } from '../schemes/umbral/index.js';
import { waters11 } from '../schemes/waters11/index.js';

export const schemes: Scheme[] = [medexchain, medexchainScoped, bbs98, afgh06, ga07, umbral, bsw07, waters11, bibm24];

export function schemeNames(): string[] {
  return schemes.map((s) => s.name);
}

export function findScheme(name: string): Scheme {
  const s = schemes.find((x) => x.name === name.toLowerCase());
  if (!s) throw new ParameterError(`unknown scheme '${name}' (known: ${schemeNames().join(', ')})`);
  return s;
}
