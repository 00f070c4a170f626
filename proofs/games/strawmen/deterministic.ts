/**
 * Strawman "convergent" PRE: the honest AFGH-style KEM PRE of kem-pre.ts, except that encryption derives its
 * randomness (t, k) from a hash of the recipient's key and the record, as convergent encryption does for
 * deduplication (Douceur et al., ICDCS 2002). Decryption still works; the flaw is that encryption is deterministic,
 * so anyone holding the public key re-encrypts a candidate plaintext and compares ciphertexts: IND-CPA is lost
 * (Goldwasser-Micali 1984 already requires probabilistic encryption).
 */
import { hashScalar, kemPreScheme, concat } from './kem-pre.js';

export const deterministicStrawman = kemPreScheme({
  name: 'strawman-deterministic',
  title: 'Strawman: deterministic (convergent) encryption',
  flaw: 'encryption randomness is H(pk || m), so ciphertexts are a function of the plaintext',
  flaws: {
    encRandomness(env, pk, m) {
      const g = env.group;
      const seed = concat(g.g1.toBytes(pk.p1), m);
      return { t: hashScalar(g, 'strawman-convergent-t', seed), k: hashScalar(g, 'strawman-convergent-k', seed) };
    },
  },
});
