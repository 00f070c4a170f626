/** `medexchain backends`: the pairing backends with their security level and element sizes. */
import { backends } from '../../registry/backends.js';
import { defineCommand, opt, printJson } from '../args.js';

export const command = defineCommand({
  name: 'backends',
  summary: 'list the pairing backends',
  details: 'One line per backend: curve, security level, element sizes in bytes and the library behind it.',
  options: { json: opt.json },
  examples: ['medexchain backends', 'medexchain backends --json'],
  async run(o) {
    const rows = backends.map((b) => ({
      name: b.name,
      curve: b.curve,
      library: b.library,
      securityBits: b.securityBits,
      symmetric: b.symmetric,
      sizes: b.sizes,
    }));
    if (o.json) printJson(rows);
    else
      for (const r of rows)
        process.stdout.write(
          `${r.name.padEnd(18)} ${r.curve.padEnd(28)} ${String(r.securityBits).padStart(3)}-bit  G1 ${r.sizes.G1} B, G2 ${r.sizes.G2} B, GT ${r.sizes.GT} B, Zr ${r.sizes.Zr} B  (${r.library})\n`,
        );
    return 0;
  },
});
