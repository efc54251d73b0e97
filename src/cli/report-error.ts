import { CommanderError } from 'commander';
import { isAppError, ValidationError } from '../domain/errors.js';
import type { Theme } from './output/theme.js';

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
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/SQLITE_BUSY|database is locked/i.test(message)) {
    write(`${theme.error('error:')} the database is busy (another process holds a long write lock); try again`);
    return 1;
  }
  write(`${theme.error('error:')} ${message}`);
  if (process.env.AKASA_DEBUG && err instanceof Error && err.stack) write(err.stack);
  return 1;
}
