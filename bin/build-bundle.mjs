#!/usr/bin/env node
// `npm run build:cli`: an optional prebuilt bundle of the `scyther` command, so that starting it does not transpile
// its TypeScript on every launch (tsx costs about 0.2 s of CPU per start even with its cache; the bundle loads in
// a few ms). bin/medexchain.mjs uses the bundle only while it is at least as new as every source file it was built
// from (listed in the metafile written beside it), and otherwise runs the sources through tsx as before, so a bare
// clone, the tests and an edited tree never depend on it. Only `scyther` is bundled: other commands locate files
// next to their own modules (import.meta.url), which a bundle would move.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// cli/main.ts loads each command lazily; every command but scyther stays out of the bundle (never loaded from it,
// since the launcher uses the bundle for `scyther` only).
const otherCommandsExternal = {
  name: 'other-commands-external',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (a) =>
      a.path === './commands/scyther.js' ? undefined : { path: a.path, external: true },
    );
  },
};

// A module that finds files beside itself (the verifier's worker threads load ./worker.ts through tsx) must keep
// finding them there: each bundled source sees its own location as import.meta.url, not the bundle's.
const ownLocation = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      const text = readFileSync(a.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(a.path).href)), loader: 'ts' };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts'],
  outfile: 'dist/cli/scyther.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
  plugins: [otherCommandsExternal, ownLocation],
});
const inputs = Object.keys(result.metafile.inputs).sort();
// The bundle names its sources by absolute location (above), so it is only valid for this checkout.
writeFileSync(`${root}dist/cli/scyther.inputs.json`, JSON.stringify({ root, inputs }, null, 1) + '\n');
process.stdout.write(`dist/cli/scyther.mjs: ${inputs.length} source files bundled\n`);
