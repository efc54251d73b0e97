/**
 * `POST /webhook/flight-event`: one event or an array. Everything is validated first (one
 * bad event refuses the whole batch with per-event, per-field errors), then the events are
 * committed through the group-commit queue, and only then answered with 200. Processing
 * happens afterwards and never delays the answer.
 */
import { type Rejection, ValidationError } from '../../domain/errors.js';
import type { Clock } from '../../domain/clock.js';
import { checkRecord, type IntakeSource, type IntakeTarget } from '../../pipeline/event-intake.js';
import type { AppendItem, AppendResult } from '../../pipeline/intake.js';
import type { StreamItem } from '../../pipeline/read-event-stream.js';
import { readJsonBody } from '../read-body.js';
import type { Route } from '../router.js';
import type { WebhookVerifier } from '../../signing/webhook-signature.js';

export interface WebhookRouteDeps {
  intake: IntakeTarget;
  clock: Clock;
  /** With a secret configured: every request must be signed. */
  verifier?: WebhookVerifier;
  /** Told about each accepted request (for the log). */
  onAccepted?(outcomes: AppendResult[]): void;
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
  events: AppendResult[];
}

/** How intake names the webhook: `http` in rejections, `webhook` in the log. */
const HTTP: IntakeSource = { name: 'http', tag: 'webhook' };

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

export function webhookRoute(deps: WebhookRouteDeps): Route {
  return {
    method: 'POST',
    path: '/webhook/flight-event',
    async handler(req) {
      const raw = await req.rawBody();
      const webhookId = deps.verifier ? deps.verifier.verify(raw, req.headers) : header(req.headers['webhook-id']);
      let json: { value: unknown; text: string } | undefined;
      try {
        json = readJsonBody(raw, header(req.headers['content-type']));
      } catch (err) {
        deps.onRejected?.(1);
        throw err;
      }
      if (json === undefined) throw ValidationError.field('(body)', 'required: one flight event object or an array of them');
      const body = json.value;
      const isBatch = Array.isArray(body);
      const raws: unknown[] = isBatch ? (body as unknown[]) : [body];
      if (raws.length === 0) throw ValidationError.field('(body)', 'the array is empty: send at least one event');

      const receipt = deps.intake.receipt();
      const items: AppendItem[] = [];
      const rejected: Rejection[] = [];
      let bad = 0;
      for (let i = 0; i < raws.length; i++) {
        const sent = raws[i];
        const keyed = withIdempotencyKey(sent, webhookId, isBatch ? i : undefined);
        // A single event as sent (no key added): its body is its payload, if the validator leaves it unchanged.
        const record: StreamItem = isBatch ? { line: 1, index: i, raw: keyed } : keyed === sent ? { line: 1, raw: sent, text: json.text.trim() } : { line: 1, raw: keyed };
        const checked = checkRecord(record, HTTP, receipt);
        if (checked.ok) items.push(checked.item);
        else {
          bad++;
          rejected.push(...checked.rejections);
        }
      }
      if (bad > 0) {
        deps.onRejected?.(raws.length);
        const details = rejected.map((r) => ({ field: isBatch ? `[${r.position}].${r.field}` : r.field, message: r.message }));
        throw new ValidationError(details, isBatch ? `${bad} of ${raws.length} events are invalid; nothing was stored` : 'the event is invalid; nothing was stored', rejected);
      }

      const outcomes = await deps.intake.append(items);
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
