/**
 * The dashboard against a real store: the loader reads what the pipeline wrote, and keys
 * act on the store through the same services as the CLI.
 */
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertId } from '../../src/domain/dashboard-snapshot.js';
import type { ServiceContext } from '../../src/context.js';
import { getAlert } from '../../src/services/alerts.js';
import { loadAlertDetails, loadDashboard, resolveFromDashboard } from '../../src/services/dashboard.js';
import { listAlertRows } from '../../src/store/alert-list-repository.js';
import { getAlertRow } from '../../src/store/alert-repository.js';
import { DashboardApp } from '../../src/ui/dashboard-app.js';
import { DAY, disruptedStore, ingest } from './disrupted-store.js';
import { KEY, plain, settle, until } from './ink-helpers.js';

afterEach(() => cleanup());

function openAlerts(ctx: ServiceContext) {
  return listAlertRows(ctx.store, { resolved: false, limit: 100 }).alerts;
}

function app(ctx: ServiceContext, onQuit = () => {}) {
  return render(
    <DashboardApp
      load={() => loadDashboard(ctx, { date: DAY })}
      loadDetails={(id: AlertId) => loadAlertDetails(ctx, id)}
      resolve={(id, note) => resolveFromDashboard(ctx, id, note)}
      onQuit={onQuit}
      intervalMs={50}
      width={80}
      height={24}
    />,
  );
}

describe('dashboard loader', () => {
  it('reads flights with live state, open alerts by severity, the latest events and the intake', async () => {
    const ctx = await disruptedStore();
    const snap = loadDashboard(ctx, { date: DAY });
    expect(snap.date).toBe(DAY);
    const qp1001 = snap.flights.find((f) => f.flight_number === 'QP1001');
    expect(qp1001).toMatchObject({ origin: 'DEL', destination: 'BOM', status: 'CANCELLED', capacity: 189 });
    expect(qp1001!.seats_sold).toBeGreaterThan(0);
    expect(snap.flights.find((f) => f.flight_number === 'QP1101')).toMatchObject({ status: 'DELAYED', delay_minutes: 130, gate: '14' });
    expect(snap.flights.find((f) => f.flight_number === 'QP1201')).toMatchObject({ status: 'SCHEDULED', delay_minutes: null, gate: null });
    expect(snap.alerts.map((a) => [a.flight_number, a.alert_type, a.severity])).toEqual([
      ['QP1001', 'CANCELLATION', 'critical'],
      ['QP1101', 'DELAY', 'high'],
    ]);
    expect(snap.alerts[0]!.affected_count).toBe(openAlerts(ctx).find((a) => a.alert_type === 'CANCELLATION')!.booking_ids.length);
    expect(snap.alerts[0]!.affected_count).toBeGreaterThan(0);
    expect(snap.events.map((e) => e.flight_number)).toEqual(['QP1101', 'QP1001', 'QP1001']);
    expect(snap.events.every((e) => e.outcome === 'processed')).toBe(true);
    expect(snap.intake.backlog).toBe(0);
    expect(snap.intake.per_second).toBeCloseTo(3 / 60);
  });

  it('keeps a diversion on the flight after it lands at the alternate', async () => {
    const ctx = await disruptedStore();
    ingest(ctx, [
      { event_id: 'd1', flight_number: 'QP1002', flight_date: DAY, status: 'DIVERTED', diverted_to: 'MAA', event_time: '2026-11-29T23:59:00Z' },
      { event_id: 'd2', flight_number: 'QP1002', flight_date: DAY, status: 'ARRIVED', event_time: '2026-11-30T00:00:00Z' },
    ]);
    const snap = loadDashboard(ctx, { date: DAY });
    expect(snap.flights.find((f) => f.flight_number === 'QP1002')).toMatchObject({ status: 'ARRIVED', diverted_to: 'MAA' });
    expect(snap.alerts.map((a) => a.alert_type)).toContain('DIVERSION');
  });

  it('defaults to today in IST and refuses a malformed date', async () => {
    const ctx = await disruptedStore();
    expect(loadDashboard(ctx).date).toBe('2026-11-30');
    expect(() => loadDashboard(ctx, { date: '2026-02-30' })).toThrow(/date: expected a calendar date/);
  });

  it('gives an alert with its affected passengers, booking and seat', async () => {
    const ctx = await disruptedStore();
    const cancellation = openAlerts(ctx).find((a) => a.alert_type === 'CANCELLATION')!;
    const details = loadAlertDetails(ctx, cancellation.id);
    const expected = getAlert(ctx, cancellation.id).affected_passengers;
    expect(details.passengers.map((p) => [p.locator, p.seat])).toEqual(expected.map((p) => [p.locator, p.seat]));
    expect(details.passengers.length).toBe(cancellation.booking_ids.length);
    expect(() => loadAlertDetails(ctx, 9999)).toThrow(/alert 9999 not found/);
  });
});

