import { describe, expect, it } from 'vitest';
import { datedFlight, operatesOn, type ScheduleEntry } from '../../src/domain/schedule.js';

const line: ScheduleEntry = {
  flight_number: 'QP1531',
  origin: 'BLR',
  destination: 'GOX',
  departure_time: '09:30',
  arrival_time: '10:40',
  arrival_day_offset: 0,
  days_of_operation: '1357',
  valid_from: '2026-11-30',
  valid_to: '2026-12-13',
  aircraft_type: '7M8',
  base_fare: 3299,
};

describe('operatesOn', () => {
  const cases: Array<{ date: string; day: string; expected: boolean }> = [
    { date: '2026-11-29', day: 'Sunday before validity', expected: false },
    { date: '2026-11-30', day: 'Monday, first day', expected: true },
    { date: '2026-12-01', day: 'Tuesday', expected: false },
    { date: '2026-12-02', day: 'Wednesday', expected: true },
    { date: '2026-12-03', day: 'Thursday', expected: false },
    { date: '2026-12-04', day: 'Friday', expected: true },
    { date: '2026-12-05', day: 'Saturday', expected: false },
    { date: '2026-12-06', day: 'Sunday', expected: true },
    { date: '2026-12-13', day: 'Sunday, last day', expected: true },
    { date: '2026-12-14', day: 'Monday after validity', expected: false },
  ];
  it.each(cases)('$date ($day) → $expected', ({ date, expected }) => {
    expect(operatesOn(line, date)).toBe(expected);
  });
});

describe('datedFlight', () => {
  it('turns local IST times into UTC instants', () => {
    const f = datedFlight(line, '2026-12-02', () => 'Asia/Kolkata');
    expect(f.depart_date).toBe('2026-12-02');
    expect(f.scheduled_departure).toBe('2026-12-02T04:00:00.000Z');
    expect(f.scheduled_arrival).toBe('2026-12-02T05:10:00.000Z');
  });

  it('puts an overnight arrival on the next day', () => {
    const f = datedFlight({ ...line, departure_time: '22:45', arrival_time: '01:30', arrival_day_offset: 1 }, '2026-12-31', () => 'Asia/Kolkata');
    expect(f.scheduled_departure).toBe('2026-12-31T17:15:00.000Z');
    expect(f.scheduled_arrival).toBe('2026-12-31T20:00:00.000Z');
  });

  it('an early-morning IST departure is the previous day in UTC', () => {
    const f = datedFlight({ ...line, departure_time: '05:00', arrival_time: '06:10' }, '2026-12-02', () => 'Asia/Kolkata');
    expect(f.scheduled_departure).toBe('2026-12-01T23:30:00.000Z');
  });
});
