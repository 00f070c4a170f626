/** The machine and software a run happened on, for the report (numbers from different hosts are not comparable). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

export function machineInfo(): { cpu: string; cores: number; memoryGiB: number; os: string; node: string } {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

/** Installed versions of the packages whose code is measured or draws the figures. */
export function packageVersions(names: readonly string[]): Record<string, string> {
  const require = createRequire(import.meta.url);
  const out: Record<string, string> = {};
  for (const n of names) {
    try {
      let p: string;
      try {
        p = require.resolve(`${n}/package.json`);
      } catch {
        // packages whose exports map hides package.json: walk up from the entry point
        const entry = require.resolve(n);
        const i = entry.lastIndexOf(`node_modules/${n}/`);
        p = entry.slice(0, i + `node_modules/${n}/`.length) + 'package.json';
      }
      out[n] = (JSON.parse(readFileSync(p, 'utf8')) as { version: string }).version;
    } catch {
      out[n] = 'not installed';
    }
  }
  return out;
}
