/**
 * Typed errors of the cross-chain system. Each is a `MedexError` with a stable code so that the relay, the auditor,
 * the CLI and the tests can tell a replayed request from a stale one, an unknown identity from a forged signature,
 * and a corrupted blob from a reordered block, without parsing messages.
 */
import { MedexError } from '../core/errors.js';

/** A request's nonce was already seen inside the timestamp window. */
export class ReplayError extends MedexError {
  constructor(detail: string) {
    super('relay/replay', `replayed request: ${detail}`);
  }
}

/** A request's timestamp lies outside the relay's acceptance window. */
export class StaleRequestError extends MedexError {
  constructor(detail: string) {
    super('relay/stale', `request outside the timestamp window: ${detail}`);
  }
}

/** An identity (or a native key) is not in the cross-chain key registry, or is bound to something else. */
export class UnregisteredError extends MedexError {
  constructor(detail: string) {
    super('relay/unregistered', `unregistered identity: ${detail}`);
  }
}

/** The patient has not authorized this requester for this record. */
export class NotAuthorizedError extends MedexError {
  constructor(detail: string) {
    super('relay/not-authorized', `not authorized: ${detail}`);
  }
}

/** Bytes read back from storage or a ledger do not match the digest that names or commits to them. */
export class IntegrityError extends MedexError {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super('integrity', `integrity check failed at ${where}: ${detail}`);
  }
}

/** A ledger's structure is broken: a block out of order, a broken hash link, a bad block signature. */
export class LedgerError extends MedexError {
  constructor(
    readonly where: string,
    detail: string,
  ) {
    super('ledger', `ledger inconsistent at ${where}: ${detail}`);
  }
}

/** Chain A refused a transaction (revert, out of gas) or its endpoint failed. */
export class ChainAError extends MedexError {
  constructor(detail: string) {
    super('chain-a', `chain A: ${detail}`);
  }
}
