/**
 * Argument parsing shared by every command: node's strict `util.parseArgs`, with any mistake turned into a
 * UsageError (exit code 2, one line on stderr). Commands declare their flags; nothing else is accepted.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MedexError } from '../core/errors.js';

export class UsageError extends MedexError {
  constructor(detail: string) {
    super('usage', detail);
  }
}

export type FlagSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parse(argv: string[], options: FlagSpec, maxPositionals = 0): Parsed {
  let r;
  try {
    r = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
  if (r.positionals.length > maxPositionals)
    throw new UsageError(`unexpected argument '${r.positionals[maxPositionals]}'`);
  return { values: r.values as Parsed['values'], positionals: r.positionals };
}

/** A string flag's value, or the default. */
export function str(p: Parsed, name: string, dflt: string): string;
export function str(p: Parsed, name: string): string | undefined;
export function str(p: Parsed, name: string, dflt?: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : dflt;
}

/** An integer flag within [min, max], or the default; a non-integer is a UsageError. */
export function int(p: Parsed, name: string, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const v = p.values[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v)) throw new UsageError(`--${name} takes an integer, got '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function bool(p: Parsed, name: string): boolean {
  return p.values[name] === true;
}

/** Prints a value as JSON on stdout (the `--json` output of every command). */
export function printJson(v: unknown): void {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n');
}
