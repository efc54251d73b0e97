/**
 * `POST /webhook/flight-event`: one event or an array. Everything is validated first (one
 * bad event refuses the whole batch with per-event, per-field errors), then the events are
 * committed through the group-commit queue, and only then answered with 200. Processing
 * happens afterwards and never delays the answer.
 */
import { type FieldIssue, ValidationError } from '../../domain/errors.js';
import type { Clock } from '../../domain/clock.js';
import type { AppendOutcome, EventIntake, IntakeItem } from '../event-intake.js';
import { parseJsonBody } from '../read-body.js';
import type { Route } from '../router.js';
import type { WebhookVerifier } from '../../signing/webhook-signature.js';

export interface WebhookRouteDeps<E> {
  intake: EventIntake<E>;
  clock: Clock;
  /** With a secret configured: every request must be signed. */
  verifier?: WebhookVerifier;
  /** Told about each accepted request (for the log). */
  onAccepted?(outcomes: AppendOutcome[]): void;
  /** Called with how many events a refused request carried (for the daemon's metrics). */
  onRejected?(count: number): void;
}

/** One event: the original design's fields plus the id and whether it was a duplicate. */
export interface SingleEventResponse {
  message: string;
  flight_number: string;
  status: string;
  timestamp: string;
  event_id: string;
  duplicate: boolean;
}

export interface BatchEventResponse {
  message: string;
  timestamp: string;
  count: number;
  accepted: number;
  duplicates: number;
  events: AppendOutcome[];
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `webhook-id` doubles as the idempotency key: an event without its own `event_id` takes
 * the webhook id (with its index in a batch), so a resent message is a duplicate.
 */
function withIdempotencyKey(raw: unknown, webhookId: string | undefined, index: number | undefined): unknown {
  if (!webhookId || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const record = raw as Record<string, unknown>;
  if (record.event_id !== undefined && record.event_id !== null) return raw;
  return { ...record, event_id: index === undefined ? webhookId : `${webhookId}.${index}` };
}

export function webhookRoute<E>(deps: WebhookRouteDeps<E>): Route {
  return {
    method: 'POST',
    path: '/webhook/flight-event',
    async handler(req) {
      const raw = await req.rawBody();
      const webhookId = deps.verifier ? deps.verifier.verify(raw, req.headers) : header(req.headers['webhook-id']);
      let body: unknown;
      try {
        body = parseJsonBody(raw, header(req.headers['content-type']));
      } catch (err) {
        deps.onRejected?.(1);
        throw err;
      }
      if (body === undefined) throw ValidationError.field('(body)', 'required: one flight event object or an array of them');
      const isBatch = Array.isArray(body);
      const raws: unknown[] = isBatch ? (body as unknown[]) : [body];
      if (raws.length === 0) throw ValidationError.field('(body)', 'the array is empty: send at least one event');

      const items: Array<IntakeItem<E>> = [];
      const issues: FieldIssue[] = [];
      raws.forEach((r, i) => {
        const parsed = deps.intake.parse(withIdempotencyKey(r, webhookId, isBatch ? i : undefined));
        // One event the validator returned as sent (nothing added or normalised): its body is its payload.
        if (parsed.ok) items.push(!isBatch && parsed.event === r ? { event: parsed.event, source: 'webhook', payload: raw.toString('utf8').trim() } : { event: parsed.event, source: 'webhook' });
        else for (const issue of parsed.issues) issues.push({ field: isBatch ? `[${i}].${issue.field}` : issue.field, message: issue.message });
      });
      if (issues.length > 0) {
        deps.onRejected?.(raws.length);
        const bad = new Set(issues.map((x) => x.field.match(/^\[(\d+)\]/)?.[1] ?? '0')).size;
        throw new ValidationError(issues, isBatch ? `${bad} of ${raws.length} events are invalid; nothing was stored` : 'the event is invalid; nothing was stored');
      }

      const outcomes = await deps.intake.submit(items);
      deps.onAccepted?.(outcomes);
      const timestamp = deps.clock.nowIso();
      if (!isBatch) {
        const o = outcomes[0]!;
        const body: SingleEventResponse = {
          message: o.duplicate ? 'Duplicate flight event ignored' : 'Flight event received',
          flight_number: o.flight_number,
          status: o.status,
          timestamp,
          event_id: o.event_id,
          duplicate: o.duplicate,
        };
        return { body };
      }
      const duplicates = outcomes.filter((o) => o.duplicate).length;
      const batch: BatchEventResponse = {
        message: `${outcomes.length - duplicates} new flight event${outcomes.length - duplicates === 1 ? '' : 's'} received, ${duplicates} duplicate${duplicates === 1 ? '' : 's'}`,
        timestamp,
        count: outcomes.length,
        accepted: outcomes.length - duplicates,
        duplicates,
        events: outcomes,
      };
      return { body: batch };
    },
  };
}
