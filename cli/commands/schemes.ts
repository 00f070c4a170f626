/** `medexchain schemes`: the registered schemes with their family and declared capabilities. */
import { schemes } from '../../registry/schemes.js';
import { bool, parse, printJson } from '../args.js';
import type { Command } from '../main.js';

export const command: Command = {
  async run(argv) {
    const p = parse(argv, { json: { type: 'boolean' } });
    const rows = schemes.map((s) => ({
      name: s.name,
      title: s.title,
      family: s.family,
      capabilities: s.capabilities,
      citation: s.citation,
    }));
    if (bool(p, 'json')) printJson(rows);
    else
      for (const r of rows) {
        const caps = Object.entries(r.capabilities)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .join(', ');
        process.stdout.write(`${r.name.padEnd(20)} ${r.family.padEnd(14)} ${caps}\n`);
      }
    return 0;
  },
};
