/** The one recogniser of busy and constraint failures, against errors a real SQLite file raises. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeFailure } from '../../src/store/sqlite-errors.js';
import { tempDir } from '../helpers/temp-dir.js';

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (err) {
    return err;
  }
  throw new Error('expected the action to throw');
}

describe('storeFailure', () => {
  it('recognises a write refused because another connection holds the lock as busy', () => {
    const path = join(tempDir(), 'busy.db');
    const holder = new Database(path);
    const other = new Database(path, { timeout: 0 });
    try {
      holder.exec('create table t (id integer primary key)');
      holder.exec('begin immediate');
      expect(storeFailure(thrownBy(() => other.exec('insert into t (id) values (1)')))).toBe('busy');
      holder.exec('rollback');
    } finally {
      other.close();
      holder.close();
    }
  });

  it.each([
    ['unique', 'insert into t (id, name) values (2, \'a\')'],
    ['primary key', 'insert into t (id, name) values (1, \'b\')'],
    ['not null', 'insert into t (id, name) values (3, null)'],
    ['check', 'insert into t (id, name, n) values (4, \'c\', -1)'],
  ])('recognises a %s violation as a constraint failure', (_name, statement) => {
    const db = new Database(join(tempDir(), 'constraint.db'));
    try {
      db.exec('create table t (id integer primary key, name text not null unique, n integer check (n >= 0))');
      db.exec("insert into t (id, name) values (1, 'a')");
      expect(storeFailure(thrownBy(() => db.exec(statement)))).toBe('constraint');
    } finally {
      db.close();
    }
  });

  it.each([
    ['a message naming SQLITE_BUSY', new Error('SQLITE_BUSY: database is locked'), 'busy'],
    ['a message saying the database is locked', new Error('database is locked'), 'busy'],
    ['a syntax error', new Error('near "selec": syntax error'), undefined],
    ['a type error', new TypeError("Cannot read properties of undefined (reading 'x')"), undefined],
    ['a string', 'SQLITE_BUSY', undefined],
    ['nothing', undefined, undefined],
  ])('%s', (_name, err, expected) => {
    expect(storeFailure(err)).toBe(expected);
  });
});
