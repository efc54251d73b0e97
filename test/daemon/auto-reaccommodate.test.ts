import { describe, expect, it } from 'vitest';
import { flightDatesToReaccommodate } from '../../src/daemon/auto-reaccommodate.js';
import type { ChangeKind } from '../../src/domain/alert-lifecycle.js';
import { DEFAULT_POLICY } from '../../src/domain/reaccommodation-policy.js';
import type { AlertChangeNotice } from '../../src/notify/notification-sink.js';
import type { AlertJson } from '../../src/store/alert-repository.js';

function notice(kind: ChangeKind, alert: Partial<AlertJson>): AlertChangeNotice {
  const a = {
    id: 1, flight_number: 'QP1001', flight_date: '2026-12-01', alert_type: 'CANCELLATION', severity: 'critical', message: 'm', status: 'open', resolved: false,
    delay_minutes: null, customer_ids: [], booking_ids: [], created_at: '', updated_at: '', resolved_at: null, resolution_note: null, severity_history: [], change_seq: 1,
    ...alert,
  } as AlertJson;
  return { kind, alert: a, affected_passengers: 0, notifications: [], at: '' };
}

describe('flightDatesToReaccommodate', () => {
  const withDelay = { ...DEFAULT_POLICY, delay_trigger_hours: 3 };
  const cases: Array<{ name: string; changes: AlertChangeNotice[]; policy?: typeof withDelay; expected: string[] }> = [
    { name: 'a cancellation alert opened', changes: [notice('opened', {})], expected: ['QP1001 cancellation'] },
    { name: 'a cancellation alert updated (not a new cancellation)', changes: [notice('updated', {})], expected: [] },
    { name: 'a cancellation resolved (reinstated)', changes: [notice('resolved', { status: 'resolved' })], expected: [] },
    { name: 'a delay, trigger off', changes: [notice('opened', { alert_type: 'DELAY', delay_minutes: 400 })], expected: [] },
    { name: 'a delay under the trigger', policy: withDelay, changes: [notice('escalated', { alert_type: 'DELAY', delay_minutes: 179 })], expected: [] },
    { name: 'a delay reaching the trigger', policy: withDelay, changes: [notice('escalated', { alert_type: 'DELAY', delay_minutes: 180 })], expected: ['QP1001 delay of 180 min'] },
    { name: 'one run per flight-date', changes: [notice('opened', {}), notice('opened', { id: 2 }), notice('opened', { flight_number: 'QP1101' })], expected: ['QP1001 cancellation', 'QP1101 cancellation'] },
    { name: 'other alert types', changes: [notice('opened', { alert_type: 'GATE_CHANGE' }), notice('opened', { alert_type: 'DIVERSION' })], expected: [] },
  ];
  it.each(cases)('$name', ({ changes, policy, expected }) => {
    expect(flightDatesToReaccommodate(changes, policy ?? DEFAULT_POLICY).map((f) => `${f.flight_number} ${f.why}`)).toEqual(expected);
  });
});
