/**
 * The build step of chain A's contracts: compiles `chain/contracts/*.sol` with the bundled solc (soljson, offline)
 * into `chain/build/<source hash>.json` and reuses that artefact while the sources and the compiler are unchanged.
 * Nothing compiled is committed; the first use after a change compiles (about 0.2 s), every later use reads JSON.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { MedexError } from '../core/errors.js';

export interface CompiledContract {
  abi: unknown[];
  bytecode: string; // hex without 0x
  /** Function signature -> 4-byte selector (hex), from solc's evm.methodIdentifiers. */
  selectors: Record<string, string>;
}

export interface Artefacts {
  sourceHash: string;
  solcVersion: string;
  contracts: Record<string, CompiledContract>;
}

const here = dirname(fileURLToPath(import.meta.url));
export const CONTRACTS_DIR = join(here, 'contracts');
export const BUILD_DIR = join(here, 'build');

export class CompileError extends MedexError {
  constructor(detail: string) {
    super('compile', `contract compilation failed: ${detail}`);
  }
}

function solcVersion(): string {
  const req = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(req.resolve('solc/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function readSources(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(CONTRACTS_DIR)
    .filter((n) => n.endsWith('.sol'))
    .sort())
    out[f] = readFileSync(join(CONTRACTS_DIR, f), 'utf8');
  return out;
}

function hashSources(sources: Record<string, string>, version: string): string {
  const h = createHash('sha256').update(`solc ${version}\noptimizer 200\n`);
  for (const [k, v] of Object.entries(sources)) h.update(`${k}\0${v.length}\0${v}`);
  return h.digest('hex').slice(0, 32);
}

let cached: Artefacts | undefined;

/** The compiled contracts: from memory, from chain/build/, or by compiling now. */
export async function loadArtefacts(): Promise<Artefacts> {
  if (cached) return cached;
  const sources = readSources();
  const version = solcVersion();
  const sourceHash = hashSources(sources, version);
  const file = join(BUILD_DIR, `${sourceHash}.json`);
  if (existsSync(file)) {
    try {
      const a = JSON.parse(readFileSync(file, 'utf8')) as Artefacts;
      if (a.sourceHash === sourceHash) return (cached = a);
    } catch {
      // A torn or hand-edited artefact: recompile below and overwrite it.
    }
  }
  cached = await compile(sources, version, sourceHash);
  mkdirSync(BUILD_DIR, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(cached));
  renameSync(tmp, file); // atomic: a concurrent reader sees the old state or the whole artefact
  return cached;
}

async function compile(sources: Record<string, string>, version: string, sourceHash: string): Promise<Artefacts> {
  const solc = (await import('solc')).default as { compile(input: string): string };
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, { content: v }])),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.methodIdentifiers'] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<
      string,
      Record<
        string,
        { abi: unknown[]; evm: { bytecode: { object: string }; methodIdentifiers: Record<string, string> } }
      >
    >;
  };
  const errs = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errs.length) throw new CompileError(errs.map((e) => e.formattedMessage.split('\n')[0]).join('; '));
  const contracts: Record<string, CompiledContract> = {};
  for (const file of Object.values(out.contracts ?? {}))
    for (const [name, c] of Object.entries(file))
      contracts[name] = { abi: c.abi, bytecode: c.evm.bytecode.object, selectors: c.evm.methodIdentifiers };
  return { sourceHash, solcVersion: version, contracts };
}
