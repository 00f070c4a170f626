/**
 * Health records as HL7 FHIR R4: an IoMT device's vital signs as `Observation` resources in a `Bundle` (type
 * `collection`), following the R4 vital-signs profiles' codes: heart rate (LOINC 8867-4, /min), oxygen saturation by
 * pulse oximetry (LOINC 59408-5 with 2708-6, %), and the blood pressure panel (LOINC 85354-9) with systolic (8480-6)
 * and diastolic (8462-4) components in mm[Hg]; units are UCUM.
 *
 * Validation has two layers, and a record is refused (FhirError, listing every problem with its location) unless
 * both pass: the `fhir` package's validator (FHIR.js, R4 structure definitions bundled, offline: cardinality, data
 * types, required elements, bound codes, unknown properties), then this module's check of the subset the device is
 * allowed to produce (the codes and units above, the vital-signs category, a subject, a time, plausible values).
 * The device validates before it encrypts; Hospital B validates what it decrypts.
 */
import { createRequire } from 'node:module';
import { MedexError } from '../core/errors.js';
import { randomBytes, type Rng } from '../core/rng.js';

export const FHIR_FORMAT = 'fhir-r4';

export interface FhirIssue {
  location: string;
  message: string;
}

/** A record that is not a valid FHIR R4 vital-signs Bundle (as this system produces them). */
export class FhirError extends MedexError {
  constructor(readonly issues: FhirIssue[]) {
    super(
      'fhir',
      `invalid FHIR R4 record: ${issues
        .slice(0, 5)
        .map((i) => `${i.location}: ${i.message}`)
        .join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`,
    );
  }
}

