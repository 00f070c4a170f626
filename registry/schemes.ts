/**
 * Every scheme the harness knows, in one list. Adding a scheme is one file (or folder) implementing `Scheme`
 * (scheme/types.ts) plus one line here; games, exporters, experiments and the CLI pick it up from this list.
 */
import type { Scheme } from '../scheme/types.js';
import { ParameterError } from '../scheme/errors.js';
import { medexchain } from '../scheme/medexchain/index.js';

export const schemes: Scheme[] = [
  medexchain,
];

export function schemeNames(): string[] {
  return schemes.map((s) => s.name);
}

export function findScheme(name: string): Scheme {
  const s = schemes.find((x) => x.name === name.toLowerCase());
  if (!s) throw new ParameterError(`unknown scheme '${name}' (known: ${schemeNames().join(', ')})`);
  return s;
}
