import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDate, isIsoInstant, toUtcIso } from '../../src/domain/dates.js';
import { readFileSync } from 'node:fs';
import { canonicalJson, flightEventSchema, instantMs, isEventDate, parseInstant } from '../../src/domain/events/flight-event.js';
import { parseFlightEventFast } from '../../src/domain/events/flight-event-fast.js';
import { eventIdOf, parseFlightEvent } from '../../src/pipeline/intake.js';

const base = { flight_number: 'QP2001', status: 'DELAYED', event_time: '2026-12-01T10:30:00Z' };
const ORIGINAL_STYLE_RULE = /required when the event has no event_time and no flight_date/;

describe('flight event validation', () => {
  const accepted: Array<{ name: string; input: Record<string, unknown>; check?: Record<string, unknown> }> = [
    { name: "the original design's fields (no event_time)", input: { flight_number: 'QP2001', status: 'DELAYED', estimated_arrival: '2026-12-01T16:25:00Z', scheduled_arrival: '2026-12-01T15:10:00Z', origin: 'BOM', destination: 'DEL' } },
    { name: 'an offset time, normalised to UTC', input: { ...base, estimated_arrival: '2026-12-01T21:55:00+05:30' }, check: { estimated_arrival: '2026-12-01T16:25:00.000Z' } },
    { name: 'microsecond precision', input: { ...base, event_time: '2026-11-24T20:15:33.123456Z' }, check: { event_time: '2026-11-24T20:15:33.123Z' } },
    { name: 'lower-case status', input: { ...base, flight_number: 'qp2001', status: 'cancelled' }, check: { status: 'CANCELLED', flight_number: 'QP2001' } },
    { name: 'airports outside the network', input: { ...base, origin: 'DXB', destination: 'SIN' } },
    { name: 'DIVERTED with diverted_to', input: { ...base, status: 'DIVERTED', diverted_to: 'MAA' } },
    { name: 'gates as numbers', input: { ...base, departure_gate: 14 }, check: { departure_gate: '14' } },
    { name: 'nulls for unknown values', input: { ...base, estimated_arrival: null, departure_gate: null } },
    { name: 'event_time without estimated_arrival', input: { ...base, status: 'CANCELLED' } },
    { name: 'a dated event (flight_date) without event_time or estimated_arrival', input: { flight_number: 'QP2001', status: 'CANCELLED', flight_date: '2026-12-01' } },
    { name: 'unknown extra fields, kept', input: { ...base, aircraft_reg: 'VT-YAA', crew: { captain: 'X' } }, check: { aircraft_reg: 'VT-YAA', crew: { captain: 'X' } } },
  ];
  for (const c of accepted) {
    it(`accepts ${c.name}`, () => {
      const r = parseFlightEvent(c.input);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok && c.check) expect(r.event).toMatchObject(c.check);
    });
  }

  const rejected: Array<{ name: string; input: unknown; field: string; message: RegExp }> = [
    { name: 'an unknown status', input: { ...base, status: 'LATE' }, field: 'status', message: /expected one of ON_TIME, DELAYED/ },
    { name: 'an original-style event without estimated_arrival', input: { flight_number: 'QP2001', status: 'DELAYED' }, field: 'estimated_arrival', message: ORIGINAL_STYLE_RULE },
    { name: 'a null estimated_arrival and a null event_time', input: { flight_number: 'QP2001', status: 'CANCELLED', event_time: null, estimated_arrival: null }, field: 'estimated_arrival', message: ORIGINAL_STYLE_RULE },
    { name: 'a missing status', input: { flight_number: 'QP1' }, field: 'status', message: /required/ },
    { name: 'a bad flight number', input: { ...base, flight_number: 'AI101' }, field: 'flight_number', message: /QP followed by 1-4 digits/ },
    { name: 'a time without zone', input: { ...base, estimated_arrival: '2026-12-01T16:25:00' }, field: 'estimated_arrival', message: /ISO-8601/ },
    { name: 'an impossible date', input: { ...base, scheduled_departure: '2026-02-30T10:00:00Z' }, field: 'scheduled_departure', message: /ISO-8601/ },
    { name: 'a bad flight_date', input: { ...base, flight_date: '01-12-2026' }, field: 'flight_date', message: /YYYY-MM-DD/ },
    { name: 'a lower-case airport', input: { ...base, origin: 'bom' }, field: 'origin', message: /3-letter IATA/ },
    { name: 'DIVERTED without diverted_to', input: { ...base, status: 'DIVERTED' }, field: 'diverted_to', message: /required when status is DIVERTED/ },
    { name: 'an empty event_id', input: { ...base, event_id: ' ' }, field: 'event_id', message: /must not be empty/ },
    { name: 'an array instead of an event', input: [base], field: '(event)', message: /expected a JSON object/ },
  ];
  for (const c of rejected) {
    it(`rejects ${c.name}, naming the field`, () => {
      const r = parseFlightEvent(c.input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        const issue = r.issues.find((i) => i.field === c.field);
        expect(issue, JSON.stringify(r.issues)).toBeDefined();
        expect(issue!.message).toMatch(c.message);
      }
    });
  }

  it('reports every bad field at once', () => {
    const r = parseFlightEvent({ flight_number: 'X', status: 'NOPE', estimated_arrival: 'soon' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field).sort()).toEqual(['estimated_arrival', 'flight_number', 'status']);
  });
});

