/**
 * The launcher's use of the optional prebuilt bundle (bin/bundle.mjs): only while it exists and is at least as new
 * as every source it was built from, so an edited tree or a bare clone always runs the sources.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain JavaScript module without types (the launcher must not need transpiling)
import { freshBundle } from '../../bin/bundle.mjs';

const fresh = freshBundle as (root: string, name: string) => string | undefined;
let root: string;
const at = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'bundle-'));
  mkdirSync(join(root, 'dist/cli'), { recursive: true });
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.ts'), '');
  writeFileSync(join(root, 'src/b.ts'), '');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('no bundle: undefined', () => {
  expect(fresh(root, 'scyther')).toBeUndefined();
});

test('used only while no source is newer than the bundle, and only with its list of sources', () => {
  writeFileSync(join(root, 'dist/cli/scyther.mjs'), '');
  expect(fresh(root, 'scyther')).toBeUndefined(); // no list of inputs
  const inputs = ['src/a.ts', 'src/b.ts'];
  writeFileSync(join(root, 'dist/cli/scyther.inputs.json'), JSON.stringify({ root: '/elsewhere/', inputs }));
  expect(fresh(root, 'scyther')).toBeUndefined(); // built for another checkout
  writeFileSync(join(root, 'dist/cli/scyther.inputs.json'), JSON.stringify({ root, inputs }));
  at('src/a.ts', 1_000);
  at('src/b.ts', 1_000);
  at('dist/cli/scyther.mjs', 2_000);
  expect(fresh(root, 'scyther')).toBe(join(root, 'dist/cli/scyther.mjs'));
  at('src/b.ts', 3_000); // edited after the build
  expect(fresh(root, 'scyther')).toBeUndefined();
  at('src/b.ts', 1_000);
  rmSync(join(root, 'src/a.ts')); // a source that is gone
  expect(fresh(root, 'scyther')).toBeUndefined();
  writeFileSync(join(root, 'dist/cli/scyther.inputs.json'), JSON.stringify({ root, inputs: [] }));
  expect(fresh(root, 'scyther')).toBeUndefined();
});