describe('DashboardApp on a temp store', () => {
  it('draws the flights, the alerts and the ticker from the store', async () => {
    const ctx = await disruptedStore();
    const { lastFrame } = app(ctx);
    const frame = plain(lastFrame());
    expect(frame).toMatch(/QP1001\s+DEL→BOM\s+06:00\s+08:10\s+CANCELLED/);
    expect(frame).toMatch(/QP1101\s+DEL→BOM\s+\S+\s+\S+\s+DELAYED\s+\+130m\s+14/);
    expect(frame).toMatch(/Open alerts · 2/);
    expect(frame).toMatch(/›\s+CRITICAL\s+CANCELLATION\s+QP1001/);
    expect(frame).toMatch(/HIGH\s+DELAY\s+QP1101/);
    expect(frame).toMatch(/QP1001\s+CANCELLED\s+processed\s+cli/);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
  });

  it('picks up new events without a key press', async () => {
    const ctx = await disruptedStore();
    const { lastFrame } = app(ctx);
    ingest(ctx, [{ event_id: 'qp1201-gate', flight_number: 'QP1201', flight_date: DAY, status: 'ON_TIME', departure_gate: '3', event_time: '2026-11-29T23:59:00Z' }]);
    await until(lastFrame, (f) => /QP1201\s+BLR→DEL\s+\S+\s+\S+\s+ON_TIME/.test(f), 'the refreshed flight');
  });

  it('opens details with the affected passengers, then resolves the selected alert in the store with a note', async () => {
    const ctx = await disruptedStore();
    const cancellation = openAlerts(ctx).find((a) => a.alert_type === 'CANCELLATION')!;
    const first = getAlert(ctx, cancellation.id).affected_passengers[0]!;
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write(KEY.enter);
    const details = await until(lastFrame, (f) => f.includes('Affected passengers'), 'details');
    expect(details).toContain(`Alert ${cancellation.id} CRITICAL CANCELLATION · QP1001 2026-12-01 · OPEN`);
    expect(details).toMatch(new RegExp(`${first.locator}\\s+${first.passenger_name}\\s+${first.seat}\\s+${first.customer_id}\\s+confirmed`));
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    for (const ch of 'rebooked') stdin.write(ch);
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    expect(getAlertRow(ctx.store, cancellation.id)!.resolved).toBe(false);
    stdin.write('y');
    await until(lastFrame, (f) => f.includes(`alert ${cancellation.id} resolved (rebooked)`), 'resolved notice');
    const after = getAlertRow(ctx.store, cancellation.id)!;
    expect(after.resolved).toBe(true);
    expect(after.resolution_note).toBe('rebooked');
    expect(plain(lastFrame())).toContain('RESOLVED');
    stdin.write(KEY.escape);
    await until(lastFrame, (f) => /Open alerts · 1/.test(f), 'the list without the resolved alert');
    expect(plain(lastFrame())).not.toMatch(/CANCELLATION\s+QP1001/);
  });

  it('leaves the alert open when the operator does not confirm', async () => {
    const ctx = await disruptedStore();
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    stdin.write(KEY.enter); // the default is No
    await until(lastFrame, (f) => f.includes('not resolved'), 'cancelled');
    expect(openAlerts(ctx)).toHaveLength(2);
  });

  it('shows the store refusing to resolve an alert someone else resolved', async () => {
    const ctx = await disruptedStore();
    const cancellation = openAlerts(ctx).find((a) => a.alert_type === 'CANCELLATION')!;
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    resolveFromDashboard(ctx, cancellation.id, 'from another desk');
    stdin.write(KEY.enter);
    stdin.write('y');
    await until(lastFrame, (f) => f.includes(`could not resolve alert ${cancellation.id}: alert ${cancellation.id} is already resolved`), 'the conflict');
    expect(getAlertRow(ctx.store, cancellation.id)!.resolution_note).toBe('from another desk');
  });

  it('selects with the arrows and filters by flight', async () => {
    const ctx = await disruptedStore();
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write(KEY.down);
    await until(lastFrame, (f) => /›\s+HIGH\s+DELAY\s+QP1101/.test(f), 'second alert selected');
    stdin.write(KEY.up);
    await until(lastFrame, (f) => /›\s+CRITICAL/.test(f), 'first alert selected');
    stdin.write('/');
    for (const ch of 'qp1101') stdin.write(ch);
    stdin.write(KEY.enter);
    const frame = await until(lastFrame, (f) => f.includes('filter "qp1101"'), 'filter applied');
    expect(frame).toMatch(/Flights 2026-12-01 · 1 flight/);
    expect(frame).toMatch(/Open alerts · 1/);
    expect(frame).not.toContain('QP1001');
  });

  it('quits on q', async () => {
    const ctx = await disruptedStore();
    let quit = 0;
    const { stdin } = app(ctx, () => quit++);
    await settle();
    stdin.write('q');
    await settle();
    expect(quit).toBe(1);
  });
});
