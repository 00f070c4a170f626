/**
 * The corpus: every goal's verdict is the one its published analysis (or the MedExChain reconstruction) states;
 * the done-when conditions of issue 12 hold; ablations are built from their bases; and the engine is monotone
 * (adding an assumption never removes a derived fact), checked as a property over the corpus.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { type Protocol, analyse } from '../engine.js';
import { buildCorpus, loadCorpus } from '../corpus.js';
import { BanCorpusError, BanParseError } from '../errors.js';
import * as T from '../terms.js';

const corpus = loadCorpus();
const analyses = corpus.map(analyse);
const byName = new Map(analyses.map((a) => [a.protocol.name, a]));

describe('corpus verdicts', () => {
  for (const a of analyses) {
    test(`${a.protocol.name}: every goal as expected`, () => {
      const got = a.results.map((r) => `${r.goal}: ${r.derived ? 'holds' : 'fails'}`);
      const want = a.results.map((r) => `${r.goal}: ${r.expected}`);
      expect(got).toEqual(want);
    });
  }

  test('the 1990 corpus and MedExChain are all present, each citing its source', () => {
    const bases = corpus.filter((p) => !p.ablationOf).map((p) => p.name);
    for (const n of [
      'kerberos',
      'needham-schroeder-shared-key',
      'otway-rees',
      'yahalom',
      'andrew-secure-rpc',
      'needham-schroeder-public-key',
      'ccitt-x509',
      'wide-mouthed-frog',
      'medexchain',
    ])
      expect(bases).toContain(n);
    for (const p of corpus) expect(p.source.length).toBeGreaterThan(20);
  });

  test('MedExChain: five goals, all derived, with proofs', () => {
    const r = byName.get('medexchain')!.results;
    expect(r).toHaveLength(5);
    for (const g of r) {
      expect(g.derived).toBe(true);
      expect(g.proof).not.toBeNull();
      expect(g.steps).toBeGreaterThan(0);
    }
  });

  test('every MedExChain ablation loses at least one goal, and says which with missing premises', () => {
    const abl = analyses.filter((a) => a.protocol.ablationOf === 'medexchain');
    expect(abl.length).toBeGreaterThanOrEqual(3);
    for (const a of abl) {
      const lost = a.results.filter((r) => !r.derived);
      expect(lost.length).toBeGreaterThan(0);
      for (const r of lost) expect(r.missing.length).toBeGreaterThan(0);
    }
  });

  test('published failures are reproduced, and the published repairs remove them', () => {
    const fails = (p: string, g: string) => byName.get(p)!.results.find((r) => r.goal === g)!.derived === false;
    expect(fails('andrew-secure-rpc', 'a-new-key')).toBe(true);
    expect(fails('andrew-secure-rpc-fixed', 'a-new-key')).toBe(false);
    expect(fails('needham-schroeder-shared-key', 'b-key')).toBe(true);
    expect(fails('needham-schroeder-shared-key-b-trusts-freshness', 'b-key')).toBe(false);
    expect(fails('ccitt-x509', 'b-gets-ya')).toBe(true);
    expect(fails('yahalom', 'b-key')).toBe(true);
    expect(fails('yahalom-ban-variant', 'b-key')).toBe(false);
  });

  test('the missing premises of the timestamp ablations are the freshness the timestamp gave', () => {
    const miss = (p: string, g: string) => byName.get(p)!.results.find((r) => r.goal === g)!.missing;
    expect(miss('medexchain-no-t1', 'r-authenticates-request')).toEqual(['R |= #(Req)']);
    expect(miss('medexchain-no-t4', 'hb-authenticates-delivery')).toEqual(["HB |= #(C''')"]);
    expect(miss('needham-schroeder-shared-key', 'b-key')).toEqual(['B |= #(A <-Kab-> B)']);
  });

  test("Andrew's missing premise is the freshness of the new key, as the paper explains", () => {
    const r = byName.get('andrew-secure-rpc')!.results.find((x) => x.goal === 'a-new-key')!;
    expect(r.missing).toEqual(["A |= #(A <-K'ab-> B)"]);
  });
});

describe('idealization warnings', () => {
  test('the MedExChain idealization is honest: every signed statement is believed by its signer', () => {
    expect(byName.get('medexchain')!.warnings).toEqual([]);
  });
  test('dropping T1 leaves R vouching for a request it cannot authenticate', () => {
    expect(byName.get('medexchain-no-t1')!.warnings).toEqual([
      'message M3: R states HB |= Req but is not derived to believe it',
    ]);
  });
  test("Needham-Schroeder's flaw shows as B stating a key it has no grounds to believe", () => {
    expect(byName.get('needham-schroeder-shared-key')!.warnings).toEqual([
      'message 4: B states A <-Kab-> B but is not derived to believe it',
    ]);
    expect(byName.get('needham-schroeder-shared-key-b-trusts-freshness')!.warnings).toEqual([]);
  });
});

describe('ablations', () => {
  const base = `protocol base\ntitle "b"\nsource "s"\nprincipals A B\nassume B |= ->K A\nassume B |= #(T)\nmessage 1 A -> B: {X, T}K^-1\ngoal g holds: B |= A |= X\n`;
  const abl = (body: string) => `protocol abl\ntitle "a"\nsource "s"\nablation-of base\nprincipals A B\n${body}\n`;
  const build = (body: string) =>
    buildCorpus([
      { file: 'base.ban', text: base },
      { file: 'abl.ban', text: abl(body) },
    ]);

  test('drop, unsign, retract and message replacement act on the base', () => {
    expect(analyse(build('drop T\nexpect g fails')[1]!).results[0]!.derived).toBe(false);
    expect(analyse(build('unsign K\nexpect g fails')[1]!).results[0]!.derived).toBe(false);
    expect(analyse(build('retract B |= #(T)\nexpect g fails')[1]!).results[0]!.derived).toBe(false);
    const replaced = build('message 1 A -> B: {X}K^-1')[1]!;
    expect(T.show(replaced.messages[0]!.body)).toBe('{X}K^-1');
    expect(replaced.goals[0]!.expect).toBe('holds');
  });

  test('directives that do not apply are positioned errors', () => {
    expect(() => build('drop Nope')).toThrow(BanParseError);
    expect(() => build('unsign K2')).toThrow(/no message is signed with 'K2\^-1'/);
    expect(() => build('retract B |= #(U)')).toThrow(/is not an assumption/);
    expect(() => build('expect nogoal fails')).toThrow(/has no goal 'nogoal'/);
    try {
      build('drop Nope');
    } catch (e) {
      expect((e as BanParseError).line).toBe(6);
    }
  });

  test('an ablation of a missing protocol, and a duplicate name, are corpus errors', () => {
    expect(() => buildCorpus([{ file: 'abl.ban', text: abl('drop T') }])).toThrow(BanCorpusError);
    expect(() =>
      buildCorpus([
        { file: 'a.ban', text: base },
        { file: 'b.ban', text: base },
      ]),
    ).toThrow(/defined twice/);
  });
});

describe('monotonicity', () => {
  /** Candidate extra assumptions built from a protocol's own principals and terms. */
  function pool(p: Protocol): T.Term[] {
    const terms = new Map<string, T.Term>();
    for (const m of p.messages) T.subterms(m.body, terms);
    for (const a of p.assumptions) T.subterms(a.formula, terms);
    const data = [...terms.values()].filter((t) => !T.hasVars(t) && t.k !== 'believes' && t.k !== 'sees');
    const atoms = data.filter((t) => t.k === 'atom');
    const out: T.Term[] = [];
    for (const P of p.principals)
      for (const Q of p.principals) {
        for (const x of data.slice(0, 40)) {
          out.push(T.believes(P, T.fresh(x)));
          out.push(T.believes(P, T.controls(Q, x)));
          out.push(T.believes(P, T.believes(Q, x)));
        }
        for (const k of atoms.slice(0, 20)) {
          if (P !== Q) out.push(T.believes(P, T.sharedKey(Q, k, P)));
          out.push(T.believes(P, T.pubKey(k, Q)));
        }
      }
    return out;
  }
  const facts = (p: Protocol) => new Set(analyse(p).facts.keys());
  const subjects = corpus.filter((p) =>
    ['kerberos', 'andrew-secure-rpc', 'medexchain-no-t1', 'ccitt-x509', 'yahalom'].includes(p.name),
  );

  test('property: adding assumptions never removes a derived fact or goal', () => {
    const before = new Map(
      subjects.map((p) => [p.name, { facts: facts(p), goals: analyse(p).results.map((r) => r.derived) }]),
    );
    const pools = new Map(subjects.map((p) => [p.name, pool(p)]));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: subjects.length - 1 }).chain((i) =>
          fc.tuple(
            fc.constant(i),
            fc.uniqueArray(fc.integer({ min: 0, max: pools.get(subjects[i]!.name)!.length - 1 }), {
              minLength: 1,
              maxLength: 4,
            }),
          ),
        ),
        ([i, picks]) => {
          const p = subjects[i]!;
          const extra = picks.map((j) => ({ formula: pools.get(p.name)![j]! }));
          const q: Protocol = { ...p, assumptions: [...p.assumptions, ...extra] };
          const after = analyse(q);
          const was = before.get(p.name)!;
          for (const f of was.facts) expect(after.facts.has(f)).toBe(true);
          after.results.forEach((r, k) => {
            if (was.goals[k]) expect(r.derived).toBe(true);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  test('the property can fail: removing an assumption does remove a goal', () => {
    const k = corpus.find((p) => p.name === 'kerberos')!;
    const q: Protocol = { ...k, assumptions: k.assumptions.filter((a) => T.show(a.formula) !== 'A |= #(Ts)') };
    expect(analyse(q).results.find((r) => r.goal === 'a-key')!.derived).toBe(false);
  });
});
