/**
 * MedExChain's declared protocol description (symbolic, Dolev-Yao), from which `scyther/export` generates the SPDL
 * model behind Fig. 4. MedExChain is reconstructed (see /work/shared/spec/medexchain.md, "Workflow", "Messages",
 * "BAN logic" and "Scyther model"); this is our model of that reconstruction, not the paper's own SPDL.
 *
 * Two phases, each a protocol of at most three roles (a four-role monolith does not finish within time in
 * Scyther; see the spec's modelling notes), checked together in one file so cross-protocol attacks are covered:
 *
 * upload (D, P): the IoMT device D wraps the record key under the patient's key and signs it (Enc + CRF-Enc, M1).
 *   M1  D -> P : {Tup, D, P, nD, {Tcap, D, P, nD, Krec}pk(P)}sk(D)
 *
 * authorization and delivery (HB, R, P): request (M2), relay forward (M3), authorization by rk' (M4), delivery of
 * the re-encrypted ciphertext (M6).
 *   M2  HB -> R : {Treq, HB, R, P, nB}sk(HB)                           (Req with timestamp T1 = nB)
 *   M3  R -> P  : M2, {Tfwd, R, P, HB, nB, nR}sk(R)                    (fresh relay nonce nR)
 *   M4  P -> R  : {Tauth, P, R, HB, nB, nR, CT}sk(P)                   (CT = {Tkey, P, HB, nB, K}pk(HB))
 *   M6  R -> HB : M4, {Tdel, R, HB, P, nB, nR, CT}sk(R)
 *
 * Abstractions, and why each is sound for the properties claimed:
 * - Pairing algebra. The re-encryption key rk' = (pk'_B.2)^(1/x_P) together with the stored capsule C* lets the
 *   proxy produce C''' that only x_B opens; its only observable effect is "the record key K, readable by HB alone".
 *   We model that effect as CT = {.., K}pk(HB) created under P's authority: the intruder gains nothing it could not
 *   gain from the real C''' (IND-CPA of the PRE is argued separately by the game in proofs/), so secrecy and
 *   agreement shown here transfer.
 * - x_P is P's long-term secret key, modelled as sk(P); `Secret sk(P)` states that no message reveals it (rk' does
 *   not reveal x_P under the discrete-log assumption, which the symbolic model grants by construction).
 * - Timestamps T1 are fresh nonces (a fresh value is the symbolic strengthening of an accepted-window check).
 * - Firewalls W_D, W_P, W_R, W_B are folded into the parties they guard: their re-randomisation is invisible to a
 *   symbolic attacker (it maps a valid message to an equally valid one). The firewall check that matters to a
 *   network attacker is W_P's: it lets rk' out only as a key from P to the requester, checking it against pk'_B
 *   from HB's signed request (the pairing check e(pk'_P.1, rk') = e(g1, pk'_B.2)). Symbolically P receives the
 *   forwarded request as an opaque ticket and its firewall `match`es it against HB's signature on
 *   (Treq, HB, R, P, nB) before the authorization for HB leaves P. (Putting the check at the relay instead, on
 *   P's signed authorization, gave the same verdicts but took Scyther ten times longer.)
 * - K is fresh per sharing session (a key reused across sessions leaks via sessions with compromised partners).
 * - Constant tags in every signed message, all identities and the requester's nonce inside each signature: without
 *   them Scyther finds type-flaw and role-confusion attacks (see the spec's modelling notes).
 */
import type { ProtocolDescription, Term } from '../../core/protocol.js';

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

/** Terms as seen by a role: its own fresh values are `fresh`, values it received are `var`. */
function authTerms(own: Set<string>) {
  const t = (n: string): Term => (own.has(n) ? f(n) : v(n));
  const req = sign('HB', c('Treq'), a('HB'), a('R'), a('P'), t('nB'));
  const fwd = sign('R', c('Tfwd'), a('R'), a('P'), a('HB'), t('nB'), t('nR'));
  const ct = encPk('HB', c('Tkey'), a('P'), a('HB'), t('nB'), t('K'));
  const auth = (ctTerm: Term): Term => sign('P', c('Tauth'), a('P'), a('R'), a('HB'), t('nB'), t('nR'), ctTerm);
  const del = (ctTerm: Term): Term => sign('R', c('Tdel'), a('R'), a('HB'), a('P'), t('nB'), t('nR'), ctTerm);
  return { req, fwd, ct, auth, del };
}

