/**
 * Adapter to the real Scyther command-line tool (Cremers, CAV 2008; cascremers/scyther, GPLv2). The binary is
 * found at run time only (SCYTHER_BIN, else `scyther-linux` or `scyther` on PATH); nothing here bundles it. A run
 * has explicit bounds (`--max-runs`, default 5 as Scyther's own) and a wall-clock timeout; its tab-separated
 * `claim` lines are read into `VerdictRecord`s.
 *
 * Scyther's claim line: `claim \t <protocol>,<role> \t <Type>_<label> \t <param> \t <Ok|Fail> \t [<detail>]`,
 * where detail is `[proof of correctness]`, `[no attack within bounds]`, `[at least N attack(s)]` or
 * `[exactly N attack(s)]`. A model Scyther rejects prints `error: <message>` and no claims.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { MedexError } from '../../core/errors.js';
import type { VerdictRecord, VerdictStatus, VerifyOptions } from './types.js';

export const DEFAULT_MAX_RUNS = 5;
export const DEFAULT_TIMEOUT_S = 300;

/** No Scyther binary could be found. */
export class ScytherNotFoundError extends MedexError {
  constructor(detail: string) {
    super(
      'scyther/not-found',
      `Scyther binary not found: ${detail}. Set SCYTHER_BIN to the scyther executable or put scyther-linux (or scyther) on PATH, or use --engine builtin`,
    );
  }
}

/** Scyther rejected the model, crashed, printed nothing usable, or ran out of time. */
export class ScytherRunError extends MedexError {
  constructor(
    readonly reason: 'rejected' | 'timeout' | 'crashed' | 'output',
    detail: string,
  ) {
    super(`scyther/${reason}`, detail);
  }
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Scyther executable: SCYTHER_BIN if set (it must exist), else the first `scyther-linux`/`scyther` on PATH. */
export function findScyther(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SCYTHER_BIN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isExecutableFile(fromEnv)) throw new ScytherNotFoundError(`SCYTHER_BIN=${fromEnv} is not an executable file`);
    return fromEnv;
  }
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean))
    for (const name of ['scyther-linux', 'scyther']) {
      const p = join(dir, name);
      if (isExecutableFile(p)) return p;
    }
  return (() => {
    throw new ScytherNotFoundError('SCYTHER_BIN is not set and neither scyther-linux nor scyther is on PATH');
  })();
}

/** Whether a Scyther binary can be found (for choosing the default engine). */
export function hasScyther(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    findScyther(env);
    return true;
  } catch {
    return false;
  }
}

// Scyther colours its status words with ANSI escape sequences (ESC [ ... m).
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Attack count from Scyther's detail text (a lower bound for "at least"); 0 when none. */
export function attacksOf(detail: string): number {
  const m = /\b(?:at least|exactly)\s+(\d+)\s+attacks?\b/.exec(detail);
  return m ? Number(m[1]) : 0;
}

/** Reads Scyther's stdout into verdict records; `file` is recorded on each. Lines other than `claim` are skipped. */
export function parseScytherOutput(text: string, file: string): VerdictRecord[] {
  const out: VerdictRecord[] = [];
  for (const [i, raw] of text.replace(ANSI, '').split(/\r?\n/).entries()) {
    if (!raw.startsWith('claim\t')) continue;
    const f = raw.split('\t');
    if (f.length < 6)
      throw new ScytherRunError(
        'output',
        `line ${i + 1} of Scyther's output has ${f.length} fields, expected 6: ${raw}`,
      );
    const [, protoRole, claimLabel, param, status, ...rest] = f as [
      string,
      string,
      string,
      string,
      string,
      ...string[],
    ];
    const comma = protoRole.indexOf(',');
    const us = claimLabel.indexOf('_');
    if (comma < 0 || us < 0)
      throw new ScytherRunError('output', `line ${i + 1}: cannot read protocol/role or claim_label in: ${raw}`);
    if (status !== 'Ok' && status !== 'Fail')
      throw new ScytherRunError('output', `line ${i + 1}: unknown status '${status}'`);
    const detail = rest.join('\t').trim();
    out.push({
      file,
      protocol: protoRole.slice(0, comma),
      role: protoRole.slice(comma + 1),
      claim: claimLabel.slice(0, us),
      label: claimLabel.slice(us + 1),
      param,
      status: status as VerdictStatus,
      detail,
      attacks: status === 'Fail' ? Math.max(1, attacksOf(detail)) : 0,
    });
  }
  return out;
}

export interface ScytherRun {
  records: VerdictRecord[];
  /** Scyther's exit code (0 all claims hold, 3 attacks found, 1 error). */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  binary: string;
  maxRuns: number;
}

/** Runs Scyther on one file with explicit bounds and returns its verdicts. */
export async function runScyther(
  file: string,
  opts: Partial<VerifyOptions> & { binary?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ScytherRun> {
  const maxRuns = opts.maxRuns ?? DEFAULT_MAX_RUNS;
  const timeoutS = opts.timeoutS ?? DEFAULT_TIMEOUT_S;
  if (!Number.isInteger(maxRuns) || maxRuns < 1)
    throw new ScytherRunError('rejected', `max-runs must be a positive integer, got ${maxRuns}`);
  if (!(timeoutS > 0)) throw new ScytherRunError('rejected', `timeout must be positive, got ${timeoutS}`);
  const binary = opts.binary ?? findScyther(opts.env);
  const t0 = process.hrtime.bigint();
  const { code, stdout, stderr, timedOut } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    timedOut: boolean;
  }>((resolve, reject) => {
    // own process group, so a timeout stops the tool and anything it started (a wrapper script's children)
    const child = spawn(binary, [`--max-runs=${maxRuns}`, file], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let so = '';
    let se = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (so += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (se += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutS * 1000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ScytherRunError('crashed', `cannot run ${binary}: ${e.message}`));
    });
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ code: c, stdout: so, stderr: se, timedOut });
    });
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (timedOut)
    throw new ScytherRunError(
      'timeout',
      `Scyther did not finish ${file} within ${timeoutS} s at --max-runs=${maxRuns}`,
    );
  const records = parseScytherOutput(stdout, file);
  if (records.length === 0) {
    const msg = (stderr + '\n' + stdout)
      .replace(ANSI, '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const err = msg.find((l) => /^error:/i.test(l)) ?? msg[0];
    if (err) throw new ScytherRunError('rejected', `Scyther rejected ${file}: ${err.replace(/^error:\s*/i, '')}`);
    if (code !== 0)
      throw new ScytherRunError('crashed', `Scyther exited with code ${code} on ${file} and printed nothing`);
  }
  return { records, exitCode: code, stdout, stderr, seconds, binary, maxRuns };
}

/** The version line Scyther prints for `--version` (for captions), or undefined when it does not say. */
export async function scytherVersion(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn(binary, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', () => {
      clearTimeout(timer);
      const lines = out
        .replace(ANSI, '')
        .split('\n')
        .map((l) => l.trim());
      // e.g. "Scyther version b'test-autobuilds-5-2-g1c0fc44-dirty'." -> test-autobuilds-5-2-g1c0fc44-dirty
      const line = lines.find((l) => /\bversion\b/i.test(l));
      resolve(
        line
          ?.replace(/^.*\bversion\s+/i, '')
          .replace(/\.$/, '')
          .replace(/^b?'(.*)'$/, '$1'),
      );
    });
  });
}
