import { describe, expect, it } from 'vitest';
import { createClock } from '../../src/domain/clock.js';

describe('clock', () => {
  it('nowIso is now() as text, also when it is asked twice in one millisecond and after the millisecond moves', () => {
    let real = Date.UTC(2026, 11, 2, 10, 0, 0, 0);
    const clock = createClock(new Date('2030-01-01T00:00:00.000Z'), () => real);
    const seen: string[] = [];
    for (const step of [0, 0, 1, 0, 999, 59_000, 0, -5]) {
      real += step;
      seen.push(clock.nowIso());
      expect(clock.nowIso()).toBe(clock.now().toISOString());
    }
    expect(seen).toEqual([
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00.000Z',
      '2030-01-01T00:00:00.001Z',
      '2030-01-01T00:00:00.001Z',
      '2030-01-01T00:00:01.000Z',
      '2030-01-01T00:01:00.000Z',
      '2030-01-01T00:01:00.000Z',
      '2030-01-01T00:00:59.995Z',
    ]);
  });

  it('runs in real time without a start', () => {
    let real = Date.UTC(2026, 0, 1);
    const clock = createClock(undefined, () => real);
    expect(clock.nowIso()).toBe('2026-01-01T00:00:00.000Z');
    real += 1;
    expect(clock.nowIso()).toBe('2026-01-01T00:00:00.001Z');
  });
});
