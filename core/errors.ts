/**
 * Typed errors shared by every module. Each carries a stable machine-readable `code` so that callers (tests, the
 * CLI, the relay) can tell a malformed input from a failed check without parsing messages. Nothing in the harness
 * throws a bare Error on bad input.
 */

export class MedexError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Reasons a byte string is refused by a decoder. */
export type DecodeReason =
  | 'length' // wrong total length or a length prefix that does not fit
  | 'not-on-curve' // coordinates do not satisfy the curve equation
  | 'not-in-subgroup' // on the curve but outside the prime-order subgroup
  | 'identity' // the identity element where it is not allowed
  | 'non-canonical' // a field element or scalar >= its modulus, or a flag bit pattern that is not canonical
  | 'version' // unknown wire-format version or tag
  | 'format'; // any other structural problem

/** A byte string could not be decoded into a valid object. Nothing was constructed. */
export class DecodeError extends MedexError {
  constructor(
    readonly reason: DecodeReason,
    readonly what: string,
    detail = '',
  ) {
    super(`decode/${reason}`, `cannot decode ${what}: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

/** A check that must hold did not: a firewall's pairing check, a signature, a proof, an integrity hash. */
export class VerificationError extends MedexError {
  constructor(
    readonly check: string,
    detail = '',
  ) {
    super(`verify/${check}`, `verification failed: ${check}${detail ? ` (${detail})` : ''}`);
  }
}

/** Decryption refused: an AEAD tag, a ciphertext hash or a key that does not fit. Never a wrong plaintext. */
export class DecryptionError extends MedexError {
  constructor(detail: string) {
    super('decrypt', `decryption failed: ${detail}`);
  }
}

/** A scheme asked for something its declared capabilities do not include, or a backend it cannot run on. */
export class UnsupportedError extends MedexError {
  constructor(detail: string) {
    super('unsupported', detail);
  }
}

/** Bad parameters or arguments (unknown scheme or backend, bad policy size, bad CLI flag). */
export class ParameterError extends MedexError {
  constructor(detail: string) {
    super('parameter', detail);
  }
}
