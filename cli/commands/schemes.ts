/** `medexchain schemes`: the registered schemes with their family and declared capabilities. */
import { schemes } from '../../registry/schemes.js';
import { defineCommand, opt, printJson } from '../args.js';

export const command = defineCommand({
  name: 'schemes',
  summary: 'list the registered schemes',
  details: 'One line per scheme: its name, family and declared capabilities.',
  options: { json: opt.json },
  examples: ['medexchain schemes', 'medexchain schemes --json'],
  async run(o) {
    const rows = schemes.map((s) => ({
      name: s.name,
      title: s.title,
      family: s.family,
      capabilities: s.capabilities,
      citation: s.citation,
    }));
    if (o.json) printJson(rows);
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
});
