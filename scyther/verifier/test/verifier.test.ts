/**
 * Tests of the built-in verifier: intruder deduction, each claim type on small protocols (expected verdicts taken
 * from the real Scyther, `scyther-linux --max-runs=5`, recorded next to each case), attack replay, traces, bad
 * input, the time limit, and agreement with Scyther on a fixed subset of the shared corpus (the whole corpus is in
 * `experiments/verifier-bench/corpus.ts`).
 */
import { CORPUS_DIR } from '../../testdata/index.js';
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  verifyFile,
  verifyModel,
  verifyText,
  VerifierInputError,
  VerifierModelError,
  renderTraceSvg,
  renderTraceText,
} from '../index.js';
import { buildModel } from '../model.js';
import { parseSpdl } from '../../spdl/parse.js';
import { IntruderKnowledge, replayAttack } from '../replay.js';
import { searchClaim } from '../search.js';
import { SpdlSyntaxError } from '../../spdl/errors.js';

const SIG = `
protocol sig(I,R)
{
  role I
  {
    fresh n: Nonce;
    claim_i0(I, Running, R, n);
    send_1(I,R, {n, R}sk(I));
  }
  role R
  {
    var n: Nonce;
    recv_1(I,R, {n, R}sk(I));
    claim_r1(R, Alive);
    claim_r2(R, Weakagree);
    claim_r3(R, Niagree);
    claim_r4(R, Nisynch);
    claim_r5(R, Commit, I, n);
    claim_r6(R, Secret, n);
    claim_r7(R, SKR, n);
    claim_r8(R, Empty);
  }
}
protocol sig2(I,R)
{
  role I
  {
    fresh n: Nonce;
    send_1(I,R, {n}sk(I));
  }
  role R
  {
    var n: Nonce;
    recv_1(I,R, {n}sk(I));
    claim_s1(R, Alive);
    claim_s2(R, Weakagree);
    claim_s3(R, Niagree);
  }
}`;

const CR = `
hashfunction h;
protocol cr(A,B)
{
  role A
  {
    fresh na: Nonce;
    var nb: Nonce;
    var t: Ticket;
    send_1(A,B, na);
    recv_2(B,A, {na, nb, t}k(A,B));
    send_3(A,B, h(nb));
    claim_a1(A, Secret, nb);
    claim_a2(A, Niagree);
    claim_a3(A, Nisynch);
  }
  role B
  {
    var na: Nonce;
    fresh nb: Nonce;
    fresh t: Nonce;
    recv_1(A,B, na);
    send_2(B,A, {na, nb, t}k(A,B));
    recv_3(A,B, h(nb));
    claim_b1(B, Secret, nb);
    claim_b2(B, Niagree);
    claim_b3(B, Alive);
  }
}`;

const NS = `
protocol ns3(I,R)
{
  role I
  {
    fresh ni: Nonce;
    var nr: Nonce;
    send_1(I,R, {I,ni}pk(R));
    recv_2(R,I, {ni,nr}pk(I));
    send_3(I,R, {nr}pk(R));
    claim_i1(I,Secret,ni);
    claim_i2(I,Secret,nr);
    claim_i3(I,Niagree);
    claim_i4(I,Nisynch);
  }
  role R
  {
    var ni: Nonce;
    fresh nr: Nonce;
    recv_1(I,R, {I,ni}pk(R));
    send_2(R,I, {ni,nr}pk(I));
    recv_3(I,R, {nr}pk(R));
    claim_r1(R,Secret,ni);
    claim_r2(R,Secret,nr);
    claim_r3(R,Niagree);
    claim_r4(R,Nisynch);
  }
}`;

const statuses = (rs: { label: string; status: string }[]): Record<string, string> =>
  Object.fromEntries(rs.map((r) => [r.label, r.status]));

