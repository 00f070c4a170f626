import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../cli/commands/spdl.js';
import { main } from '../../../cli/main.js';
import { findScheme, schemes } from '../../../registry/schemes.js';
import { variantsOf } from '../ablations.js';
import { checkSpdl } from '../../spdl/check.js';
import { parseSpdl } from '../../spdl/parse.js';

function capture(): { out: () => string; err: () => string } {
  let o = '';
  let e = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((o += String(s)), true));
  jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((e += String(s)), true));
  return { out: () => o, err: () => e };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('medexchain spdl', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-spdl-'));
  it('export writes a model, variants lists the ablations as JSON', async () => {
    const c = capture();
    expect(await command.run(['export', '--scheme', 'medexchain', '-o', join(dir, 'm.spdl')])).toBe(0);
    expect(readFileSync(join(dir, 'm.spdl'), 'utf8')).toMatch(/^protocol medex-auth\(HB, R, P\)$/m);
    expect(await command.run(['variants', '--scheme', 'medexchain', '--json'])).toBe(0);
    const vs = JSON.parse(c.out()) as { name: string }[];
    expect(vs.length).toBeGreaterThanOrEqual(3);
    expect(
      await command.run(['export', '--scheme', 'medexchain', '--variant', vs[0]!.name, '-o', join(dir, 'v.spdl')]),
    ).toBe(0);
    expect(readFileSync(join(dir, 'v.spdl'), 'utf8')).toContain(`(ablation: ${vs[0]!.name})`);
  });
  it.each(schemes.map((s) => s.name))(
    'export works for registered scheme %s, and for each of its ablations',
    async (name) => {
      capture();
      const file = join(dir, `${name}.spdl`);
      expect(await main(['spdl', 'export', '--scheme', name, '-o', file])).toBe(0);
      expect(checkSpdl(parseSpdl(readFileSync(file, 'utf8'))).filter((i) => i.severity === 'error')).toEqual([]);
      const vs = variantsOf(findScheme(name).protocol!());
      expect(vs.length).toBeGreaterThanOrEqual(2);
      for (const v of vs) {
        expect(
          await main(['spdl', 'export', '--scheme', name, '--variant', v.name, '-o', join(dir, `${name}-v.spdl`)]),
        ).toBe(0);
        expect(readFileSync(join(dir, `${name}-v.spdl`), 'utf8')).toContain(`(ablation: ${v.name})`);
      }
    },
  );
  it('check: exit 0 on a good model, 1 with positions on a bad one', async () => {
    const c = capture();
    expect(await command.run(['export', '--scheme', 'medexchain', '-o', join(dir, 'm.spdl')])).toBe(0);
    expect(await command.run(['check', join(dir, 'm.spdl')])).toBe(0);
    writeFileSync(join(dir, 'bad.spdl'), 'protocol p(I,R) {\n  role I { send_1(I,Q, x); }\n}\n');
    expect(await command.run(['check', join(dir, 'bad.spdl'), '--json'])).toBe(1);
    const j = JSON.parse(c.out().slice(c.out().indexOf('{')));
    expect(j.ok).toBe(false);
    expect(j.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          severity: 'error',
          line: 2,
          column: 24,
          message: expect.stringMatching(/unbound identifier x/),
        }),
      ]),
    );
    writeFileSync(join(dir, 'syntax.spdl'), 'protocol p(I,R) {\n  role I { send_1(I,R, x) }\n');
    expect(await command.run(['check', join(dir, 'syntax.spdl')])).toBe(1);
    expect(c.err()).toMatch(/syntax\.spdl:2:27: expected ';', got '}'/);
  });
  it('bad usage is exit 2 with one line on stderr; unknown scheme or variant too', async () => {
    const c = capture();
    expect(await main(['spdl', 'frobnicate'])).toBe(2);
    expect(await main(['spdl', 'export'])).toBe(2);
    expect(await main(['spdl', 'export', '--scheme', 'nope'])).toBe(2);
    expect(await main(['spdl', 'export', '--scheme', 'medexchain', '--variant', 'nope'])).toBe(1);
    expect(await main(['spdl', 'check'])).toBe(2);
    expect(await main(['spdl', 'check', join(dir, 'missing.spdl')])).toBe(1);
    const lines = c.err().trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[3]).toMatch(/unknown variant 'nope'/);
    expect(lines[5]).toMatch(/cannot read file/);
  });
});
