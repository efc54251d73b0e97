/**
 * When one event id arrives with two different contents. A feed that reuses an id for
 * other news (a CANCELLED sent under the id of an earlier ON_TIME) must not be silently
 * taken for a retransmission: the receipt is kept as a conflict for an operator.
 */
import { canonicalJson } from './flight-event.js';

/**
 * How `received` differs from the `logged` payload of the same event id, field by field
 * (`status CANCELLED, logged ON_TIME`); undefined when they are the same event.
 */
export function describeConflict(logged: Record<string, unknown>, received: Record<string, unknown>): string | undefined {
  const keys = [...new Set([...Object.keys(logged), ...Object.keys(received)])].sort();
  const differences: string[] = [];
  for (const key of keys) {
    const was = logged[key] ?? null;
    const now = received[key] ?? null;
    if (canonicalJson(was) === canonicalJson(now)) continue;
    const show = (v: unknown) => (v === null ? 'none' : typeof v === 'string' ? v : canonicalJson(v));
    differences.push(`${key} ${show(now)}, logged ${show(was)}`);
  }
  return differences.length > 0 ? `same event_id, different content: ${differences.join('; ')}` : undefined;
}
