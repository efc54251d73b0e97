/**
 * The alert repository's reads and writes against a model of what they should return: the
 * list's filters, order, limit and total, the audience an alert reports (its latest change
 * that was for passengers), history rows appended in batches of any size, and the bookings
 * an alert names.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeKind } from '../../src/domain/alert-lifecycle.js';
import { ALERT_TYPES, SEVERITIES, type Severity, severityRank } from '../../src/domain/disruption-rules.js';
import { locatorForIndex } from '../../src/domain/locator.js';
import { type AlertFilter, listAlertRecords, listAlertRows } from '../../src/store/alert-list-repository.js';
import { type AlertRecord, appendAlertChanges, bookingsByIds, getAlertRow, insertAlert, openAlertsFor, resolveAlertRow } from '../../src/store/alert-repository.js';
import { insertBooking } from '../../src/store/booking-repository.js';
import { upsertCustomers } from '../../src/store/customer-repository.js';
import type { Store } from '../../src/store/database.js';
import type { AlertChangeTable } from '../../src/store/schema.js';
import { customer, seedNetwork } from '../helpers/booking-builders.js';
import { tempStore } from '../helpers/temp-store.js';

const FLIGHTS = ['QP1001', 'QP1101'] as const;
const DATES = ['2026-12-01', '2026-12-02'] as const;
/** Few distinct instants, so that the order's tie-breaks (created_at, then id) are exercised. */
const INSTANTS = ['2026-11-30T10:00:00.000Z', '2026-11-30T11:00:00.000Z', '2026-11-30T12:00:00.000Z'] as const;

/** Runs `fn` in a transaction that is rolled back afterwards: each generated case starts from the same store. */
function rolledBack(store: Store, fn: () => void): void {
  const undo = new Error('roll back');
  try {
    store.write(() => {
      fn();
      throw undo;
    });
  } catch (err) {
    if (err !== undo) throw err;
  }
}

function changeRow(alertId: number, seq: number, audience: number | null, i = seq): AlertChangeTable {
  const kinds: ChangeKind[] = ['escalated', 'updated'];
  return {
    alert_id: alertId,
    change_seq: seq,
    change_kind: seq === 1 ? 'opened' : kinds[i % 2]!,
    severity: SEVERITIES[i % SEVERITIES.length]!,
    message: `change ${seq}`,
    delay_minutes: i % 3 === 0 ? null : 30 + i,
    note: i % 4 === 0 ? null : `note ${i}`,
    at: `2026-11-30T10:${String(seq % 60).padStart(2, '0')}:00.000Z`,
    audience,
  };
}

/** The passengers an alert reports: the audience of its latest change that had one (0 when none did). */
const latestAudience = (audiences: ReadonlyArray<number | null>) => audiences.filter((a) => a !== null).at(-1) ?? 0;

const alertSpec = fc.record({
  flight: fc.constantFrom(...FLIGHTS),
  date: fc.constantFrom(...DATES),
  type: fc.constantFrom(...ALERT_TYPES),
  severity: fc.constantFrom(...SEVERITIES),
  created_at: fc.constantFrom(...INSTANTS),
  resolved: fc.boolean(),
  audiences: fc.array(fc.option(fc.nat({ max: 189 })), { maxLength: 3 }),
});

type AlertSpec = typeof alertSpec extends fc.Arbitrary<infer T> ? T : never;

const filterSpec = fc.record(
  {
    flight_number: fc.constantFrom<string | undefined>(...FLIGHTS, '', 'QP9999', undefined),
    flight_date: fc.constantFrom<string | undefined>(...DATES, '', undefined),
    severity: fc.constantFrom<Severity | undefined>(...SEVERITIES, undefined),
    resolved: fc.constantFrom(true, false, undefined),
    limit: fc.integer({ min: 1, max: 12 }),
  },
  { requiredKeys: ['limit'] },
);

interface Modelled {
  alert: AlertRecord;
  passengers: number;
}

