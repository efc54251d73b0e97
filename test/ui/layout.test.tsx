import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { Dashboard } from '../../src/ui/dashboard.js';
import { age, budgetPanels, delayLabel, fit } from '../../src/ui/layout.js';
import { KEY, plain, settle, until } from './ink-helpers.js';
import { alert, details, event, flight, snapshot } from './snapshot-builders.js';

afterEach(() => cleanup());

const busy = snapshot({
  flights: Array.from({ length: 80 }, (_, i) =>
    flight({ flight_number: `QP${1100 + i}`, status: i % 9 === 0 ? 'DELAYED' : 'ON_TIME', delay_minutes: i % 9 === 0 ? 130 : 0, gate: String(i) }),
  ),
  alerts: Array.from({ length: 30 }, (_, i) =>
    alert({ id: i + 1, flight_number: `QP${1100 + i}`, severity: (['low', 'medium', 'high', 'critical'] as const)[i % 4], message: `a long message for alert ${i + 1} `.repeat(6) }),
  ),
  events: Array.from({ length: 30 }, (_, i) => event({ id: `e${i}`, flight_number: `QP${1100 + i}`, source: `file:${'very-long-name-'.repeat(5)}.jsonl` })),
});

function noop() {}

describe('dashboard layout', () => {
  it.each([
    [80, 24],
    [100, 30],
    [120, 40],
    [149, 24],
    [160, 45],
    [220, 60],
  ])('fits a %ix%i terminal, in the list and in an alert with many passengers', async (width, height) => {
    const a = busy.alerts[0]!;
    const view = render(<Dashboard snapshot={busy} details={null} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={width} height={height} />);
    const check = (frame: string) => {
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThanOrEqual(height);
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(width);
    };
    const list = plain(view.lastFrame());
    check(list);
    // More room shows more: at least as many flight rows as the smallest screen.
    expect(list).toMatch(/… \d+ more/);
    await settle();
    view.stdin.write(KEY.enter);
    view.rerender(<Dashboard snapshot={busy} details={details(a, 189)} onOpenDetails={noop} onResolve={noop} onQuit={noop} width={width} height={height} />);
    const frame = await until(view.lastFrame, (f) => f.includes('Affected passengers · 189'), 'details');
    check(frame);
    expect(frame).toContain('↑/↓ to scroll');
  });

  it('gives a taller terminal more rows in every panel it needs them for', () => {
    const small = budgetPanels(80, 24, { alerts: 30, events: 30 });
    const tall = budgetPanels(80, 60, { alerts: 30, events: 30 });
    expect(tall.flightRows).toBeGreaterThan(small.flightRows);
    expect(tall.alertRows).toBeGreaterThan(small.alertRows);
    expect(tall.eventRows).toBeGreaterThan(small.eventRows);
    expect(budgetPanels(80, 24, { alerts: 1, events: 0 }).flightRows).toBeGreaterThan(small.flightRows);
  });

  it.each([
    ['short text is padded', 'QP1', 6, 'QP1   '],
    ['exact fit', 'QP1001', 6, 'QP1001'],
    ['long text is cut with an ellipsis', 'CANCELLATION', 6, 'CANCE…'],
    ['arrows count as one column', 'DEL→BOM', 7, 'DEL→BOM'],
  ])('fit: %s', (_name, text, width, expected) => {
    expect(fit(text, width)).toBe(expected);
  });

  it.each([
    [null, '-'],
    [0, '0'],
    [75, '+75m'],
    [-5, '-5m'],
  ])('delayLabel(%s) = %s', (minutes, expected) => {
    expect(delayLabel(minutes)).toBe(expected);
  });

  it.each([
    ['2026-12-01T00:00:00Z', '2026-12-01T00:00:42Z', '42s'],
    ['2026-12-01T00:00:00Z', '2026-12-01T00:12:00Z', '12m'],
    ['2026-12-01T00:00:00Z', '2026-12-01T03:05:00Z', '3h05m'],
    ['2026-12-01T00:00:00Z', '2026-12-04T00:00:00Z', '3d'],
    ['2026-12-01T00:00:10Z', '2026-12-01T00:00:00Z', '0s'],
  ])('age(%s, %s) = %s', (from, now, expected) => {
    expect(age(from, now)).toBe(expected);
  });
});
