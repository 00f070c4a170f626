/**
 * The command line's one parser. Each command declares its options as a table (`opt.string(...)`, `opt.flag(...)`,
 * one line each) and gets from it, without further code: typed values with defaults applied, `--help`/`-h` with a
 * usage line, every option's description and default, and examples; and for a mistake a UsageError (exit 2, one
 * line on stderr) that names the closest known option, value or subcommand ("did you mean ...?").
 *
 * Tokenizing is node's own `util.parseArgs` (in Node's core, so nothing to install); this file adds what it lacks:
 * the table, help text, conversion and suggestions.
 */
import { parseArgs } from 'node:util';
import { MedexError } from '../core/errors.js';

export class UsageError extends MedexError {
  constructor(detail: string) {
    super('usage', detail);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Suggestions

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("shceme" is one edit from "scheme"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  return d[a.length]![b.length]!;
}

/**
 * The known word closest to `word`, when it is close enough to be a likely typo: at most 2 edits and fewer than
 * half the word's letters (so "x" does not suggest "json"), or `word` is a prefix of exactly one known word.
 */
export function closest(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(w, k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (best !== undefined && bestD <= 2 && bestD * 2 < Math.max(w.length, 2)) return best;
  const prefixed = known.filter((k) => w.length >= 2 && k.toLowerCase().startsWith(w));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** "; did you mean 'x'?" when a known word is close, else a list of what is known. */
export function suggestion(word: string, known: readonly string[], show = (k: string) => `'${k}'`): string {
  const c = closest(word, known);
  return c !== undefined ? `; did you mean ${show(c)}?` : ` (known: ${known.map(show).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------------
// Option table

/** One declared option. `T` is what the command receives (defaults applied). */
export interface Opt<T> {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  /** One-letter alias, e.g. 'o' for `-o`. */
  readonly short?: string;
  /** The value's placeholder in help, e.g. NAME, N, DIR. */
  readonly value?: string;
  /** How the default is shown in help; undefined when there is none worth showing. */
  readonly defaultText?: string;
  /** Turns the raw value (undefined when absent) into T, or throws a UsageError naming `--name`. */
  convert(raw: string | boolean | undefined, name: string): T;
}

export type OptionTable = Record<string, Opt<unknown>>;
export type Values<O extends OptionTable> = { [K in keyof O]: O[K] extends Opt<infer T> ? T : never };

interface Common {
  short?: string;
  /** The value's placeholder in help. */
  value?: string;
  /** How help describes a default that is computed at run time (e.g. 'all CPU cores'). */
  defaultText?: string;
}

function stringOpt<T>(description: string, c: Common, f: (s: string | undefined, name: string) => T): Opt<T> {
  return {
    type: 'string',
    description,
    short: c.short,
    value: c.value ?? 'VALUE',
    defaultText: c.defaultText,
    convert: (raw, name) => f(typeof raw === 'string' ? raw : undefined, name),
  };
}

function intOf(s: string, name: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(s)) throw new UsageError(`--${name} takes an integer, got '${s}'`);
  const n = Number(s);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function string(description: string, c: Common & { default: string }): Opt<string>;
function string(description: string, c?: Common): Opt<string | undefined>;
function string(description: string, c: Common & { default?: string } = {}): Opt<string | undefined> {
  return stringOpt(description, { ...c, defaultText: c.defaultText ?? c.default }, (s) => s ?? c.default);
}

function int(description: string, c: Common & { default: number; min?: number; max?: number }): Opt<number>;
function int(description: string, c?: Common & { min?: number; max?: number }): Opt<number | undefined>;
function int(
  description: string,
  c: Common & { default?: number; min?: number; max?: number } = {},
): Opt<number | undefined> {
  const [min, max] = [c.min ?? 0, c.max ?? Number.MAX_SAFE_INTEGER];
  return stringOpt(
    description,
    {
      ...c,
      value: c.value ?? 'N',
      defaultText: c.defaultText ?? (c.default === undefined ? undefined : String(c.default)),
    },
    (s, name) => (s === undefined ? c.default : intOf(s, name, min, max)),
  );
}

function choice<const C extends string>(description: string, choices: readonly C[], c: Common & { default: C }): Opt<C>;
function choice<const C extends string>(description: string, choices: readonly C[], c?: Common): Opt<C | undefined>;
function choice<const C extends string>(
  description: string,
  choices: readonly C[],
  c: Common & { default?: C } = {},
): Opt<C | undefined> {
  return stringOpt(
    description,
    { ...c, value: c.value ?? choices.join('|'), defaultText: c.defaultText ?? c.default },
    (s, name) => {
      if (s === undefined) return c.default;
      if ((choices as readonly string[]).includes(s)) return s as C;
      throw new UsageError(`--${name} must be one of ${choices.join(', ')}, got '${s}'${hint(s, choices)}`);
    },
  );
}

/** A comma-separated list of names, each checked against `known()` (called only when the option is given). */
function list(description: string, c: Common & { known?: () => readonly string[] } = {}): Opt<string[] | undefined> {
  return stringOpt(description, { ...c, value: c.value ?? 'A,B' }, (s, name) => {
    if (s === undefined) return undefined;
    const xs = s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    if (xs.length === 0) throw new UsageError(`--${name} needs at least one name`);
    const known = c.known?.();
    if (known)
      for (const x of xs)
        if (!known.includes(x)) throw new UsageError(`--${name}: unknown name '${x}'${suggestion(x, known)}`);
    return xs;
  });
}

function flag(description: string, c: { short?: string } = {}): Opt<boolean> {
  return { type: 'boolean', description, short: c.short, convert: (raw) => raw === true };
}

function hint(word: string, known: readonly string[]): string {
  const c = closest(word, known);
  return c === undefined ? '' : `; did you mean '${c}'?`;
}

/** Option constructors: one line per option in a command's table. */
export const opt = {
  string,
  int,
  choice,
  list,
  flag,
  /** The `--json` every command takes: machine-readable output on stdout and nothing else there. */
  json: flag('print JSON on stdout (and nothing else there)'),
  /** The `--quiet` of long commands: no progress lines on stderr. */
  quiet: flag('no progress lines on stderr'),
};

// ---------------------------------------------------------------------------------------------------------------
// Commands

export interface Command {
  /** Runs with the arguments after the command's name; throws UsageError on bad usage. */
  run(argv: string[]): Promise<number>;
  /** The full help text (usage, options with defaults, examples). */
  help(): string;
  readonly name: string;
  readonly summary: string;
  /** A group's subcommand names (e.g. chain: demo, audit, ...). */
  readonly subcommands?: readonly string[];
}

export interface CommandSpec<O extends OptionTable> {
  /** As typed after `medexchain`, e.g. 'demo' or 'chain demo'. */
  name: string;
  /** One line, shown in the command list. */
  summary: string;
  /** Positional arguments in the usage line, e.g. 'FILE'. */
  args?: string;
  /** How many positionals are required and allowed (default 0 and 0). */
  positionals?: { min?: number; max?: number; names?: string };
  /** Extra paragraphs after the usage line (exit codes, what the output holds). */
  details?: string;
  options: O;
  /** One or two full command lines, starting with 'medexchain'. */
  examples: string[];
  /** `argv` is the raw arguments, for records of how the run was started. */
  run(values: Values<O>, positionals: string[], argv: string[]): Promise<number>;
}

const HELP: Opt<boolean> = flag('show this help', { short: 'h' });

/** Splits `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

const HELP_WIDTH = 110;

function optionLines(options: OptionTable): string[] {
  const all: [string, Opt<unknown>][] = [...Object.entries(options), ['help', HELP]];
  const left = all.map(
    ([k, o]) => `${o.short ? `-${o.short}, ` : '    '}--${k}${o.type === 'string' ? ` ${o.value}` : ''}`,
  );
  const w = Math.min(30, Math.max(...left.map((l) => l.length)));
  const indent = ' '.repeat(w + 4);
  return all.flatMap(([, o], i) => {
    const l = left[i]!;
    const text = wrap(
      `${o.description}${o.defaultText !== undefined ? ` (default: ${o.defaultText})` : ''}`,
      HELP_WIDTH - indent.length,
    );
    const first = l.length > w ? [`  ${l}`, `${indent}${text[0]}`] : [`  ${l.padEnd(w)}  ${text[0]}`];
    return [...first, ...text.slice(1).map((t) => indent + t)];
  });
}

function examplesBlock(examples: string[]): string[] {
  return examples.length ? ['', 'Examples:', ...examples.map((e) => `  $ ${e}`)] : [];
}

/** True when argv asks for help (`-h` or `--help` before any `--`). */
function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/** Parses `argv` against a table: typed values, positionals, and UsageErrors with suggestions. */
export function parseOptions<O extends OptionTable>(
  argv: string[],
  options: O,
  positionals: { min?: number; max?: number; names?: string } = {},
): { values: Values<O>; positionals: string[] } {
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [k, o] of Object.entries(options)) config[k] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
  const { tokens } = parseArgs({ args: argv, options: config, strict: false, allowPositionals: true, tokens: true });
  const raw: Record<string, string | boolean> = {};
  const pos: string[] = [];
  const names = Object.keys(options);
  for (const t of tokens) {
    if (t.kind === 'positional') pos.push(t.value);
    if (t.kind !== 'option') continue;
    const o = options[t.name];
    const shown = t.rawName;
    if (!o) {
      const known = names.map((n) => `--${n}`);
      throw new UsageError(`unknown option '${shown}'${hint(shown.startsWith('--') ? shown : `--${t.name}`, known)}`);
    }
    if (o.type === 'string') {
      if (t.value === undefined) throw new UsageError(`option '--${t.name}' needs a value (${o.value})`);
      if (!t.inlineValue && t.value.startsWith('-') && !/^-\d/.test(t.value))
        throw new UsageError(`option '--${t.name}' needs a value (${o.value}), got '${t.value}'`);
      raw[t.name] = t.value;
    } else {
      if (t.inlineValue) throw new UsageError(`option '--${t.name}' takes no value`);
      raw[t.name] = true;
    }
  }
  const max = positionals.max ?? 0;
  if (pos.length > max) throw new UsageError(`unexpected argument '${pos[max]}'`);
  if (pos.length < (positionals.min ?? 0)) throw new UsageError(`missing ${positionals.names ?? 'argument'}`);
  const values = {} as Record<string, unknown>;
  for (const [k, o] of Object.entries(options)) values[k] = o.convert(raw[k], k);
  return { values: values as Values<O>, positionals: pos };
}

/** A command from its table: `run(argv)` answers --help/-h, parses, then calls `spec.run` with typed values. */
export function defineCommand<O extends OptionTable>(spec: CommandSpec<O>): Command {
  const usage = `Usage: medexchain ${spec.name} [options]${spec.args ? ` ${spec.args}` : ''}`;
  const help = () =>
    [
      usage,
      '',
      spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
      ...(spec.details ? ['', spec.details] : []),
      '',
      'Options:',
      ...optionLines(spec.options),
      ...examplesBlock(spec.examples),
    ].join('\n') + '\n';
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    async run(argv) {
      if (wantsHelp(argv)) {
        process.stdout.write(help());
        return 0;
      }
      const p = parseOptions(argv, spec.options, spec.positionals);
      return spec.run(p.values, p.positionals, argv);
    },
  };
}

/** A command made of subcommands (`chain demo`, `spdl export`): the first argument picks one. */
export function defineGroup(spec: {
  name: string;
  summary: string;
  details?: string;
  subcommands: Record<string, Command>;
  examples: string[];
}): Command {
  const subs = Object.keys(spec.subcommands);
  const help = () => {
    const w = Math.max(...subs.map((s) => s.length));
    return (
      [
        `Usage: medexchain ${spec.name} <${subs.join('|')}> [options]`,
        '',
        spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
        ...(spec.details ? ['', spec.details] : []),
        '',
        'Subcommands:',
        ...subs.map((s) => `  ${s.padEnd(w)}  ${spec.subcommands[s]!.summary}`),
        '',
        `Each answers --help, e.g. medexchain ${spec.name} ${subs[0]} --help.`,
        ...examplesBlock(spec.examples),
      ].join('\n') + '\n'
    );
  };
  return {
    name: spec.name,
    summary: spec.summary,
    subcommands: subs,
    help,
    async run(argv) {
      const [sub, ...rest] = argv;
      if (sub === undefined || sub === '--help' || sub === '-h') {
        if (sub === undefined) throw new UsageError(`missing subcommand (${subs.join(', ')})`);
        process.stdout.write(help());
        return 0;
      }
      const c = spec.subcommands[sub];
      if (!c) {
        if (sub.startsWith('-')) {
          if (wantsHelp(argv)) {
            process.stdout.write(help());
            return 0;
          }
          throw new UsageError(`the subcommand comes first: medexchain ${spec.name} <${subs.join('|')}> [options]`);
        }
        throw new UsageError(`unknown subcommand '${sub}'${suggestion(sub, subs)}`);
      }
      return c.run(rest);
    },
  };
}

/** Prints a value as JSON on stdout (the `--json` output of every command). */
export function printJson(v: unknown): void {
  process.stdout.write(JSON.stringify(v, null, 2) + '\n');
}