export const medexchainProtocol: ProtocolDescription = {
  name: 'medexchain',
  phases: [
    {
      name: 'medex-auth',
      usertypes: ['Tag'],
      constants: ['Treq', 'Tfwd', 'Tauth', 'Tdel', 'Tkey'],
      constantTypes: { Treq: 'Tag', Tfwd: 'Tag', Tauth: 'Tag', Tdel: 'Tag', Tkey: 'Tag' },
      notes: [
        "Authorization and delivery: request (M2), relay forward (M3), authorization rk' (M4), delivery (M6).",
        "Re-encryption abstracted as the record key under HB's key; W_P's firewall check as a match of the forwarded request.",
      ],
      roles: [
        (() => {
          const t = authTerms(new Set(['nB']));
          return {
            name: 'HB',
            fresh: [{ name: 'nB', type: 'Nonce', purpose: 'timestamp' as const }],
            vars: [
              { name: 'nR', type: 'Nonce', purpose: 'nonce' as const },
              { name: 'K', type: 'SessionKey', purpose: 'payload' as const },
            ],
            events: [
              { kind: 'send' as const, label: '1', to: 'R', msg: t.req },
              { kind: 'recv' as const, label: '4', from: 'R', msg: tup(t.auth(t.ct), t.del(t.ct)) },
              { kind: 'claim' as const, label: 'hb1', claim: 'Secret', param: v('K') },
              { kind: 'claim' as const, label: 'hb2', claim: 'Alive' },
              { kind: 'claim' as const, label: 'hb3', claim: 'Weakagree' },
              { kind: 'claim' as const, label: 'hb4', claim: 'Niagree' },
              { kind: 'claim' as const, label: 'hb5', claim: 'Nisynch' },
            ],
          };
        })(),
        (() => {
          const t = authTerms(new Set(['nR']));
          return {
            name: 'R',
            fresh: [{ name: 'nR', type: 'Nonce', purpose: 'nonce' as const }],
            vars: [
              { name: 'nB', type: 'Nonce', purpose: 'timestamp' as const },
              { name: 'CT', type: 'Ticket', purpose: 'payload' as const },
            ],
            events: [
              { kind: 'recv' as const, label: '1', from: 'HB', msg: t.req },
              { kind: 'send' as const, label: '2', to: 'P', msg: tup(t.req, t.fwd) },
              { kind: 'recv' as const, label: '3', from: 'P', msg: t.auth(v('CT')) },
              { kind: 'send' as const, label: '4', to: 'HB', msg: tup(t.auth(v('CT')), t.del(v('CT'))) },
              { kind: 'claim' as const, label: 'r1', claim: 'Alive' },
              { kind: 'claim' as const, label: 'r2', claim: 'Weakagree' },
              { kind: 'claim' as const, label: 'r3', claim: 'Nisynch' },
            ],
          };
        })(),
        (() => {
          const t = authTerms(new Set(['K']));
          return {
            name: 'P',
            fresh: [{ name: 'K', type: 'SessionKey', purpose: 'payload' as const }],
            vars: [
              { name: 'nB', type: 'Nonce', purpose: 'timestamp' as const },
              { name: 'nR', type: 'Nonce', purpose: 'nonce' as const },
              { name: 'Req', type: 'Ticket', purpose: 'signature' as const },
            ],
            events: [
              { kind: 'recv' as const, label: '2', from: 'R', msg: tup(v('Req'), t.fwd) },
              {
                kind: 'match' as const,
                label: 'fw',
                pattern: v('Req'),
                value: t.req,
                purpose: 'firewall-check' as const,
              },
              { kind: 'send' as const, label: '3', to: 'R', msg: t.auth(t.ct) },
              { kind: 'claim' as const, label: 'p1', claim: 'Secret', param: { kind: 'sk', agent: 'P' } },
              { kind: 'claim' as const, label: 'p2', claim: 'Niagree' },
            ],
          };
        })(),
      ],
    },
    {
      name: 'medex-upload',
      constants: ['Tup', 'Tcap'],
      constantTypes: { Tup: 'Tag', Tcap: 'Tag' },
      notes: [
        'Upload: the device wraps the record key for the patient (Enc + CRF-Enc) and signs the index entry (M1).',
      ],
      roles: [
        {
          name: 'D',
          fresh: [
            { name: 'nD', type: 'Nonce', purpose: 'timestamp' },
            { name: 'Krec', type: 'SessionKey', purpose: 'payload' },
          ],
          vars: [],
          events: [
            {
              kind: 'send',
              label: '1',
              to: 'P',
              msg: sign(
                'D',
                c('Tup'),
                a('D'),
                a('P'),
                f('nD'),
                encPk('P', c('Tcap'), a('D'), a('P'), f('nD'), f('Krec')),
              ),
            },
            { kind: 'claim', label: 'd1', claim: 'Secret', param: f('Krec') },
          ],
        },
        {
          name: 'P',
          fresh: [],
          vars: [
            { name: 'nD', type: 'Nonce', purpose: 'timestamp' },
            { name: 'Krec', type: 'SessionKey', purpose: 'payload' },
          ],
          events: [
            {
              kind: 'recv',
              label: '1',
              from: 'D',
              msg: sign(
                'D',
                c('Tup'),
                a('D'),
                a('P'),
                v('nD'),
                encPk('P', c('Tcap'), a('D'), a('P'), v('nD'), v('Krec')),
              ),
            },
            { kind: 'claim', label: 'pu1', claim: 'Secret', param: v('Krec') },
            { kind: 'claim', label: 'pu2', claim: 'Alive' },
            { kind: 'claim', label: 'pu3', claim: 'Niagree' },
          ],
        },
      ],
    },
  ],
};
