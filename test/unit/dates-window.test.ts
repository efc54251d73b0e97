/**
 * Dates and times are read exactly, within 2000-2099 (issue #17): odd years and offsets
 * are refused or converted exactly, never stored as 1901 or `+010000-…`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDateIssue, instantIssue, isCalendarDate, isIsoInstant, parseInstant, toUtcIso } from '../../src/domain/dates.js';

describe('instants: exact, in 2000-2099', () => {
  const cases: Array<{ input: string; utc: string | undefined }> = [
    { input: '0001-01-01T05:30:00+05:30', utc: undefined },
    { input: '0000-01-01T00:00:00Z', utc: undefined },
    { input: '0099-06-01T00:00:00Z', utc: undefined },
    { input: '1901-01-01T00:00:00Z', utc: undefined },
    { input: '1999-12-31T23:59:59.999Z', utc: undefined },
    { input: '2000-01-01T00:00:00Z', utc: '2000-01-01T00:00:00.000Z' },
    { input: '2000-01-01T05:29:59+05:30', utc: undefined },
    { input: '2000-01-01T05:30:00+05:30', utc: '2000-01-01T00:00:00.000Z' },
    { input: '1999-12-31T20:00:00-04:00', utc: '2000-01-01T00:00:00.000Z' },
    { input: '2000-02-29T12:00:00Z', utc: '2000-02-29T12:00:00.000Z' },
    { input: '2026-12-01T21:55:00+05:30', utc: '2026-12-01T16:25:00.000Z' },
    { input: '2026-12-01T21:55:00+0530', utc: '2026-12-01T16:25:00.000Z' },
    { input: '2026-12-01T00:10:00+14:00', utc: '2026-11-30T10:10:00.000Z' },
    { input: '2026-12-01T23:50:00-12:00', utc: '2026-12-02T11:50:00.000Z' },
    { input: '2026-12-01T10:00:00+24:00', utc: undefined },
    { input: '2026-12-01T10:00:00+05:60', utc: undefined },
    { input: '2026-11-24T20:15:33.123456Z', utc: '2026-11-24T20:15:33.123Z' },
    { input: '2026-02-29T10:00:00Z', utc: undefined },
    { input: '2099-12-31T23:59:59.999Z', utc: '2099-12-31T23:59:59.999Z' },
    { input: '2099-12-31T23:00:00-05:00', utc: undefined },
    { input: '2100-01-01T05:00:00+05:30', utc: '2099-12-31T23:30:00.000Z' },
    { input: '2100-01-01T00:00:00Z', utc: undefined },
    { input: '2100-02-29T00:00:00Z', utc: undefined },
    { input: '9999-12-31T23:00:00-05:00', utc: undefined },
    { input: '9999-12-31T23:59:59Z', utc: undefined },
    { input: '+010000-01-01T00:00:00Z', utc: undefined },
    { input: '-000001-01-01T00:00:00Z', utc: undefined },
  ];
  for (const c of cases) {
    it(`${c.input} → ${c.utc ?? 'refused'}`, () => {
      expect(parseInstant(c.input)).toBe(c.utc);
      expect(isIsoInstant(c.input)).toBe(c.utc !== undefined);
      if (c.utc) expect(toUtcIso(c.input)).toBe(c.utc);
      else expect(() => toUtcIso(c.input)).toThrow(RangeError);
    });
  }

  it('says why: out of the accepted years, or not a time at all', () => {
    expect(instantIssue('9999-12-31T23:00:00-05:00')).toBe('expected a time in 2000-2099 (UTC), got "9999-12-31T23:00:00-05:00"');
    expect(instantIssue('0001-01-01T05:30:00+05:30')).toMatch(/in 2000-2099/);
    expect(instantIssue('soon')).toBe('expected an ISO-8601 time with Z or an offset, got "soon"');
  });

  it('every accepted instant becomes canonical UTC that sorts as it happens (any offset)', () => {
    const min = Date.UTC(2000, 0, 1);
    const max = Date.UTC(2100, 0, 1) - 1;
    const offset = fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 });
    const text = (ms: number, off: number) => {
      const local = new Date(ms + off * 60_000).toISOString().slice(0, 23);
      const sign = off < 0 ? '-' : '+';
      const a = Math.abs(off);
      return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: min - 2 * 86_400_000, max: max + 2 * 86_400_000 }), offset, fc.integer({ min: min, max: max }), offset, (a, offA, b, offB) => {
        const ua = parseInstant(text(a, offA));
        const ub = parseInstant(text(b, offB));
        expect(ua).toBe(a >= min && a <= max ? new Date(a).toISOString() : undefined);
        expect(ub).toBe(new Date(b).toISOString());
        if (ua) expect(ua < ub!).toBe(a < b);
      }),
      { numRuns: 500 },
    );
  });
});

describe('calendar dates: real, in 2000-2099', () => {
  const cases: Array<{ input: string; ok: boolean }> = [
    { input: '0000-01-01', ok: false },
    { input: '1999-12-31', ok: false },
    { input: '2000-01-01', ok: true },
    { input: '2000-02-29', ok: true },
    { input: '2026-02-29', ok: false },
    { input: '2099-12-31', ok: true },
    { input: '2100-01-01', ok: false },
    { input: '9999-12-31', ok: false },
    { input: '2026-1-01', ok: false },
  ];
  for (const c of cases) it(`${c.input} → ${c.ok ? 'accepted' : 'refused'}`, () => expect(isCalendarDate(c.input)).toBe(c.ok));

  it('says why', () => {
    expect(calendarDateIssue('9999-12-31')).toBe('expected a date in 2000-2099, got "9999-12-31"');
    expect(calendarDateIssue('2026-02-30')).toBe('expected a calendar date YYYY-MM-DD, got "2026-02-30"');
  });
});