/** Inserts the alerts as the processor would (an open alert of the same flight-date and type is resolved first). */
function insertAlerts(store: Store, specs: ReadonlyArray<AlertSpec>): Modelled[] {
  const made: Modelled[] = [];
  for (const s of specs) {
    for (const m of made) {
      if (m.alert.status === 'open' && m.alert.flight_number === s.flight && m.alert.flight_date === s.date && m.alert.alert_type === s.type) {
        m.alert = resolveAlertRow(store, m.alert, s.created_at, 'superseded', null)!;
      }
    }
    const audiences = [...s.audiences];
    let alert = insertAlert(store, {
      flight_number: s.flight, flight_date: s.date, alert_type: s.type, severity: s.severity, message: `${s.type} on ${s.flight}`,
      delay_minutes: null, created_at: s.created_at, event_seq: null, audience: audiences[0] ?? 0,
    });
    appendAlertChanges(store, audiences.map((a, i) => changeRow(alert.id, i + 1, a)));
    // The record's change_seq follows its history (a resolution appends the next one).
    if (audiences.length > 0) alert = { ...alert, change_seq: audiences.length };
    if (s.resolved) {
      alert = resolveAlertRow(store, alert, s.created_at, 'done', null)!;
      audiences.push(null);
    }
    made.push({ alert, passengers: latestAudience(audiences) });
  }
  return made;
}

/** What `alert list` should return: every filter given (an empty text is none), most severe first, then newest, then the later id. */
function modelList(made: readonly Modelled[], f: AlertFilter): { ids: number[]; total: number } {
  const matching = made
    .map((m) => m.alert)
    .filter(
      (a) =>
        (!f.flight_number || a.flight_number === f.flight_number) &&
        (!f.flight_date || a.flight_date === f.flight_date) &&
        (!f.severity || a.severity === f.severity) &&
        (f.resolved === undefined || a.resolved === f.resolved),
    )
    .sort((x, y) => severityRank(y.severity) - severityRank(x.severity) || (x.created_at < y.created_at ? 1 : x.created_at > y.created_at ? -1 : 0) || y.id - x.id);
  return { ids: matching.slice(0, f.limit).map((a) => a.id), total: matching.length };
}

describe('the alert list', () => {
  it('returns what the model says for every filter: the matching alerts, most severe first, then newest, up to the limit, and their total', async () => {
    const store = await tempStore();
    await fc.assert(
      fc.property(fc.array(alertSpec, { maxLength: 14 }), fc.array(filterSpec, { minLength: 1, maxLength: 6 }), (specs, filters) => {
        rolledBack(store, () => {
          const made = insertAlerts(store, specs);
          for (const f of filters) {
            const want = modelList(made, f);
            const got = listAlertRecords(store, f);
            expect({ ids: got.alerts.map((a) => a.id), total: got.total }, JSON.stringify(f)).toEqual(want);
            const byId = new Map(made.map((m) => [m.alert.id, m]));
            for (const a of got.alerts) {
              expect(a.passengers, `alert ${a.id}'s passengers`).toBe(byId.get(a.id)!.passengers);
              expect(a.resolved).toBe(a.status === 'resolved');
            }
          }
        });
      }),
      { numRuns: 60 },
    );
  });

  it('with history, lists the same alerts in the same order', async () => {
    const store = await tempStore();
    rolledBack(store, () => {
      insertAlerts(store, [
        { flight: 'QP1001', date: '2026-12-01', type: 'DELAY', severity: 'medium', created_at: INSTANTS[0], resolved: false, audiences: [3] },
        { flight: 'QP1001', date: '2026-12-01', type: 'GATE_CHANGE', severity: 'critical', created_at: INSTANTS[0], resolved: true, audiences: [2, null] },
        { flight: 'QP1101', date: '2026-12-02', type: 'DELAY', severity: 'medium', created_at: INSTANTS[1], resolved: false, audiences: [] },
      ]);
      const f = { limit: 10 };
      expect(listAlertRows(store, f).alerts.map((a) => a.id)).toEqual(listAlertRecords(store, f).alerts.map((a) => a.id));
      expect(listAlertRows(store, f).alerts.map((a) => a.severity)).toEqual(['critical', 'medium', 'medium']);
    });
  });
});

