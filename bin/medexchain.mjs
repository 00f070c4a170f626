#!/usr/bin/env node
// The `medexchain` command. The harness is TypeScript run in place through tsx's loader, so that a clone
// needs no build step (`npm ci` then `npx medexchain ...`). tsx is used rather than ts-node because
// ts-node's ESM loader fails on Node 20 in a "type": "module" package.
import { register } from 'tsx/esm/api';
register();
// Writes that fail after the reader closed the pipe surface here, outside any command's try: end quietly.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
