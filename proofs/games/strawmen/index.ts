/**
 * The strawmen's own registry: test-only schemes with one deliberate flaw each, which the games must break by a
 * real attack. They are deliberately NOT in registry/schemes.ts (nothing outside the games and their CLI sees them).
 */
import { ParameterError } from '../../../core/errors.js';
import type { Scheme } from '../../../core/types.js';
import { deterministicStrawman } from './deterministic.js';
import { passthroughFirewallStrawman } from './passthrough-firewall.js';
import { plaintextDigestStrawman } from './plaintext-digest.js';
import { trustedProxyStrawman } from './trusted-proxy.js';

export const strawmen: Scheme[] = [
  deterministicStrawman,
  trustedProxyStrawman,
  plaintextDigestStrawman,
  passthroughFirewallStrawman,
];

export function findStrawman(name: string): Scheme {
  const s = strawmen.find((x) => x.name === name.toLowerCase());
  if (!s) throw new ParameterError(`unknown strawman '${name}' (known: ${strawmen.map((x) => x.name).join(', ')})`);
  return s;
}
