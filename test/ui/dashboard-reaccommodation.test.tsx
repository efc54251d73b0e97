/**
 * The dashboard's re-accommodation key against a real store: `p` on a disruption alert shows
 * the plan of the same use case as `akasa reaccommodate`, `y` applies it, anything else
 * applies nothing; afterwards the alert's view shows what moved and who is left.
 */
import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../src/context.js';
import { addDays } from '../../src/domain/dates.js';
import { BOEING_737_8 } from '../../src/domain/aircraft.js';
import type { AlertId } from '../../src/domain/dashboard-snapshot.js';
import { createBooking } from '../../src/services/bookings.js';
import { loadAlertDetails, loadDashboard, reaccommodateFromDashboard, resolveFromDashboard } from '../../src/services/dashboard.js';
import { reaccommodate } from '../../src/services/reaccommodation.js';
import { listAlertRows } from '../../src/store/alert-list-repository.js';
import { countLiveBookings } from '../../src/store/booking-repository.js';
import { seatsSold, takenSeats } from '../../src/store/inventory-repository.js';
import { inventoryViolations, latestReaccommodationRun, liveBookingsWithCustomers } from '../../src/store/reaccommodation-repository.js';
import { listScheduleEntriesOn } from '../../src/store/schedule-repository.js';
import { DashboardApp } from '../../src/ui/dashboard-app.js';
import { fillFlight } from '../helpers/booking-builders.js';
import { DAY, disruptedStore, ingest } from './disrupted-store.js';
import { KEY, plain, settle, until } from './ink-helpers.js';

afterEach(() => cleanup());

/** Seats left on QP1103 (10:20), the one DEL→BOM flight with room: fewer than QP1001's passengers. */
const ROOM = 4;

function app(ctx: ServiceContext, size = { width: 80, height: 24 }) {
  return render(
    <DashboardApp
      load={() => loadDashboard(ctx, { date: DAY })}
      loadDetails={(id: AlertId) => loadAlertDetails(ctx, id)}
      resolve={(id, note) => resolveFromDashboard(ctx, id, note)}
      reaccommodate={(id, dryRun) => reaccommodateFromDashboard(ctx, id, dryRun)}
      onQuit={() => {}}
      intervalMs={50}
      {...size}
    />,
  );
}

/**
 * The disrupted store with every DEL→BOM flight the windows reach full, but for `ROOM`
 * seats on QP1103 that day: some of QP1001's passengers move there, the rest stay unplaced.
 */
async function crowdedStore(): Promise<ServiceContext> {
  const ctx = await disruptedStore();
  for (const d of [0, 1, 2]) {
    const date = addDays(DAY, d);
    for (const e of listScheduleEntriesOn(ctx.store, date, { origin: 'DEL', destination: 'BOM' })) {
      if (e.flight_number === 'QP1001' && date === DAY) continue;
      const taken = takenSeats(ctx.store, e.flight_number, date);
      const free = BOEING_737_8.seats.map((s) => s.seat).filter((s) => !taken.has(s));
      const keep = e.flight_number === 'QP1103' && date === DAY ? ROOM : 0;
      fillFlight(ctx.store, e.flight_number, date, free.length - keep, free.slice(keep));
    }
  }
  return ctx;
}

function cancellationId(ctx: ServiceContext): number {
  return listAlertRows(ctx.store, { resolved: false, limit: 10 }).alerts.find((a) => a.alert_type === 'CANCELLATION')!.id;
}

/** What the store holds of QP1001's passengers: who is on which flight, in which seat. */
function whereabouts(ctx: ServiceContext) {
  return liveBookingsWithCustomers(ctx.store, 'QP1001', DAY).map((b) => [b.locator, b.flight_number, b.seat]);
}