describe('event ids', () => {
  it('uses event_id when given', () => {
    const r = parseFlightEvent({ ...base, event_id: 'feed-42' });
    expect(r.ok && eventIdOf(r.event)).toBe('feed-42');
  });
  it('hashes the canonical payload otherwise: key order and time notation do not matter', () => {
    const a = parseFlightEvent({ flight_number: 'QP1', status: 'ON_TIME', estimated_arrival: '2026-12-01T21:55:00+05:30' });
    const b = parseFlightEvent({ estimated_arrival: '2026-12-01T16:25:00.000Z', status: 'ON_TIME', flight_number: 'QP1' });
    const c = parseFlightEvent({ flight_number: 'QP1', status: 'DELAYED', estimated_arrival: '2026-12-01T16:25:00Z' });
    if (!a.ok || !b.ok || !c.ok) throw new Error('fixtures must parse');
    expect(eventIdOf(a.event)).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(eventIdOf(a.event)).toBe(eventIdOf(b.event));
    expect(eventIdOf(a.event)).not.toBe(eventIdOf(c.event));
  });
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}');
  });
});

describe('event times agree with the shared ISO-8601 rules', () => {
  const samples = [
    '2026-12-01T16:25:00Z',
    '2026-12-01T16:25:00.000Z',
    '2026-12-01T16:25Z',
    '2026-11-24T20:15:33.123456Z',
    '2026-11-24T20:15:33.1Z',
    '2026-12-01T21:55:00+05:30',
    '2026-12-01T21:55:00+0530',
    '2026-12-01T01:00:00-03:00',
    '2024-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-12-01T25:00:00Z',
    '2026-12-01T16:25:61Z',
    '2026-12-01 16:25:00Z',
    '2026-12-01T16:25:00',
    '2026-12-01',
    'soon',
    // The canonical form, read without the regex: every field checked.
    '2024-02-29T23:59:59.999Z',
    '2026-02-29T00:00:00.000Z',
    '2026-04-31T00:00:00.000Z',
    '2026-00-10T00:00:00.000Z',
    '2026-12-01T16:60:00.000Z',
    '2026-12-01T16:25:60.000Z',
    '2026-12-01T16:25:00.00aZ',
    '2026-12-01T16:25:00.000z',
    '2026-12-01t16:25:00.000Z',
    '2026-12-01T16-25:00.000Z',
    '2026-12-01T16:25:00,000Z',
    '+2026-12-01T16:25:00.000Z',
    '2024-02-29T23:59:59Z',
    '2026-02-29T00:00:00Z',
    '2026-12-01T16:25:60Z',
    '2026-12-01T16:2a:00Z',
    '2026-12-01T16:25:00z',
    '2026-12-01T16:25:00.Z',
  ];
  for (const s of samples) {
    it(s, () => {
      const expected = isIsoInstant(s) ? toUtcIso(s) : undefined;
      expect(parseInstant(s)).toBe(expected);
    });
  }
});

describe('instant arithmetic agrees with Date.parse', () => {
  for (const s of ['2026-12-01T16:25:00.000Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2026-12-01T16:25:00Z', '2024-02-29T23:59:59Z', '2026-12-01T21:55:00+05:30', '0050-01-01T00:00:00.000Z']) {
    it(s, () => expect(instantMs(s)).toBe(Date.parse(s)));
  }
});