describe('intruder deduction (replay checker)', () => {
  const model = buildModel(
    parseSpdl(
      'hashfunction h; usertype T; const c: T; protocol p(A,B) { role A { fresh n, m: Nonce; send_1(A,B,n); } role B { var n: Nonce; recv_1(A,B,n); } }',
    ),
  );
  const T = model.table;
  const eve = model.eve;
  const alice = model.agentNames[0]!;
  const pk = T.findConstant('pk')!;
  const sk = T.findConstant('sk')!;
  const h = T.findConstant('h')!;
  const n = T.constant('n', ['Nonce'], 7);
  const m = T.constant('m', ['Nonce'], 7);
  const key = T.constant('key', ['SessionKey'], 7);

  test('public names, own private key, pairs and public-key encryption are derivable; secrets are not', () => {
    const K = new IntruderKnowledge(model);
    for (const t of model.m0) K.add(t);
    expect(K.derivable(alice)).toBe(true);
    expect(K.derivable(T.findConstant('c')!)).toBe(true);
    expect(K.derivable(T.enc(eve, sk))).toBe(true); // sk(Eve)
    expect(K.derivable(T.enc(alice, sk))).toBe(false); // sk(Alice)
    expect(K.derivable(T.enc(T.tup(alice, eve), pk))).toBe(true); // pk((Alice,Eve)): pk is a public function
    expect(K.derivable(n)).toBe(false);
    expect(K.derivable(T.enc(n, h))).toBe(false);
  });

  test('decryption needs the inverse key; hashes cannot be inverted; pairs are split', () => {
    const K = new IntruderKnowledge(model);
    for (const t of model.m0) K.add(t);
    K.add(T.enc(T.tup(n, m), T.enc(eve, pk))); // {n,m}pk(Eve): decryptable with sk(Eve)
    expect(K.derivable(n)).toBe(true);
    expect(K.derivable(m)).toBe(true);
    expect(K.derivable(T.enc(T.tup(n, m), h))).toBe(true); // h(n,m) composed
    const K2 = new IntruderKnowledge(model);
    K2.add(T.enc(n, T.enc(alice, pk))); // {n}pk(Alice)
    K2.add(T.enc(m, h)); // h(m)
    K2.add(T.enc(T.tup(n, m), key)); // {n,m}key
    expect(K2.derivable(n)).toBe(false);
    expect(K2.derivable(m)).toBe(false);
    K2.add(key); // learning the key later opens the old ciphertext
    expect(K2.derivable(n)).toBe(true);
    expect(K2.derivable(m)).toBe(true);
  });

  test('a signature reveals its content (the inverse of sk(A) is the public pk(A))', () => {
    const K = new IntruderKnowledge(model);
    K.add(T.enc(n, T.enc(alice, sk)));
    expect(K.derivable(n)).toBe(true);
    expect(K.derivable(T.enc(m, T.enc(alice, sk)))).toBe(false);
  });
});

