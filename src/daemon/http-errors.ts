/**
 * The daemon's one error → HTTP mapping. Route handlers throw; nothing else decides a
 * status code. Every error body is JSON `{error, message}` (plus `details` with one entry
 * per bad field for 400s, and `quote` with the current figures when a quoted price moved),
 * the shapes the original service's clients already parse.
 */
import { type ErrorCode, type FieldIssue, isAppError, QuoteChangedError, type Rejection, ValidationError } from '../domain/errors.js';
import { storeFailure } from '../store/sqlite-errors.js';

/** The status for each domain error. */
const HTTP_STATUSES: Record<ErrorCode, number> = {
  validation_error: 400,
  usage_error: 400,
  not_found: 404,
  unauthorized: 401,
  conflict: 409,
  rule_violation: 400,
  store_too_new: 500,
};

/** A protocol-level failure that is not a domain error (bad JSON, wrong method, too large, …). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
    readonly details?: FieldIssue[],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface ErrorBody {
  error: string;
  message: string;
  details?: FieldIssue[];
  /** Refused events (the webhook): each problem with its position in the body, as every event source reports it. */
  rejected?: Rejection[];
  /** A 409 because a quoted price moved: what the change costs now. */
  quote?: unknown;
}

export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: ErrorBody;
  /** An unexpected failure: the caller logs it (the client only sees a generic 500). */
  unexpected?: unknown;
}

export const badJson = (reason: string) => new HttpError(400, 'malformed_json', `request body is not valid JSON: ${reason}`);
export const unsupportedMediaType = (type: string | undefined) =>
  new HttpError(415, 'unsupported_media_type', `expected Content-Type: application/json, got ${type ? JSON.stringify(type) : 'none'}`);
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'payload_too_large', `request body is larger than ${limit} bytes`);
export const notFoundPath = (path: string) => new HttpError(404, 'not_found', `no such endpoint: ${path}`);
export const methodNotAllowed = (method: string, path: string, allow: readonly string[]) =>
  new HttpError(405, 'method_not_allowed', `${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`, { allow: allow.join(', ') });
export const unavailable = (reason: string) => new HttpError(503, 'unavailable', reason, { 'retry-after': '1' });

/** Maps anything thrown by a route to a status and a JSON body. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) {
    const body: ErrorBody = { error: err.code, message: err.message };
    if (err.details) body.details = err.details;
    return { status: err.status, headers: { ...err.headers }, body };
  }
  if (isAppError(err)) {
    const body: ErrorBody = { error: err.code, message: err.message };
    if (err instanceof ValidationError) {
      body.details = err.issues;
      if (err.rejected) body.rejected = err.rejected;
    }
    else if ('field' in err && typeof err.field === 'string') body.details = [{ field: err.field, message: err.message }];
    if (err instanceof QuoteChangedError) body.quote = err.quote;
    return { status: HTTP_STATUSES[err.code], headers: {}, body };
  }
  if (storeFailure(err) === 'busy') {
    return { status: 503, headers: { 'retry-after': '1' }, body: { error: 'busy', message: 'the database is busy; try again' } };
  }
  return { status: 500, headers: {}, body: { error: 'internal_error', message: 'internal error; see the daemon log' }, unexpected: err };
}
