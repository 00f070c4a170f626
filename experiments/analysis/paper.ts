/**
 * What the paper reports, as far as it was recovered (see /work/shared/spec/medexchain.md, "Recovered facts"; the
 * paper is known to us only through its abstract): its citation and parameter setting here; its two headline
 * numbers (1920 B, 98.24 ms) only in the declaration of the scheme they belong to (`Scheme.reported`), read through
 * `paperReported`, so they are typed once. Everything else in our report is our own measurement or cost model.
 *
 * The harness identifies the paper's scheme by that declaration, never by its name or by guessing from capabilities.
 */
import type { Reported, Scheme } from '../../core/types.js';

export const PAPER = {
  citation:
    'Lv, Li, Chen, Hou, Bai, Feng: "MedExChain: Enabling Secure and Efficient PHR Sharing Across Heterogeneous Blockchains", IEEE Internet of Things Journal, 2025 (arXiv 2602.12106)',
  /** The paper's 80-bit Type-A symmetric pairing (PBC a.param; Charm SS512): element sizes in bytes. */
  typeASizes: { Zr: 20, G1: 128, G2: 128, GT: 128 },
  setting: '80-bit Type-A symmetric pairing (supersingular y^2 = x^3 + x over a 512-bit prime, 160-bit order)',
} as const;

/** Whether the paper's headline numbers are about this scheme (it declares what the paper reports for it). */
export function isPaperSubject(s: Pick<Scheme, 'reported'>): boolean {
  return s.reported !== undefined;
}

/**
 * The paper's headline numbers (communication bytes, total ms) as the scheme they belong to declares them
 * (`Scheme.reported`), or an empty record when no registered scheme declares any: the numbers live in one place.
 */
export function paperReported(subject: Pick<Scheme, 'reported'> | undefined): Partial<Reported> {
  return subject?.reported ?? {};
}
