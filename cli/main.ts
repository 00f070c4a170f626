/**
 * The `medexchain` command line. It only parses and prints: each command lives in cli/commands/<name>.ts, loaded
 * lazily so that starting one command does not load the others' libraries. Exit codes: 0 success, 1 a check or
 * verification failed, 2 bad usage. Errors go to stderr as one line.
 */
import { MedexError, ParameterError } from '../core/errors.js';
import { UsageError } from './args.js';

export interface Command {
  run(argv: string[]): Promise<number>;
}

interface Entry {
  summary: string;
  load: () => Promise<{ command: Command }>;
}

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
};

function usage(): string {
  const w = Math.max(...Object.keys(commands).map((k) => k.length));
  return [
    'usage: medexchain <command> [options]   (every command takes --json)',
    '',
    ...Object.entries(commands).map(([k, v]) => `  ${k.padEnd(w)}  ${v.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const entry = commands[name];
  if (!entry) {
    process.stderr.write(`medexchain: unknown command '${name}' (try --help)\n`);
    return 2;
  }
  try {
    let mod: { command: Command };
    try {
      mod = await entry.load();
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(e).includes(`commands/${name}`)) {
        process.stderr.write(`medexchain: command '${name}' is not available in this build\n`);
        return 1;
      }
      throw e;
    }
    return await mod.command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ParameterError) {
      process.stderr.write(`medexchain ${name}: ${e.message}\n`);
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
