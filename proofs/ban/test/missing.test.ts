/**
 * Closest missing premises that point at the real gap (issue 21, BAN to the letter): for a goal that is not
 * derived, the suggested premises, added to the protocol as assumptions, make the goal derive, and none of them is
 * superfluous; when no added premise can derive it for a structural reason (ciphertext where BAN wants cleartext,
 * a message encrypted for a public key, a reflected message), nothing is suggested and the reason is given.
 */
import { describe, expect, test } from '@jest/globals';
import { type Protocol, analyse } from '../engine.js';
import { loadCorpus } from '../corpus.js';
import { parseProtocolFile } from '../parser.js';
import { show } from '../terms.js';
import { proto } from './helpers.js';

/** The protocol with the given formulas (in the .ban notation) added as assumptions. */
function assuming(p: Protocol, formulas: readonly string[]): Protocol {
  const names = p.principals.map(show).join(' ');
  const text = `protocol x\ntitle "x"\nsource "x"\nprincipals ${names}\n${formulas.map((f) => `assume ${f}`).join('\n')}\ngoal g holds: ${show(p.principals[0]!)} |= X\n`;
  return { ...p, assumptions: [...p.assumptions, ...parseProtocolFile(text).assumptions] };
}

function derives(p: Protocol, goal: string): boolean {
  return analyse(p).results.find((r) => r.goal === goal)!.derived;
}

/** Every goal not derived: its suggestion derives it and is minimal, or there is none and a reason is given. */
function checkSuggestions(p: Protocol): { goal: string; missing: string[]; unreachable?: string }[] {
  const out = [];
  for (const r of analyse(p).results) {
    if (r.derived) continue;
    if (r.missing.length > 0) {
      expect(r.unreachable).toBeUndefined();
      expect({ goal: r.goal, derived: derives(assuming(p, r.missing), r.goal) }).toEqual({
        goal: r.goal,
        derived: true,
      });
      for (const m of r.missing)
        expect({
          without: m,
          derived: derives(
            assuming(
              p,
              r.missing.filter((x) => x !== m),
            ),
            r.goal,
          ),
        }).toEqual({
          without: m,
          derived: false,
        });
    } else {
      expect(r.unreachable).toEqual(expect.stringMatching(/\w/));
    }
    out.push({ goal: r.goal, missing: r.missing, ...(r.unreachable ? { unreachable: r.unreachable } : {}) });
  }
  return out;
}

