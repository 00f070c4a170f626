/**
 * Which scheme carries the cross-chain story: decided by declared capabilities only. The relay needs
 * unidirectional re-encryption to a public key (not an identity or a policy); among the schemes that have it, the
 * one declaring the most of what this system can use (reverse firewalls, audit records, foreign delegatees) wins,
 * ties broken by registry order.
 */
import { UnsupportedError } from '../core/errors.js';
import type { Scheme } from '../core/types.js';

export function usable(s: Scheme): boolean {
  const c = s.capabilities;
  return c.reencryption && c.unidirectional && !c.identityBased && !c.attributeBased;
}

export function pickScheme(list: readonly Scheme[]): Scheme {
  const score = (s: Scheme) =>
    Number(s.capabilities.firewalls) + Number(s.capabilities.audit) + Number(s.capabilities.foreignDelegatee);
  let best: Scheme | undefined;
  for (const s of list) if (usable(s) && (!best || score(s) > score(best))) best = s;
  if (!best) throw new UnsupportedError('no registered scheme offers unidirectional public-key re-encryption');
  return best;
}
