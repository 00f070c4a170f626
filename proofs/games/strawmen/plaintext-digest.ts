/**
 * Strawman "plaintext digest" PRE: the honest AFGH-style KEM PRE of kem-pre.ts whose ciphertext also carries
 * SHA-256(m) as a deduplication / integrity tag (the reference design hashes the *ciphertext*, h = H2(C_M); hashing
 * the plaintext instead is the classic mistake). Anyone can hash a candidate plaintext and look for it in the
 * ciphertext: IND-CPA is lost for any pair of distinct messages.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { kemPreScheme } from './kem-pre.js';

export const plaintextDigestStrawman = kemPreScheme({
  name: 'strawman-plaintext-digest',
  title: 'Strawman: ciphertext carries a digest of the plaintext',
  flaw: 'the ciphertext carries SHA-256(m) in the clear',
  flaws: {
    ctTag: (m) => sha256(m),
  },
});
