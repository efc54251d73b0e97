import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS } from '../../src/store/migrations/index.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Counts {
  inserted: number;
  already_present: number;
}

describe('akasa db seed (built CLI)', () => {
  it('seeds from any working directory and a second run inserts nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const first = await runCli(['--db', db, 'db', 'seed'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/fixture bookings\s+107\s+0/);
    const second = await runCli(['--db', db, 'db', 'seed', '--json'], { cwd: '/' });
    expect(second.code, second.stderr).toBe(0);
    const r = second.json<Record<string, Counts>>();
    for (const key of ['airports', 'aircraft_seats', 'schedule_lines', 'customers', 'bookings']) expect(r[key]?.inserted, key).toBe(0);
    expect(r.bookings?.already_present).toBe(107);
  });

  it('--bookings 1000 leaves inventory equal to live bookings and no seat twice; rerun inserts 0', async () => {
    const db = join(tempDir(), 'a.db');
    const r = await runCli(['--db', db, 'db', 'seed', '--bookings', '1000', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json<{ generated_bookings: Counts }>().generated_bookings).toMatchObject({ inserted: 1000, already_present: 0 });
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
    const again = await runCli(['--db', db, 'db', 'seed', '--bookings', '1000', '--json']);
    expect(again.json<{ generated_bookings: Counts }>().generated_bookings).toMatchObject({ inserted: 0, already_present: 1000 });

    const sqlite = new Database(db, { readonly: true });
    try {
      expect(sqlite.prepare('select count(*) as n from bookings').get()).toEqual({ n: 1107 });
      const mismatched = sqlite
        .prepare(
          `select count(*) as n from flight_inventory i
             left join (select flight_number, depart_date, count(*) as c from bookings where status in ('pending','confirmed') group by 1, 2) b
             using (flight_number, depart_date) where coalesce(b.c, 0) != i.seats_sold`,
        )
        .get();
      expect(mismatched).toEqual({ n: 0 });
      const doubles = sqlite
        .prepare("select count(*) as n from (select 1 from bookings where status in ('pending','confirmed') group by flight_number, depart_date, seat having count(*) > 1)")
        .get();
      expect(doubles).toEqual({ n: 0 });
      const history = sqlite.prepare("select count(distinct booking_id) as n from booking_history where action = 'created'").get();
      expect(history).toEqual({ n: 1107 });
    } finally {
      sqlite.close();
    }
  });

  it('refuses a bad --bookings value with exit 2', async () => {
    const db = join(tempDir(), 'a.db');
    for (const bad of ['-5', 'many', '1.5']) {
      const r = await runCli(['--db', db, 'db', 'seed', '--bookings', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/bookings: /);
    }
  });

  it('the bundle knows the newest migration (build-time constant matches the migration list)', async () => {
    const list = readFileSync(new URL('../../src/store/migrations/index.ts', import.meta.url), 'utf8');
    expect([...list.matchAll(/^\s*'(\d{3}-[^']+)'\s*:/gm)].map((m) => m[1])).toEqual(Object.keys(MIGRATIONS));
    const db = join(tempDir(), 'a.db');
    const r = await runCli(['--db', db, 'db', 'migrate', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    sqlite.close();
  });
});
