#!/usr/bin/env node
// The `medexchain` command. The harness is TypeScript run in place through tsx's loader, so that a clone
// needs no build step (`npm ci` then `npx medexchain ...`). tsx is used rather than ts-node because
// ts-node's ESM loader fails on Node 20 in a "type": "module" package.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
