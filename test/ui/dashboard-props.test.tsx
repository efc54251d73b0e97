import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from 'ink-testing-library';
import type { AlertId } from '../../src/domain/dashboard-snapshot.js';
import { Dashboard } from '../../src/ui/dashboard.js';
import { KEY, plain, settle, until } from './ink-helpers.js';
import { alert, details, event, flight, snapshot } from './snapshot-builders.js';

afterEach(() => cleanup());

const busy = snapshot({
  flights: [
    flight(),
    flight({ flight_number: 'QP1002', origin: 'BOM', destination: 'BLR', status: 'CANCELLED', seats_sold: 120 }),
    flight({ flight_number: 'QP1003', origin: 'BLR', destination: 'HYD', status: 'DELAYED', delay_minutes: 75, gate: 'G12' }),
  ],
  alerts: [
    alert({ id: 7, alert_type: 'CANCELLATION', severity: 'critical', flight_number: 'QP1002', message: 'QP1002 cancelled' }),
    alert({ id: 8, flight_number: 'QP1003', message: 'QP1003 delayed 75 min' }),
  ],
  events: [event({ id: 'e2', flight_number: 'QP1002', status: 'CANCELLED' }), event({ id: 'e1', flight_number: 'QP1003' })],
  intake: { backlog: 3, per_second: 2.5, window_seconds: 60 },
});

function noop() {}

