import { describe, expect, it } from 'vitest';
import { type AlertDecision, type OpenAlertView, passengerMessage, planAlertChanges } from '../../src/domain/alert-lifecycle.js';
import type { Detection, Finding } from '../../src/domain/disruption-rules.js';

const T = { delayMediumMinutes: 45, delayHighMinutes: 120 };
const delay = (m: number, severity: 'medium' | 'high'): Finding => ({ type: 'DELAY', severity, message: `delayed by ${m} min`, delay_minutes: m });
const openDelay = (m: number, severity: 'medium' | 'high' = 'medium'): OpenAlertView => ({ id: 7, alert_type: 'DELAY', severity, message: `delayed by ${m} min`, delay_minutes: m });
const detection = (findings: Finding[], delay_minutes: number | null, cancelled = false, over: Partial<Detection> = {}): Detection => ({
  findings,
  delay_minutes,
  status: cancelled ? 'CANCELLED' : 'DELAYED',
  cancelled,
  arrived: false,
  closed_out: false,
  operating: () => 'the flight operates (ON_TIME): departing 2026-12-01 06:00 IST',
  arrival: () => 'arrived at BOM at 2026-12-01 08:20 IST',
  ...over,
});
const summary = (ds: AlertDecision[]) =>
  ds.map((d) => (d.action === 'open' ? `open ${d.finding.type} ${d.finding.severity}` : d.action === 'resolve' ? `resolve #${d.alertId} ${d.reason}` : `${d.action} #${d.alertId} ${d.severity}`));

