/**
 * Child process of crash.test.ts: writes to every store of the cross-chain system in a tight loop (chain A audit
 * appends, chain B transactions confirmed in mined blocks, blobs, relay nonces) and prints one line per write only after it has committed. The test
 * kills it with SIGKILL at an arbitrary point and checks that everything printed survived, intact.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EvmChain } from '../chainA/evm.js';
import { ChainA, accountFromKey, type Deployment } from '../chainA/contracts.js';
import { hex, keccak } from '../chainA/abi.js';
import { ChainB } from '../chainB/hsd.js';
import { BlobStore } from '../storage/blobstore.js';
import { RelayState } from '../relay/state.js';

import { PRODUCER_KEY, RELAY_KEY, WINDOW_MS } from './crash-constants.js';

async function main() {
  const dir = process.argv[2]!;
  const evm = await EvmChain.open(join(dir, 'a'));
  const depFile = join(dir, 'deployment.json');
  const dep = existsSync(depFile) ? (JSON.parse(readFileSync(depFile, 'utf8')) as Deployment) : null;
  const a = await ChainA.connect(evm, dep);
  const relay = accountFromKey(RELAY_KEY);
  if (!dep) {
    await a.deploy(relay);
    await a.fund(relay);
    writeFileSync(`${depFile}.tmp`, JSON.stringify(a.deployment));
    renameSync(`${depFile}.tmp`, depFile);
  }
  const b = await ChainB.open({ dir: join(dir, 'b'), minerKey: PRODUCER_KEY });
  const store = new BlobStore(join(dir, 'blobs'));
  const state = await RelayState.open(join(dir, 'relay'), WINDOW_MS);
  const out = (s: string) => process.stdout.write(s + '\n');
  out('ready');
  for (;;) {
    const payload = randomBytes(200 + Math.floor(Math.random() * 300));
    const head = await a.auditHead();
    await a.appendAudit(relay, head, payload);
    out(`A ${(await a.auditCount()) - 1n} ${hex(keccak(payload))}`);
    const conf = await b.anchor({ kind: 'audit', sk: RELAY_KEY, payload });
    out(`B ${conf.height} ${conf.block}`);
    out(`S ${store.put(payload)}`);
    const nonce = randomBytes(16);
    await state.admit('hospital-b', nonce, Date.now());
    out(`N ${nonce.toString('hex')}`);
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e) + '\n');
  process.exit(3);
});
