/**
 * The strawmen work as schemes (so their flaws are not crashes) and the games break each by a real attack; the
 * honest core survives the same adversary (negative control); results do not depend on a scheme's name.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createBackend } from '../../../registry/backends.js';
import { DecodeError } from '../../../core/errors.js';
import type { PairingGroup } from '../../../core/groups/types.js';
import { SeededRng } from '../../../core/rng.js';
import type { Scheme, SchemeInstance } from '../../../core/types.js';
import { portfolioAdversary } from '../adversary.js';
import { playAsa } from '../asa.js';
import { playCpa } from '../cpa.js';
import { absoluteAdvantage, signedAdvantage } from '../stats.js';
import { deterministicStrawman } from '../strawmen/deterministic.js';
import { findStrawman, strawmen } from '../strawmen/index.js';
import { passthroughFirewallStrawman } from '../strawmen/passthrough-firewall.js';
import { plaintextDigestStrawman } from '../strawmen/plaintext-digest.js';
import { trustedProxyStrawman } from '../strawmen/trusted-proxy.js';

let group: PairingGroup;
const inst = new Map<Scheme, SchemeInstance>();
beforeAll(async () => {
  group = await createBackend('bls12-381');
  for (const s of strawmen) inst.set(s, await s.create({ group }));
});

afterAll(() => {
  for (const i of inst.values()) i.dispose?.();
});

describe('strawmen are working schemes', () => {
  it.each(strawmen.map((s) => [s.name, s] as const))('%s runs its story end to end', async (_n, s) => {
    const r = await inst.get(s)!.story({ rng: new SeededRng('story') });
    expect(r.checks.length).toBeGreaterThan(0);
    expect(r.ok).toBe(true);
  });

  it('are not in the scheme registry', async () => {
    const { schemes } = await import('../../../registry/schemes.js');
    for (const s of strawmen) expect(schemes).not.toContain(s);
    expect(() => findStrawman('no-such')).toThrow();
  });

  it('decode strictly: truncation, trailing bytes and a wrong version are DecodeErrors', () => {
    const i = inst.get(deterministicStrawman)!;
    const rng = new SeededRng('codec');
    const kp = i.keygen({ id: 'a' }, rng);
    const ct = i.encrypt({ kind: 'pk', pk: kp.pk }, new Uint8Array([1, 2, 3]), rng);
    const b = i.codec.encodeCiphertext(ct);
    expect(i.codec.encodeCiphertext(i.codec.decodeCiphertext(b))).toEqual(b);
    expect(() => i.codec.decodeCiphertext(b.subarray(0, b.length - 1))).toThrow(DecodeError);
    expect(() => i.codec.decodeCiphertext(new Uint8Array([...b, 0]))).toThrow(DecodeError);
    const v = b.slice();
    v[0] = 9;
    expect(() => i.codec.decodeCiphertext(v)).toThrow(DecodeError);
    const pk = i.codec.encodePublicKey(kp.pk);
    expect(() => i.codec.decodePublicKey(pk.subarray(0, 10))).toThrow(DecodeError);
    const rk = i.codec.encodeReKey(i.rekeygen!(kp, { kind: 'pk', pk: kp.pk }, rng));
    expect(() => i.codec.decodeReKey(new Uint8Array([...rk, 1]))).toThrow(DecodeError);
  });
});

describe('the IND-CPA game breaks each CPA flaw by a real attack', () => {
  const cases: [Scheme, string][] = [
    [deterministicStrawman, 're-encrypt-and-compare'],
    [trustedProxyStrawman, 'rekey-key-recovery'],
    [plaintextDigestStrawman, 'plaintext-in-ciphertext'],
  ];
  it.each(cases.map(([s, k]) => [s.name, s, k] as const))('%s loses (advantage > 0.8)', (_n, s, strategy) => {
    for (const variant of ['original', 'reencrypted'] as const) {
      const o = playCpa(inst.get(s)!, variant, portfolioAdversary(), {
        trials: 24,
        rng: new SeededRng(`cpa-${variant}`),
      });
      const a = absoluteAdvantage(o.wins, o.trials);
      expect(a.advantage).toBeGreaterThan(0.8);
      expect(o.byStrategy[strategy]?.used).toBe(o.trials);
    }
  });

  it('the honest core survives the same adversary (interval contains 0)', () => {
    const o = playCpa(inst.get(passthroughFirewallStrawman)!, 'original', portfolioAdversary(), {
      trials: 60,
      rng: new SeededRng('honest'),
    });
    const a = absoluteAdvantage(o.wins, o.trials);
    expect(a.ci95[0]).toBe(0);
    expect(Object.keys(o.byStrategy)).toEqual(['coin']);
  });

  it('does not depend on the scheme name', async () => {
    const renamed: Scheme = { ...deterministicStrawman, name: 'some-other-name', title: 'x' };
    const i2 = await renamed.create({ group });
    const a = playCpa(inst.get(deterministicStrawman)!, 'original', portfolioAdversary(), {
      trials: 8,
      rng: new SeededRng('n'),
    });
    const b = playCpa(i2, 'original', portfolioAdversary(), { trials: 8, rng: new SeededRng('n') });
    expect(b).toEqual(a);
  });
});

describe('the ASA game', () => {
  it('a firewall that does not re-randomize lets the subverted KeyGen and Enc leak', () => {
    for (const alg of ['keygen', 'encrypt'] as const) {
      const o = playAsa(inst.get(passthroughFirewallStrawman)!, alg, {
        trials: 24,
        rng: new SeededRng(`asa-${alg}`),
        firewall: true,
      });
      expect(signedAdvantage(o.wins, o.trials).advantage).toBeGreaterThan(0.8);
      expect(o.functional).toBe(true);
      expect(o.firewallParty).not.toBeNull();
    }
  });

  it('the honest algorithm gives the extractor nothing', () => {
    const o = playAsa(inst.get(passthroughFirewallStrawman)!, 'keygen', {
      trials: 60,
      rng: new SeededRng('honest-asa'),
      firewall: false,
      subvert: false,
    });
    expect(signedAdvantage(o.wins, o.trials).ci95[0]).toBeLessThan(0);
  });

  it('a deterministic algorithm gives the subverter nothing to bias', () => {
    const o = playAsa(inst.get(passthroughFirewallStrawman)!, 'rekeygen', {
      trials: 60,
      rng: new SeededRng('det'),
      firewall: false,
    });
    expect(o.randomized).toBe(false);
    const a = signedAdvantage(o.wins, o.trials);
    expect(a.ci95[0]).toBeLessThan(0);
    expect(a.ci95[1]).toBeGreaterThan(0);
  });

  it('refuses the firewalled game for a scheme without firewalls', () => {
    expect(() =>
      playAsa(inst.get(deterministicStrawman)!, 'keygen', { trials: 1, rng: new SeededRng('x'), firewall: true }),
    ).toThrow(/firewall/);
  });
});
