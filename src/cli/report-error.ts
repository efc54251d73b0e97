import { CommanderError } from 'commander';
import { type ErrorCode, isAppError, ValidationError } from '../domain/errors.js';
import { storeFailure } from '../store/sqlite-errors.js';
import type { Theme } from './output/theme.js';

/** The exit code for each domain error: 1 = the operation failed, 2 = bad usage or bad input. */
const EXIT_CODES: Record<ErrorCode, 1 | 2> = {
  validation_error: 2,
  usage_error: 2,
  not_found: 1,
  unauthorized: 1,
  conflict: 1,
  rule_violation: 1,
  store_too_new: 1,
};

/**
 * The one place that turns an error into what the operator sees and an exit code:
 * 1 = the operation failed, 2 = bad usage or bad input. With `--json` the error is also
 * printed as JSON on stderr, so scripts can parse it without mixing it into stdout.
 */
export function reportError(err: unknown, theme: Theme, json: boolean, write: (text: string) => void): number {
  if (err instanceof CommanderError) {
    // commander has already printed its message (to stderr) and any help.
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0 ? 0 : 2;
  }
  if (isAppError(err)) {
    if (json) {
      const body: Record<string, unknown> = { error: err.code, message: err.message };
      if (err instanceof ValidationError) body.details = err.issues;
      write(JSON.stringify(body));
    } else if (err instanceof ValidationError && err.issues.length > 1) {
      write(theme.error('error: invalid input'));
      for (const issue of err.issues) write(`  ${theme.bold(issue.field)}: ${issue.message}`);
    } else {
      write(`${theme.error('error:')} ${err.message}`);
    }
    return EXIT_CODES[err.code];
  }
  if (storeFailure(err) === 'busy') {
    write(`${theme.error('error:')} the database is busy (another process holds a long write lock); try again`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`${theme.error('error:')} ${message}`);
  if (process.env.AKASA_DEBUG && err instanceof Error && err.stack) write(err.stack);
  return 1;
}