describe('BAN missing premises', () => {
  test('every goal the corpus does not derive: the suggestion derives it and is minimal, or a reason is given', () => {
    let suggested = 0;
    let explained = 0;
    for (const p of loadCorpus())
      for (const r of checkSuggestions(p)) {
        if (r.missing.length > 0) suggested++;
        else explained++;
      }
    expect(suggested).toBeGreaterThanOrEqual(14);
    // X.509's published flaw (both directions, in both X.509 files) is structural.
    expect(explained).toBe(4);
  });

  test("X.509: the published flaw is explained, not papered over by restating the goal as a 'missing premise'", () => {
    const r = analyse(loadCorpus().find((p) => p.name === 'ccitt-x509')!).results.find((x) => x.goal === 'b-gets-ya')!;
    expect(r.missing).toEqual([]);
    expect(r.unreachable).toMatch(/\{Ya\}Kb, encrypted under the public key Kb, which does not show who encrypted it/);
  });

  const cases: { name: string; body: string; goal: string; missing: string[] }[] = [
    {
      name: 'nested encryption: the inner key is the gap',
      body: [
        'assume B |= A <-Kout-> B',
        'assume B |= #(Na)',
        'message 1 A -> B: {{Na, Xa}Kin from A}Kout from A',
        'goal g fails: B |= A |= (Na, Xa)',
      ].join('\n'),
      goal: 'g',
      missing: ['B |= A <-Kin-> B'],
    },
    {
      name: 'three layers, the middle key missing',
      body: [
        'assume B |= A <-K1-> B',
        'assume B |= A <-K3-> B',
        'assume B |= #(N)',
        'message 1 A -> B: {{{N, X}K3 from A}K2 from A}K1 from A',
        'goal g fails: B |= A |= (N, X)',
      ].join('\n'),
      goal: 'g',
      missing: ['B |= A <-K2-> B'],
    },
    {
      name: 'a key in a tuple beside ciphertext, freshness missing',
      body: [
        'assume A |= A <-Kas-> S',
        'assume A |= S => A <-?K-> B',
        'message 1 S -> A: {Ts, A <-Kab-> B, {Ts, A <-Kab-> B}Kbs}Kas',
        'goal g fails: A |= A <-Kab-> B',
      ].join('\n'),
      goal: 'g',
      // The key's own freshness is the shallowest fix (it makes the cleartext part fresh); #(Ts) would do too.
      missing: ['A |= #(A <-Kab-> B)'],
    },
    {
      name: 'a key in a tuple, jurisdiction missing',
      body: [
        'assume A |= A <-Kas-> S',
        'assume A |= #(Ts)',
        'message 1 S -> A: {Ts, A <-Kab-> B, {Ts, A <-Kab-> B}Kbs}Kas',
        'goal g fails: A |= A <-Kab-> B',
      ].join('\n'),
      goal: 'g',
      missing: ['A |= S => A <-Kab-> B'],
    },
    {
      name: 'a sub-combination of a signed tuple',
      body: [
        'assume B |= #(Na)',
        'message 1 A -> B: {Na, Xa, Ya, {Z}Kc}Ka^-1',
        'goal g fails: B |= A |= (Na, Ya)',
      ].join('\n'),
      goal: 'g',
      missing: ['B |= ->Ka A'],
    },
  ];

  test.each(cases)('$name: suggests $missing, which derives the goal', ({ body, goal, missing }) => {
    const p = proto(body);
    const r = analyse(p).results.find((x) => x.goal === goal)!;
    expect(r.derived).toBe(false);
    expect(r.missing).toEqual(missing);
    expect(derives(assuming(p, r.missing), goal)).toBe(true);
    checkSuggestions(p);
  });

  const structural: { name: string; body: string; reason: RegExp }[] = [
    {
      name: 'ciphertext beside a fresh nonce (nonce verification needs cleartext)',
      body: [
        'assume B |= A <-Kab-> B',
        'assume B |= #(N)',
        'message 1 A -> B: {N, {X}Kc}Kab from A',
        'goal g fails: B |= A |= (N, {X}Kc)',
      ].join('\n'),
      reason: /contains ciphertext, and nonce-verification applies only to cleartext/,
    },
    {
      name: 'a reflected message (the "from" side condition)',
      body: ['assume B |= A <-Kab-> B', 'message 1 A -> B: {X}Kab from B', 'goal g fails: B |= A |~ X'].join('\n'),
      reason: /marked as sent by B itself/,
    },
    {
      name: 'a statement never sent under a key',
      body: [
        'assume B |= A <-Kab-> B',
        'message 1 A -> B: X',
        'message 2 A -> B: {Y}Kab',
        'goal g fails: B |= A |~ X',
      ].join('\n'),
      reason: /X is never sent encrypted, signed or combined with a secret/,
    },
    {
      name: 'a key B shares with someone else',
      body: ['assume B |= S <-Kbs-> B', 'message 1 A -> B: {X}Kbs', 'goal g fails: B |= A |~ X'].join('\n'),
      reason: /under Kbs, which B believes it shares with S/,
    },
  ];

  test.each(structural)('$name: no premise suggested, the reason given', ({ body, reason }) => {
    const r = analyse(proto(body)).results[0]!;
    expect(r.derived).toBe(false);
    expect(r.missing).toEqual([]);
    expect(r.unreachable).toMatch(reason);
  });
});
