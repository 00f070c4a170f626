// Whether the optional prebuilt bundle of a command (bin/build-bundle.mjs, `npm run build:cli`) may be used: it
// exists and is at least as new as every source file it was built from. Plain JavaScript, so that checking costs
// no transpiling; a few dozen stat calls, well under a millisecond each.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bundle's path when it is fresh; undefined when it is missing, unreadable, built for another checkout (`root`
 * as the build script saw it, with its trailing slash) or older than a source.
 */
export function freshBundle(root, name) {
  const bundle = join(root, 'dist', 'cli', `${name}.mjs`);
  try {
    const built = statSync(bundle).mtimeMs;
    const recorded = JSON.parse(readFileSync(join(root, 'dist', 'cli', `${name}.inputs.json`), 'utf8'));
    // built for another checkout (it names its sources by absolute path), or by an older build script
    if (recorded?.root !== root || !Array.isArray(recorded.inputs) || recorded.inputs.length === 0) return undefined;
    const inputs = recorded.inputs;
    for (const f of inputs) if (statSync(join(root, f)).mtimeMs > built) return undefined;
    return bundle;
  } catch {
    // no bundle, no list, or a source that is gone: the sources through tsx are always right
    return undefined;
  }
}
