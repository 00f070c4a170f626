/**
 * Where the shipped Scyther models are (see README.md beside this file), and the real Scyther binary for
 * differential tests when one is installed. Imported only by tests and benchmarks.
 */
import { hasScyther, findScyther } from '../adapter/scyther.js';

export const CORPUS_DIR = new URL('./spdl-corpus', import.meta.url).pathname;
export const HARD_DIR = new URL('./spdl-hard', import.meta.url).pathname;

/**
 * The real Scyther binary (SCYTHER_BIN or PATH), or undefined after printing one line that says why the tests that
 * need it are skipped. `what` names those tests.
 */
export function scytherForTests(what: string): string | undefined {
  if (hasScyther()) return findScyther();
  process.stderr.write(`skipped: ${what} (no Scyther binary: set SCYTHER_BIN or put scyther-linux on PATH)\n`);
  return undefined;
}
