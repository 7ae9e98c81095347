/**
 * Typed errors. Those that reach GraphQL clients subclass GraphQLError with a literal
 * `extensions.code`; anything uncoded is masked as INTERNAL_SERVER_ERROR by the server.
 * Operational errors (config, devnet, database) carry a one-line message saying what to do.
 */
import { GraphQLError } from 'graphql';

/** Codes a client can switch on. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'LEDGER_REJECTED'
  | 'LEDGER_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** Base of every client-facing error: a message that says what to fix, and a code. */
export class CodedError extends GraphQLError {
  constructor(
    message: string,
    readonly code: ErrorCode,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
  }
}

/** The input is malformed; `field` names what to fix. */
export class BadUserInputError extends CodedError {
  constructor(message: string, field?: string) {
    super(message, 'BAD_USER_INPUT', field === undefined ? {} : { field });
  }
}

/** A lot, unit, transaction or record does not exist. */
export class NotFoundError extends CodedError {
  constructor(message: string) {
    super(message, 'NOT_FOUND');
  }
}

/** The ledger refused the transaction: a contract rule or a validation code (MVCC, policy). */
export class LedgerRejectedError extends CodedError {
  constructor(
    message: string,
    details: { reason: string; txId?: string; validationCode?: number },
  ) {
    super(message, 'LEDGER_REJECTED', details);
  }
}

/** No peer or orderer answered; nothing was written. */
export class LedgerUnavailableError extends CodedError {
  constructor(message: string) {
    super(message, 'LEDGER_UNAVAILABLE');
  }
}

/** A configuration value is malformed; the message names the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Something the operator must fix before a command can go on (a port in use, a missing tool). */
export class OperatorError extends Error {
  override name = 'OperatorError';
}
