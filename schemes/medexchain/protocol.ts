/**
 * MedExChain's declared protocol description (symbolic, Dolev-Yao), from which `scyther/export` generates the SPDL
 * model behind Fig. 4. MedExChain is reconstructed (see /work/shared/spec/medexchain.md, "Workflow", "Messages",
 * "BAN logic", "Scyther model" and "Known weaknesses"); this is our model of that reconstruction, not the paper's
 * own SPDL. The same builder gives MedExChain-Scoped's model (schemes/medexchain-scoped/protocol.ts): the two differ
 * exactly where their cryptography differs, in what the re-encryption capability rk' is bound to.
 *
 * Two phases, each a protocol of at most three roles (a four-role monolith does not finish within time in
 * Scyther; see the spec's modelling notes), checked together in one file so cross-protocol attacks are covered:
 *
 * upload (D, P): the IoMT device D stores a record tau: the record key under the patient's key (the capsule C*,
 * Enc + CRF-Enc) in a signed index entry (M1).
 *   M1  D -> P : {Tup, D, P, nD, tau, Cap}sk(D)
 *
 * authorization and delivery (HB, R, P): request (M2), relay forward (M3), authorization (M4), delivery of the
 * re-encrypted record (M6).
 *   M2  HB -> R : {Treq, HB, R, P, nB}sk(HB)                                (Req with timestamp T1 = nB)
 *   M3  R -> P  : M2, {Tfwd, R, P, HB, nB, nR}sk(R)                         (fresh relay nonce nR)
 *   M4  P -> R  : {Tauth, P, R, HB, nB, nR, tau, Cap}sk(P), {Trk, P, R, HB, nB, RK}pk(R)
 *   M6  R -> HB : {Tauth, ..}sk(P), {Tdel, R, HB, P, nB, nR, tau, CT}sk(R)
 *
 * The re-encryption capability and the record (the point of this model; spec "Known weaknesses"):
 * - Cap = {Tcap, P, K}pk(P) is the record's capsule C* = (C1*, C2*): the record key under the patient's key. It is
 *   public (chain A stores it; P's signed authorization carries it here). In MedExChain C* does not depend on the
 *   record's identity tau; in the scoped variant it does (Y_tau = e(pk'_P.1, H(tau)) in C2*), so there
 *   Cap = {Tcap, P, tau, K}pk(P).
 * - RK = rk(P, HB) is rk' = (pk'_B.2)^(1/(x_P r_P)) = g2^(x_B r_B / (x_P r_P)): a function of the two parties'
 *   keys and nothing else, so one term for every record and every session between P and HB, a long-term
 *   capability of the pair. `rk` is a secret function: only P (with x_P and W_P's r_P) can make it, so the term
 *   exists only where P sends it. In the scoped variant rk'_tau = H(tau)^(-a) G binds the record, so
 *   RK = rk(P, HB, tau). P sends RK to the relay under the relay's key, and only H2(rk') is published (Eq. 14).
 *   No claim states that RK stays with the relay: in MedExChain it is the same term in every session between P
 *   and HB, so a session P runs through a dishonest relay hands the intruder the capability every honest relay
 *   holds for HB (Scyther finds this for `Secret rk(P, HB)`; the scoped model's rk(P, HB, tau) is fresh with
 *   tau). What that capability is worth is what `capability-reuse` shows.
 * - Re-encryption is the application of RK to a capsule: CT = {Tre, P, HB, K}pk(HB) (C''', which only x_B opens;
 *   scoped: {Tre, P, HB, tau, K}pk(HB)). In the protocol the relay applies RK to the capsule P's signed
 *   authorization names, which is what MedExChain's per-record authorization (Eqs. 6-8) rests on. But ReEnc is a
 *   public algorithm: whoever holds RK can apply it to any capsule it fits. The description declares that rewrite
 *   (`reencryption`), and the generated `capability-reuse` ablation adds it as a role the intruder can drive. Then
 *   the intruder, as a relay and a hospital P once authorized (or as a reader of an audit record that publishes
 *   rk', as the implementation did), applies rk(P, Eve) to any of P's capsules and reads every record P ever
 *   stored, including ones P never authorized for anyone: Scyther attacks MedExChain there, while the scoped model,
 *   whose rk(P, Eve, tau') fits only tau', keeps every claim. The main model keeps the reference design's
 *   assumption (the relay applies rk' only as authorized) so that its claims are the reference design's; the
 *   ablation shows what that assumption is worth when the cryptography does not back it.
 * - Why the rewrite is sound for this attack: it gives the intruder exactly what the algebra gives, namely from
 *   (C*, rk') a C''' for the delegatee of rk', and nothing else: not the record key (that needs x_B), not x_P, not
 *   another delegatee. A hospital that knows rk' and x_B can do more in the real scheme (compute g2^(1/(x_P r_P))
 *   and skip the re-encryption), but that adds no record it could not already open through the rewrite.
 *
 * Other abstractions, and why each is sound for the properties claimed:
 * - x_P is P's long-term secret key, modelled as sk(P); `Secret sk(P)` states that no message reveals it (rk' does
 *   not reveal x_P under the discrete-log assumption, which the symbolic model grants by construction).
 * - Timestamps T1 are fresh nonces (a fresh value is the symbolic strengthening of an accepted-window check).
 * - Firewalls W_D, W_P, W_R, W_B are folded into the parties they guard: their re-randomisation is invisible to a
 *   symbolic attacker (it maps a valid message to an equally valid one). The firewall check that matters to a
 *   network attacker is W_P's: it lets rk' out only as a key from P to the requester, checking it against pk'_B
 *   from HB's signed request (the pairing check e(pk'_P.1, rk') = e(g1, pk'_B.2)). Symbolically P receives the
 *   forwarded request as an opaque ticket and its firewall `match`es it against HB's signature on
 *   (Treq, HB, R, P, nB) before the authorization for HB leaves P.
 * - The record P shares in an authorization session is fresh in that session (K, tau): one record per
 *   authorization, as in Eqs. 6-8; a record shared with two hospitals is two sessions P knowingly runs. So no
 *   authorization ever names the device's record of the upload phase: its key Krec is "a record P never
 *   authorized", and the upload claims d1 and pu1 state its secrecy.
 * - Constant tags in every signed and encrypted message, all identities and the requester's nonce inside each
 *   signature: without them Scyther finds type-flaw and role-confusion attacks (see the spec's modelling notes).
 */
