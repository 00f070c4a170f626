/**
 * Test support: a real Ethereum development node (Hardhat Network, `hardhat node`, a devDependency) on a free
 * loopback port, as a child process, for the `--rpc` tests. When it cannot start (not installed, or it fails) the
 * caller skips with one visible line saying why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

export interface DevNode {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** Starts `hardhat node`; resolves to the node, or to a reason it could not start. */
export async function startHardhat(timeoutMs = 60_000): Promise<DevNode | string> {
  const cli = join(root, 'node_modules', 'hardhat', 'internal', 'cli', 'bootstrap.js');
  if (!existsSync(cli)) return 'hardhat is not installed (npm ci installs it as a devDependency)';
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [cli, 'node', '--hostname', '127.0.0.1', '--port', String(port)],
    {
      cwd: join(here, 'hardhat'), // the folder with its config (Hardhat runs only inside a project)
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY_PROMPT: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop().then(() => resolve(`hardhat node did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('Started HTTP')) {
        clearTimeout(timer);
        child.stdout!.removeListener('data', onData);
        child.stdout!.resume(); // keep draining its log so it never blocks on a full pipe
        resolve({ url: `http://127.0.0.1:${port}`, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(`hardhat node exited (${code}): ${out.trim().split('\n')[0] ?? ''}`);
    });
  });
}