describe('event dates agree with the shared calendar-date rule', () => {
  for (const s of ['2026-12-01', '2024-02-29', '2026-02-29', '1900-02-29', '2000-02-29', '2026-04-31', '2026-00-10', '2026-12-32', '2026-1-01', '01-12-2026', '2026-12-1a', '2026/12/01', '2026-12-01T', ' 2026-12-01']) {
    it(s, () => expect(isEventDate(s)).toBe(isCalendarDate(s)));
  }
});

describe('the fast validation path agrees with the zod schema', () => {
  const fixtureLines = ['qp2001-disruption', 'gate-change', 'diversion', 'delay-escalation', 'busy-day', 'held'].flatMap((f) =>
    readFileSync(new URL(`../../fixtures/events/${f}.jsonl`, import.meta.url), 'utf8').trim().split('\n'),
  );
  it(`on every fixture event (${fixtureLines.length})`, () => {
    let fast = 0;
    for (const line of fixtureLines) {
      const raw = JSON.parse(line) as Record<string, unknown>;
      const quick = parseFlightEventFast(raw);
      const full = flightEventSchema.safeParse(raw);
      expect(full.success).toBe(true);
      if (quick) {
        fast++;
        expect(quick).toEqual(full.data);
      }
    }
    expect(fast).toBe(fixtureLines.length);
  });
  const edge: Array<Record<string, unknown>> = [
    { flight_number: 'qp1', status: 'ON_TIME' },
    { flight_number: 'QP1', status: 'on_time' },
    { flight_number: 'QP1', status: 'DIVERTED' },
    { flight_number: 'QP1', status: 'DIVERTED', diverted_to: 'MAA', extra: [1, 2] },
    { flight_number: 'QP1', status: 'ON_TIME', event_id: ' x ' },
    { flight_number: 'QP1', status: 'ON_TIME', event_id: '' },
    { flight_number: 'QP1', status: 'ON_TIME', departure_gate: 14 },
    { flight_number: 'QP1', status: 'ON_TIME', departure_gate: ' 14' },
    { flight_number: 'QP1', status: 'ON_TIME', departure_gate: '12345678901' },
    { flight_number: 'QP1', status: 'ON_TIME', estimated_arrival: '2026-12-01T21:55:00+05:30', event_time: '2026-12-01T10:00:00.123456Z' },
    { flight_number: 'QP1', status: 'ON_TIME', estimated_arrival: '2026-12-01T21:55' },
    { flight_number: 'QP1', status: 'ON_TIME', estimated_arrival: null, origin: null, flight_date: null },
    { flight_number: 'QP1', status: 'ON_TIME', flight_date: '2026-02-30' },
    { flight_number: 'QP1', status: 'ON_TIME', origin: 'bom' },
    { flight_number: 'QP1', status: 'ON_TIME', delay_code: 93 },
  ];
  for (const raw of edge) {
    it(JSON.stringify(raw), () => {
      const quick = parseFlightEventFast(raw);
      const full = flightEventSchema.safeParse(raw);
      // The fast path may decline (undefined) but must never accept what zod refuses or disagree on output.
      if (quick) {
        expect(full.success).toBe(true);
        expect(quick).toEqual(full.data);
      }
    });
  }

  // Each field absent, null, canonical or not: the rules between fields (DIVERTED needs
  // diverted_to; no event_time needs estimated_arrival) get every combination.
  const field = <T>(...values: T[]) => fc.option(fc.constantFrom(...values), { nil: undefined });
  const generated = fc.record(
    {
      flight_number: field('QP1', 'qp1', 'QP12345'),
      status: field('DIVERTED', 'CANCELLED', 'delayed'),
      diverted_to: field(null, 'MAA', 'maa'),
      event_time: field(null, '2026-12-01T10:00:00.000Z', '2026-12-01T15:30:00+05:30', 'soon'),
      estimated_arrival: field(null, '2026-12-01T16:25:00.000Z', '2026-12-01T16:25Z'),
      flight_date: field(null, '2026-12-01', '2026-02-30'),
    },
    { requiredKeys: [] },
  );
  it('on generated events: never accepts what zod refuses, never differs from it', () => {
    fc.assert(
      fc.property(generated, (raw) => {
        const quick = parseFlightEventFast(raw);
        const full = flightEventSchema.safeParse(raw);
        if (!full.success) expect(quick).toBeUndefined();
        else if (quick) expect(quick).toEqual(full.data);
      }),
      { numRuns: 500 },
    );
  });
});
