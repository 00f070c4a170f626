/**
 * The sharing flow of a ciphertext-policy ABE scheme as a protocol description (core/protocol.ts), for SPDL export
 * and the ablations of Fig. 4. Three roles: the requester B (holds attributes), the attribute authority AA (holds
 * the master key, issues attribute keys) and the data owner A (encrypts the record key under a policy).
 *
 *   M1  B -> AA : {Tkreq, B, AA, A, nB}sk(B)                                 key request, B's timestamp nB
 *   M2  AA -> B : {Tiss, AA, B, nB, {Tusk, AA, B, nB, USK}pk(B)}sk(AA)         key issue: authenticated and confidential
 *   M3  B -> A  : {Tget, B, A, AA, nB}sk(B)                                  record request
 *   M4  A -> B  : {Tdel, A, B, AA, nB, CT}sk(A)                              delivery of the policy ciphertext
 *   USK = sk(pol(AA, B)),  CT = {Tabe, A, AA, B, nB, K}pk(pol(AA, B))
 *
 * Abstraction of the ABE algebra. `pol(AA, B)` (a public function) names "the access policy A chose, which B's
 * attribute set, certified by AA, satisfies". Encrypting under a policy needs only public values, so the policy's
 * encryption key is `pk(pol(AA, B))`, which anyone (the intruder too) can form; decrypting needs an attribute key
 * that AA derives from its master key, so it is `sk(pol(AA, B))`, which nobody can form (Scyther's `sk` is secret):
 * it exists only where AA sends it. The abstraction identifies every user whose attributes satisfy the policy with
 * B: collusion resistance (two users cannot pool attribute keys to satisfy a policy neither satisfies alone) is
 * the scheme's IND-CPA business (its game in proofs/), not this model's, which checks the flow around it: who may
 * get an attribute key, whether it reaches B alone, whether a delivery is fresh and whose. A user key is long-term
 * (the same term in every session); the record key K is fresh per delivery.
 *
 * The channel of M2 is what a deployment must provide for any CP-ABE scheme (the scheme papers assume a secure
 * channel for KeyGen): AA signs, and encrypts under B's public key. The flow is the same for every CP-ABE scheme;
 * what differs (access trees, LSSS) is below the abstraction and goes in the notes.
 */
import type { ProtocolDescription, RoleDescription, Term } from '../protocol.js';

export interface AbeFlowOptions {
  /** Protocol (and SPDL) name. */
  name: string;
  /** Scheme-specific notes, carried into the exported model's comments. */
  notes?: string[];
}

const v = (name: string): Term => ({ kind: 'var', name });
const f = (name: string): Term => ({ kind: 'fresh', name });
const c = (name: string): Term => ({ kind: 'const', name });
const a = (name: string): Term => ({ kind: 'agent', name });
const tup = (...items: Term[]): Term => ({ kind: 'tuple', items });
const sign = (signer: string, ...items: Term[]): Term => ({ kind: 'sign', signer, body: tup(...items) });
const enc = (key: Term, ...items: Term[]): Term => ({ kind: 'enc', body: tup(...items), key });

/** The policy term: the access policy B's certified attributes satisfy. */
const POLICY: Term = { kind: 'app', fn: 'pol', args: [a('AA'), a('B')] };
/** B's attribute key, derived by AA from the master key: nobody else can form it. */
const USK: Term = { kind: 'app', fn: 'sk', args: [POLICY] };
const POLICY_PK: Term = { kind: 'app', fn: 'pk', args: [POLICY] };

function terms(own: Set<string>) {
  const t = (n: string): Term => (own.has(n) ? f(n) : v(n));
  const kreq = sign('B', c('Tkreq'), a('B'), a('AA'), a('A'), t('nB'));
  const issue = sign(
    'AA',
    c('Tiss'),
    a('AA'),
    a('B'),
    t('nB'),
    enc({ kind: 'pk', agent: 'B' }, c('Tusk'), a('AA'), a('B'), t('nB'), USK),
  );
  const get = sign('B', c('Tget'), a('B'), a('A'), a('AA'), t('nB'));
  const ct = enc(POLICY_PK, c('Tabe'), a('A'), a('AA'), a('B'), t('nB'), t('K'));
  const del = sign('A', c('Tdel'), a('A'), a('B'), a('AA'), t('nB'), ct);
  return { kreq, issue, get, del };
}

/** The protocol description of a CP-ABE scheme's sharing flow. */
export function abeSharingProtocol(o: AbeFlowOptions): ProtocolDescription {
  const requester: RoleDescription = (() => {
    const t = terms(new Set(['nB']));
    return {
      name: 'B',
      fresh: [{ name: 'nB', type: 'Nonce', purpose: 'timestamp' }],
      vars: [{ name: 'K', type: 'SessionKey', purpose: 'payload' }],
      events: [
        { kind: 'send', label: '1', to: 'AA', msg: t.kreq },
        { kind: 'recv', label: '2', from: 'AA', msg: t.issue },
        { kind: 'send', label: '3', to: 'A', msg: t.get },
        { kind: 'recv', label: '4', from: 'A', msg: t.del },
        { kind: 'claim', label: 'b1', claim: 'Secret', param: v('K') },
        { kind: 'claim', label: 'b2', claim: 'Secret', param: USK },
        { kind: 'claim', label: 'b3', claim: 'Alive' },
        { kind: 'claim', label: 'b4', claim: 'Weakagree' },
        { kind: 'claim', label: 'b5', claim: 'Niagree' },
        { kind: 'claim', label: 'b6', claim: 'Nisynch' },
      ],
    };
  })();
  const authority: RoleDescription = (() => {
    const t = terms(new Set());
    return {
      name: 'AA',
      fresh: [],
      vars: [{ name: 'nB', type: 'Nonce', purpose: 'timestamp' }],
      events: [
        { kind: 'recv', label: '1', from: 'B', msg: t.kreq },
        { kind: 'send', label: '2', to: 'B', msg: t.issue },
        { kind: 'claim', label: 'aa1', claim: 'Secret', param: USK },
        { kind: 'claim', label: 'aa2', claim: 'Niagree' },
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
        { kind: 'recv', label: '3', from: 'B', msg: t.get },
        { kind: 'send', label: '4', to: 'B', msg: t.del },
        { kind: 'claim', label: 'a1', claim: 'Secret', param: f('K') },
        { kind: 'claim', label: 'a2', claim: 'Alive' },
      ],
    };
  })();
  const constants = ['Tkreq', 'Tiss', 'Tusk', 'Tget', 'Tabe', 'Tdel'];
  return {
    name: o.name,
    phases: [
      {
        name: `${o.name}-share`,
        usertypes: ['Tag'],
        hashFunctions: ['pol'],
        constants,
        constantTypes: Object.fromEntries(constants.map((k) => [k, 'Tag'])),
        notes: [
          'CP-ABE sharing flow: key request (M1), attribute-key issue by the authority (M2), record request (M3), delivery under a policy (M4).',
          'Policy encryption abstracted as pk(pol(AA, B)) (public), the attribute key as sk(pol(AA, B)) (only AA issues it); see core/flows/abe-protocol.ts.',
          ...(o.notes ?? []),
        ],
        roles: [requester, authority, owner],
      },
    ],
  };
}
