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
import { defineCommand, defineGroup, opt, printJson, UsageError } from '../args.js';

function description(name: string | undefined): ProtocolDescription {
  if (!name) throw new UsageError('--scheme NAME is required');
  const s = findScheme(name);
  if (!s.protocol)
    throw new UnsupportedError(
      `scheme ${s.name} declares no protocol description, so there is no SPDL model to export`,
    );
  return s.protocol();
}

const scheme = opt.string('a scheme that declares a protocol (see medexchain schemes)', { value: 'NAME' });

const exportCmd = defineCommand({
  name: 'spdl export',
  summary: "write the SPDL model of a scheme's declared protocol, or of one of its ablations",
  options: {
    scheme,
    variant: opt.string('an ablation (see medexchain spdl variants); default: the protocol itself', { value: 'V' }),
    output: opt.string('write the model to FILE instead of stdout', { short: 'o', value: 'FILE' }),
    json: opt.json,
  },
  examples: [
    'medexchain spdl export --scheme medexchain -o medex.spdl',
    'medexchain spdl export --scheme medexchain --variant drop-signature',
  ],
  async run(o) {
    const d = description(o.scheme);
    const vname = o.variant;
    const variant = vname ? variantsOf(d).find((v) => v.name === vname) : undefined;
    const model = vname ? applyVariant(d, vname) : d;
    const text = exportSpdl(model, vname ? { variant: vname, variantNote: variant?.description } : {});
    const out = o.output;
    if (out) writeFileSync(out, text);
    if (o.json)
      printJson({ scheme: d.name, variant: vname ?? null, file: out ?? null, ...(out ? {} : { spdl: text }) });
    else if (!out) process.stdout.write(text);
    return 0;
  },
});

const variants = defineCommand({
  name: 'spdl variants',
  summary: "list the ablations generated from a scheme's protocol",
  options: { scheme, json: opt.json },
  examples: ['medexchain spdl variants --scheme medexchain'],
  async run(o) {
    const vs = variantsOf(description(o.scheme));
    if (o.json) printJson(vs);
    else for (const v of vs) process.stdout.write(`${v.name.padEnd(22)} ${v.description}\n`);
    return 0;
  },
});

const check = defineCommand({
  name: 'spdl check',
  summary: 'parse and check an SPDL model',
  args: 'FILE',
  positionals: { min: 1, max: 1, names: 'FILE (the model to check)' },
  details: 'Issues go to stderr as FILE:LINE:COLUMN: severity: message; exit 1 if any is an error.',
  options: { json: opt.json },
  examples: ['medexchain spdl check medex.spdl', 'medexchain spdl check medex.spdl --json'],
  async run(o, [file]) {
    const json = o.json;
    let issues;
    try {
      issues = checkSpdl(parseSpdlFile(file!));
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
      for (const i of issues) process.stderr.write(`${i.file}:${i.line}:${i.column}: ${i.severity}: ${i.message}\n`);
      if (errors.length === 0)
        process.stdout.write(`${file}: ok (${issues.length} warning${issues.length === 1 ? '' : 's'})\n`);
    }
    return errors.length ? 1 : 0;
  },
});

export const command = defineGroup({
  name: 'spdl',
  summary: 'export and check SPDL models',
  details: "Models are generated from a scheme's declared protocol (core/protocol.ts) by scyther/export/.",
  subcommands: { export: exportCmd, variants, check },
  examples: ['medexchain spdl export --scheme medexchain -o medex.spdl', 'medexchain spdl check medex.spdl'],
});
