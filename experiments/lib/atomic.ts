/**
 * Atomic results writing. A run writes everything into a staging folder inside the results folder (same file
 * system, so a rename is atomic) and only when every output exists does `commit()` move each staged top-level entry
 * into place, replacing the previous one. A run that crashes or is killed while measuring or rendering therefore
 * leaves the previous results exactly as they were; only the final renames (milliseconds, no computation) can be
 * interrupted, and a later run sweeps leftover staging folders of dead processes.
 *
 * Entries of the results folder that a run did not stage (other modules' outputs) are never touched.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ParameterError } from '../../core/errors.js';
import { toCsv, type CsvRow } from '../../core/csv.js';

const STAGING = '.staging-';
const OLD = '.old-';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class ResultsTransaction {
  readonly root: string;
  readonly staging: string;
  private committed = false;

  private constructor(root: string, staging: string) {
    this.root = root;
    this.staging = staging;
  }

  /** Opens a transaction on `root` (created if absent), sweeping staging folders left by dead runs. */
  static async open(root: string): Promise<ResultsTransaction> {
    const abs = resolve(root);
    await mkdir(abs, { recursive: true });
    for (const name of await readdir(abs)) {
      const m = /^\.(?:staging|old)-(\d+)-/.exec(name);
      if (m && !alive(Number(m[1]))) await rm(join(abs, name), { recursive: true, force: true });
    }
    const staging = join(abs, `${STAGING}${process.pid}-${Date.now()}`);
    await mkdir(staging);
    return new ResultsTransaction(abs, staging);
  }

  /** The staged path of `rel` (a path inside the results folder); its folder is created. */
  async path(rel: string): Promise<string> {
    const p = resolve(this.staging, rel);
    if (p === this.staging || !p.startsWith(this.staging + sep) || relative(this.staging, p).startsWith('..'))
      throw new ParameterError(`results path '${rel}' escapes the results folder`);
    await mkdir(dirname(p), { recursive: true });
    return p;
  }

  /** The staged folder `rel`, created. */
  async dir(rel: string): Promise<string> {
    const p = await this.path(join(rel, '_'));
    const d = dirname(p);
    await mkdir(d, { recursive: true });
    return d;
  }

  async writeText(rel: string, text: string | Uint8Array): Promise<string> {
    const p = await this.path(rel);
    await writeFile(p, text);
    return p;
  }

  async writeJson(rel: string, value: unknown): Promise<string> {
    return this.writeText(rel, JSON.stringify(value, null, 2) + '\n');
  }

  /** Writes one table twice: `${base}.csv` and `${base}.json` (the same rows). */
  async writeTable(base: string, rows: readonly CsvRow[], columns: readonly string[]): Promise<void> {
    await this.writeText(`${base}.csv`, toCsv(rows, columns));
    await this.writeJson(`${base}.json`, rows);
  }

  /** Moves every staged top-level entry into the results folder, replacing what was there. */
  async commit(): Promise<string[]> {
    if (this.committed) throw new ParameterError('results transaction already committed');
    this.committed = true;
    const old = join(this.root, `${OLD}${process.pid}-${Date.now()}`);
    await mkdir(old);
    // report.md last: while the swap runs, the report never points at figures that are not there yet.
    const entries = (await readdir(this.staging)).sort((a, b) => Number(a === 'report.md') - Number(b === 'report.md'));
    for (const e of entries) {
      const target = join(this.root, e);
      if (existsSync(target)) await rename(target, join(old, e));
      await rename(join(this.staging, e), target);
    }
    await rm(this.staging, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
    return entries;
  }

  /** Drops everything staged; the results folder is unchanged. */
  async abort(): Promise<void> {
    this.committed = true;
    await rm(this.staging, { recursive: true, force: true });
  }
}
