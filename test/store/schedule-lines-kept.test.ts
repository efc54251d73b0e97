import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlightEvent } from '../../src/domain/events/flight-event.js';
import { appendEvents, parseFlightEvent } from '../../src/pipeline/intake.js';
import { openStore, type Store } from '../../src/store/database.js';
import { upsertScheduleEntries } from '../../src/store/schedule-repository.js';
import { scheduleLine } from '../helpers/booking-builders.js';
import { tempDir } from '../helpers/temp-dir.js';

const RECEIVED = '2026-12-01T09:30:00.000Z';
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

/** Two connections to one store file, as the daemon and a CLI command in another process have. */
async function twoConnections(): Promise<[Store, Store]> {
  const path = join(tempDir(), 'akasa.db');
  const a = await openStore(path);
  const b = await openStore(path);
  open.push(a, b);
  return [a, b];
}

let n = 0;
function event(flight_number: string, flight_date: string): { event: FlightEvent; source: string } {
  const r = parseFlightEvent({ event_id: `c-${n++}`, flight_number, flight_date, status: 'ON_TIME', event_time: RECEIVED });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { event: r.event, source: 'webhook' };
}
const held = (store: Store, flightNumber: string, date: string) => appendEvents(store, [event(flightNumber, date)], RECEIVED)[0]!.held !== null;

describe('schedule lines kept between appends', () => {
  it('sees a schedule another connection imports or changes after the lines were read', async () => {
    const [daemon, cli] = await twoConnections();
    upsertScheduleEntries(cli, [scheduleLine({ flight_number: 'QP3002' })]);
    expect(held(daemon, 'QP3001', '2026-12-05')).toBe(true);
    expect(held(daemon, 'QP3002', '2026-12-05')).toBe(false);

    upsertScheduleEntries(cli, [scheduleLine({ flight_number: 'QP3001' })]);
    expect(held(daemon, 'QP3001', '2026-12-05')).toBe(false);

    // A change of an existing line (now Mondays only; 5 Dec 2026 is a Saturday).
    upsertScheduleEntries(cli, [scheduleLine({ flight_number: 'QP3002', days_of_operation: '1' })]);
    expect(held(daemon, 'QP3002', '2026-12-05')).toBe(true);
    expect(held(daemon, 'QP3002', '2026-12-07')).toBe(false);
  });

  it('sees the schedule its own connection writes, and not lines whose import rolled back', async () => {
    const [store] = await twoConnections();
    expect(held(store, 'QP3001', '2026-12-05')).toBe(true);
    upsertScheduleEntries(store, [scheduleLine({ flight_number: 'QP3001' })]);
    expect(held(store, 'QP3001', '2026-12-05')).toBe(false);

    expect(() =>
      store.write(() => {
        upsertScheduleEntries(store, [scheduleLine({ flight_number: 'QP3003' })]);
        expect(held(store, 'QP3003', '2026-12-05')).toBe(false);
        throw new Error('import failed');
      }),
    ).toThrow('import failed');
    expect(held(store, 'QP3003', '2026-12-05')).toBe(true);
  });
});
