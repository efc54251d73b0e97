import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/database.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('store migrations', () => {
  it('creates a fresh database at the latest version, in WAL mode with foreign keys on', async () => {
    const path = join(tempDir(), 'fresh.db');
    const store = await openStore(path);
    expect(store.sqlFirst<{ user_version: number }>('pragma user_version')?.user_version).toBe(LATEST_VERSION);
    expect(store.sqlFirst<{ journal_mode: string }>('pragma journal_mode')?.journal_mode).toBe('wal');
    expect(store.sqlFirst<{ foreign_keys: number }>('pragma foreign_keys')?.foreign_keys).toBe(1);
    store.close();
  });

  it('opens a database made by the first migration only and brings it to the latest', async () => {
    const path = join(tempDir(), 'old.db');
    const sqlite = new Database(path);
    const db = new Kysely({ dialect: new SqliteDialect({ database: sqlite }) });
    const first = Object.keys(MIGRATIONS)[0]!;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ [first]: MIGRATIONS[first]! }) } });
    const { error } = await migrator.migrateToLatest();
    expect(error).toBeUndefined();
    sqlite.pragma('user_version = 1');
    sqlite.prepare(`insert into customers (id, name, email, phone) values ('CUST900', 'Old Row', 'o@example.com', '+91 90000 00000')`).run();
    await db.destroy();

    const store = await openStore(path);
    expect(store.sqlFirst<{ user_version: number }>('pragma user_version')?.user_version).toBe(LATEST_VERSION);
    const applied = store.sqlAll<{ name: string }>('select name from kysely_migration order by name').map((r) => r.name);
    expect(applied).toEqual(Object.keys(MIGRATIONS));
    expect(store.sqlFirst<{ name: string }>(`select name from customers where id = 'CUST900'`)?.name).toBe('Old Row');
    store.close();
  });

  it('lets several processes race to create and migrate a new file', async () => {
    const path = join(tempDir(), 'race.db');
    const results = await Promise.all([1, 2, 3, 4].map(() => runCli(['--db', path, 'db', 'migrate', '--json'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const store = await openStore(path);
    expect(store.sqlFirst<{ n: number }>('select count(*) as n from kysely_migration')?.n).toBe(LATEST_VERSION);
    store.close();
  });
});
