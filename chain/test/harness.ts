/**
 * Test support: a whole cross-chain system on a fresh temporary directory with the registry's scheme (chosen by
 * capabilities) on BLS12-381, the parties registered and one record uploaded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBackend } from '../../registry/backends.js';
import { schemes } from '../../registry/schemes.js';
import { SeededRng } from '../../core/rng.js';
import { sampleRecord } from '../../core/story.js';
import type { SchemeInstance } from '../../core/types.js';
import { schemeUse } from '../parties.js';
import { ChainSystem, PATIENT_ID, chooseScheme } from '../system.js';

let instance: SchemeInstance | undefined;

export async function schemeInstance(): Promise<SchemeInstance> {
  instance ??= await chooseScheme(schemes).create({ group: await createBackend('bls12-381'), precompute: true });
  return instance;
}

export async function setup(opts: { foreign?: boolean; windowMs?: number; seed?: string } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mx-relay-'));
  const rng = new SeededRng(opts.seed ?? 'relay-test');
  const sys = await ChainSystem.open({ dataDir, rng, ...(opts.windowMs ? { windowMs: opts.windowMs } : {}) });
  const use = schemeUse(await schemeInstance(), opts.foreign ?? true);
  const parties = await sys.parties(use);
  const record = sampleRecord(7);
  const up = await parties.device.upload(sys.chainA, sys.store, PATIENT_ID, parties.patient.publicKey, record, rng);
  return { sys, use, rng, record, up, dataDir, ...parties };
}