describe('claims on small protocols (expected verdicts from scyther-linux --max-runs=5)', () => {
  test('signed nonce: Alive, Weakagree, Niagree, Nisynch, Commit/Running hold; Secret and SKR fail; Empty is not reported', async () => {
    const r = await verifyText(SIG, 'sig.spdl', { trace: true });
    expect(statuses(r)).toEqual({
      r1: 'Ok',
      r2: 'Ok',
      r3: 'Ok',
      r4: 'Ok',
      r5: 'Ok',
      r6: 'Fail',
      r7: 'Fail',
      s1: 'Ok',
      s2: 'Fail',
      s3: 'Fail',
    });
    expect(r.find((x) => x.label === 'r1')!.detail).toBe('[proof of correctness]');
    expect(r.find((x) => x.label === 'r5')!.param).toBe('(I,n)');
    for (const x of r)
      expect(x.status === 'Fail' ? x.trace !== undefined && x.attacks >= 1 : x.attacks === 0).toBe(true);
  });

  test('shared-key challenge-response with a hash and a Ticket variable: everything holds', async () => {
    const r = await verifyText(CR, 'cr.spdl');
    expect(Object.values(statuses(r))).toEqual(['Ok', 'Ok', 'Ok', 'Ok', 'Ok', 'Ok']);
  });

  test("Needham-Schroeder: Lowe's attack on the responder, initiator claims proved", async () => {
    const r = await verifyText(NS, 'ns3.spdl', { trace: true });
    expect(statuses(r)).toEqual({
      i1: 'Ok',
      i2: 'Ok',
      i3: 'Ok',
      i4: 'Ok',
      r1: 'Fail',
      r2: 'Fail',
      r3: 'Fail',
      r4: 'Fail',
    });
    for (const x of r.filter((y) => y.role === 'I')) expect(x.detail).toBe('[proof of correctness]');
    // The attack needs the honest initiator talking to the compromised agent Eve.
    const t = r.find((x) => x.label === 'r1')!.trace!;
    expect(t.runs.some((run) => run.role === 'I' && Object.values(run.agents).includes('Eve'))).toBe(true);
  });

  test("the run bound matters: with one run Lowe's attack is out of reach", async () => {
    const r = await verifyText(NS, 'ns3.spdl', { maxRuns: 1 });
    expect(statuses(r).r1).toBe('Ok');
    expect(r.find((x) => x.label === 'r1')!.detail).toBe('[no attack within bounds]');
  });

  test('Reachable: Ok when a trace reaches the claim, Fail when none can (a typed match that never holds)', async () => {
    const reach = await verifyText(
      'protocol p(A,B) { role A { fresh n: Nonce; send_1(A,B,{n}k(A,B)); recv_2(B,A,{n,B}k(A,B)); claim_a1(A, Reachable); } role B { var n: Nonce; recv_1(A,B,{n}k(A,B)); send_2(B,A,{n,B}k(A,B)); claim_b1(B, Reachable); } }',
    );
    expect(reach.map((x) => x.status)).toEqual(['Ok', 'Ok']);
    const never = await verifyText(
      'protocol q(A,B) { role A { fresh n: Nonce; var m: Nonce; send_3(A,B,n); recv_4(B,A,m); match(m, A); claim_c1(A, Reachable); claim_c2(A, Secret, n); } role B { var n: Nonce; recv_3(A,B,n); send_4(B,A,n); } }',
    );
    expect(never.map((x) => `${x.status} ${x.detail}`)).toEqual(['Fail [does not occur]', 'Ok [proof of correctness]']);
  });

  test("an unlabeled claim is numbered like Scyther (role name + position among the role's claims)", async () => {
    const r = await verifyText(
      'protocol p(A,B) { role A { fresh n: Nonce; claim(A, Running, B, n); send_1(A,B,{n}k(A,B)); } role B { var n: Nonce; recv_1(A,B,{n}k(A,B)); claim(B, Commit, A, n); claim(B, Secret, n); } }',
    );
    expect(r.map((x) => `${x.claim}_${x.label}`)).toEqual(['Commit_B1', 'Secret_B2']);
    expect(r.map((x) => x.status)).toEqual(['Ok', 'Ok']);
  });

  test("a role named in the header without a role block is accepted with Scyther's warning, as a role that never runs", async () => {
    // scyther-linux --max-runs=5 on this model: warning "protocol p has empty role definitions for the roles: [S]",
    // I's Secret proved, R's Alive attacked (S is never alive).
    const model = buildModel(
      parseSpdl(`protocol p(I,R,S) {
        role I { fresh n: Nonce; send_1(I,R,{I,n}pk(S)); claim(I, Secret, n); }
        role R { var n: Nonce; recv_1(I,R,{I,n}pk(S)); claim(R, Alive); } }`),
    );
    expect(model.warnings).toEqual(['protocol p has empty role definitions for the roles: [S]']);
    expect(verifyModel(model).map((x) => `${x.claim}:${x.status}`)).toEqual(['Secret:Ok', 'Alive:Fail']);
  });

  test('a label already used in the protocol is renamed as Scyther does (IEEE-WIMAX/pqr.spdl: BS1, BS2)', async () => {
    // Labels printed by the real Scyther (scyther-linux, --max-runs=3) on this model: the second `x` of each role becomes the
    // role name and the first number not yet a symbol; unlabeled claims keep their position numbers.
    const r = await verifyText(`protocol p(I,R) {
      role I { fresh n: Nonce; send_1(I,R,{n}pk(R)); claim_x(I,Alive); claim(I,Niagree); claim_x(I, Secret, n); }
      role R { var n: Nonce; recv_1(I,R,{n}pk(R)); claim(R,Alive); claim_x(R,Weakagree); claim(R, Secret, n); } }`);
    expect(r.map((x) => `${x.role}:${x.claim}_${x.label}`)).toEqual([
      'I:Alive_x',
      'I:Niagree_I2',
      'I:Secret_I1',
      'R:Alive_R1',
      'R:Weakagree_R2',
      'R:Secret_R3',
    ]);
  });
});

describe('attack replay', () => {
  test('every reported attack replays, and a tampered attack does not', () => {
    const model = buildModel(parseSpdl(NS, 'ns3.spdl'));
    const claim = model.claims.find((c) => c.label === 'r1')!;
    const res = searchClaim(model, claim, { maxRuns: 5, deadline: Date.now() + 30_000 });
    expect(res.attack).toBeDefined();
    expect(replayAttack(model, res.attack!).ok).toBe(true);
    // Drop the run that supplies the initiator's message: the responder's first receive is no longer derivable.
    const tampered = {
      ...res.attack!,
      runs: res.attack!.runs.map((r, i) => (i === 0 ? r : { ...r, events: [] })),
      edges: [],
    };
    const rep = replayAttack(model, tampered);
    expect(rep.ok).toBe(false);
    expect(rep.reason).toMatch(/cannot receive|claim holds/);
  });

  test('traces render as text and as a standalone SVG', async () => {
    const r = await verifyText(NS, 'ns3.spdl', { trace: true });
    const t = r.find((x) => x.label === 'r3')!.trace!;
    expect(t.events[t.events.length - 1]!.kind).toBe('claim');
    const text = renderTraceText(t);
    expect(text).toContain('Attack on ns3 R Niagree_r3');
    const svg = renderTraceSvg(t);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('run 0: R');
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
  });
});

