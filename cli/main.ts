/**
 * The `medexchain` command line. It only parses and prints: each command lives in cli/commands/<name>.ts with its
 * option table (cli/args.ts), loaded lazily so that starting one command does not load the others' libraries.
 * Exit codes: 0 success, 1 a check or verification failed, 2 bad usage. Errors go to stderr as one line.
 */
import { MedexError, ParameterError } from '../core/errors.js';
import { defineCommand, suggestion, UsageError, type Command } from './args.js';

export type { Command } from './args.js';

interface Entry {
  summary: string;
  load: () => Promise<{ command: Command }>;
}

const HELP_SUMMARY = "show a command's options and examples";

/** The commands, in the order `--help` lists them. The summaries live here so listing loads no command. */
const commands: Record<string, Entry> = {
  demo: { summary: "run a scheme's whole story once", load: () => import('./commands/demo.js') },
  schemes: { summary: 'list the registered schemes', load: () => import('./commands/schemes.js') },
  backends: { summary: 'list the pairing backends', load: () => import('./commands/backends.js') },
  games: { summary: 'play the IND-CPA and ASA games', load: () => import('./commands/games.js') },
  spdl: { summary: 'export and check SPDL models', load: () => import('./commands/spdl.js') },
  scyther: { summary: 'verify an SPDL model (real Scyther or built-in)', load: () => import('./commands/scyther.js') },
  ban: { summary: 'derive BAN logic proofs', load: () => import('./commands/ban.js') },
  chain: { summary: 'the cross-chain system (demo, audit)', load: () => import('./commands/chain.js') },
  reproduce: {
    summary: 'regenerate every figure and table into results/',
    load: () => import('./commands/reproduce.js'),
  },
  help: { summary: HELP_SUMMARY, load: async () => ({ command: helpCommand }) },
};

export function commandNames(): string[] {
  return Object.keys(commands);
}

function usage(): string {
  const w = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'Usage: medexchain <command> [options]',
    '',
    'Commands:',
    ...Object.entries(commands).map(([k, v]) => `  ${k.padEnd(w)}  ${v.summary}`),
    '',
    'Every command takes --json (JSON on stdout, nothing else there) and answers --help. Exit codes: 0 ok,',
    '1 a check or verification failed, 2 bad usage.',
    '',
    'Examples:',
    '    $ medexchain demo --scheme afgh06 --backend bn254',
    '    $ medexchain help games',
  ].join('\n');
}

/** A command's module, loaded (a UsageError with a suggestion for an unknown name). */
export async function loadCommand(name: string): Promise<Command> {
  const entry = commands[name];
  if (!entry) throw new UsageError(`unknown command '${name}'${suggestion(name, Object.keys(commands))}`);
  return (await entry.load()).command;
}

/** `medexchain help [command [subcommand]]`: the same text as `medexchain command [subcommand] --help`. */
const helpCommand: Command = defineCommand({
  name: 'help',
  summary: HELP_SUMMARY,
  args: '[command [subcommand]]',
  positionals: { max: 2 },
  details: 'The same text as `medexchain <command> [subcommand] --help`; without a command, the list of commands.',
  options: {},
  examples: ['medexchain help reproduce', 'medexchain help chain demo'],
  async run(_o, [name, sub]) {
    if (name === undefined) {
      process.stdout.write(usage() + '\n');
      return 0;
    }
    return (await loadCommand(name)).run([...(sub === undefined ? [] : [sub]), '--help']);
  },
});

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  try {
    let command: Command;
    try {
      command = await loadCommand(name);
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(e).includes(`commands/${name}`)) {
        process.stderr.write(`medexchain: command '${name}' is not available in this build\n`);
        return 1;
      }
      if (e instanceof UsageError) {
        process.stderr.write(`medexchain: ${e.message} (see medexchain --help)\n`);
        return 2;
      }
      throw e;
    }
    return await command.run(rest);
  } catch (e) {
    // A reader that stops early (`medexchain ban --json | head`) closes the pipe: what it did not read is not ours
    // to report, so a closed stdout ends the command quietly, as it does for the shell's own tools.
    if ((e as { code?: string }).code === 'EPIPE') return 0;
    if (e instanceof UsageError || e instanceof ParameterError) {
      process.stderr.write(
        `medexchain ${name}: ${e.message}${e instanceof UsageError ? ` (see medexchain ${name} --help)` : ''}\n`,
      );
      return 2;
    }
    if (e instanceof MedexError) {
      process.stderr.write(`medexchain ${name}: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(
      `medexchain ${name}: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    return 1;
  }
}
