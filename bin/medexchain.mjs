#!/usr/bin/env node
// The `medexchain` command. The harness is TypeScript run in place through tsx's loader, so that a clone
// needs no build step (`npm ci` then `npx medexchain ...`). tsx is used rather than ts-node because
// ts-node's ESM loader fails on Node 20 in a "type": "module" package.
// `scyther` may instead run from a prebuilt bundle (`npm run build:cli`), used only while it is newer than every
// source it was built from: transpiling at launch costs about 0.2 s of CPU, loading the bundle a few ms.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freshBundle } from './bundle.mjs';

// Writes that fail after the reader closed the pipe surface here, outside any command's try: end quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const argv = process.argv.slice(2);
const bundle =
  argv[0] === 'scyther' ? freshBundle(fileURLToPath(new URL('..', import.meta.url)), 'scyther') : undefined;
let main;
if (bundle) ({ main } = await import(pathToFileURL(bundle).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(argv);
