/**
 * BIBM24's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme bibm24`), the real
 * Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * re-encryption are the common PRE flow's (core/flows/pre-protocol.ts); what is bibm24's own is its delegation:
 * rk is made by the patient from the requester's public key alone (MedExChain's flow without its firewalls and audit).
 */
import { preSharingProtocol } from '../../core/flows/pre-protocol.js';

export const bibm24Protocol = preSharingProtocol({
  name: 'bibm24',
  delegation: 'unidirectional',
  notes: [
    "BIBM24: rk is made by the patient from the requester's public key alone (MedExChain's flow without its firewalls and audit).",
  ],
});
