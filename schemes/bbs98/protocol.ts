/**
 * BBS98's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme bbs98`), the real
 * Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * re-encryption are the common PRE flow's (core/flows/pre-protocol.ts); what is bbs98's own is its delegation:
 * pi = b/a needs both secret keys, so A delegates only on B's signed request.
 */
import { preSharingProtocol } from '../../core/flows/pre-protocol.js';

export const bbs98Protocol = preSharingProtocol({
  name: 'bbs98',
  delegation: 'bidirectional',
  notes: [
    "BBS98: pi = b/a needs both secret keys, so A delegates only on B's signed request (combining a and b is out of band).",
  ],
});
