/**
 * Typed errors thrown by domain, store and services. Exactly one place per front door
 * maps them to an outcome: the CLI entry point (exit codes) and the daemon's HTTP layer
 * (status codes). Nothing else decides how an error is shown.
 */

/** One problem with one input field, e.g. `flight_number: expected QP followed by 1-4 digits`. */
export interface FieldIssue {
  field: string;
  message: string;
}

/**
 * One problem with one event refused at intake, the same shape for every source (a file,
 * stdin, an HTTP body, an inbox file), e.g. `{source: 'day.jsonl', position: 12, field:
 * 'status', message: 'expected one of …'}`. An event with two bad fields is two rejections.
 */
export interface Rejection extends FieldIssue {
  /** Where the event came from: a file's path, `stdin`, `http`, or an inbox file's name. */
  source: string;
  /** Its 1-based line; for an item of a JSON array (a file or an HTTP body), its 0-based index. */
  position: number;
}

/**
 * Every code a domain error carries. Each front door maps every code once, in a table of
 * its own (exit codes in src/cli/report-error.ts, HTTP statuses in src/daemon/http-errors.ts),
 * so a new code does not compile until both say what it means.
 */
export type ErrorCode = 'validation_error' | 'usage_error' | 'not_found' | 'unauthorized' | 'conflict' | 'rule_violation' | 'store_too_new';

export abstract class AppError extends Error {
  /** Stable machine-readable code, used as `error` in JSON bodies. */
  abstract readonly code: ErrorCode;
}

/** Input that does not have the right shape; lists every bad field (and, for refused events, each rejection). */
export class ValidationError extends AppError {
  readonly code = 'validation_error';
  override readonly name: string = 'ValidationError';
  constructor(
    readonly issues: FieldIssue[],
    message = issues.map((i) => `${i.field}: ${i.message}`).join('; '),
    readonly rejected?: Rejection[],
  ) {
    super(message);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/** Bad command-line usage that is not about one field (missing mode, conflicting flags). */
export class UsageError extends AppError {
  readonly code = 'usage_error';
  override readonly name: string = 'UsageError';
}

export class NotFoundError extends AppError {
  readonly code = 'not_found';
  override readonly name: string = 'NotFoundError';
  constructor(
    readonly entity: string,
    readonly key: string,
    message = `${entity} ${key} not found`,
  ) {
    super(message);
  }
}

/** A signed message (a webhook) whose signature is missing, wrong or stale: it is not read. */
export class SignatureError extends AppError {
  readonly code = 'unauthorized';
  override readonly name: string = 'SignatureError';
  constructor(reason: string) {
    super(`webhook signature rejected: ${reason}`);
  }
}

/** The request is well formed but the current state forbids it (seat taken, sold out, already cancelled). */
export class ConflictError extends AppError {
  readonly code = 'conflict';
  override readonly name: string = 'ConflictError';
}

/**
 * A change whose price moved since the caller was quoted it (a fare step moved): nothing
 * was changed. `quote` holds the current figures, so the caller can show them and ask again.
 */
export class QuoteChangedError<Quote = unknown> extends ConflictError {
  override readonly name: string = 'QuoteChangedError';
  constructor(
    message: string,
    readonly quote: Quote,
  ) {
    super(message);
  }
}

/**
 * Well-formed input that a business rule refuses (flight does not operate that day,
 * date in the past, booking status cannot change). Names the field it is about.
 */
export class RuleError extends AppError {
  readonly code = 'rule_violation';
  override readonly name: string = 'RuleError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/**
 * The database was made by a newer akasa: its schema version is above the newest this
 * build knows. Refused by every command and the daemon, and never written to, since this
 * build cannot know what the newer schema needs.
 */
export class StoreVersionError extends AppError {
  readonly code = 'store_too_new';
  override readonly name: string = 'StoreVersionError';
  constructor(path: string, storeVersion: number, buildVersion: number) {
    super(
      `the database ${path} has schema version ${storeVersion}, but this akasa knows versions up to ${buildVersion}: it was written by a newer akasa; use that version (or newer) with it. Nothing was changed.`,
    );
  }
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}
