/** @jest-environment ./chain/test/hsd-environment.mjs */
/**
 * The relay under concurrent load, with replayed and forged requests mixed in: every honest request is served
 * exactly once (checked against both chains), every adversarial one refused with a typed error, the audit clean.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRng } from '../../core/rng.js';
import { runLoad } from '../load.js';
import { ChainSystem } from '../system.js';
import { schemeInstance } from './harness.js';

let sys: ChainSystem | undefined;
afterAll(async () => {
  await sys?.close();
});

describe('relay under load', () => {
  it('serves 6 requests from 3 hospitals at once exactly once and refuses a replay and a forgery', async () => {
    const rng = new SeededRng('load');
    sys = await ChainSystem.open({ dataDir: mkdtempSync(join(tmpdir(), 'mx-load-')), rng, nodes: 2 });
    const r = await runLoad(sys, await schemeInstance(), {
      requests: 6,
      concurrency: 3,
      replayedShare: 0.2,
      forgedShare: 0.2,
      samples: 2,
      rng,
    });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ ok: true, served: 6, lost: 0, doubleServed: 0 });
    expect(r.adversarial).toEqual({ replayed: 1, forged: 1, refused: 2, served: 0 });
    expect(r.refused).toEqual({ 'relay/replay': 1, 'verify/request-signature': 1 });
    expect(r.audit).toEqual({ records: 6, verified: 6, issues: 0 });
    expect(r.latencyMs.total!.p50).toBeGreaterThan(0);
  });
});
