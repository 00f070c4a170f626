/**
 * Umbral's sharing flow as a protocol description, for SPDL export (`medexchain spdl export --scheme umbral`), the real
 * Scyther and the built-in verifier, and the generated ablations of Fig. 4. The flow and its abstraction of
 * re-encryption are the common PRE flow's (core/flows/pre-protocol.ts); what is umbral's own is its delegation:
 * A splits rk into n key fragments for n proxies, of which t re-encrypt and B combines the t capsule fragments.
 */
import { preSharingProtocol } from '../../core/flows/pre-protocol.js';

export const umbralProtocol = preSharingProtocol({
  name: 'umbral',
  delegation: 'threshold',
  notes: [
    'Umbral: A splits rk into n key fragments for n proxies, of which t re-encrypt and B combines the t capsule fragments.',
  ],
});
