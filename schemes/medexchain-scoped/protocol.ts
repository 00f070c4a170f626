/**
 * MedExChain-Scoped's declared protocol description: MedExChain's flow and abstractions (the builder and the whole
 * argument are in schemes/medexchain/protocol.ts), with the re-encryption capability bound to the record as the
 * cryptography binds it. rk'_tau = H(tau)^(-a) G (S7-S8 in algorithms.ts) cancels H(tau)^a only in a capsule made
 * under Y_tau = e(pk'_P.1, H(tau)) (S4), so symbolically the capsule is {Tcap, P, tau, K}pk(P), the capability
 * rk(P, HB, tau), and the re-encryption rewrite applies rk(P, HB, tau) only to capsules of the same tau. Applied
 * to a tau2 capsule the real ReEnc leaves (H(tau2)/H(tau1))^(a k) in T, which removing needs a BLS signature on
 * tau2 under a (unforgeable under CDH in the random-oracle model): the symbolic rewrite's refusal is that
 * argument's conclusion, not a new assumption. With `capability-reuse` (the rewrite open to the intruder) the
 * model is expected to keep every claim, where MedExChain's is attacked.
 */
import { medexchainFamilyProtocol } from '../medexchain/protocol.js';

export const medexchainScopedProtocol = medexchainFamilyProtocol({
  name: 'medexchain-scoped',
  prefix: 'scoped',
  recordBound: true,
  notes: [
    "MedExChain-Scoped: rk'_tau = H(tau)^(-a) G and the capsule under Y_tau (type-based PRE after Tang, INDOCRYPT 2008).",
  ],
});
