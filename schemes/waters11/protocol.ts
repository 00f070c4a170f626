/**
 * Waters11's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme waters11`),
 * the real Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * ciphertext-policy encryption are the common CP-ABE flow's (core/flows/abe-protocol.ts); what is waters11's own is
 * below that abstraction: the policy is an LSSS matrix and the attribute key (K, L, K_x) shares one per-user t, which
 * is what keeps two users from pooling keys (collusion resistance, argued by the scheme's IND-CPA game, not by this
 * model).
 */
import { abeSharingProtocol } from '../../core/flows/abe-protocol.js';

export const waters11Protocol = abeSharingProtocol({
  name: 'waters11',
  notes: [
    "Waters11: LSSS access structures; the attribute key (K, L, K_x) shares one per-user t (collusion resistance is the IND-CPA game's business).",
  ],
});
