/**
 * BSW07's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme bsw07`), the real
 * Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * ciphertext-policy encryption are the common CP-ABE flow's (core/flows/abe-protocol.ts); what is bsw07's own is
 * below that abstraction: the policy is an access tree of threshold gates and the attribute key (D, D_j, D'_j) is
 * randomized per user by r, which is what keeps two users from pooling keys (collusion resistance, argued by the
 * scheme's IND-CPA game, not by this model).
 */
import { abeSharingProtocol } from '../../core/flows/abe-protocol.js';

export const bsw07Protocol = abeSharingProtocol({
  name: 'bsw07',
  notes: [
    "BSW07: access trees of threshold gates; the attribute key (D, D_j, D'_j) is randomized per user by r (collusion resistance is the IND-CPA game's business).",
  ],
});
