/**
 * Cancellations race bookings and changes across processes. The database itself records
 * every booking written (inserted or moved) onto a flight-date whose committed state is
 * already CANCELLED: a trigger runs inside the writer's own transaction, so it sees exactly
 * what the writer's checks should have seen. Without the checks inside the write
 * transaction, a booking that checked before a cancellation committed and wrote after it
 * is caught here.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import { customer, fillFlight } from '../helpers/booking-builders.js';
import { runCli, type CliResult } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bookingDb, E2E_NOW, inspect } from './booking-store.js';

const TARGET_DATES = ['2026-12-05', '2026-12-06', '2026-12-07'];
const TARGET_FLIGHTS = ['QP1001', 'QP1101', 'QP1105'];
/** Bounded work: each process does this many operations, one after the other. */
const BOOKERS = 3;
const BOOKINGS_EACH = 12;
const CHANGERS = 2;
const CHANGES_EACH = 8;
/** Events in each cancellation file before its cancellations: they keep the processing transaction busy for a while. */
const FILLER_EVENTS = 4000;

function installWitness(store: Store): void {
  store.sqlRun('create table race_witness (booking_id text, flight_number text, depart_date text, how text)');
  const cancelled = "exists (select 1 from flight_states s where s.flight_number = new.flight_number and s.flight_date = new.depart_date and s.status = 'CANCELLED')";
  store.sqlRun(`create trigger race_insert after insert on bookings when new.status in ('pending','confirmed') and ${cancelled}
    begin insert into race_witness values (new.id, new.flight_number, new.depart_date, 'insert'); end`);
  store.sqlRun(`create trigger race_move after update of flight_number, depart_date on bookings
    when (new.flight_number <> old.flight_number or new.depart_date <> old.depart_date) and ${cancelled}
    begin insert into race_witness values (new.id, new.flight_number, new.depart_date, 'move'); end`);
}

/** One JSON-lines file per date: filler events on another route, then that date's cancellations. */
function cancellationFile(dir: string, wave: number, date: string): string {
  const lines: string[] = [];
  for (let i = 0; i < FILLER_EVENTS; i++) {
    const d = new Date(Date.UTC(2027, 0, 1) + (i % 300) * 86_400_000).toISOString().slice(0, 10);
    lines.push(JSON.stringify({ event_id: `fill-${wave}-${i}`, flight_number: 'QP1002', flight_date: d, status: 'ON_TIME', event_time: `2026-11-20T00:00:${String(i % 60).padStart(2, '0')}Z` }));
  }
  for (const f of TARGET_FLIGHTS) {
    lines.push(JSON.stringify({ event_id: `cx-${f}-${date}`, flight_number: f, flight_date: date, status: 'CANCELLED', event_time: '2026-11-23T23:00:00Z' }));
  }
  const path = join(dir, `wave-${wave}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

describe('cancellations racing bookings and changes (several processes)', () => {
  it('commits no booking or change onto a flight-date after its cancellation', async () => {
    const changeIds: string[] = [];
    const db = await bookingDb((store) => {
      upsertCustomers(store, Array.from({ length: BOOKERS }, (_, i) => customer(`CUST${200 + i}`)));
      // Bookings the changers move: on a date no one cancels.
      fillFlight(store, 'QP1001', '2026-12-20', CHANGERS * CHANGES_EACH);
      changeIds.push(...store.sqlAll<{ id: string }>("select id from bookings where depart_date = '2026-12-20' order by seat").map((r) => r.id));
      installWitness(store);
    });
    const dir = tempDir();
    const files = TARGET_DATES.map((d, w) => cancellationFile(dir, w, d));
    const cli = (args: string[]) => runCli(['--db', db, '--json', ...args], { env: { AKASA_NOW: E2E_NOW }, timeoutMs: 120_000 });

    const cancellations = (async () => {
      const out: CliResult[] = [];
      for (const f of files) out.push(await cli(['event', 'ingest', f]));
      return out;
    })();
    const bookers = Array.from({ length: BOOKERS }, async (_, b) => {
      const out: CliResult[] = [];
      for (let i = 0; i < BOOKINGS_EACH; i++) {
        const k = b * BOOKINGS_EACH + i;
        out.push(await cli(['booking', 'create', '--customer', `CUST${200 + b}`, '--flight', pick(TARGET_FLIGHTS, k), '--date', pick(TARGET_DATES, k * 7 + b)]));
      }
      return out;
    });
    const changers = Array.from({ length: CHANGERS }, async (_, c) => {
      const out: CliResult[] = [];
      for (let i = 0; i < CHANGES_EACH; i++) {
        const k = c * CHANGES_EACH + i;
        const verb = i % 3 === 2 ? ['rebook', 'auto', changeIds[k]!, '--date', pick(TARGET_DATES, k), '--reason', 'customer'] : ['rebook', 'change', changeIds[k]!, '--flight', pick(TARGET_FLIGHTS, k + 1), '--date', pick(TARGET_DATES, k)];
        out.push(await cli(verb));
      }
      return out;
    });

    const ingests = await cancellations;
    for (const r of ingests) expect(r.code, r.stderr).toBe(0);
    const writes = (await Promise.all([...bookers, ...changers])).flat();
    // Every refusal is a rule or a conflict the operator can read, never a crash.
    for (const r of writes.filter((x) => x.code !== 0)) {
      expect(r.code, r.stderr).toBe(1);
      expect(JSON.parse(r.stderr).message).toMatch(/cancelled|sold out|no .*flight|taken/);
    }

    const store = await inspect(db);
    try {
      expect(store.sqlAll('select * from race_witness')).toEqual([]);
      const cancelled = store.sqlFirst<{ n: number }>("select count(*) as n from flight_states where status = 'CANCELLED'")?.n;
      expect(cancelled).toBe(TARGET_DATES.length * TARGET_FLIGHTS.length);
    } finally {
      store.close();
    }
    // Some writes got through before the cancellations; once they are in, a booking is refused.
    expect(writes.some((r) => r.code === 0)).toBe(true);
    const late = await cli(['booking', 'create', '--customer', 'CUST200', '--flight', 'QP1001', '--date', TARGET_DATES[0]!]);
    expect(late.code).toBe(1);
    expect(JSON.parse(late.stderr).message).toMatch(/QP1001 on 2026-12-05 is cancelled/);
  }, 240_000);
});