import type { ProtocolDescription, ProtocolPhase, RoleDescription, Term } from '../../core/protocol.js';

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

export interface MedexchainFamilyOptions {
  /** Protocol (and SPDL file) name. */
  name: string;
  /** Prefix of the phases' protocol names (e.g. `medex` gives medex-auth, medex-upload). */
  prefix: string;
  /**
   * True when the cryptography binds rk' to the record (MedExChain-Scoped's rk'_tau = H(tau)^(-a) G and its capsule
   * under Y_tau); false for MedExChain's rk' = (pk'_B.2)^(1/(x_P r_P)), which depends on the two keys only.
   */
  recordBound: boolean;
  notes?: string[];
}

/**
 * The record's terms as seen in one place: `P`, `HB` are the names of the delegator and delegatee there (role
 * names, or Agent variables in the re-encryption rewrite), `tau` and `K` the record's identity and key.
 */
function recordTerms(o: MedexchainFamilyOptions, P: Term, HB: Term, tau: Term, K: Term) {
  const pkOf = (x: Term): Term => ({ kind: 'pk', agent: (x as { name: string }).name });
  const bound = o.recordBound ? [tau] : [];
  return {
    cap: { kind: 'enc', body: tup(c('Tcap'), P, ...bound, K), key: pkOf(P) } as Term,
    rk: { kind: 'app', fn: 'rk', args: [P, HB, ...bound] } as Term,
    ct: { kind: 'enc', body: tup(c('Tre'), P, HB, ...bound, K), key: pkOf(HB) } as Term,
  };
}