describe('Dashboard (props only)', () => {
  it('draws flights, alerts and the ticker inside 80x24', () => {
    const { lastFrame } = render(
      <Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />,
    );
    const frame = plain(lastFrame());
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(frame).toMatch(/QP1002\s+BOM→BLR\s+\S+\s+\S+\s+CANCELLED/);
    expect(frame).toMatch(/QP1003.*DELAYED\s+\+75m\s+G12/);
    expect(frame).toContain('120/189');
    expect(frame).toMatch(/CRITICAL\s+CANCELLATION\s+QP1002\s+10 pax/);
    expect(frame).toContain('intake 2.5/s');
    expect(frame).toMatch(/backlog 3/);
    expect(frame).toMatch(/QP1002\s+CANCELLED\s+processed\s+webhook/);
    expect(frame).toContain('↑/↓ select alert');
  });

  it('uses the extra rows of a taller terminal for more flights', () => {
    const many = snapshot({ flights: Array.from({ length: 40 }, (_, i) => flight({ flight_number: `QP${1100 + i}` })) });
    const small = render(<Dashboard snapshot={many} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />);
    const tall = render(<Dashboard snapshot={many} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={50} />);
    const count = (f: string) => (f.match(/QP11\d\d/g) ?? []).length;
    const smallFrame = plain(small.lastFrame());
    const tallFrame = plain(tall.lastFrame());
    expect(count(tallFrame)).toBeGreaterThan(count(smallFrame));
    expect(smallFrame).toMatch(/… \d+ more/);
    expect(tallFrame.split('\n').length).toBeLessThanOrEqual(50);
  });

  it('lists disrupted flights first when not all fit', () => {
    const many = snapshot({
      flights: [...Array.from({ length: 30 }, (_, i) => flight({ flight_number: `QP${1100 + i}` })), flight({ flight_number: 'QP1999', status: 'CANCELLED' })],
    });
    const { lastFrame } = render(<Dashboard snapshot={many} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />);
    expect(plain(lastFrame())).toContain('QP1999');
  });

  it('moves the selection with the arrow keys and opens details with Enter', async () => {
    const opened: Array<AlertId | null> = [];
    const a = busy.alerts[1]!;
    const { lastFrame, stdin, rerender } = render(
      <Dashboard snapshot={busy} details={null} onOpenDetails={(id) => opened.push(id)} onResolve={noop} onQuit={noop} width={80} height={24} />,
    );
    expect(plain(lastFrame())).toMatch(/›\s+CRITICAL/);
    await settle();
    stdin.write(KEY.down);
    await until(lastFrame, (f) => /›\s+MEDIUM/.test(f), 'second alert selected');
    stdin.write(KEY.enter);
    await settle();
    expect(opened).toEqual([8]);
    rerender(<Dashboard snapshot={busy} details={details(a, 3)} onOpenDetails={(id) => opened.push(id)} onResolve={noop} onQuit={noop} width={80} height={24} />);
    const frame = await until(lastFrame, (f) => f.includes('Affected passengers'), 'details');
    expect(frame).toMatch(/LOC002\s+Passenger 2\s+3A\s+CUST003\s+confirmed/);
    stdin.write(KEY.escape);
    await until(lastFrame, (f) => f.includes('Open alerts'), 'back to the list');
    expect(opened).toEqual([8, null]);
  });

  it('takes keys typed faster than they are read, one after the other', async () => {
    const resolved: Array<[AlertId, string | undefined]> = [];
    const { lastFrame, stdin } = render(
      <Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={(id, note) => void resolved.push([id, note])} onQuit={noop} width={80} height={24} />,
    );
    await settle();
    // One read: open the filter, type a flight, apply it.
    stdin.write('/QP1003\r');
    const filtered = await until(lastFrame, (f) => f.includes('filter "QP1003"'), 'filter applied from one chunk');
    expect(filtered).toContain('QP1003');
    expect(filtered).not.toContain('QP1002');
    // One read: clear the filter (Esc is its own event in ink), then resolve the first alert.
    stdin.write(KEY.escape);
    await until(lastFrame, (f) => f.includes('QP1002 cancelled'), 'filter cleared');
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    // In the note a run is typed text (a paste), Enter included; then y and a stray key together.
    stdin.write('paged crew\r');
    await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    stdin.write('yx');
    await until(() => String(resolved.length), (f) => f === '1', 'resolved');
    expect(resolved).toEqual([[7, 'paged crew']]);
  });

  it('resolves after a note and a confirmation, and not when cancelled', async () => {
    const resolved: Array<[AlertId, string | undefined]> = [];
    const { lastFrame, stdin } = render(
      <Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={(id, note) => void resolved.push([id, note])} onQuit={noop} width={80} height={24} />,
    );
    await settle();
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    // Typed faster than React re-renders: every key must still land.
    stdin.write('n');
    stdin.write('o');
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    expect(plain(lastFrame())).toContain('with note "no"');
    stdin.write('n');
    await until(lastFrame, (f) => f.includes('not resolved'), 'cancelled');
    expect(resolved).toEqual([]);

    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    for (const ch of 'crew found') stdin.write(ch);
    stdin.write(KEY.backspace);
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    stdin.write('y');
    await until(lastFrame, (f) => f.includes('alert 7 resolved'), 'resolved notice');
    expect(resolved).toEqual([[7, 'crew foun']]);
  });

  it('keeps the end of a long note and the y/N in view on an 80-column line', async () => {
    const { lastFrame, stdin } = render(<Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />);
    await settle();
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    stdin.write(`${'x'.repeat(90)} the end`);
    await until(lastFrame, (f) => f.includes('x the end'), 'the end of the note');
    stdin.write(KEY.enter);
    const frame = await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    expect(frame).toMatch(/^\[y\/N\] resolve alert 7/m);
  });

  it('shows why resolving failed', async () => {
    const { lastFrame, stdin } = render(
      <Dashboard
        snapshot={busy}
        details={null}
        onOpenDetails={noop}
        onResolve={() => {
          throw new Error('alert 7 is already resolved');
        }}
        onQuit={noop}
        width={80}
        height={24}
      />,
    );
    await settle();
    stdin.write('r');
    await until(lastFrame, (f) => f.includes('(optional):'), 'note prompt');
    stdin.write(KEY.enter);
    await until(lastFrame, (f) => f.includes('[y/N]'), 'confirmation');
    stdin.write('y');
    await until(lastFrame, (f) => f.includes('could not resolve alert 7: alert 7 is already resolved'), 'error notice');
  });

  it('filters flights, alerts and events by flight', async () => {
    const { lastFrame, stdin } = render(<Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />);
    await settle();
    stdin.write('/');
    await until(lastFrame, (f) => f.includes('Filter by flight'), 'filter prompt');
    for (const ch of '1003') stdin.write(ch);
    stdin.write(KEY.enter);
    const frame = await until(lastFrame, (f) => f.includes('filter "1003"'), 'filter applied');
    expect(frame).toContain('QP1003');
    expect(frame).not.toContain('QP1002');
    expect(frame).not.toContain('QP1001');
    stdin.write(KEY.escape);
    await until(lastFrame, (f) => f.includes('QP1002'), 'filter cleared');
  });

  it.each([
    ['q', 'q'],
    ['Ctrl-C', KEY.ctrlC],
  ])('quits with %s', async (_name, key) => {
    let quits = 0;
    const { stdin } = render(<Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={() => quits++} width={80} height={24} />);
    await settle();
    stdin.write(key);
    await settle();
    expect(quits).toBe(1);
  });

  it('does not quit on q typed into the filter', async () => {
    let quits = 0;
    const { lastFrame, stdin } = render(<Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={() => quits++} width={80} height={24} />);
    await settle();
    stdin.write('/');
    await until(lastFrame, (f) => f.includes('Filter by flight'), 'filter prompt');
    stdin.write('q');
    await settle();
    expect(quits).toBe(0);
  });

  it('marks a diverted flight, also after it landed at the alternate', () => {
    const snap = snapshot({ flights: [flight({ flight_number: 'QP1002', origin: 'BOM', destination: 'BLR', status: 'ARRIVED', diverted_to: 'MAA' })] });
    const { lastFrame } = render(<Dashboard snapshot={snap} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />);
    const frame = plain(lastFrame());
    expect(frame).toMatch(/QP1002\s+BOM→BLR\s+\S+\s+\S+\s+DIV→MAA/);
    expect(frame).toContain('1 disrupted');
  });

  it('puts flights beside alerts on a wide terminal', () => {
    const { lastFrame } = render(<Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={160} height={30} />);
    const frame = plain(lastFrame());
    expect(frame.split('\n').some((l) => l.includes('Flights') && l.includes('Open alerts'))).toBe(true);
  });
});

describe('DashboardApp (injected loader)', () => {
  it('keeps the last picture and says so when a refresh fails, and recovers', async () => {
    const { DashboardApp } = await import('../../src/ui/dashboard-app.js');
    let calls = 0;
    let failing = false;
    const load = () => {
      calls++;
      if (failing) throw new Error('database is locked');
      return calls > 1 ? { ...busy, flights: [...busy.flights, flight({ flight_number: 'QP1999' })] } : busy;
    };
    const { lastFrame } = render(
      <DashboardApp load={load} loadDetails={() => details(busy.alerts[0]!)} resolve={noop} onQuit={noop} intervalMs={20} width={80} height={24} />,
    );
    await until(lastFrame, (f) => f.includes('QP1999'), 'a refreshed picture');
    failing = true;
    const frame = await until(lastFrame, (f) => f.includes('refresh failed: database is locked'), 'the refresh problem');
    expect(frame).toContain('QP1002');
    failing = false;
    await until(lastFrame, (f) => !f.includes('refresh failed'), 'recovery');
  });

  it('tells an operator with an empty store how to fill it', () => {
    const { lastFrame } = render(<Dashboard snapshot={snapshot({ flights: [] })} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={80} height={24} />);
    expect(plain(lastFrame())).toContain('akasa db seed');
  });
});
