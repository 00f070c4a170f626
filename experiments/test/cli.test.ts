import { describe, expect, test } from '@jest/globals';
import { command } from '../../cli/commands/reproduce.js';
import { UsageError } from '../../cli/args.js';

describe('reproduce command: bad arguments are usage errors before anything runs', () => {
  test.each([
    [['--bogus']],
    [['--backend', 'no-such-curve']],
    [['--scheme', 'nope']],
    [['--backend', ',']],
    [['--concurrency', 'two']],
    [['--concurrency', '0']],
    [['--out', '']],
    [['extra']],
  ])('%j', async (argv) => {
    await expect(command.run(argv)).rejects.toThrow(UsageError);
  });
});