/** Terms of the authorization phase as seen by a role: its own fresh values are `fresh`, received ones `var`. */
function authTerms(o: MedexchainFamilyOptions, own: Set<string>) {
  const t = (n: string): Term => (own.has(n) ? f(n) : v(n));
  const rec = recordTerms(o, a('P'), a('HB'), t('tau'), t('K'));
  const req = sign('HB', c('Treq'), a('HB'), a('R'), a('P'), t('nB'));
  const fwd = sign('R', c('Tfwd'), a('R'), a('P'), a('HB'), t('nB'), t('nR'));
  const auth = sign('P', c('Tauth'), a('P'), a('R'), a('HB'), t('nB'), t('nR'), t('tau'), rec.cap);
  const rkMsg = encPk('R', c('Trk'), a('P'), a('R'), a('HB'), t('nB'), rec.rk);
  const del = sign('R', c('Tdel'), a('R'), a('HB'), a('P'), t('nB'), t('nR'), t('tau'), rec.ct);
  return { req, fwd, auth, rkMsg, del };
}

function authPhase(o: MedexchainFamilyOptions): ProtocolPhase {
  const consts = ['Treq', 'Tfwd', 'Tauth', 'Trk', 'Tdel', 'Tcap', 'Tre'];
  const hospital: RoleDescription = (() => {
    const t = authTerms(o, new Set(['nB']));
    return {
      name: 'HB',
      fresh: [{ name: 'nB', type: 'Nonce', purpose: 'timestamp' }],
      vars: [
        { name: 'nR', type: 'Nonce', purpose: 'nonce' },
        { name: 'tau', type: 'Nonce', purpose: 'identity' },
        { name: 'K', type: 'SessionKey', purpose: 'payload' },
      ],
      events: [
        { kind: 'send', label: '1', to: 'R', msg: t.req },
        { kind: 'recv', label: '4', from: 'R', msg: tup(t.auth, t.del) },
        { kind: 'claim', label: 'hb1', claim: 'Secret', param: v('K') },
        { kind: 'claim', label: 'hb2', claim: 'Alive' },
        { kind: 'claim', label: 'hb3', claim: 'Weakagree' },
        { kind: 'claim', label: 'hb4', claim: 'Niagree' },
        { kind: 'claim', label: 'hb5', claim: 'Nisynch' },
      ],
    };
  })();
  const relay: RoleDescription = (() => {
    const t = authTerms(o, new Set(['nR']));
    return {
      name: 'R',
      fresh: [{ name: 'nR', type: 'Nonce', purpose: 'nonce' }],
      vars: [
        { name: 'nB', type: 'Nonce', purpose: 'timestamp' },
        { name: 'tau', type: 'Nonce', purpose: 'identity' },
        { name: 'K', type: 'SessionKey', purpose: 'payload' },
      ],
      events: [
        { kind: 'recv', label: '1', from: 'HB', msg: t.req },
        { kind: 'send', label: '2', to: 'P', msg: tup(t.req, t.fwd) },
        { kind: 'recv', label: '3', from: 'P', msg: tup(t.auth, t.rkMsg) },
        // ReEnc: the relay applies rk' to the capsule P's authorization names (it never learns K in the real scheme;
        // symbolically the binding is how the relay's output refers to the capsule's contents).
        { kind: 'send', label: '4', to: 'HB', msg: tup(t.auth, t.del) },
        { kind: 'claim', label: 'r1', claim: 'Alive' },
        { kind: 'claim', label: 'r2', claim: 'Weakagree' },
        { kind: 'claim', label: 'r3', claim: 'Nisynch' },
      ],
    };
  })();
  const patient: RoleDescription = (() => {
    const t = authTerms(o, new Set(['K', 'tau']));
    return {
      name: 'P',
      fresh: [
        { name: 'tau', type: 'Nonce', purpose: 'identity' },
        { name: 'K', type: 'SessionKey', purpose: 'payload' },
      ],
      vars: [
        { name: 'nB', type: 'Nonce', purpose: 'timestamp' },
        { name: 'nR', type: 'Nonce', purpose: 'nonce' },
        { name: 'Req', type: 'Ticket', purpose: 'signature' },
      ],
      events: [
        { kind: 'recv', label: '2', from: 'R', msg: tup(v('Req'), t.fwd) },
        { kind: 'match', label: 'fw', pattern: v('Req'), value: t.req, purpose: 'firewall-check' },
        { kind: 'send', label: '3', to: 'R', msg: tup(t.auth, t.rkMsg) },
        { kind: 'claim', label: 'p1', claim: 'Secret', param: { kind: 'sk', agent: 'P' } },
        { kind: 'claim', label: 'p2', claim: 'Niagree' },
      ],
    };
  })();
  return {
    name: `${o.prefix}-auth`,
    usertypes: ['Tag'],
    secretFunctions: ['rk'],
    constants: consts,
    constantTypes: Object.fromEntries(consts.map((k) => [k, 'Tag'])),
    notes: [
      "Authorization and delivery: request (M2), relay forward (M3), authorization with rk' to the relay (M4), delivery (M6).",
      o.recordBound
        ? "rk' is rk(P, HB, tau): the cryptography binds it to the record tau (capsule under Y_tau)."
        : "rk' is rk(P, HB): the same capability for every record of P (rk' = (pk'_B.2)^(1/(x_P r_P)) ignores the record).",
      "Re-encryption is rk' applied to the record's capsule; W_P's firewall check is a match of the forwarded request.",
    ],
    roles: [hospital, relay, patient],
  };
}

