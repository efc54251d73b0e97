/** An alert change's notifications written in one statement say what passengerMessage says, to exactly the passengers on board. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChangeKind, passengerMessage, passengerMessageFrame } from '../../src/domain/alert-lifecycle.js';
import { locatorForIndex } from '../../src/domain/locator.js';
import { insertAlert } from '../../src/store/alert-repository.js';
import { insertBooking } from '../../src/store/booking-repository.js';
import { fanOutNotifications, notificationsForAlert } from '../../src/store/notification-repository.js';
import { seedNetwork } from '../helpers/booking-builders.js';
import { tempStore } from '../helpers/temp-store.js';

const AT = '2026-11-24T00:00:00.000Z';
const STATUSES = ['pending', 'confirmed', 'cancelled', 'refunded'] as const;
const KINDS: ChangeKind[] = ['opened', 'escalated', 'updated', 'resolved'];

describe('fanOutNotifications', () => {
  it('writes passengerMessage (and the entitlement sentence) to every live booking of the flight-date, once per change', async () => {
    const store = await tempStore();
    seedNetwork(store);
    let made = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ name: fc.string({ minLength: 1, maxLength: 30 }), status: fc.constantFrom(...STATUSES), owed: fc.option(fc.string({ maxLength: 40 })), otherFlight: fc.boolean() }), { maxLength: 12 }),
        fc.constantFrom(...KINDS),
        fc.string({ minLength: 1, maxLength: 60 }),
        fc.option(fc.string({ maxLength: 40 })),
        async (passengers, kind, alertMessage, note) => {
          // A fresh flight-date each run (one open alert per flight-date and type).
          const date = `${2027 + Math.floor(made / 336)}-${String((Math.floor(made / 28) % 12) + 1).padStart(2, '0')}-${String((made % 28) + 1).padStart(2, '0')}`;
          const flight = 'QP1001';
          const expected = store.write(() => {
            const alert = insertAlert(store, { flight_number: flight, flight_date: date, alert_type: 'DELAY', severity: 'medium', message: alertMessage, delay_minutes: 60, created_at: AT, event_seq: null, audience: 0 });
            const sentences = new Map<string, string>();
            const want: Array<{ booking_id: string; message: string }> = [];
            passengers.forEach((p, i) => {
              const id = randomUUID();
              const locator = locatorForIndex(500_000 + made * 20 + i);
              const on = p.otherFlight ? 'QP1105' : flight;
              const outcome = insertBooking(store, {
                id, locator, customer_id: 'CUST001', passenger_name: p.name, flight_number: on, origin: 'DEL', destination: 'BOM', depart_date: date,
                seat: `${i + 1}A`, fare_paid: 5000, status: p.status, created_at: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`, updated_at: AT,
              });
              if (outcome !== 'ok') throw new Error(outcome);
              if (p.owed) sentences.set(id, p.owed);
              if (on === flight && (p.status === 'pending' || p.status === 'confirmed')) {
                const text = passengerMessage(kind, alertMessage, note, p.name, locator);
                want.push({ booking_id: id, message: p.owed ? `${text} ${p.owed}` : text });
              }
            });
            const change = { alert_id: alert.id, change_seq: 1, change_kind: kind, flight_number: flight, flight_date: date, frame: passengerMessageFrame(kind, alertMessage, note), sentences: JSON.stringify(Object.fromEntries(sentences)), created_at: AT };
            const rows = fanOutNotifications(store, change);
            expect(rows.map((r) => ({ booking_id: r.booking_id, message: r.message }))).toEqual(want);
            // The same change again tells nobody twice.
            expect(fanOutNotifications(store, change)).toEqual([]);
            return { alert: alert.id, want };
          });
          made++;
          const stored = notificationsForAlert(store, expected.alert);
          expect(stored.map((n) => [n.booking_id, n.message, n.change_kind, n.channel, n.status])).toEqual(expected.want.map((w) => [w.booking_id, w.message, kind, 'email', 'queued']));
        },
      ),
      { numRuns: 60 },
    );
  });
});