describe('dashboard: re-accommodating a cancelled flight', () => {
  it('shows the plan on p: unplaced first with the reason, then who goes where', async () => {
    const ctx = await crowdedStore();
    const plan = reaccommodate(ctx, { flight_number: 'QP1001', date: DAY, dry_run: true });
    expect(plan.moved).toBe(ROOM);
    expect(plan.unplaced).toBeGreaterThan(0);
    const { lastFrame, stdin } = app(ctx);
    await settle();
    expect(plain(lastFrame())).toMatch(/p re-accommodate/);
    stdin.write('p');
    const frame = await until(lastFrame, (f) => f.includes('[y/N]'), 'the plan and its question');
    expect(frame).toContain('Re-accommodation plan · QP1001 DEL→BOM 2026-12-01 · nothing changed yet');
    expect(frame).toContain(`${ROOM} to move · ${plan.unplaced} unplaced (stay on QP1001 for an operator)`);
    expect(frame).toContain(`To: QP1103 10:20 ×${ROOM}`);
    expect(frame).toContain(`[y/N] move ${ROOM} passengers off QP1001 2026-12-01 as shown; ${plan.unplaced} stay unplaced?`);
    const unplaced = plan.plan.find((p) => p.action === 'unplaced')!;
    const moved = plan.plan.find((p) => p.action === 'move')!;
    expect(frame).toMatch(new RegExp(`${unplaced.priority}\\s+${unplaced.passenger_name}\\s+${unplaced.locator}\\s+${unplaced.from.seat}\\s+UNPLACED all`));
    expect(frame).toMatch(new RegExp(`${moved.priority}\\s+${moved.passenger_name}\\s+${moved.locator}\\s+${moved.from.seat}\\s+→ QP1103 12-01 10:20–\\d\\d:\\d\\d ${moved.to!.seat}\\s+same_day`));
    // The unplaced come first: the first passenger row is one of them.
    const rows = frame.split('\n');
    expect(rows[rows.findIndex((l) => l.startsWith('PRI')) + 1]).toContain('UNPLACED');
    for (const line of rows) expect([...line].length).toBeLessThanOrEqual(80);
    expect(rows.length).toBeLessThanOrEqual(24);
    // Nothing changes while the plan is on screen.
    expect(countLiveBookings(ctx.store, 'QP1001', DAY)).toBe(plan.plan.length);
  });

  it('applies the plan on y through the service: moves in the store, sound inventory, and the alert view shows the result', async () => {
    const ctx = await crowdedStore();
    const id = cancellationId(ctx);
    const plan = reaccommodate(ctx, { flight_number: 'QP1001', date: DAY, dry_run: true });
    const soldBefore = seatsSold(ctx.store, 'QP1103', DAY);
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write('p');
    await until(lastFrame, (f) => f.includes('[y/N]'), 'the plan');
    stdin.write('y');
    const frame = await until(lastFrame, (f) => f.includes('Re-accommodation: '), 'the alert with the result');
    expect(frame).toContain(`Alert ${id} CRITICAL CANCELLATION · QP1001 2026-12-01 · OPEN`);
    expect(frame).toMatch(new RegExp(`Re-accommodation: ${ROOM} moved at \\d\\d:\\d\\d IST · ${plan.unplaced} unplaced, still on QP1001 \\(p retries\\)`));
    expect(frame).toContain(`moved ${ROOM} passengers off QP1001 on 2026-12-01; ${plan.unplaced} unplaced`);

    // The store: exactly the planned moves, nothing oversold, the unplaced still on QP1001.
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
    expect(seatsSold(ctx.store, 'QP1103', DAY)).toBe(soldBefore + ROOM);
    expect(seatsSold(ctx.store, 'QP1103', DAY)).toBe(189);
    expect(countLiveBookings(ctx.store, 'QP1001', DAY)).toBe(plan.unplaced);
    expect(latestReaccommodationRun(ctx.store, 'QP1001', DAY)).toMatchObject({ trigger: 'operator', moved: ROOM, unplaced: plan.unplaced });
    const stillOn = new Set(whereabouts(ctx).map(([locator]) => locator));
    expect([...stillOn].sort()).toEqual(plan.plan.filter((p) => p.action === 'unplaced').map((p) => p.locator).sort());
    for (const p of plan.plan.filter((p) => p.action === 'move')) {
      expect(frame).toMatch(new RegExp(`${p.locator}\\s+${p.passenger_name}\\s+${p.to!.seat}\\s.*QP1103 2026-12-01`));
    }
  });

  it('never oversells when a planned seat is sold between the look and the y, and says the run differs from the plan shown', async () => {
    const ctx = await crowdedStore();
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write('p');
    await until(lastFrame, (f) => f.includes(`[y/N] move ${ROOM} passengers`), 'the plan');
    createBooking(ctx, { customer_id: 'CUST010', flight_number: 'QP1103', depart_date: DAY });
    stdin.write('y');
    const frame = await until(lastFrame, (f) => f.includes('Re-accommodation: '), 'the result');
    expect(frame).toMatch(/\d+ changed since the plan was shown; moved \d passengers/);
    expect(seatsSold(ctx.store, 'QP1103', DAY)).toBe(189);
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it('applies nothing when the operator does not confirm', async () => {
    const ctx = await crowdedStore();
    const before = whereabouts(ctx);
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write('p');
    await until(lastFrame, (f) => f.includes('[y/N]'), 'the plan');
    stdin.write(KEY.down); // scrolling is not an answer
    await settle();
    expect(plain(lastFrame())).toContain('[y/N]');
    stdin.write('n');
    await until(lastFrame, (f) => f.includes('re-accommodation of QP1001 not applied: nothing changed'), 'cancelled');
    expect(plain(lastFrame())).toMatch(/Open alerts · 2/);
    expect(whereabouts(ctx)).toEqual(before);
    expect(latestReaccommodationRun(ctx.store, 'QP1001', DAY)).toBeUndefined();
    expect(inventoryViolations(ctx.store)).toEqual({ double_seats: [], sold_mismatches: [], over_capacity: [] });
  });

  it('plans from the alert details too, and Esc there leaves the details open and the store alone', async () => {
    const ctx = await crowdedStore();
    const before = whereabouts(ctx);
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => f.includes('Affected passengers'), 'details');
    expect(plain(lastFrame())).toMatch(/p re-accommodate/);
    stdin.write('p');
    await until(lastFrame, (f) => f.includes('[y/N]'), 'the plan');
    stdin.write(KEY.escape);
    await until(lastFrame, (f) => f.includes('Affected passengers') && f.includes('not applied'), 'back in the details');
    expect(whereabouts(ctx)).toEqual(before);
  });

  it('says why a flight that is not cancelled is not re-accommodated', async () => {
    const ctx = await disruptedStore();
    ingest(ctx, [{ event_id: 'qp1002-div', flight_number: 'QP1002', flight_date: DAY, status: 'DIVERTED', diverted_to: 'MAA', event_time: '2026-11-29T23:59:00Z' }]);
    const { lastFrame, stdin } = app(ctx, { width: 120, height: 30 });
    await settle();
    stdin.write('/');
    for (const ch of '1002') stdin.write(ch);
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => /›\s+CRITICAL\s+DIVERSION\s+QP1002/.test(f), 'the diversion selected');
    expect(plain(lastFrame())).toMatch(/p re-accommodate/);
    stdin.write('p');
    const frame = await until(lastFrame, (f) => f.includes('is DIVERTED'), 'the refusal');
    expect(frame).toContain('QP1002 on 2026-12-01 is DIVERTED; only the passengers of a cancelled flight are re-accommodated');
    expect(frame).not.toContain('[y/N]');
  });

  it('says so when nobody is left to move', async () => {
    const ctx = await disruptedStore();
    reaccommodate(ctx, { flight_number: 'QP1001', date: DAY });
    const { lastFrame, stdin } = app(ctx);
    await settle();
    stdin.write('p');
    const frame = await until(lastFrame, (f) => f.includes('no live bookings left on this flight'), 'the empty plan');
    expect(frame).toContain('0 to move · 0 unplaced');
    expect(frame).toContain('nothing to move: no live bookings left on QP1001 on 2026-12-01');
    expect(frame).toMatch(/Esc back/);
    expect(frame).not.toContain('[y/N]');
    stdin.write('y');
    await until(lastFrame, (f) => f.includes('not applied'), 'back to the list');
  });
});