function uploadPhase(o: MedexchainFamilyOptions): ProtocolPhase {
  const m1 = (t: (n: string) => Term): Term =>
    sign('D', c('Tup'), a('D'), a('P'), t('nD'), t('tau'), recordTerms(o, a('P'), a('HB'), t('tau'), t('Krec')).cap);
  return {
    name: `${o.prefix}-upload`,
    constants: ['Tup'],
    constantTypes: { Tup: 'Tag' },
    notes: [
      "Upload: the device stores record tau, its key under the patient's key (capsule, Enc + CRF-Enc), in a signed index entry (M1). No authorization names it.",
    ],
    roles: [
      {
        name: 'D',
        fresh: [
          { name: 'nD', type: 'Nonce', purpose: 'timestamp' },
          { name: 'tau', type: 'Nonce', purpose: 'identity' },
          { name: 'Krec', type: 'SessionKey', purpose: 'payload' },
        ],
        vars: [],
        events: [
          { kind: 'send', label: '1', to: 'P', msg: m1(f) },
          { kind: 'claim', label: 'd1', claim: 'Secret', param: f('Krec') },
        ],
      },
      {
        name: 'P',
        fresh: [],
        vars: [
          { name: 'nD', type: 'Nonce', purpose: 'timestamp' },
          { name: 'tau', type: 'Nonce', purpose: 'identity' },
          { name: 'Krec', type: 'SessionKey', purpose: 'payload' },
        ],
        events: [
          { kind: 'recv', label: '1', from: 'D', msg: m1(v) },
          { kind: 'claim', label: 'pu1', claim: 'Secret', param: v('Krec') },
          { kind: 'claim', label: 'pu2', claim: 'Alive' },
          { kind: 'claim', label: 'pu3', claim: 'Niagree' },
        ],
      },
    ],
  };
}

/** The protocol description of MedExChain or a variant of it that differs in what rk' is bound to. */
export function medexchainFamilyProtocol(o: MedexchainFamilyOptions): ProtocolDescription {
  const rec = recordTerms(o, v('P'), v('HB'), v('tau'), v('K'));
  const auth = authPhase(o);
  return {
    name: o.name,
    phases: [{ ...auth, notes: [...(auth.notes ?? []), ...(o.notes ?? [])] }, uploadPhase(o)],
    reencryption: {
      vars: [
        { name: 'P', type: 'Agent' },
        { name: 'HB', type: 'Agent' },
        ...(o.recordBound ? [{ name: 'tau', type: 'Nonce' }] : []),
        { name: 'K', type: 'SessionKey' },
      ],
      capsule: rec.cap,
      capability: rec.rk,
      result: rec.ct,
    },
  };
}

export const medexchainProtocol: ProtocolDescription = medexchainFamilyProtocol({
  name: 'medexchain',
  prefix: 'medex',
  recordBound: false,
});
