/**
 * One test per inference rule of BAN 1990 (the logical postulates of section "The Formalism"): the smallest protocol whose goal needs exactly that rule is
 * derived with that rule at the root of its proof, and the same protocol without one premise (or with a premise that
 * does not fit the rule) is not derived. The table must name every rule the engine has.
 */
import { describe, expect, test } from '@jest/globals';
import { analyse } from '../engine.js';
import { ruleNames } from '../rules.js';
import { proto } from './helpers.js';

interface Case {
  /** Assumptions and messages that license the goal by this rule. */
  holds: string;
  /** A variant that must not license it (a premise removed or not matching). */
  not: string;
  goal: string;
}

const cases: Record<string, Case> = {
  'message-meaning/shared-key': {
    holds: 'assume P |= Q <-K-> P\nmessage 1 Q -> P: {X}K',
    not: 'assume P |= Q <-K2-> P\nmessage 1 Q -> P: {X}K',
    goal: 'P |= Q |~ X',
  },
  'message-meaning/public-key': {
    holds: 'assume P |= ->K Q\nmessage 1 Q -> P: {X}K^-1',
    not: 'assume P |= ->K Q\nmessage 1 Q -> P: {X}K', // encrypted for Q's key, not signed by it
    goal: 'P |= Q |~ X',
  },
  'message-meaning/shared-secret': {
    holds: 'assume P |= Q <=Y=> P\nmessage 1 Q -> P: <X>Y',
    not: 'assume P |= Q <=Y=> P\nmessage 1 Q -> P: <X>Z',
    goal: 'P |= Q |~ X',
  },
  'nonce-verification': {
    holds: 'assume P |= #(X)\nassume P |= Q |~ X',
    not: 'assume P |= #(Z)\nassume P |= Q |~ X',
    goal: 'P |= Q |= X',
  },
  jurisdiction: {
    holds: 'assume P |= Q => A <-?K-> B\nassume P |= Q |= A <-K1-> B',
    not: 'assume P |= Q => A <-?K-> B\nassume P |= S |= A <-K1-> B', // S has no jurisdiction
    goal: 'P |= A <-K1-> B',
  },
  'belief/conjunction': {
    holds: 'assume P |= X\nassume P |= Y',
    not: 'assume P |= X',
    goal: 'P |= (X, Y)',
  },
  'belief/decomposition': {
    holds: 'assume P |= (X, Y)',
    not: 'assume P |= (X, Z)',
    goal: 'P |= Y',
  },
  'belief/nested-decomposition': {
    holds: 'assume P |= Q |= (X, Y)',
    not: 'assume P |= Q |~ (X, Y)',
    goal: 'P |= Q |= Y',
  },
  'said/decomposition': {
    holds: 'assume P |= Q |~ (X, Y)',
    not: 'assume P |= Q |~ {X, Y}K',
    goal: 'P |= Q |~ X',
  },
  'seeing/components': {
    holds: 'message 1 Q -> P: X, Y',
    not: 'message 1 Q -> P: X, Z',
    goal: 'P <| Y',
  },
  'seeing/combination': {
    holds: 'message 1 Q -> P: <X>Y',
    not: 'message 1 Q -> A: <X>Y',
    goal: 'P <| X',
  },
  'seeing/shared-key': {
    holds: 'assume P |= Q <-K-> P\nmessage 1 Q -> P: {X}K',
    not: 'assume P |= Q <-K-> A\nmessage 1 Q -> P: {X}K',
    goal: 'P <| X',
  },
  'seeing/own-public-key': {
    holds: 'assume P |= ->K P\nmessage 1 Q -> P: {X}K',
    not: 'assume P |= ->K Q\nmessage 1 Q -> P: {X}K', // only the owner of K can decrypt
    goal: 'P <| X',
  },
  'seeing/signature': {
    holds: 'assume P |= ->K Q\nmessage 1 Q -> P: {X}K^-1',
    not: 'assume P |= ->K2 Q\nmessage 1 Q -> P: {X}K^-1',
    goal: 'P <| X',
  },
  freshness: {
    holds: 'assume P |= #(X)',
    not: 'assume Q |= #(X)',
    goal: 'P |= #(X, Y)',
  },
  'shared-key/symmetry': {
    holds: 'assume P |= A <-K-> B',
    not: 'assume P |= A <-K-> S',
    goal: 'P |= B <-K-> A',
  },
  'shared-secret/symmetry': {
    holds: 'assume P |= A <=Y=> B',
    not: 'assume P |= A <=Z=> B',
    goal: 'P |= B <=Y=> A',
  },
};

const verdict = (body: string, goal: string) => analyse(proto(`${body}\ngoal g holds: ${goal}`)).results[0]!;

