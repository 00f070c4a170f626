/**
 * GA07's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme ga07`), the real
 * Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * re-encryption are the common PRE flow's (core/flows/pre-protocol.ts); what is ga07's own is its delegation:
 * B's decryption key is issued by the key generation centre for B's identity, and A makes rk from B's identity.
 */
import { preSharingProtocol } from '../../core/flows/pre-protocol.js';

export const ga07Protocol = preSharingProtocol({
  name: 'ga07',
  delegation: 'identity-based',
  notes: [
    "GA07: B's decryption key is issued by the key generation centre for B's identity, and A makes rk from B's identity.",
  ],
});
