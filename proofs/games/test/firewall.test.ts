/**
 * Reverse-firewall properties (Mironov and Stephens-Davidowitz 2015) for every scheme that declares firewalls
 * (registry and strawmen), decided by the capability only:
 *   - functionality maintaining (Def. 2): a record goes device -> W_D -> owner, and owner -> W_P (rekey) -> relay ->
 *     W_R -> W_B -> hospital, and decrypts to itself at both ends (fast-check over records);
 *   - exfiltration resistant (Def. 3): a public distinguisher who knows the subverter's key cannot tell a firewalled
 *     subverted output from a firewalled honest one (exfiltrationGame), per algorithm the firewalls guard.
 * The pass-through strawman must FAIL exfiltration resistance: that shows the distinguisher has power.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { createBackend } from '../../../registry/backends.js';
import { schemes } from '../../../registry/schemes.js';
import type { PairingGroup } from '../../../core/groups/types.js';
import { SeededRng } from '../../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../../core/types.js';
import { asaAlgorithms, exfiltrationGame, findFirewall, makeUser, type AsaAlgorithm } from '../asa.js';
import { absoluteAdvantage } from '../stats.js';
import { passthroughFirewallStrawman } from '../strawmen/passthrough-firewall.js';

const withFirewalls = schemes.filter((s) => s.capabilities.firewalls);
const TRIALS = 48;

let group: PairingGroup;
const inst = new Map<Scheme, SchemeInstance>();
beforeAll(async () => {
  group = await createBackend('bls12-381');
  for (const s of [...withFirewalls, passthroughFirewallStrawman])
    inst.set(s, await s.create({ group, precompute: true }));
});

/**
 * Finding of these games: the reference design's CRF-Enc (Eq. 5) re-randomizes the capsule (C1, C2) but forwards
 * C_M and h unchanged, and C_M depends on the device's choice of K and of the AEAD nonce, so a subverted device
 * leaked through C_M (advantage 1.000 with the firewall on). W_D now seals C_M under a key of its own; the test for
 * Enc below is a regression test of that fix.
 */
afterAll(() => {
  for (const i of inst.values()) i.dispose?.();
});

// Known exfiltration channels (scheme/algorithm) that a firewall does not close, marked `it.failing`. MedExChain's
// Enc was one (C_M's bytes passed W_D untouched) until W_D gained its outer layer (schemes/medexchain/algorithms.ts).
const KNOWN_LEAKS = new Set<string>();

describe.each(withFirewalls.map((s) => [s.name, s] as const))('%s: reverse firewalls', (_name, scheme) => {
  it('maintain functionality (records of any content through every firewall)', () => {
    const i = inst.get(scheme)!;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 300 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        (m, seed) => {
          const rng = new SeededRng(`func-${seed}`);
          const owner = makeUser(i, 'owner', true, ['keygen', 'rekeygen', 'receive'], rng.fork('owner'));
          const reader = makeUser(
            i,
            'reader',
            true,
            ['keygen', 'receive'],
            rng.fork('reader'),
            owner.fw ? [owner.fw.party] : [],
          );
          const wD = findFirewall(i, ['encrypt'], rng.fork('wd'));
          let ct = i.encrypt(owner.recipient, m, rng.fork('enc'));
          if (wD?.encrypt) ct = wD.encrypt(ct, owner.recipient, rng.fork('wd-enc'));
          ct = i.codec.decodeCiphertext(i.codec.encodeCiphertext(ct));
          expect(owner.decrypt(ct)).toEqual(m);
          if (!i.rekeygen || !i.reencrypt) return;
          let rk = i.rekeygen(owner.key, reader.recipient, rng.fork('rk'));
          if (owner.fw?.rekeygen) rk = owner.fw.rekeygen(rk, owner.wirePk, reader.recipient, rng.fork('wp'));
          let ct2 = i.reencrypt(i.codec.decodeReKey(i.codec.encodeReKey(rk)), ct, rng.fork('re'));
          const wR = findFirewall(i, ['reencrypt'], rng.fork('wr'));
          if (wR?.reencrypt) ct2 = wR.reencrypt(ct2, reader.recipient, rng.fork('wr-re'));
          expect(reader.decrypt(i.codec.decodeCiphertext(i.codec.encodeCiphertext(ct2)))).toEqual(m);
        },
      ),
      { numRuns: 4 },
    );
  });

  const algs = ['keygen', 'encrypt', 'rekeygen', 'reencrypt'] as const satisfies readonly AsaAlgorithm[];
  for (const alg of algs) {
    const known = KNOWN_LEAKS.has(`${scheme.name}/${alg}`);
    (known ? it.failing : it)(
      `are exfiltration resistant for ${alg}${known ? ' (known finding: expected to fail)' : ''}`,
      () => {
        const i = inst.get(scheme)!;
        if (!asaAlgorithms(i).includes(alg) || !findFirewall(i, [alg], new SeededRng('which'))) return;
        const fw = exfiltrationGame(i, alg, { trials: TRIALS, rng: new SeededRng(`exf-${alg}`), firewall: true });
        expect(absoluteAdvantage(fw.wins, fw.trials).ci95[0]).toBe(0);
      },
    );
  }
});

describe('the exfiltration distinguisher has power', () => {
  it('tells subverted from honest outputs without a firewall, and through a firewall that does not re-randomize', () => {
    const i = inst.get(passthroughFirewallStrawman)!;
    for (const firewall of [false, true]) {
      const o = exfiltrationGame(i, 'keygen', { trials: TRIALS, rng: new SeededRng(`power-${firewall}`), firewall });
      // 1 - 2^-MARK_BITS = 0.75 in expectation
      expect(absoluteAdvantage(o.wins, o.trials).ci95[0]).toBeGreaterThan(0.3);
    }
  });

  it('every registry scheme with firewalls is distinguishable WITHOUT its firewall (so the firewalled test means something)', () => {
    for (const s of withFirewalls) {
      const o = exfiltrationGame(inst.get(s)!, 'keygen', {
        trials: TRIALS,
        rng: new SeededRng('nofw'),
        firewall: false,
      });
      expect(absoluteAdvantage(o.wins, o.trials).ci95[0]).toBeGreaterThan(0.3);
    }
  });
});
