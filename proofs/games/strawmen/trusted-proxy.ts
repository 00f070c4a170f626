/**
 * Strawman "trusted proxy" PRE: decrypt-then-re-encrypt at the proxy, as in the naive delegation that predates proxy
 * re-encryption (discussed by Blaze, Bleumer and Strauss, EUROCRYPT 1998, Sec. 1, and by Ateniese et al. 2005 as the
 * thing PRE avoids). The re-encryption key is the delegator's secret key itself plus the delegatee's public key; the
 * proxy recovers K and encapsulates it afresh for the delegatee. It works, and it declares itself unidirectional,
 * but anyone who obtains one re-encryption key from a user (even one to an honest delegatee) learns that user's
 * secret key: IND-CPA is lost through the ReKeyGen oracle.
 */
import { VerificationError } from '../../../core/errors.js';
import { kemPreScheme } from './kem-pre.js';

export const trustedProxyStrawman = kemPreScheme({
  name: 'strawman-trusted-proxy',
  title: "Strawman: re-encryption key reveals the delegator's secret",
  flaw: "rk = (x_A, pk_B): the proxy decrypts and re-encapsulates, so the key carries the delegator's secret",
  flaws: {
    rekeygen(_env, from, to) {
      return { kind: 'scalar', s: from.sk, to };
    },
    reencrypt(env, rk, ct, rng) {
      if (rk.kind !== 'scalar') throw new VerificationError('rekey-kind', 'not a trusted-proxy re-encryption key');
      const g = env.group;
      const K = env.decapsulate(rk.s, ct);
      const k = g.zr.random(rng);
      return { level: 1, c1: g.g1.exp(rk.to.p1, k), c2: g.gt.mul(K, g.gt.exp(env.Z, k)), cm: ct.cm, tag: ct.tag };
    },
  },
});
