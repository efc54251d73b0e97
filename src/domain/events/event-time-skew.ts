/**
 * How far ahead of its receipt an event may say it happened. A flight-date's state keeps
 * the latest `event_time` it has seen and treats older events as stale, so one event
 * dated in the future (a feed's broken clock, or a hostile sender) would make every real
 * event after it stale. A small allowance covers feeds whose clocks run a little ahead;
 * anything further ahead is refused at intake and never stored. Events behind the clock
 * (a replay of a past day) are never affected.
 */
import { instantMs } from '../dates.js';
import type { FieldIssue } from '../errors.js';

/** Default allowance for a feed's clock running ahead of ours, in minutes (AKASA_EVENT_SKEW_MIN). */
export const DEFAULT_EVENT_SKEW_MINUTES = 10;

/** The refusal of an `event_time` more than `skewMinutes` after `receivedMs`, or undefined when it is acceptable (or absent). */
export function futureEventTimeIssue(eventTime: string | null | undefined, receivedMs: number, skewMinutes: number): FieldIssue | undefined {
  if (!eventTime) return undefined;
  const ahead = instantMs(eventTime) - receivedMs;
  if (ahead <= skewMinutes * 60_000) return undefined;
  const minutes = Math.ceil(ahead / 60_000);
  return {
    field: 'event_time',
    message: `${eventTime} is ${minutes} min after the time it was received (${new Date(receivedMs).toISOString()}); at most ${skewMinutes} min ahead is accepted (AKASA_EVENT_SKEW_MIN)`,
  };
}
