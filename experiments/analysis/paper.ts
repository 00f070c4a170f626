/**
 * What the paper reports, as far as it was recovered (see /work/shared/spec/medexchain.md, "Recovered facts"; the
 * paper is known to us only through its abstract, so these are its two headline numbers and the parameter setting,
 * nothing else). Everything else in our report is our own measurement or our own cost model.
 *
 * The headline numbers belong to the paper's scheme, the one that declares them (`Scheme.reported`); the harness
 * identifies it by that declaration, never by its name or by guessing from capabilities.
 */
import type { Scheme } from '../../core/types.js';

export const PAPER = {
  citation:
    'Lv, Li, Chen, Hou, Bai, Feng: "MedExChain: Enabling Secure and Efficient PHR Sharing Across Heterogeneous Blockchains", IEEE Internet of Things Journal, 2025 (arXiv 2602.12106)',
  /** Communication overhead, bytes, at 80-bit security (15 group elements of 128 bytes). */
  commBytes: 1920,
  /** Total computational latency, ms, on the paper's (unknown) machine. */
  totalMs: 98.24,
  /** The paper's 80-bit Type-A symmetric pairing (PBC a.param; Charm SS512): element sizes in bytes. */
  typeASizes: { Zr: 20, G1: 128, G2: 128, GT: 128 },
  setting: '80-bit Type-A symmetric pairing (supersingular y^2 = x^3 + x over a 512-bit prime, 160-bit order)',
} as const;

/** Whether the paper's headline numbers are about this scheme (it declares what the paper reports for it). */
export function isPaperSubject(s: Pick<Scheme, 'reported'>): boolean {
  return s.reported !== undefined;
}