describe('an alert’s audience', () => {
  it('is the audience of its latest change that was for passengers, wherever the alert is read', async () => {
    const store = await tempStore();
    await fc.assert(
      fc.property(fc.array(fc.option(fc.nat({ max: 189 })), { maxLength: 6 }), (audiences) => {
        rolledBack(store, () => {
          const alert = insertAlert(store, {
            flight_number: 'QP1001', flight_date: '2026-12-01', alert_type: 'DELAY', severity: 'high', message: 'late', delay_minutes: 90,
            created_at: INSTANTS[0], event_seq: null, audience: 0,
          });
          appendAlertChanges(store, audiences.map((a, i) => changeRow(alert.id, i + 1, a)));
          const want = latestAudience(audiences);
          expect(getAlertRow(store, alert.id)?.passengers).toBe(want);
          expect(openAlertsFor(store, 'QP1001', '2026-12-01').map((a) => a.passengers)).toEqual([want]);
          expect(listAlertRecords(store, { limit: 5 }).alerts.map((a) => a.passengers)).toEqual([want]);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('names the customers and bookings told of that change', async () => {
    const store = await tempStore();
    expect(getAlertRow(store, 1)).toBeUndefined();
    const alert = insertAlert(store, {
      flight_number: 'QP1001', flight_date: '2026-12-01', alert_type: 'DELAY', severity: 'high', message: 'late', delay_minutes: 90,
      created_at: INSTANTS[0], event_seq: null, audience: 2,
    });
    appendAlertChanges(store, [changeRow(alert.id, 1, 2), changeRow(alert.id, 2, null)]);
    const got = getAlertRow(store, alert.id)!;
    expect(got.severity_history.map((h) => h.change)).toEqual(['opened', changeRow(alert.id, 2, null).change_kind]);
    // No notifications were written for the change: nobody is named, though it reports its audience.
    expect([got.customer_ids, got.booking_ids, got.passengers]).toEqual([[], [], 2]);
  });
});

describe('appendAlertChanges', () => {
  it.each([0, 1, 2, 3, 7, 37, 63, 64, 65, 127, 200])('appends %i rows in order, each as given', async (n) => {
    const store = await tempStore();
    const alert = insertAlert(store, {
      flight_number: 'QP1001', flight_date: '2026-12-01', alert_type: 'DELAY', severity: 'low', message: 'late', delay_minutes: 20,
      created_at: INSTANTS[0], event_seq: null, audience: 0,
    });
    const rows = Array.from({ length: n }, (_, i) => changeRow(alert.id, i + 1, i % 5 === 0 ? null : i));
    store.write(() => appendAlertChanges(store, rows));
    const got = getAlertRow(store, alert.id)!;
    expect(got.severity_history).toEqual(
      rows.map((r) => ({ at: r.at, change: r.change_kind, severity: r.severity, message: r.message, delay_minutes: r.delay_minutes, ...(r.note ? { note: r.note } : {}) })),
    );
    expect(got.passengers).toBe(latestAudience(rows.map((r) => r.audience)));
  });
});

describe('bookingsByIds', () => {
  it('returns the named bookings as they are now, with their customer’s channel', async () => {
    const store = await tempStore();
    seedNetwork(store);
    upsertCustomers(store, [customer('CUSTSMS', { notification_channel: 'sms' })]);
    const ids = ['CUST001', 'CUSTSMS', 'CUST002'].map((customerId, i) => {
      const id = randomUUID();
      const outcome = insertBooking(store, {
        id, locator: locatorForIndex(700_000 + i), customer_id: customerId, passenger_name: `P${i}`, flight_number: 'QP1001', origin: 'DEL', destination: 'BOM',
        depart_date: '2026-12-01', seat: `${i + 1}A`, fare_paid: 5000, status: i === 2 ? 'cancelled' : 'confirmed', created_at: INSTANTS[0], updated_at: INSTANTS[0],
      });
      expect(outcome).toBe('ok');
      return id;
    });
    expect(bookingsByIds(store, [])).toEqual([]);
    const got = bookingsByIds(store, [ids[0]!, ids[1]!, ids[2]!, 'no-such-booking']).sort((a, b) => a.locator.localeCompare(b.locator));
    expect(got.map((b) => [b.booking_id, b.customer_id, b.channel, b.status, b.seat, b.flight_number, b.depart_date])).toEqual([
      [ids[0], 'CUST001', 'email', 'confirmed', '1A', 'QP1001', '2026-12-01'],
      [ids[1], 'CUSTSMS', 'sms', 'confirmed', '2A', 'QP1001', '2026-12-01'],
      [ids[2], 'CUST002', 'email', 'cancelled', '3A', 'QP1001', '2026-12-01'],
    ]);
  });
});