describe('alert lifecycle', () => {
  const cases: Array<{ name: string; open: OpenAlertView[]; detection: Detection; expect: string[] }> = [
    { name: 'nothing wrong, nothing open → nothing', open: [], detection: detection([], 10), expect: [] },
    { name: 'a delay over the threshold opens an alert', open: [], detection: detection([delay(75, 'medium')], 75), expect: ['open DELAY medium'] },
    { name: 'the same delay again → nothing', open: [openDelay(75)], detection: detection([delay(75, 'medium')], 75), expect: [] },
    { name: 'a slightly different delay (under 15 min) → nothing', open: [openDelay(75)], detection: detection([delay(80, 'medium')], 80), expect: [] },
    { name: 'a worse delay, same severity → escalate', open: [openDelay(50)], detection: detection([delay(90, 'medium')], 90), expect: ['escalate #7 medium'] },
    { name: 'a delay crossing the high threshold → escalate to high', open: [openDelay(110)], detection: detection([delay(120, 'high')], 120), expect: ['escalate #7 high'] },
    { name: 'a better delay still over the threshold → update', open: [openDelay(150, 'high')], detection: detection([delay(60, 'medium')], 60), expect: ['update #7 medium'] },
    { name: 'a delay back under the threshold → resolve (recovered)', open: [openDelay(150, 'high')], detection: detection([], 20), expect: ['resolve #7 recovered'] },
    { name: 'unknown delay keeps the alert open', open: [openDelay(75)], detection: detection([], null), expect: [] },
    {
      name: 'a cancellation opens CANCELLATION and supersedes the delay alert',
      open: [openDelay(75)],
      detection: detection([{ type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null }], 75, true),
      expect: ['open CANCELLATION critical', 'resolve #7 superseded'],
    },
    {
      name: 'a repeated cancellation → nothing',
      open: [{ id: 3, alert_type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null }],
      detection: detection([{ type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null }], null, true),
      expect: [],
    },
    {
      name: 'a second gate change updates the open gate alert',
      open: [{ id: 4, alert_type: 'GATE_CHANGE', severity: 'medium', message: 'gate 12 to 14', delay_minutes: null }],
      detection: detection([{ type: 'GATE_CHANGE', severity: 'medium', message: 'gate 14 to 16', delay_minutes: null }], null),
      expect: ['update #4 medium'],
    },
    {
      name: 'boarding then departed updates the schedule-change alert',
      open: [{ id: 5, alert_type: 'SCHEDULE_CHANGE', severity: 'low', message: 'boarding', delay_minutes: null }],
      detection: detection([{ type: 'SCHEDULE_CHANGE', severity: 'low', message: 'departed', delay_minutes: null }], null),
      expect: ['update #5 low'],
    },
    {
      name: 'a diversion next to an open delay leaves the delay alone',
      open: [openDelay(75)],
      detection: detection([{ type: 'DIVERSION', severity: 'critical', message: 'diverted', delay_minutes: null }, delay(75, 'medium')], 75),
      expect: ['open DIVERSION critical'],
    },
    {
      name: 'a cancelled flight shown operating again → the cancellation resolves (reinstated)',
      open: [{ id: 3, alert_type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null }],
      detection: detection([], 0, false, { status: 'ON_TIME' }),
      expect: ['resolve #3 reinstated'],
    },
    {
      name: 'reinstated with a delay → the delay opens and the cancellation resolves',
      open: [{ id: 3, alert_type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null }],
      detection: detection([delay(60, 'medium')], 60),
      expect: ['open DELAY medium', 'resolve #3 reinstated'],
    },
    {
      name: 'a diverted flight arriving at its destination → the diversion resolves (closed)',
      open: [{ id: 6, alert_type: 'DIVERSION', severity: 'critical', message: 'diverted', delay_minutes: null }],
      detection: detection([], 30, false, { status: 'ARRIVED', arrived: true, closed_out: true }),
      expect: ['resolve #6 closed'],
    },
    {
      name: 'a diverted flight in the air again → the diversion stays open',
      open: [{ id: 6, alert_type: 'DIVERSION', severity: 'critical', message: 'diverted', delay_minutes: null }],
      detection: detection([], 30, false, { status: 'DEPARTED' }),
      expect: [],
    },
    {
      name: 'a diverted flight cancelled → the cancellation opens, the diversion is superseded',
      open: [{ id: 6, alert_type: 'DIVERSION', severity: 'critical', message: 'diverted', delay_minutes: null }],
      detection: detection([{ type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null }], null, true),
      expect: ['open CANCELLATION critical', 'resolve #6 superseded'],
    },
    { name: 'an open delay when the flight arrives → resolve (closed)', open: [openDelay(75)], detection: detection([], 75, false, { status: 'ARRIVED', arrived: true, closed_out: true }), expect: ['resolve #7 closed'] },
  ];
  for (const c of cases) it(c.name, () => expect(summary(planAlertChanges(c.open, c.detection, T))).toEqual(c.expect));

  it('tells passengers of a reinstatement and of a diversion closed out, not of a delay closed by arrival', () => {
    const cancellation: OpenAlertView = { id: 3, alert_type: 'CANCELLATION', severity: 'critical', message: 'cancelled', delay_minutes: null };
    const diversion: OpenAlertView = { id: 6, alert_type: 'DIVERSION', severity: 'critical', message: 'diverted', delay_minutes: null };
    const reinstated = planAlertChanges([cancellation], detection([], 0, false, { status: 'ON_TIME' }), T)[0]!;
    expect(reinstated).toMatchObject({ notifyPassengers: true, note: 'reinstated: the flight operates (ON_TIME): departing 2026-12-01 06:00 IST' });
    const arrived = detection([], 75, false, { status: 'ARRIVED', arrived: true, closed_out: true });
    expect(planAlertChanges([diversion], arrived, T)[0]).toMatchObject({ notifyPassengers: true, note: 'arrived at BOM at 2026-12-01 08:20 IST' });
    expect(planAlertChanges([openDelay(75)], arrived, T)[0]).toMatchObject({ notifyPassengers: false, note: 'arrived at BOM at 2026-12-01 08:20 IST, 75 min late' });
  });

  it('notifies passengers of a recovery but not of a supersession', () => {
    const recovered = planAlertChanges([openDelay(75)], detection([], 10), T)[0]!;
    const superseded = planAlertChanges([openDelay(75)], detection([], 75, true), T)[0]!;
    expect(recovered.notifyPassengers).toBe(true);
    expect(superseded.notifyPassengers).toBe(false);
    expect(recovered.action === 'resolve' && recovered.note).toBe('delay down to 10 min, under the 45-min threshold');
  });

  it('writes a passenger message per change kind', () => {
    expect(passengerMessage('opened', 'QP1 DEL→BOM on 2026-12-01 is cancelled', null, 'Asha', 'ABC123')).toBe('Dear Asha, QP1 DEL→BOM on 2026-12-01 is cancelled. Booking ABC123.');
    expect(passengerMessage('resolved', 'QP1 DEL→BOM on 2026-12-01 is delayed by 90 min', 'delay down to 10 min', 'Asha', 'ABC123')).toBe(
      'Dear Asha, update: QP1 DEL→BOM on 2026-12-01 — delay down to 10 min. Booking ABC123.',
    );
  });
});
