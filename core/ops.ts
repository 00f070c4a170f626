/**
 * Counting primitive operations. Every group backend owns an `OpCounter` and bumps it on each primitive it performs,
 * so that an experiment can set a measured time against the counted cost (sum of counts times unit costs), and a
 * test can check a scheme's declared cost model against what its code really does.
 *
 * Scoping: `counter.measure(fn)` runs `fn` in a fresh scope and returns what was counted inside it; nested scopes
 * add their counts to the enclosing scope when they end, so an algorithm's count includes its sub-calls.
 */

/** The primitive operations the harness counts. Backends count only what they perform. */
export const OP_NAMES = [
  'millerLoop', // one Miller loop (a pairing is millerLoop + finalExp; a product of n pairings is n + 1)
  'millerLoopPre', // one Miller loop on a precomputed G2 argument
  'finalExp', // one final exponentiation
  'expG1', // variable-base exponentiation in G1
  'expG2',
  'expGT',
  'fixedExpG1', // exponentiation with a precomputed fixed-base table
  'fixedExpG2',
  'fixedExpGT',
  'msmG1Term', // one term of a multi-exponentiation in G1 (an n-term multi-exp counts n)
  'msmG2Term',
  'hashG1', // hash to G1 (with cofactor clearing)
  'hashG2',
  'mulG1', // group operation
  'mulG2',
  'mulGT',
  'invGT',
  'hashZr',
  'decodeG1', // a strict decode (subgroup check included)
  'decodeG2',
  'decodeGT',
  // prime-order curves that are not pairing groups (secp256k1 for Umbral, BBS98 on a plain curve)
  'expEC',
  'fixedExpEC',
  'mulEC',
  'hashEC',
  // non-group primitives that protocols use: native-chain signatures (Ed25519) and key agreement (X25519)
  'sigSign',
  'sigVerify',
  'dh',
  // symmetric and scalar primitives: timed as unit costs (experiments/measure/unitcosts.ts); counted where the code
  // that performs them takes an OpCounter
  'aead', // one AES-256-GCM seal or open of a record-sized message
  'kdf', // one key derivation from a group element (HKDF-SHA-256 over its encoding)
  'invZr', // one scalar inversion modulo the group order
] as const;
export type OpName = (typeof OP_NAMES)[number];
export type OpCounts = Partial<Record<OpName, number>>;

export class OpCounter {
  private stack: Record<string, number>[] = [{}];

  /** Records `n` occurrences of `op` in the current scope. */
  add(op: OpName, n = 1): void {
    const top = this.stack[this.stack.length - 1]!;
    top[op] = (top[op] ?? 0) + n;
  }

  /** Runs `fn` in a new scope; returns its result and the operations counted inside. */
  measure<T>(fn: () => T): { result: T; ops: OpCounts } {
    this.stack.push({});
    let popped = false;
    const pop = (): OpCounts => {
      if (popped) return {};
      popped = true;
      const scope = this.stack.pop()!;
      const parent = this.stack[this.stack.length - 1]!;
      for (const [k, v] of Object.entries(scope)) parent[k] = (parent[k] ?? 0) + v;
      return scope as OpCounts;
    };
    try {
      const result = fn();
      return { result, ops: pop() };
    } catch (e) {
      pop();
      throw e;
    }
  }

  /** Everything counted at the outermost scope since creation or the last `reset`. */
  total(): OpCounts {
    return { ...(this.stack[0] as OpCounts) };
  }

  reset(): void {
    this.stack = [{}];
  }
}

/** Adds op counts (for combining several algorithms into a party total). */
export function addOps(...all: OpCounts[]): OpCounts {
  const out: Record<string, number> = {};
  for (const o of all) for (const [k, v] of Object.entries(o)) if (v) out[k] = (out[k] ?? 0) + v;
  return out as OpCounts;
}

/** Multiplies every count by `k`. */
export function scaleOps(o: OpCounts, k: number): OpCounts {
  const out: Record<string, number> = {};
  for (const [key, v] of Object.entries(o)) if (v) out[key] = v * k;
  return out as OpCounts;
}

/** Drops zero entries and sorts keys, for comparisons and printing. */
export function normalizeOps(o: OpCounts): OpCounts {
  const out: Record<string, number> = {};
  for (const k of OP_NAMES) if (o[k]) out[k] = o[k]!;
  return out as OpCounts;
}

/** Sum of counts times unit costs (ms). Unknown unit costs count as zero and are listed in `missing`. */
export function costOf(o: OpCounts, unitMs: Partial<Record<OpName, number>>): { ms: number; missing: OpName[] } {
  let ms = 0;
  const missing: OpName[] = [];
  for (const [k, v] of Object.entries(o) as [OpName, number][]) {
    if (!v) continue;
    const u = unitMs[k];
    if (u === undefined) missing.push(k);
    else ms += u * v;
  }
  return { ms, missing };
}

/**
 * The paper-style symbols (P pairing, E1/E2 exp in G1/G2, ET exp in GT, H hash to group) from fine-grained counts:
 * a product of n pairings counts as n pairings, fixed-base and multi-exponentiation terms count as exponentiations.
 */
export function paperSymbols(o: OpCounts): { P: number; E1: number; E2: number; ET: number; H: number; E: number } {
  const g = (k: OpName) => o[k] ?? 0;
  const E1 = g('expG1') + g('fixedExpG1') + g('msmG1Term');
  const E2 = g('expG2') + g('fixedExpG2') + g('msmG2Term');
  return {
    P: g('millerLoop') + g('millerLoopPre'),
    E1,
    E2,
    ET: g('expGT') + g('fixedExpGT'),
    H: g('hashG1') + g('hashG2') + g('hashEC'),
    E: g('expEC') + g('fixedExpEC'),
  };
}
