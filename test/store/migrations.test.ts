import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, PAGE_SIZE } from '../../src/store/database.js';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { runCli } from '../helpers/run-cli.js';
import { databaseAtVersion } from '../helpers/old-store.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('store migrations', () => {
  it('creates a fresh database at the latest version, in WAL mode with foreign keys on and large pages', async () => {
    const path = join(tempDir(), 'fresh.db');
    const store = await openStore(path);
    expect(store.sqlFirst<{ user_version: number }>('pragma user_version')?.user_version).toBe(LATEST_VERSION);
    expect(store.sqlFirst<{ journal_mode: string }>('pragma journal_mode')?.journal_mode).toBe('wal');
    expect(store.sqlFirst<{ foreign_keys: number }>('pragma foreign_keys')?.foreign_keys).toBe(1);
    expect(store.sqlFirst<{ page_size: number }>('pragma page_size')?.page_size).toBe(PAGE_SIZE);
    store.close();
  });

  it('opens a database made by the first migration only and brings it to the latest', async () => {
    const path = join(tempDir(), 'old.db');
    const sqlite = await databaseAtVersion(path, 1);
    sqlite.prepare(`insert into customers (id, name, email, phone) values ('CUST900', 'Old Row', 'o@example.com', '+91 90000 00000')`).run();
    sqlite.close();

    const store = await openStore(path);
    expect(store.sqlFirst<{ user_version: number }>('pragma user_version')?.user_version).toBe(LATEST_VERSION);
    const applied = store.sqlAll<{ name: string }>('select name from kysely_migration order by name').map((r) => r.name);
    expect(applied).toEqual(Object.keys(MIGRATIONS));
    expect(store.sqlFirst<{ name: string }>(`select name from customers where id = 'CUST900'`)?.name).toBe('Old Row');
    store.close();
  });

  it('moves a version-3 event log from its flight index to flight-date ranges, keeping `event list --flight` complete', async () => {
    const path = join(tempDir(), 'v3.db');
    const sqlite = await databaseAtVersion(path, 3);
    const insert = sqlite.prepare(`insert into flight_events (event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
      values (?, ?, ?, 'ON_TIME', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'cli', '{}')`);
    // seq 1..6: A, B, A, B, A (processed through 5), then A pending.
    for (const [id, flight] of [['a1', 'QP1'], ['b1', 'QP2'], ['a2', 'QP1'], ['b2', 'QP2'], ['a3', 'QP1'], ['a4', 'QP1']]) insert.run(id, flight, '2026-12-01');
    sqlite.prepare(`insert into flight_event_batches (first_seq, last_seq, processed_at) values (1, 5, '2026-12-01T00:00:00.000Z')`).run();
    const state = sqlite.prepare(`insert into flight_states (flight_number, flight_date, status, delay_minutes, last_event_time, last_event_seq, event_count, updated_at, state)
      values (?, '2026-12-01', 'ON_TIME', null, '2026-12-01T00:00:00.000Z', ?, ?, '2026-12-01T00:00:00.000Z', '{}')`);
    state.run('QP1', 5, 3);
    state.run('QP2', 4, 2);
    sqlite.close();

    const store = await openStore(path);
    const ranges = store.sqlAll('select flight_number, log_first_seq, log_last_seq from flight_states order by flight_number');
    expect(ranges).toEqual([
      { flight_number: 'QP1', log_first_seq: 1, log_last_seq: 5 },
      { flight_number: 'QP2', log_first_seq: 2, log_last_seq: 4 },
    ]);
    expect(store.sqlFirst(`select name from sqlite_master where name = 'flight_events_flight'`)).toBeUndefined();
    store.close();
    const listed = await runCli(['--db', path, '--json', 'event', 'list', '--flight', 'QP1']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { events: Array<{ event_id: string; status: string }> }).events.map((e) => `${e.event_id}:${e.status}`)).toEqual(['a4:pending', 'a3:processed', 'a2:processed', 'a1:processed']);
  });

  it('rebuilds a version-4 event log without AUTOINCREMENT, keeping seqs and references, with foreign keys enforced after', async () => {
    const path = join(tempDir(), 'v4.db');
    const sqlite = await databaseAtVersion(path, 4);
    const insert = sqlite.prepare(`insert into flight_events (event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
      values (?, 'QP1', '2026-12-01', 'ON_TIME', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'cli', '{}')`);
    for (const id of ['a', 'b', 'c']) insert.run(id);
    sqlite.prepare(`delete from flight_events where event_id = 'b'`).run(); // a gap in seq, as a duplicate leaves
    insert.run('d');
    sqlite.prepare(`insert into flight_event_stale (seq, note) values (4, 'late')`).run();
    sqlite.prepare(`insert into flight_event_duplicates (event_id, received_at, source, payload) values ('a', '2026-12-01T00:00:00.000Z', 'cli', '{}')`).run();
    const before = sqlite.prepare('select * from flight_events order by seq').all();
    sqlite.close();

    const store = await openStore(path);
    const tableSql = store.sqlFirst<{ sql: string }>(`select sql from sqlite_master where type = 'table' and name = 'flight_events'`)!.sql;
    expect(tableSql).not.toMatch(/autoincrement/i);
    expect(store.sqlAll('select * from flight_events order by seq')).toEqual(before);
    expect(store.sqlAll('select seq from flight_events')).toEqual([{ seq: 1 }, { seq: 3 }, { seq: 4 }]);
    expect(store.sqlFirst(`select name from sqlite_sequence where name = 'flight_events'`)).toBeUndefined();
    expect(store.sqlAll('pragma foreign_key_check')).toEqual([]);
    expect(store.sqlFirst<{ foreign_keys: number }>('pragma foreign_keys')?.foreign_keys).toBe(1);
    // References still point at the log, and are enforced.
    expect(() => store.sqlRun(`insert into flight_event_stale (seq, note) values (99, 'nowhere')`)).toThrow(/FOREIGN KEY/);
    expect(() => store.sqlRun(`insert into flight_event_duplicates (event_id, received_at, source, payload) values ('zz', 'x', 'cli', '{}')`)).toThrow(/FOREIGN KEY/);
    // The next event follows the largest seq.
    store.sqlRun(`insert into flight_events (event_id, flight_number, flight_date, flight_status, event_time, received_at, source, payload)
      values ('e', 'QP1', '2026-12-01', 'ON_TIME', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 'cli', '{}')`);
    expect(store.sqlFirst<{ seq: number }>(`select seq from flight_events where event_id = 'e'`)?.seq).toBe(5);
    store.close();
  });

  it('rolls a migration back whole when it would leave a broken reference', async () => {
    const path = join(tempDir(), 'broken.db');
    const sqlite = await databaseAtVersion(path, 4);
    // A reference that is already broken (written with enforcement off) must not be carried forward silently.
    sqlite.pragma('foreign_keys = OFF');
    sqlite.prepare(`insert into flight_event_stale (seq, note) values (42, 'orphan')`).run();
    sqlite.close();

    await expect(openStore(path)).rejects.toThrow(/broken reference.*flight_event_stale/);
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(4);
    expect(check.prepare(`select sql from sqlite_master where name = 'flight_events'`).get()).toMatchObject({ sql: expect.stringMatching(/autoincrement/i) });
    check.close();
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
