/** `medexchain backends`: the pairing backends with their security level and element sizes. */
import { backends } from '../../registry/backends.js';
import { bool, parse, printJson } from '../args.js';
import type { Command } from '../main.js';

export const command: Command = {
  async run(argv) {
    const p = parse(argv, { json: { type: 'boolean' } });
    const rows = backends.map((b) => ({
      name: b.name,
      curve: b.curve,
      library: b.library,
      securityBits: b.securityBits,
      symmetric: b.symmetric,
      sizes: b.sizes,
    }));
    if (bool(p, 'json')) printJson(rows);
    else
      for (const r of rows)
        process.stdout.write(
          `${r.name.padEnd(18)} ${r.curve.padEnd(28)} ${String(r.securityBits).padStart(3)}-bit  G1 ${r.sizes.G1} B, G2 ${r.sizes.G2} B, GT ${r.sizes.GT} B, Zr ${r.sizes.Zr} B  (${r.library})\n`,
        );
    return 0;
  },
};