describe('BAN rules (TOCS 1990, logical postulates)', () => {
  test('every rule of the engine has a case here', () => {
    expect(Object.keys(cases).sort()).toEqual([...ruleNames].sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    test(`${name}: derives its conclusion`, () => {
      const r = verdict(c.holds, c.goal);
      expect(r.derived).toBe(true);
      expect(r.proof?.rule).toBe(name);
    });
    test(`${name}: not derived without its premises`, () => {
      expect(verdict(c.not, c.goal).derived).toBe(false);
    });
  }

  test('message meaning refuses a message the believer sent itself (the "from" side condition)', () => {
    expect(verdict('assume P |= Q <-K-> P\nmessage 1 Q -> P: {X}K from P', 'P |= Q |~ X').derived).toBe(false);
    expect(verdict('assume P |= Q <-K-> P\nmessage 1 Q -> P: {X}K from Q', 'P |= Q |~ X').derived).toBe(true);
  });

  test('nested symmetry: P |= Q |= A <-K-> B gives P |= Q |= B <-K-> A', () => {
    expect(verdict('assume P |= Q |= A <-K-> B', 'P |= Q |= B <-K-> A').derived).toBe(true);
    expect(verdict('assume P |= Q |= A <=Y=> B', 'P |= Q |= B <=Y=> A').derived).toBe(true);
  });

  test('a quantified jurisdiction binds its variable consistently', () => {
    // ?K appears once; ?X twice must match the same term in both places.
    expect(verdict('assume P |= Q => (?X, ?X)\nassume P |= Q |= (N, N)', 'P |= (N, N)').derived).toBe(true);
    expect(verdict('assume P |= Q => (?X, ?X)\nassume P |= Q |= (N, M)', 'P |= (N, M)').derived).toBe(false);
  });

  test('nonce verification needs cleartext: a fresh ciphertext does not vouch for what travels beside it', () => {
    // BAN 1990 requires X in nonce-verification to hold no {Y}K; without that condition this derived B |= A |= Y.
    const body = 'assume B |= A <-K-> B\nassume B |= #({N}Kx)\nmessage 1 A -> B: {{N}Kx, Y}K';
    expect(verdict(body, 'B |= A |~ ({N}Kx, Y)').derived).toBe(true);
    expect(verdict(body, 'B |= A |= Y').derived).toBe(false);
    expect(verdict(body, 'B |= A |= ({N}Kx, Y)').derived).toBe(false);
    // The same message with a cleartext nonce verifies.
    expect(verdict('assume B |= A <-K-> B\nassume B |= #(N)\nmessage 1 A -> B: {N, Y}K', 'B |= A |= Y').derived).toBe(
      true,
    );
  });

  test('the cleartext part of a combination with ciphertext in it is verified (X.509 message 1)', () => {
    const body = 'assume B |= ->Ka A\nassume B |= #(Ta)\nmessage 1 A -> B: {Ta, Na, Xa, {Ya}Kb}Ka^-1';
    expect(verdict(body, 'B |= A |= Xa').derived).toBe(true);
    expect(verdict(body, 'B |= A |= (Ta, Na, Xa)').derived).toBe(true);
    expect(verdict(body, 'B |= A |~ Ya').derived).toBe(false);
  });

  test('sub-combinations: statements about part of a larger tuple are derived', () => {
    // Kerberos message 2: A |= S |~ (Ts, A <-Kab-> B) from the three-part combination.
    const kerb = 'assume A |= A <-Kas-> S\nmessage 2 S -> A: {Ts, A <-Kab-> B, {Ts, A <-Kab-> B}Kbs}Kas';
    expect(verdict(kerb, 'A |= S |~ (Ts, A <-Kab-> B)').derived).toBe(true);
    // B |= A |= (X, Y) from {N, X, Y}K with N fresh.
    const nxy = 'assume B |= A <-K-> B\nassume B |= #(N)\nmessage 1 A -> B: {N, X, Y}K';
    expect(verdict(nxy, 'B |= A |= (X, Y)').derived).toBe(true);
    expect(verdict(nxy, 'B |= A |= (X, Z)').derived).toBe(false);
    // and for plain beliefs
    expect(verdict('assume P |= (X, Y, Z)', 'P |= (X, Z)').derived).toBe(true);
  });

  test('a proof tree is a chain of rule applications ending in assumptions and messages', () => {
    const r = verdict('assume P |= Q <-K-> P\nassume P |= #(N)\nmessage 1 Q -> P: {N, X}K', 'P |= Q |= X');
    expect(r.derived).toBe(true);
    const leaves: string[] = [];
    const walk = (n: NonNullable<typeof r.proof>) =>
      n.premises.length ? n.premises.forEach(walk) : leaves.push(n.rule);
    walk(r.proof!);
    expect(leaves.every((l) => l === 'assumption' || l === 'message 1')).toBe(true);
    expect(r.steps).toBeGreaterThanOrEqual(4); // symmetry or not, MM, freshness, NV, decomposition
  });
});