interface Coding {
  system: string;
  code: string;
  display?: string;
}
interface Quantity {
  value: number;
  unit: string;
  system: string;
  code: string;
}
export interface Observation {
  resourceType: 'Observation';
  id: string;
  status: 'final';
  category: { coding: Coding[] }[];
  code: { coding: Coding[]; text?: string };
  subject: { reference: string };
  device?: { reference: string };
  effectiveDateTime: string;
  valueQuantity?: Quantity;
  component?: { code: { coding: Coding[] }; valueQuantity: Quantity }[];
}
export interface Bundle {
  resourceType: 'Bundle';
  id: string;
  type: 'collection';
  timestamp: string;
  entry: { fullUrl: string; resource: Observation }[];
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

/** The vital signs the device measures: LOINC code, name, UCUM unit, plausible range. */
export const VITALS = {
  heartRate: { code: '8867-4', display: 'Heart rate', unit: '/min', range: [20, 300] },
  spo2: {
    code: '59408-5',
    display: 'Oxygen saturation in Arterial blood by Pulse oximetry',
    unit: '%',
    range: [0, 100],
  },
  spo2Generic: { code: '2708-6', display: 'Oxygen saturation in Arterial blood', unit: '%', range: [0, 100] },
  bpPanel: { code: '85354-9', display: 'Blood pressure panel with all children optional', unit: '', range: [0, 0] },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', range: [30, 300] },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure', unit: 'mm[Hg]', range: [20, 200] },
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Generator

/** A uniform number in [0, 1) from the rng. */
function unit(rng: Rng): number {
  const b = randomBytes(rng, 4);
  return new DataView(b.buffer, b.byteOffset, 4).getUint32(0) / 2 ** 32;
}

function uuid(rng: Rng): string {
  const b = randomBytes(rng, 16);
  b[6] = (b[6]! & 0x0f) | 0x40; // version 4
  b[8] = (b[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const h = Buffer.from(b).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const qty = (value: number, u: string): Quantity => ({ value, unit: u, system: UCUM, code: u });
const loinc = (v: { code: string; display: string }): Coding => ({ system: LOINC, code: v.code, display: v.display });
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export interface SeriesOptions {
  patient?: string;
  device?: string;
  /** First sample's time (ISO 8601). */
  start?: string;
  /** Samples (each one heart rate, one SpO2 and one blood pressure observation). */
  samples?: number;
  intervalMinutes?: number;
}

/**
 * A realistic series from a wearable: each vital sign a bounded random walk around a resting value (heart rate about
 * 72/min, SpO2 about 97 %, blood pressure about 120/80 mm[Hg]), sampled every `intervalMinutes`. Deterministic for a
 * seeded rng.
 */
export function vitalSignsBundle(rng: Rng, o: SeriesOptions = {}): Bundle {
  const patient = o.patient ?? 'alice';
  const device = o.device ?? 'ecg-patch-01';
  const start = Date.parse(o.start ?? '2026-01-01T08:00:00Z');
  const samples = o.samples ?? 6;
  const step = (o.intervalMinutes ?? 5) * 60_000;
  let hr = 66 + 12 * unit(rng);
  let spo2 = 96 + 2 * unit(rng);
  let sys = 112 + 16 * unit(rng);
  let dia = 72 + 12 * unit(rng);
  const entry: Bundle['entry'] = [];
  const observation = (code: Coding[], t: string, rest: Partial<Observation>): Observation => ({
    resourceType: 'Observation',
    id: uuid(rng),
    status: 'final',
    category: [{ coding: [{ system: CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] }],
    code: { coding: code },
    subject: { reference: `Patient/${patient}` },
    device: { reference: `Device/${device}` },
    effectiveDateTime: t,
    ...rest,
  });
  for (let i = 0; i < samples; i++) {
    const t = new Date(start + i * step).toISOString().replace('.000Z', 'Z');
    hr = clamp(hr + (unit(rng) - 0.5) * 8 + (72 - hr) * 0.2, 45, 140);
    spo2 = clamp(spo2 + (unit(rng) - 0.5) * 1.5 + (97 - spo2) * 0.3, 88, 100);
    sys = clamp(sys + (unit(rng) - 0.5) * 8 + (120 - sys) * 0.2, 90, 180);
    dia = clamp(dia + (unit(rng) - 0.5) * 6 + (80 - dia) * 0.2, 55, 110);
    for (const resource of [
      observation([loinc(VITALS.heartRate)], t, { valueQuantity: qty(Math.round(hr), '/min') }),
      observation([loinc(VITALS.spo2), loinc(VITALS.spo2Generic)], t, { valueQuantity: qty(Math.round(spo2), '%') }),
      observation([loinc(VITALS.bpPanel)], t, {
        component: [
          { code: { coding: [loinc(VITALS.systolic)] }, valueQuantity: qty(Math.round(sys), 'mm[Hg]') },
          { code: { coding: [loinc(VITALS.diastolic)] }, valueQuantity: qty(Math.round(dia), 'mm[Hg]') },
        ],
      }),
    ])
      entry.push({ fullUrl: `urn:uuid:${resource.id}`, resource });
  }
  return {
    resourceType: 'Bundle',
    id: uuid(rng),
    type: 'collection',
    timestamp: new Date(start + Math.max(0, samples - 1) * step).toISOString().replace('.000Z', 'Z'),
    entry,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

interface FhirJs {
  validate(input: object): { valid: boolean; messages: { location?: string; severity?: string; message?: string }[] };
}
let fhirJs: FhirJs | undefined;
let fhirJsVersion = '';

/** The `fhir` package's R4 validator, loaded once (it parses the bundled R4 structure definitions). */
function validator(): FhirJs {
  if (!fhirJs) {
    const req = createRequire(import.meta.url);
    const m = req('fhir') as { Fhir: new () => FhirJs };
    fhirJs = new m.Fhir();
    fhirJsVersion = (req('fhir/package.json') as { version: string }).version;
  }
  return fhirJs;
}

/** The validator's name and version, for reports. */
export function validatorName(): string {
  validator();
  return `fhir (FHIR.js) ${fhirJsVersion}, R4`;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function codes(cc: unknown): string[] {
  if (!isObj(cc) || !Array.isArray(cc.coding)) return [];
  return cc.coding.filter((c) => isObj(c) && c.system === LOINC && typeof c.code === 'string').map((c) => c.code);
}

function checkQuantity(q: unknown, v: { unit: string; range: readonly number[] }, where: string, out: FhirIssue[]) {
  if (!isObj(q)) return void out.push({ location: where, message: 'valueQuantity missing' });
  if (q.system !== UCUM || q.code !== v.unit || q.unit !== v.unit)
    out.push({ location: where, message: `unit must be UCUM '${v.unit}'` });
  if (typeof q.value !== 'number' || !Number.isFinite(q.value) || q.value < v.range[0]! || q.value > v.range[1]!)
    out.push({ location: `${where}.value`, message: `outside ${v.range[0]}..${v.range[1]} ${v.unit}` });
}

/** The subset of R4 the device produces (on top of the structural R4 validation). */
function checkProfile(b: unknown): FhirIssue[] {
  const out: FhirIssue[] = [];
  if (!isObj(b) || b.resourceType !== 'Bundle') return [{ location: 'Bundle', message: 'not a Bundle' }];
  if (b.type !== 'collection') out.push({ location: 'Bundle.type', message: "must be 'collection'" });
  if (!Array.isArray(b.entry) || b.entry.length === 0)
    return [...out, { location: 'Bundle.entry', message: 'no entries' }];
  b.entry.forEach((e: unknown, i: number) => {
    const at = `Bundle.entry[${i}]`;
    if (!isObj(e) || !isObj(e.resource)) return void out.push({ location: at, message: 'no resource' });
    const r = e.resource;
    if (typeof e.fullUrl !== 'string' || !/^urn:uuid:[0-9a-f-]{36}$/.test(e.fullUrl))
      out.push({ location: `${at}.fullUrl`, message: 'must be a urn:uuid' });
    if (r.resourceType !== 'Observation')
      return void out.push({ location: `${at}.resource`, message: `unexpected ${String(r.resourceType)}` });
    const o = `${at}.resource`;
    if (r.status !== 'final') out.push({ location: `${o}.status`, message: "must be 'final'" });
    const cats = Array.isArray(r.category)
      ? r.category.flatMap((c: unknown) => (isObj(c) ? (c.coding as unknown[]) : []))
      : [];
    if (!cats.some((c) => isObj(c) && c.system === CATEGORY && c.code === 'vital-signs'))
      out.push({ location: `${o}.category`, message: 'not in the vital-signs category' });
    if (!isObj(r.subject) || typeof r.subject.reference !== 'string' || !r.subject.reference.startsWith('Patient/'))
      out.push({ location: `${o}.subject`, message: 'must reference a Patient' });
    if (typeof r.effectiveDateTime !== 'string' || !DATETIME.test(r.effectiveDateTime))
      out.push({ location: `${o}.effectiveDateTime`, message: 'must be a dateTime with seconds and a time zone' });
    const c = codes(r.code);
    if (c.includes(VITALS.heartRate.code)) checkQuantity(r.valueQuantity, VITALS.heartRate, `${o}.valueQuantity`, out);
    else if (c.includes(VITALS.spo2.code) || c.includes(VITALS.spo2Generic.code))
      checkQuantity(r.valueQuantity, VITALS.spo2, `${o}.valueQuantity`, out);
    else if (c.includes(VITALS.bpPanel.code)) {
      const comps = Array.isArray(r.component) ? r.component : [];
      for (const v of [VITALS.systolic, VITALS.diastolic]) {
        const k = comps.findIndex((x: unknown) => isObj(x) && codes(x.code).includes(v.code));
        if (k < 0) out.push({ location: `${o}.component`, message: `no ${v.display} (${v.code})` });
        else
          checkQuantity(
            (comps[k] as Record<string, unknown>).valueQuantity,
            v,
            `${o}.component[${k}].valueQuantity`,
            out,
          );
      }
    } else out.push({ location: `${o}.code`, message: 'not a vital sign this device measures (LOINC)' });
  });
  return out;
}

/**
 * Parses and validates a record; returns the Bundle or throws FhirError with every problem. Refused: bytes that are
 * not UTF-8 JSON, the R4 validator's errors and its unexpected-property warnings (LOINC is not bundled with it, so its
 * "code not in value set" notes on LOINC codings are not errors here), and anything outside the device's subset.
 */
export function parseBundle(bytes: Uint8Array): Bundle {
  let o: unknown;
  try {
    o = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new FhirError([{ location: 'record', message: `not UTF-8 JSON: ${(e as Error).message}` }]);
  }
  validateBundle(o);
  return o as Bundle;
}

export function validateBundle(o: unknown): asserts o is Bundle {
  if (!isObj(o)) throw new FhirError([{ location: 'record', message: 'not a JSON object' }]);
  const issues: FhirIssue[] = [];
  const r = validator().validate(o);
  for (const m of r.messages)
    if (
      m.severity === 'error' ||
      m.severity === 'fatal' ||
      (m.severity === 'warning' && /unexpected property/i.test(m.message ?? ''))
    )
      issues.push({ location: m.location ?? 'Bundle', message: m.message ?? 'invalid' });
  if (!r.valid && issues.length === 0) issues.push({ location: 'Bundle', message: 'refused by the R4 validator' });
  issues.push(...checkProfile(o));
  if (issues.length) throw new FhirError(issues);
}

/** Serializes a Bundle after validating it (what the device encrypts). */
export function encodeBundle(b: Bundle): Uint8Array {
  validateBundle(b);
  return new TextEncoder().encode(JSON.stringify(b));
}

/** What a Bundle holds: resource types and, per LOINC code, how many observations. */
export function describeBundle(b: Bundle): { resources: Record<string, number>; observations: Record<string, number> } {
  const resources: Record<string, number> = {};
  const observations: Record<string, number> = {};
  for (const e of b.entry) {
    resources[e.resource.resourceType] = (resources[e.resource.resourceType] ?? 0) + 1;
    const c = e.resource.code.coding[0]!;
    const k = `${c.code} ${c.display ?? ''}`.trim();
    observations[k] = (observations[k] ?? 0) + 1;
  }
  return { resources, observations };
}
