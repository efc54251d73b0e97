import { describe, expect, it } from 'vitest';
import { describeConflict } from '../../src/domain/events/event-conflict.js';

describe('event id conflicts', () => {
  const logged = { event_id: 'x', flight_number: 'QP1001', status: 'ON_TIME', departure_gate: '12' };
  const cases: Array<{ name: string; received: Record<string, unknown>; expected: string | undefined }> = [
    { name: 'the same content (a retransmission) is no conflict', received: { ...logged }, expected: undefined },
    { name: 'the same content in another key order is no conflict', received: { departure_gate: '12', status: 'ON_TIME', flight_number: 'QP1001', event_id: 'x' }, expected: undefined },
    { name: 'a null field equals a missing one', received: { ...logged, arrival_gate: null }, expected: undefined },
    { name: 'another status', received: { ...logged, status: 'CANCELLED' }, expected: 'same event_id, different content: status CANCELLED, logged ON_TIME' },
    { name: 'a field added and one removed', received: { event_id: 'x', flight_number: 'QP1001', status: 'ON_TIME', arrival_gate: 'B2' }, expected: 'same event_id, different content: arrival_gate B2, logged none; departure_gate none, logged 12' },
  ];
  for (const c of cases) it(c.name, () => expect(describeConflict(logged, c.received)).toBe(c.expected));
});
