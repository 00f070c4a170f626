/**
 * Strawman "pass-through firewall": the honest AFGH-style KEM PRE of kem-pre.ts with reverse firewalls that check
 * but never re-randomize. CRF-KeyGen checks e(pk.1, g2) = e(g1, pk.2) (as the reference design's step 3 does) and
 * forwards the key unchanged; the encryption and re-encryption firewalls forward ciphertexts unchanged. Everything
 * works and every check passes, but a firewall that does not re-randomize cannot stop exfiltration (Mironov and
 * Stephens-Davidowitz, EUROCRYPT 2015, Def. 3: the firewalled subverted output must be indistinguishable from the
 * firewalled honest one), so the ASA game with firewalls still recovers the subverter's bits.
 */
import { VerificationError } from '../../../core/errors.js';
import { kemPreScheme } from './kem-pre.js';

export const passthroughFirewallStrawman = kemPreScheme({
  name: 'strawman-passthrough-firewall',
  title: 'Strawman: reverse firewall that does not re-randomize',
  flaw: 'the firewalls check well-formedness but forward every output unchanged',
  flaws: {
    firewall(env, party) {
      const g = env.group;
      return {
        party,
        keygen(pk) {
          if (!g.gt.eq(g.pair(pk.p1, g.g2.generator()), g.pair(g.g1.generator(), pk.p2)))
            throw new VerificationError('crf-keygen', 'e(pk.1, g2) != e(g1, pk.2)');
          return pk;
        },
        encrypt: (ct) => ct,
        rekeygen: (rk) => rk,
        reencrypt: (ct) => ct,
        receive: (ct) => ct,
      };
    },
  },
});
