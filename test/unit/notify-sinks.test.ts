import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTheme } from '../../src/cli/output/theme.js';
import { consoleNotifier, formatNotice, formatRebookingNotice } from '../../src/notify/console-notifier.js';
import { jsonlFileNotifier } from '../../src/notify/jsonl-file-notifier.js';
import { type AlertChangeNotice, fanOut, type RebookingNotice } from '../../src/notify/notification-sink.js';
import { tempDir } from '../helpers/temp-dir.js';

const plain = createTheme({ isTTY: false }, { NO_COLOR: '1' });
const notice = (kind: AlertChangeNotice['kind'] = 'opened', passengers = 2): AlertChangeNotice => ({
  kind,
  at: '2026-12-01T10:30:00.000Z',
  affected_passengers: passengers,
  alert: {
    id: 7,
    flight_number: 'QP2001',
    flight_date: '2026-12-01',
    alert_type: 'DELAY',
    severity: 'medium',
    message: 'QP2001 BOM→DEL on 2026-12-01 is delayed by 75 min',
    status: kind === 'resolved' ? 'resolved' : 'open',
    resolved: kind === 'resolved',
    delay_minutes: 75,
    created_at: '2026-12-01T10:30:00.000Z',
    updated_at: '2026-12-01T10:30:00.000Z',
    resolved_at: null,
    resolution_note: kind === 'resolved' ? 'superseded by cancellation' : null,
    change_seq: 1,
    passengers,
  },
  notifications: Array.from({ length: kind === 'resolved' ? 0 : passengers }, (_, i) => ({
    notification_id: i + 1,
    alert_id: 7,
    change_seq: 1,
    change_kind: kind,
    customer_id: `CUST00${i + 1}`,
    booking_id: `b${i + 1}`,
    channel: i ? 'sms' : 'email',
    message: `Dear P${i + 1}, delayed. Booking L${i + 1}.`,
    created_at: '2026-12-01T10:30:00.000Z',
  })),
});

describe('console notices', () => {
  it('names the change, severity, flight, type, message, passengers and the time in IST', () => {
    expect(formatNotice(notice(), plain)).toBe('ALERT #7 medium QP2001 2026-12-01 DELAY: QP2001 BOM→DEL on 2026-12-01 is delayed by 75 min (2 passengers, 2 notified, 2026-12-01 16:00 IST)');
    expect(formatNotice(notice('resolved', 1), plain)).toMatch(/^RESOLVED #7 .* — superseded by cancellation \(1 passenger, 2026-12-01 16:00 IST\)$/);
  });
  it('has a JSON-lines format for log collectors', () => {
    const lines: string[] = [];
    consoleNotifier((l) => lines.push(l), plain, 'json').notify(notice('escalated'));
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'alert', change: 'escalated', alert_id: 7, severity: 'medium', affected_passengers: 2, notifications: 2 });
  });
});

describe('JSON-lines notification file', () => {
  it('appends one line per passenger notification and nothing for changes without any', () => {
    const path = join(tempDir(), 'sub', 'n.jsonl');
    const sink = jsonlFileNotifier(path);
    sink.notify(notice());
    sink.notify(notice('resolved'));
    sink.notify(notice('escalated', 1));
    sink.close();
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.change, l.booking_id, l.channel])).toEqual([
      ['opened', 'b1', 'email'],
      ['opened', 'b2', 'sms'],
      ['escalated', 'b1', 'email'],
    ]);
    expect(lines[0]).toMatchObject({ alert_id: 7, flight_number: 'QP2001', alert_type: 'DELAY', severity: 'medium', customer_id: 'CUST001', message: 'Dear P1, delayed. Booking L1.' });
  });
  it('fan-out reaches every sink even when one fails, then reports the failure', () => {
    const seen: string[] = [];
    const sink = fanOut({ notify: () => { throw new Error('boom'); } }, { notify: (c) => void seen.push(c.kind) });
    expect(() => sink.notify(notice())).toThrow('boom');
    expect(seen).toEqual(['opened']);
  });
});

const rebooked: RebookingNotice = {
  notification_id: 12,
  alert_id: 7,
  customer_id: 'CUST001',
  booking_id: 'b1',
  channel: 'sms',
  message: 'Dear Aarav Sharma, your booking K7M2QX is now on QP1101 DEL→BOM on 2026-12-01, departing 10:00 IST, arriving 12:10 IST, seat 1A.',
  created_at: '2026-12-01T00:00:00.000Z',
  from: { flight_number: 'QP1001', depart_date: '2026-12-01', seat: '12A' },
  itinerary: {
    passenger_name: 'Aarav Sharma',
    locator: 'K7M2QX',
    flight_number: 'QP1101',
    origin: 'DEL',
    destination: 'BOM',
    depart_date: '2026-12-01',
    seat: '1A',
    departure: '2026-12-01T04:30:00.000Z',
    arrival: '2026-12-01T06:40:00.000Z',
  },
};

describe('rebooking notices', () => {
  it('the console names the booking, from → to, the local times, channel and alert', () => {
    expect(formatRebookingNotice(rebooked, plain)).toBe(
      'REBOOKED K7M2QX QP1001 2026-12-01 12A → QP1101 2026-12-01 1A, departs 2026-12-01 10:00 IST, arrives 2026-12-01 12:10 IST (sms, alert #7, 2026-12-01 05:30 IST)',
    );
    const lines: string[] = [];
    consoleNotifier((l) => lines.push(l), plain, 'json').rebooked!(rebooked);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'rebooking', notification_id: 12, locator: 'K7M2QX', to: { flight_number: 'QP1101', seat: '1A' } });
  });
  it('the notification file gets one line; fan-out passes it to sinks that take it', () => {
    const path = join(tempDir(), 'n.jsonl');
    const file = jsonlFileNotifier(path);
    const alertsOnly = { notify: () => {} };
    fanOut(alertsOnly, file).rebooked!(rebooked);
    file.close();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ notification_id: 12, kind: 'rebooked', flight_number: 'QP1101', booking_id: 'b1', channel: 'sms', message: rebooked.message });
  });
});
