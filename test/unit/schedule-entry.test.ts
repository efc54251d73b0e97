import { describe, expect, it } from 'vitest';
import { scheduleEntrySchema, toScheduleEntry } from '../../src/domain/schemas/schedule-entry.js';
import { toFieldIssues } from '../../src/domain/schemas/parse.js';

const good = {
  flight_number: 'QP1001',
  origin: 'DEL',
  destination: 'BOM',
  departure_time: '06:00',
  arrival_time: '08:10',
  arrival_day_offset: 0,
  days_of_operation: '1234567',
  valid_from: '2024-01-01',
  valid_to: '2027-12-31',
  aircraft_type: '7M8',
  base_fare: 5499,
};

function issues(input: unknown): Record<string, string> {
  const r = scheduleEntrySchema.safeParse(input);
  if (r.success) return {};
  return Object.fromEntries(toFieldIssues(r.error).map((i) => [i.field, i.message]));
}

describe('schedule line validation', () => {
  const rejected: Array<{ name: string; change: Record<string, unknown>; field: string; message: RegExp }> = [
    { name: 'flight number without QP', change: { flight_number: 'AI101' }, field: 'flight_number', message: /QP followed by 1-4 digits/ },
    { name: 'flight number too long', change: { flight_number: 'QP12345' }, field: 'flight_number', message: /QP followed/ },
    { name: 'origin not IATA', change: { origin: 'DELHI' }, field: 'origin', message: /3-letter IATA/ },
    { name: 'origin equals destination', change: { destination: 'DEL' }, field: 'destination', message: /must differ from origin/ },
    { name: 'hour 24', change: { departure_time: '24:00' }, field: 'departure_time', message: /HH:MM/ },
    { name: 'minutes 60', change: { arrival_time: '08:60' }, field: 'arrival_time', message: /HH:MM/ },
    { name: 'time without leading zero', change: { departure_time: '6:00' }, field: 'departure_time', message: /HH:MM/ },
    { name: 'arrival before departure same day', change: { arrival_day_offset: 0, arrival_time: '05:00' }, field: 'arrival_time', message: /after departure_time/ },
    { name: 'offset 2', change: { arrival_day_offset: 2 }, field: 'arrival_day_offset', message: /0 \(same day\) or 1/ },
    { name: 'day 8', change: { days_of_operation: '1238' }, field: 'days_of_operation', message: /weekday digits/ },
    { name: 'repeated day', change: { days_of_operation: '1135' }, field: 'days_of_operation', message: /without repeats/ },
    { name: 'empty days', change: { days_of_operation: '.......' }, field: 'days_of_operation', message: /weekday digits/ },
    { name: 'impossible date', change: { valid_from: '2026-02-30' }, field: 'valid_from', message: /calendar date/ },
    { name: 'validity reversed', change: { valid_from: '2027-01-01', valid_to: '2026-12-31' }, field: 'valid_to', message: /on or after valid_from/ },
    { name: 'unknown aircraft', change: { aircraft_type: '320' }, field: 'aircraft_type', message: /unknown aircraft type "320" \(known: 7M8\)/ },
    { name: 'zero fare', change: { base_fare: 0 }, field: 'base_fare', message: /positive whole number/ },
    { name: 'fractional fare', change: { base_fare: 4999.5 }, field: 'base_fare', message: /positive whole number/ },
    { name: 'fare text', change: { base_fare: 'cheap' }, field: 'base_fare', message: /whole number of rupees/ },
    { name: 'missing flight number', change: { flight_number: undefined }, field: 'flight_number', message: /required/ },
    { name: 'absurd block time', change: { departure_time: '06:00', arrival_time: '23:30' }, field: 'arrival_time', message: /not a domestic flight/ },
  ];
  it.each(rejected)('rejects $name', ({ change, field, message }) => {
    const found = issues({ ...good, ...change });
    expect(found[field], JSON.stringify(found)).toMatch(message);
  });

  const accepted: Array<{ name: string; change: Record<string, unknown>; expected: Partial<ReturnType<typeof toScheduleEntry>> }> = [
    { name: 'a canonical line', change: {}, expected: good },
    { name: 'lower case codes', change: { flight_number: 'qp1001', origin: 'del', aircraft_type: '7m8' }, expected: { flight_number: 'QP1001', origin: 'DEL', aircraft_type: '7M8' } },
    { name: 'CSV strings for numbers', change: { base_fare: '5499', arrival_day_offset: '0' }, expected: { base_fare: 5499, arrival_day_offset: 0 } },
    { name: 'SSIM placeholders in days', change: { days_of_operation: '1.3.5..' }, expected: { days_of_operation: '135' } },
    { name: 'days as a number', change: { days_of_operation: 246 }, expected: { days_of_operation: '246' } },
    { name: 'overnight with offset inferred', change: { departure_time: '22:45', arrival_time: '01:30', arrival_day_offset: undefined }, expected: { arrival_day_offset: 1 } },
    { name: 'same-day with offset inferred', change: { arrival_day_offset: undefined }, expected: { arrival_day_offset: 0 } },
    { name: 'one-day validity', change: { valid_from: '2026-12-01', valid_to: '2026-12-01' }, expected: { valid_to: '2026-12-01' } },
  ];
  it.each(accepted)('accepts $name', ({ change, expected }) => {
    const r = scheduleEntrySchema.safeParse({ ...good, ...change });
    expect(r.success, r.success ? '' : JSON.stringify(r.error.issues)).toBe(true);
    if (r.success) expect(toScheduleEntry(r.data)).toMatchObject(expected);
  });

  it('reports every bad field of a line at once', () => {
    const found = issues({ ...good, departure_time: '25:00', days_of_operation: '9', base_fare: -1 });
    expect(Object.keys(found).sort()).toEqual(['base_fare', 'days_of_operation', 'departure_time']);
  });
});
