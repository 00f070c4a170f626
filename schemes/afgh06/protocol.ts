/**
 * AFGH06's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme afgh06`), the real
 * Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * re-encryption are the common PRE flow's (core/flows/pre-protocol.ts); what is afgh06's own is its delegation:
 * rk = (g2^b2)^a1 is made by A from B's public key alone, so B takes no part.
 */
import { preSharingProtocol } from '../../core/flows/pre-protocol.js';

export const afgh06Protocol = preSharingProtocol({
  name: 'afgh06',
  delegation: 'unidirectional',
  notes: ["AFGH06: rk = (g2^b2)^a1 is made by A from B's public key alone, so B takes no part."],
});
