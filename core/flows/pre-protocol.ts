/**
 * The sharing flow of a proxy re-encryption scheme as a protocol description (core/protocol.ts), for SPDL export
 * and the ablations of Fig. 4. Three roles: the requester B (the delegatee), the data owner A (the delegator) and
 * the proxy X that stores A's ciphertext and re-encrypts it.
 *
 *   M1  B -> A : {Treq, B, A, X, nB}sk(B)                         request, with B's timestamp nB
 *   M2  A -> X : {Trk, A, X, B, nB, CT}sk(A)                      authorization: A issues rk(A -> B) for nB
 *   M3  X -> B : M2, {Tdel, X, B, A, nB, CT}sk(X)                 delivery of the re-encrypted ciphertext
 *   CT = {Tkey, A, B, nB, K}pk(B)
 *
 * The pairing or group algebra of rk and of re-encryption cannot be written in SPDL, and its only observable effect
 * is that the proxy turns A's stored ciphertext of the record key K into one that B alone opens, under A's
 * authority; CT models that effect. The algebraic security (the proxy and B learn nothing else) is the IND-CPA
 * game's business, not this model's. What the model checks is the flow around it: who may ask, who authorizes,
 * whether a delivery is fresh and whose. Unlike MedExChain's model (schemes/medexchain/protocol.ts), rk is not a
 * term here: these schemes delegate per pair by design (rk(A -> B) converts every ciphertext of A, which is their
 * documented semantics, and none of them claims per-record delegation), so reusing rk on another record is not an
 * attack on anything they claim, and the `capability-reuse` ablation, offered only for descriptions that declare
 * their re-encryption as a rewrite, is not generated for them.
 * The signatures and the timestamp are the deployment's, the same for every scheme, so the schemes' models differ
 * only where their delegation differs (`kind`).
 */
import type { ProtocolDescription, RoleDescription, Term } from '../protocol.js';

export type PreDelegation =
  /** rk(A -> B) from A's secret key and B's public key alone (AFGH06, BIBM24). */
  | 'unidirectional'
  /** rk = b/a needs both secret keys, so B's cooperation: its signed request, which A requires (BBS98). */
  | 'bidirectional'
  /** B's key pair is issued for its identity by a key generation centre, abstracted as sk(B)/pk(B) (GA07). */
  | 'identity-based'
  /** t-of-n proxies each re-encrypt a key fragment; the quorum is modelled as one proxy role (Umbral). */
  | 'threshold';

export interface PreFlowOptions {
  /** Protocol (and SPDL) name. */
  name: string;
  delegation: PreDelegation;
  /** Scheme-specific notes, carried into the exported model's comments. */
  notes?: string[];
}

const v = (name: string): Term => ({ kind: 'var', name });
const f = (name: string): Term => ({ kind: 'fresh', name });
const c = (name: string): Term => ({ kind: 'const', name });
const a = (name: string): Term => ({ kind: 'agent', name });
const tup = (...items: Term[]): Term => ({ kind: 'tuple', items });
const sign = (signer: string, ...items: Term[]): Term => ({ kind: 'sign', signer, body: tup(...items) });
const encPk = (agent: string, ...items: Term[]): Term => ({
  kind: 'enc',
  body: tup(...items),
  key: { kind: 'pk', agent },
});

const NOTES: Record<PreDelegation, string> = {
  unidirectional: "rk(A -> B) is made from A's secret key and B's public key; B takes no part in it.",
  bidirectional:
    "rk = b/a needs B's secret too, so A issues it only on B's signed request; combining a and b (BBS98's trusted " +
    'setup, or an interactive protocol) happens out of band and is not modelled: rk is the same for every session.',
  'identity-based':
    "B's key pair comes from the key generation centre for B's identity; symbolically it is sk(B)/pk(B) (an honest KGC).",
  threshold:
    'The t proxies of the quorum are one proxy role: each re-encrypts a fragment and B combines t of them; a ' +
    'symbolic attacker gains nothing from a single honest fragment, so the quorum behaves as one honest proxy.',
};

