/**
 * What a failed statement means to a caller, recognised in one place so that the CLI, the
 * daemon and the repositories agree. better-sqlite3 puts SQLite's extended result code on
 * `code` (`SQLITE_BUSY_SNAPSHOT`, `SQLITE_CONSTRAINT_UNIQUE`, ...); the message is checked
 * too, for errors that only carry SQLite's text.
 */

/**
 * `busy`: another connection held the lock past the busy timeout (nothing was changed; trying
 * again may work). `constraint`: a constraint (unique, foreign key, check) refused the change.
 */
export type StoreFailure = 'busy' | 'constraint';

export function storeFailure(err: unknown): StoreFailure | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
    if (code.startsWith('SQLITE_CONSTRAINT')) return 'constraint';
  }
  if (typeof message === 'string' && /SQLITE_BUSY|database is locked/i.test(message)) return 'busy';
  return undefined;
}
