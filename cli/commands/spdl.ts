/**
 * `medexchain spdl export --scheme NAME [--variant V] [-o FILE]`  SPDL model from a scheme's protocol description
 * `medexchain spdl variants --scheme NAME [--json]`                 the generated ablations
 * `medexchain spdl check FILE [--json]`                             parse and check a model (exit 1 on errors)
 */
import { writeFileSync } from 'node:fs';
import { findScheme } from '../../registry/schemes.js';
import { UnsupportedError } from '../../core/errors.js';
import type { ProtocolDescription } from '../../core/protocol.js';
import { applyVariant, exportSpdl, variantsOf } from '../../scyther/export/index.js';
import { checkSpdl } from '../../scyther/spdl/check.js';
import { SpdlSyntaxError } from '../../scyther/spdl/errors.js';
import { parseSpdlFile } from '../../scyther/spdl/parse.js';
import { bool, parse, printJson, str, UsageError } from '../args.js';
import type { Command } from '../main.js';

const USAGE =
  'usage: medexchain spdl export --scheme NAME [--variant V] [-o FILE] | variants --scheme NAME | check FILE';

function description(name: string | undefined): ProtocolDescription {
  if (!name) throw new UsageError('--scheme NAME is required');
  const s = findScheme(name);
  if (!s.protocol)
    throw new UnsupportedError(
      `scheme ${s.name} declares no protocol description, so there is no SPDL model to export`,
    );
  return s.protocol();
}

export const command: Command = {
  async run(argv) {
    const [sub, ...rest] = argv;
    switch (sub) {
      case 'export': {
        const p = parse(rest, {
          scheme: { type: 'string' },
          variant: { type: 'string' },
          output: { type: 'string', short: 'o' },
          json: { type: 'boolean' },
        });
        const d = description(str(p, 'scheme'));
        const vname = str(p, 'variant');
        const variant = vname ? variantsOf(d).find((v) => v.name === vname) : undefined;
        const model = vname ? applyVariant(d, vname) : d;
        const text = exportSpdl(model, vname ? { variant: vname, variantNote: variant?.description } : {});
        const out = str(p, 'output');
        if (out) writeFileSync(out, text);
        if (bool(p, 'json'))
          printJson({ scheme: d.name, variant: vname ?? null, file: out ?? null, ...(out ? {} : { spdl: text }) });
        else if (!out) process.stdout.write(text);
        return 0;
      }
      case 'variants': {
        const p = parse(rest, { scheme: { type: 'string' }, json: { type: 'boolean' } });
        const vs = variantsOf(description(str(p, 'scheme')));
        if (bool(p, 'json')) printJson(vs);
        else for (const v of vs) process.stdout.write(`${v.name.padEnd(22)} ${v.description}\n`);
        return 0;
      }
      case 'check': {
        const p = parse(rest, { json: { type: 'boolean' } }, 1);
        const file = p.positionals[0];
        if (!file) throw new UsageError('spdl check needs a FILE');
        const json = bool(p, 'json');
        let issues;
        try {
          issues = checkSpdl(parseSpdlFile(file));
        } catch (e) {
          if (!(e instanceof SpdlSyntaxError)) throw e;
          const issue = { severity: 'error', message: e.detail, file: e.file, line: e.line, column: e.column };
          if (json) printJson({ file, ok: false, issues: [issue] });
          else process.stderr.write(`${e.message}\n`);
          return 1;
        }
        const errors = issues.filter((i) => i.severity === 'error');
        if (json) printJson({ file, ok: errors.length === 0, issues });
        else {
          for (const i of issues)
            process.stderr.write(`${i.file}:${i.line}:${i.column}: ${i.severity}: ${i.message}\n`);
          if (errors.length === 0)
            process.stdout.write(`${file}: ok (${issues.length} warning${issues.length === 1 ? '' : 's'})\n`);
        }
        return errors.length ? 1 : 0;
      }
      default:
        throw new UsageError(sub ? `unknown spdl subcommand '${sub}'; ${USAGE}` : USAGE);
    }
  },
};