describe('bad input and limits', () => {
  test('models Scyther rejects are refused with a typed error', async () => {
    await expect(verifyText('fresh n: Nonce; protocol p(A) { role A { send_1(A,A,n); } }')).rejects.toBeInstanceOf(
      VerifierModelError,
    );
    await expect(verifyText('protocol p(A,B) { role A { send_1(A,B,zz); } role B { } }')).rejects.toThrow(
      /undeclared symbol 'zz'/,
    );
    await expect(verifyText('protocol p(A,B) { role A { send_1(B,A,A); } role B { } }')).rejects.toThrow(/send role/);
    await expect(verifyText('protocol p(A,B) { role A { claim_x(A, Bogus); } role B { } }')).rejects.toThrow(
      /unknown claim type/,
    );
    await expect(verifyText('protocol p(A,B) { role A { claim_x(A, Reachable, B); } role B { } }')).rejects.toThrow(
      /does not require any arguments/,
    );
    await expect(verifyText('protocol p(A,B) { role A { send_1(A,B,A); } role B { recv_2(A,B,A); } }')).rejects.toThrow(
      /no corresponding send/,
    );
    await expect(verifyText('protocol p(A,B) { role A { send_1(A,B,A); } role B { recv_1(A,B,B); } }')).rejects.toThrow(
      /do not match/,
    );
    // Scyther: "the variable 'x' should occur first in a receive event".
    await expect(
      verifyText('protocol p(A,B) { role A { var x: Nonce; send_1(A,B,x); } role B { var x: Nonce; recv_1(A,B,x); } }'),
    ).rejects.toThrow(/not well-formed/);
    await expect(verifyText('protocol p(A,B) { role A { send_1(A,B A); }')).rejects.toBeInstanceOf(SpdlSyntaxError);
  });

  test('a missing file is a typed input error', async () => {
    await expect(verifyFile('/nonexistent/x.spdl')).rejects.toBeInstanceOf(VerifierInputError);
  });

  test('a claim that reaches the time limit is Unknown, never a guess', () => {
    const model = buildModel(parseSpdl(NS, 'ns3.spdl'));
    const r = verifyModel(model, { timeoutS: 0 });
    expect(r.every((x) => x.status === 'Unknown' && x.detail === '[time limit]')).toBe(true);
  });
});

// A fixed, fast subset of the shared corpus (files Scyther shipped; verdicts in expected.csv). Skipped only when
// the shared corpus is not mounted; the whole corpus runs in experiments/verifier-bench/corpus.ts.
const CORPUS = CORPUS_DIR;
const SUBSET = [
  'Demo/nsl3-broken.spdl',
  'needham-schroeder.spdl',
  'needham-schroeder-lowe.spdl',
  'otwayrees.spdl',
  'yahalom.spdl',
  'denning-sacco.spdl',
  'kaochow.spdl',
  'andrew.spdl',
  'wmf-lowe.spdl',
  'IKE/ikev1-psk-m.spdl',
  'IKE/skeme-basic.spdl',
  'ISO-9798/isoiec-9798-2-3-udkey.spdl',
  'IEEE-WIMAX/pkmv2rsa.spdl',
  'MultiProtocolAttacks/splice-as.spdl',
  'neumannstub.spdl',
];
describe('agreement with Scyther on a corpus subset', () => {
  const rows = readFileSync(join(CORPUS, 'expected.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  test.each(SUBSET)('%s', async (f) => {
    const want = rows.filter((r) => r[0] === f);
    expect(want.length).toBeGreaterThan(0);
    if (want[0]![6] === 'error') {
      await expect(verifyFile(join(CORPUS, f))).rejects.toBeInstanceOf(VerifierModelError);
      return;
    }
    const got = await verifyFile(join(CORPUS, f), { maxRuns: 5, timeoutS: 20 });
    for (const [, protocol, role, claim, label] of want) {
      const g = got.find((x) => x.protocol === protocol && x.role === role && x.claim === claim && x.label === label);
      const s = want.find((w) => w[1] === protocol && w[2] === role && w[4] === label)!;
      // status is the 7th column unless the param contained a quoted comma; find it from the end instead
      const status = s.slice(5).find((x) => x === 'Ok' || x === 'Fail');
      expect(`${label}:${g?.status}`).toBe(`${label}:${status}`);
    }
  });
});
