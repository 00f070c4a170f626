/**
 * Recording a scheme's story (the demo flow): each step timed and op-counted, each message measured on the wire and
 * in the paper's accounting, each end-to-end check noted. Schemes call the recorder; the CLI and experiments read
 * the `StoryResult` without knowing which scheme produced it.
 */
import type { OpCounter, OpCounts } from './ops.js';
import type { ImplElement, MessageSpec, Party } from './types.js';

export interface StoryStep {
  name: string;
  party: Party;
  /** The cost-model algorithm this step is an instance of. */
  algorithm: string;
  /** Wall-clock time, ms. */
  ms: number;
  /**
   * CPU time of the process during the step (user + system), ms: on a loaded machine the wall clock also counts the
   * time spent waiting for a core, which grows with the step's length and the load (experiments/lib/cputime.ts).
   */
  cpuMs?: number;
  ops: OpCounts;
  /** 'setup': one-time work (precomputed tables, registration), excluded from totalMs and the cost model. */
  phase: 'setup' | 'flow';
}

export interface StoryMessage {
  id: string;
  from: string;
  to: string;
  /** Group elements in the paper's accounting. */
  elements: number;
  /** Paper accounting: sum of the elements' serialized sizes on this backend. */
  groupBytes: number;
  /** Measured: the length of the message's real encoding. */
  wireBytes: number;
  /** Elements beyond the paper's accounting (MessageSpec.extra) and their bytes; absent when there are none. */
  extraElements?: number;
  extraGroupBytes?: number;
  /**
   * The elements the implementation really sends (MessageSpec.impl), each at its real size (signatures as Ed25519's
   * 64 bytes), and their sum; wireBytes minus implBytes is framing (lengths, IDs, CIDs, timestamps, the body).
   */
  implElements?: { name: string; kind: ImplElement['kind']; bytes: number }[];
  implBytes?: number;
}

export interface StoryCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface StoryResult {
  ok: boolean;
  scheme: string;
  backend: string;
  steps: StoryStep[];
  messages: StoryMessage[];
  checks: StoryCheck[];
  totalMs: number;
  /** Sum of the flow steps' CPU time, ms. */
  totalCpuMs?: number;
}

/** The process's CPU time so far (user + system), ms. */
function cpuClock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export type ElementSizes = { Zr: number; G1: number; G2: number; GT: number };

/** The real size of an implementation element on a backend. */
export function implSize(e: ImplElement, sizes: ElementSizes): number {
  switch (e.kind) {
    case 'G1':
    case 'G2':
    case 'GT':
    case 'Zr':
      return sizes[e.kind];
    case 'ed25519-sig':
      return 64;
    case 'x25519':
    case 'hash':
      return 32;
    case 'bytes':
      return e.bytes ?? 0;
  }
}

export class StoryRecorder {
  private readonly steps: StoryStep[] = [];
  private readonly msgs: StoryMessage[] = [];
  private readonly checks: StoryCheck[] = [];

  constructor(
    private readonly counter: OpCounter,
    private readonly sizes: ElementSizes,
  ) {}

  /** Runs `fn` as one timed, counted step. */
  step<T>(name: string, party: Party, algorithm: string, fn: () => T): T {
    return this.timed(name, party, algorithm, 'flow', fn);
  }

  /** One-time work (tables, registration caches): recorded but not part of the flow's total. */
  setup<T>(name: string, party: Party, fn: () => T): T {
    return this.timed(name, party, 'Setup', 'setup', fn);
  }

  private timed<T>(name: string, party: Party, algorithm: string, phase: 'setup' | 'flow', fn: () => T): T {
    const c0 = cpuClock();
    const t0 = performance.now();
    const { result, ops } = this.counter.measure(fn);
    const ms = performance.now() - t0;
    this.steps.push({ name, party, algorithm, ms, cpuMs: cpuClock() - c0, ops, phase });
    return result;
  }

  /** Records a message: its declared elements (paper accounting) and its real encoding. */
  message(spec: MessageSpec, wire: Uint8Array | number): void {
    const groupBytes = spec.elements.reduce((s, e) => s + this.sizes[e.group], 0);
    const impl = spec.impl?.map((e) => ({ name: e.name, kind: e.kind, bytes: implSize(e, this.sizes) }));
    this.msgs.push({
      id: spec.id,
      from: spec.from,
      to: spec.to,
      elements: spec.elements.length,
      groupBytes,
      wireBytes: typeof wire === 'number' ? wire : wire.length,
      ...(spec.extra?.length
        ? { extraElements: spec.extra.length, extraGroupBytes: spec.extra.reduce((t, e) => t + this.sizes[e.group], 0) }
        : {}),
      ...(impl ? { implElements: impl, implBytes: impl.reduce((t, e) => t + e.bytes, 0) } : {}),
    });
  }

  /** Records an end-to-end check; `fn` may throw, which counts as a failed check with the error's message. */
  check(name: string, fn: () => boolean): boolean {
    try {
      const ok = fn();
      this.checks.push({ name, ok });
      return ok;
    } catch (e) {
      this.checks.push({ name, ok: false, detail: e instanceof Error ? e.message : String(e) });
      return false;
    }
  }

  result(scheme: string, backend: string): StoryResult {
    const ok = this.checks.length > 0 && this.checks.every((c) => c.ok);
    return {
      ok,
      scheme,
      backend,
      steps: [...this.steps],
      messages: [...this.msgs],
      checks: [...this.checks],
      totalMs: this.steps.reduce((s, x) => s + (x.phase === 'flow' ? x.ms : 0), 0),
      totalCpuMs: this.steps.reduce((s, x) => s + (x.phase === 'flow' ? (x.cpuMs ?? 0) : 0), 0),
    };
  }
}

/** A default synthetic IoMT record: a JSON vital-signs sample (no real patient data anywhere in the harness). */
export function sampleRecord(seq = 0): Uint8Array {
  const rec = {
    patient: 'alice',
    device: 'ecg-patch-01',
    seq,
    t: '2026-01-01T00:00:00Z',
    hr: 72,
    spo2: 98,
    ecg: Array.from({ length: 32 }, (_, i) => Math.round(100 * Math.sin(i / 3))),
  };
  return new TextEncoder().encode(JSON.stringify(rec));
}
