/**
 * A third-party scheme from a file: `--scheme-file PATH` imports the module at PATH (TypeScript or JavaScript, from
 * anywhere on disk) and plays the `Scheme` it exports (its default export, or the first named export that looks like
 * one) exactly like a registered scheme. The module should import only the package's public entry points.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ParameterError } from '../../core/errors.js';
import type { Scheme } from '../../core/types.js';
import { registerSchemeFile } from './jobs.js';

function isScheme(x: unknown): x is Scheme {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<Scheme>;
  return (
    typeof s.name === 'string' &&
    typeof s.create === 'function' &&
    typeof s.supports === 'function' &&
    typeof s.defaultParams === 'function' &&
    typeof s.capabilities === 'object'
  );
}

export async function loadSchemeFile(path: string): Promise<Scheme> {
  const url = pathToFileURL(resolve(path)).href;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(url)) as Record<string, unknown>;
  } catch (e) {
    throw new ParameterError(`--scheme-file ${path}: cannot load it: ${(e as Error).message}`);
  }
  const candidates = [mod.default, mod.scheme, ...Object.values(mod)];
  const s = candidates.find(isScheme);
  if (!s)
    throw new ParameterError(`--scheme-file ${path}: the module exports no Scheme (name, capabilities, create, ...)`);
  // Worker threads load it again from the same absolute path (a job names its scheme by where it lives).
  registerSchemeFile(resolve(path), s);
  return s;
}
