/**
 * Unit costs of the non-group primitives that protocols count (core/ops.ts): Ed25519 signing and verification
 * (`sigSign`, `sigVerify`) and one X25519 scalar multiplication (`dh`). Backend-independent (pure JS, @noble/curves).
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { OpCounter } from '../../core/ops.js';
import { SeededRng, randomBytes } from '../../core/rng.js';
import { sign, sigKeygen, verify } from '../../core/sig.js';
import { timeTasks, type TimingOptions } from '../lib/timing.js';
import type { UnitCost } from '../measure/unitcosts.js';

export async function measureNativeUnitCosts(opts: TimingOptions): Promise<UnitCost[]> {
  const rng = new SeededRng('native-unit-costs');
  const ops = new OpCounter();
  const key = sigKeygen(rng);
  const msg = randomBytes(rng, 200);
  const sig = sign(ops, key, msg);
  const a = randomBytes(rng, 32);
  const B = x25519.getPublicKey(randomBytes(rng, 32));
  const t = await timeTasks(
    {
      sigSign: () => sign(ops, key, msg),
      sigVerify: () => verify(ops, key.public, msg, sig),
      dh: () => x25519.getSharedSecret(a, B),
    },
    opts,
  );
  return Object.entries(t).map(([op, x]) => ({
    op: op as UnitCost['op'],
    ms: x.p50,
    how: 'timed' as const,
    rme: x.rme,
    samples: x.samples,
  }));
}
