import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCoalescingLog, createLogger, formatPretty, type LogEntry } from '../../src/daemon/logger.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('daemon log', () => {
  it('prints the first lines of a window as they happen and sums the rest into one line', () => {
    vi.useFakeTimers();
    const entries: LogEntry[] = [];
    const busy = createCoalescingLog(createLogger((e) => entries.push(e)), 1000, 3);
    for (let i = 0; i < 10; i++) busy.add('accepted', 2, () => ({ message: `event ${i}` }), (n) => `${n} more`);
    expect(entries.map((e) => e.message)).toEqual(['event 0', 'event 1', 'event 2']);
    vi.advanceTimersByTime(1000);
    expect(entries.map((e) => e.message)).toEqual(['event 0', 'event 1', 'event 2', '14 more']);
    busy.add('accepted', 1, () => ({ message: 'next window' }), (n) => `${n} more`);
    expect(entries.at(-1)?.message).toBe('next window');
  });

  it('flush() prints pending summaries', () => {
    const entries: LogEntry[] = [];
    const busy = createCoalescingLog(createLogger((e) => entries.push(e)), 60_000, 1);
    busy.add('processed', 5, () => ({ message: 'first' }), (n) => `${n} more`);
    busy.add('processed', 7, () => ({ message: 'second' }), (n) => `${n} more`);
    busy.flush();
    expect(entries.map((e) => e.message)).toEqual(['first', '7 more']);
  });

  it('keeps the level it was given for the lines and the summary', () => {
    const entries: LogEntry[] = [];
    const busy = createCoalescingLog(createLogger((e) => entries.push(e)), 60_000, 1);
    for (let i = 0; i < 3; i++) busy.add('event_held', 1, () => ({ message: `held ${i}` }), (n) => `${n} more held`, 'warn');
    busy.flush();
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['warn', 'held 0'],
      ['warn', '2 more held'],
    ]);
  });

  it('a failing sink does not throw into the daemon', () => {
    const log = createLogger(() => {
      throw new Error('EPIPE');
    });
    expect(() => log.info('x', 'y')).not.toThrow();
  });

  it('pretty lines show IST time, the event and the message', () => {
    expect(formatPretty({ time: '2026-11-24T08:30:05.000Z', level: 'info', event: 'accepted', message: 'webhook: QP1001 DELAYED' })).toBe(
      '14:00:05 IST  accepted      webhook: QP1001 DELAYED',
    );
  });

  it('prints one line per entry whatever its message quotes (control characters escaped)', () => {
    const line = formatPretty({ time: '2026-12-01T09:00:00.000Z', level: 'info', event: 'accepted', message: 'webhook: QP1 DELAYED [x\r\n14:30:00 IST  accepted ALERT\u001b[2J]' });
    expect(line).toBe('14:30:00 IST  accepted      webhook: QP1 DELAYED [x\\u000d\\u000a14:30:00 IST  accepted ALERT\\u001b[2J]');
  });
});