/** Terms as seen by one role: its own fresh values are `fresh`, values it received are `var`. */
function terms(own: Set<string>) {
  const t = (n: string): Term => (own.has(n) ? f(n) : v(n));
  const req = sign('B', c('Treq'), a('B'), a('A'), a('X'), t('nB'));
  const ct = encPk('B', c('Tkey'), a('A'), a('B'), t('nB'), t('K'));
  const auth = (ctTerm: Term): Term => sign('A', c('Trk'), a('A'), a('X'), a('B'), t('nB'), ctTerm);
  const del = (ctTerm: Term): Term => sign('X', c('Tdel'), a('X'), a('B'), a('A'), t('nB'), ctTerm);
  return { req, ct, auth, del };
}

/** The protocol description of a PRE scheme's sharing flow. */
export function preSharingProtocol(o: PreFlowOptions): ProtocolDescription {
  const requester: RoleDescription = (() => {
    const t = terms(new Set(['nB']));
    return {
      name: 'B',
      fresh: [{ name: 'nB', type: 'Nonce', purpose: 'timestamp' }],
      vars: [{ name: 'K', type: 'SessionKey', purpose: 'payload' }],
      events: [
        { kind: 'send', label: '1', to: 'A', msg: t.req },
        { kind: 'recv', label: '3', from: 'X', msg: tup(t.auth(t.ct), t.del(t.ct)) },
        { kind: 'claim', label: 'b1', claim: 'Secret', param: v('K') },
        { kind: 'claim', label: 'b3', claim: 'Alive' },
        { kind: 'claim', label: 'b4', claim: 'Weakagree' },
        { kind: 'claim', label: 'b5', claim: 'Niagree' },
        { kind: 'claim', label: 'b6', claim: 'Nisynch' },
      ],
    };
  })();
  const owner: RoleDescription = (() => {
    const t = terms(new Set(['K']));
    return {
      name: 'A',
      fresh: [{ name: 'K', type: 'SessionKey', purpose: 'payload' }],
      vars: [{ name: 'nB', type: 'Nonce', purpose: 'timestamp' }],
      events: [
        { kind: 'recv', label: '1', from: 'B', msg: t.req },
        { kind: 'send', label: '2', to: 'X', msg: t.auth(t.ct) },
        // Only claims about B: the proxy has not necessarily run when A authorizes.
        { kind: 'claim', label: 'a1', claim: 'Secret', param: f('K') },
        { kind: 'claim', label: 'a2', claim: 'Niagree' },
      ],
    };
  })();
  const proxy: RoleDescription = (() => {
    const t = terms(new Set());
    return {
      name: 'X',
      fresh: [],
      vars: [
        { name: 'nB', type: 'Nonce', purpose: 'timestamp' },
        { name: 'CT', type: 'Ticket', purpose: 'payload' },
      ],
      events: [
        { kind: 'recv', label: '2', from: 'A', msg: t.auth(v('CT')) },
        { kind: 'send', label: '3', to: 'B', msg: tup(t.auth(v('CT')), t.del(v('CT'))) },
        { kind: 'claim', label: 'x1', claim: 'Alive' },
        { kind: 'claim', label: 'x2', claim: 'Weakagree' },
      ],
    };
  })();
  const constants = ['Treq', 'Trk', 'Tdel', 'Tkey'];
  return {
    name: o.name,
    phases: [
      {
        name: `${o.name}-share`,
        usertypes: ['Tag'],
        constants,
        constantTypes: Object.fromEntries(constants.map((k) => [k, 'Tag'])),
        notes: [
          'PRE sharing flow: request (M1), authorization / re-encryption key issue (M2), re-encrypted delivery (M3).',
          "Re-encryption abstracted as the record key under B's key, created under A's authority (see core/flows/pre-protocol.ts).",
          NOTES[o.delegation],
          ...(o.notes ?? []),
        ],
        roles: [requester, owner, proxy],
      },
    ],
  };
}
