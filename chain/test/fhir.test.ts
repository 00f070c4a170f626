/**
 * FHIR R4 records: the seeded generator makes valid vital-signs Bundles; malformed ones are refused with the R4
 * validator's messages (or the device profile's) as a typed FhirError; a Bundle survives encode/parse unchanged.
 */
import { describe, expect, it } from '@jest/globals';
import { SeededRng } from '../../core/rng.js';
import { FhirError, describeBundle, encodeBundle, parseBundle, vitalSignsBundle, type Bundle } from '../fhir.js';

const bundle = (seed = 'fhir') => vitalSignsBundle(new SeededRng(seed), { samples: 4 });
const clone = (b: Bundle) => JSON.parse(JSON.stringify(b)) as Bundle;
const refusal = (b: unknown) => {
  try {
    encodeBundle(b as Bundle);
  } catch (e) {
    expect(e).toBeInstanceOf(FhirError);
    return (e as FhirError).issues;
  }
  throw new Error('accepted');
};

describe('FHIR R4 vital signs', () => {
  it('generates a valid, seeded series of heart rate, SpO2 and blood pressure observations', () => {
    const b = bundle();
    expect(bundle()).toEqual(b);
    expect(bundle('other')).not.toEqual(b);
    expect(describeBundle(b)).toEqual({
      resources: { Observation: 12 },
      observations: {
        '8867-4 Heart rate': 4,
        '59408-5 Oxygen saturation in Arterial blood by Pulse oximetry': 4,
        '85354-9 Blood pressure panel with all children optional': 4,
      },
    });
    const hr = b.entry.map((e) => e.resource).filter((o) => o.code.coding[0]!.code === '8867-4');
    for (const o of hr) expect(o.valueQuantity!.value).toBeGreaterThanOrEqual(45);
    const bp = b.entry.find((e) => e.resource.code.coding[0]!.code === '85354-9')!.resource;
    expect(bp.component!.map((c) => c.code.coding[0]!.code)).toEqual(['8480-6', '8462-4']);
  });

  it('round-trips: the parsed Bundle equals the original', () => {
    const b = bundle();
    expect(parseBundle(encodeBundle(b))).toEqual(b);
  });

  it("refuses a missing required element with the R4 validator's message", () => {
    const b = clone(bundle());
    delete (b.entry[0]!.resource as Partial<Bundle['entry'][0]['resource']>).status;
    const issues = refusal(b);
    expect(issues).toContainEqual({ location: 'Observation.status', message: 'Missing property' });
  });

  it('refuses a wrong data type, an unknown property and a bad Bundle type', () => {
    const b = clone(bundle()) as unknown as Record<string, unknown> & Bundle;
    (b.entry[0]!.resource.valueQuantity as unknown as Record<string, unknown>).value = 'seventy';
    b.type = 'nonsense' as 'collection';
    (b as Record<string, unknown>).colour = 'blue';
    const where = refusal(b).map((i) => i.location);
    expect(where).toContain('Observation.valueQuantity.value');
    expect(where).toContain('Bundle.type');
    expect(where).toContain('Bundle.colour');
  });

  it('refuses what the device never produces: a wrong unit, an implausible value, an unknown code, no systolic', () => {
    const b = clone(bundle());
    b.entry[0]!.resource.valueQuantity!.code = 'Hz';
    b.entry[0]!.resource.valueQuantity!.unit = 'Hz';
    b.entry[3]!.resource.valueQuantity!.value = 500;
    b.entry[1]!.resource.code.coding = [{ system: 'http://loinc.org', code: '29463-7' }];
    b.entry[2]!.resource.component!.splice(0, 1);
    const msgs = refusal(b).map((i) => `${i.location}: ${i.message}`);
    expect(msgs.some((m) => m.includes("unit must be UCUM '/min'"))).toBe(true);
    expect(msgs.some((m) => m.includes('outside 20..300'))).toBe(true);
    expect(msgs.some((m) => m.includes('not a vital sign this device measures'))).toBe(true);
    expect(msgs.some((m) => m.includes('Systolic'))).toBe(true);
  });

  it('refuses bytes that are not JSON, and JSON that is not a Bundle', () => {
    expect(() => parseBundle(new Uint8Array([0xff, 0xfe]))).toThrow(FhirError);
    expect(() => parseBundle(new TextEncoder().encode('{"resourceType":"Patient"}'))).toThrow(FhirError);
    expect(() => parseBundle(new TextEncoder().encode('[1]'))).toThrow(FhirError);
  });
});
