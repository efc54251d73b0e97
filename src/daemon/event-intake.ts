/**
 * What the daemon's front doors (webhook, inbox) need from the pipeline's intake, as one
 * small interface: validate a raw event, and submit validated events for a durable append
 * through the group-commit queue. Keeps the routes and the file queue independent of how
 * events are stored, and testable on their own.
 */
import type { FieldIssue } from '../domain/errors.js';

export type ParseOutcome<E> = { ok: true; event: E } | { ok: false; issues: FieldIssue[] };

/** One stored (or recognised) event, as the pipeline's append reports it. */
export interface AppendOutcome {
  event_id: string;
  duplicate: boolean;
  flight_number: string;
  status: string;
  /** Why the event is held for an operator (no such scheduled flight-date), when it is. */
  held?: string | null;
  /** How a duplicate's content differs from the logged event's, when it does. */
  conflict?: string | null;
}

export interface IntakeItem<E> {
  event: E;
  /** `webhook`, `file:<name>` */
  source: string;
  /** The event's JSON text as received, when it parses to exactly `event`: stored as sent, not serialised again. */
  payload?: string;
}

export interface EventIntake<E> {
  parse(raw: unknown): ParseOutcome<E>;
  /** Resolves once the items are committed (one result per item, in order). */
  submit(items: Array<IntakeItem<E>>): Promise<AppendOutcome[]>;
}
