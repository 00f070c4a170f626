/** The option table parser: typed values, defaults, and usage errors that suggest the closest known word. */
import { describe, expect, test } from '@jest/globals';
import { closest, defineCommand, defineGroup, editDistance, opt, parseOptions, UsageError } from '../args.js';

const table = {
  scheme: opt.string('the scheme', { default: 'medexchain', value: 'NAME' }),
  trials: opt.int('trials', { min: 1, max: 100 }),
  game: opt.choice('which game', ['cpa', 'asa', 'all'], { default: 'all' }),
  only: opt.list('names', { known: () => ['bn254', 'bls12-381'] }),
  output: opt.string('file', { short: 'o', value: 'FILE' }),
  quick: opt.flag('quick'),
};

describe('edit distance and suggestions', () => {
  test('a transposition is one edit', () => {
    expect(editDistance('shceme', 'scheme')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
  test('close words are suggested, far ones are not', () => {
    expect(closest('--shceme', ['--scheme', '--seed'])).toBe('--scheme');
    expect(closest('gmaes', ['games', 'demo'])).toBe('games');
    expect(closest('x', ['json', 'demo'])).toBeUndefined();
    expect(closest('frobnicate', ['export', 'variants', 'check'])).toBeUndefined();
    expect(closest('repro', ['reproduce', 'demo'])).toBe('reproduce');
  });
});

describe('parseOptions', () => {
  test('defaults are applied and values typed', () => {
    const { values, positionals } = parseOptions([], table);
    expect(values).toEqual({
      scheme: 'medexchain',
      trials: undefined,
      game: 'all',
      only: undefined,
      output: undefined,
      quick: false,
    });
    expect(positionals).toEqual([]);
    const v = parseOptions(['--trials', '7', '--game=asa', '--only', 'bn254', '-o', 'f', '--quick'], table).values;
    expect(v).toMatchObject({ trials: 7, game: 'asa', only: ['bn254'], output: 'f', quick: true });
  });
  test.each([
    [['--shceme', 'x'], /unknown option '--shceme'; did you mean '--scheme'\?/],
    [['--bogus'], /unknown option '--bogus'$/],
    [['--trials', 'two'], /--trials takes an integer, got 'two'/],
    [['--trials', '0'], /--trials must be between 1 and 100/],
    [['--game', 'cpaa'], /did you mean 'cpa'\?/],
    [['--only', 'bn245'], /unknown name 'bn245'; did you mean 'bn254'\?/],
    [['--scheme'], /'--scheme' needs a value/],
    [['--scheme', '--quick'], /'--scheme' needs a value/],
    [['--quick=yes'], /'--quick' takes no value/],
    [['extra'], /unexpected argument 'extra'/],
  ])('%j is a usage error', (argv, msg) => {
    expect(() => parseOptions(argv, table)).toThrow(UsageError);
    expect(() => parseOptions(argv, table)).toThrow(msg);
  });
  test('required positionals', () => {
    expect(() => parseOptions([], {}, { min: 1, max: 1, names: 'FILE' })).toThrow(/missing FILE/);
    expect(parseOptions(['a'], {}, { min: 1, max: 1 }).positionals).toEqual(['a']);
  });
});

describe('defineCommand and defineGroup', () => {
  const seen: unknown[] = [];
  const c = defineCommand({
    name: 'thing',
    summary: 'do a thing',
    options: table,
    examples: ['medexchain thing --quick'],
    async run(o) {
      seen.push(o.scheme);
      return 0;
    },
  });
  test('help lists every option with its default, and examples', () => {
    const h = c.help();
    expect(h).toMatch(/^Usage: medexchain thing \[options\]/);
    for (const k of Object.keys(table)) expect(h).toContain(`--${k}`);
    expect(h).toContain('(default: medexchain)');
    expect(h).toContain('-h, --help');
    expect(h).toContain('$ medexchain thing --quick');
  });
  test('--help and -h print help instead of running, even beside a bad option', async () => {
    const out: string[] = [];
    const w = process.stdout.write;
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write;
    try {
      expect(await c.run(['--help'])).toBe(0);
      expect(await c.run(['--bogus', '-h'])).toBe(0);
    } finally {
      process.stdout.write = w;
    }
    expect(out).toHaveLength(2);
    expect(seen).toEqual([]);
    expect(await c.run(['--scheme', 'afgh06'])).toBe(0);
    expect(seen).toEqual(['afgh06']);
  });
  test('a group suggests the closest subcommand', async () => {
    const g = defineGroup({ name: 'grp', summary: 's', subcommands: { thing: c }, examples: [] });
    await expect(g.run(['thnig'])).rejects.toThrow(/unknown subcommand 'thnig'; did you mean 'thing'\?/);
    await expect(g.run([])).rejects.toThrow(/missing subcommand/);
    await expect(g.run(['--quick', 'thing'])).rejects.toThrow(/subcommand comes first/);
    expect(g.help()).toMatch(/^Usage: medexchain grp <thing>/);
  });
});
