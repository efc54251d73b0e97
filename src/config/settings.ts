import { createClock, type Clock } from '../domain/clock.js';
import { type FieldIssue, ValidationError } from '../domain/errors.js';
import { readWholeNumber } from '../domain/whole-number.js';
import { instantIssue, isIsoInstant, toUtcIso } from '../domain/dates.js';
import { DEFAULT_EVENT_SKEW_MINUTES } from '../domain/events/event-time-skew.js';

/** Tunables read from the environment; each has a documented default (README, "Configuration"). */
export interface Settings {
  /** Voluntary change fee in INR (`AKASA_CHANGE_FEE`, default 3000). */
  changeFee: number;
  /** Delay (minutes) at which a DELAY alert opens as `medium` (`AKASA_DELAY_MEDIUM_MIN`, default 45). */
  delayMediumMinutes: number;
  /** Delay (minutes) at which a DELAY alert becomes `high` (`AKASA_DELAY_HIGH_MIN`, default 120). */
  delayHighMinutes: number;
  /** How far ahead of its receipt an event's `event_time` may lie, in minutes (`AKASA_EVENT_SKEW_MIN`, default 10). */
  eventSkewMinutes: number;
  /** Delay (minutes) of an open DELAY alert from which a change is involuntary, fees waived (`AKASA_INVOLUNTARY_DELAY_MIN`, default 120). */
  involuntaryDelayMinutes: number;
  /** Check-in closes this many minutes before departure; no closer flight is offered or chosen (`AKASA_CHECKIN_CUTOFF_MIN`, default 45). */
  checkInCutoffMinutes: number;
  /** Fee kept from a voluntary refund in INR (`AKASA_CANCELLATION_FEE`; unset: the rights policy's default, 3000). */
  cancellationFee?: number;
}

export const DEFAULT_SETTINGS: Settings = {
  changeFee: 3000,
  delayMediumMinutes: 45,
  delayHighMinutes: 120,
  eventSkewMinutes: DEFAULT_EVENT_SKEW_MINUTES,
  involuntaryDelayMinutes: 120,
  checkInCutoffMinutes: 45,
};

/** Longest clock-skew allowance accepted: a day (more would let one event freeze a flight-date again). */
const MAX_EVENT_SKEW_MINUTES = 1440;

/**
 * The settings from the environment, validated as a whole: every value a whole number in
 * range and the delay thresholds in order (medium below high), or a ValidationError naming
 * each bad variable (exit 2), so a misconfigured daemon refuses to start instead of
 * raising wrong alerts.
 */
export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  const issues: FieldIssue[] = [];
  const read = (name: string, fallback: number, bounds: { min: number; max: number }): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const r = readWholeNumber(raw, bounds);
    if (r.ok) return r.value;
    issues.push({ field: name, message: r.message });
    return fallback;
  };
  const settings: Settings = {
    changeFee: read('AKASA_CHANGE_FEE', DEFAULT_SETTINGS.changeFee, { min: 0, max: 10_000_000 }),
    delayMediumMinutes: read('AKASA_DELAY_MEDIUM_MIN', DEFAULT_SETTINGS.delayMediumMinutes, { min: 1, max: 10_080 }),
    delayHighMinutes: read('AKASA_DELAY_HIGH_MIN', DEFAULT_SETTINGS.delayHighMinutes, { min: 1, max: 10_080 }),
    eventSkewMinutes: read('AKASA_EVENT_SKEW_MIN', DEFAULT_SETTINGS.eventSkewMinutes, { min: 0, max: MAX_EVENT_SKEW_MINUTES }),
    involuntaryDelayMinutes: read('AKASA_INVOLUNTARY_DELAY_MIN', DEFAULT_SETTINGS.involuntaryDelayMinutes, { min: 1, max: 10_080 }),
    checkInCutoffMinutes: read('AKASA_CHECKIN_CUTOFF_MIN', DEFAULT_SETTINGS.checkInCutoffMinutes, { min: 0, max: 1440 }),
  };
  if (env.AKASA_CANCELLATION_FEE) settings.cancellationFee = read('AKASA_CANCELLATION_FEE', 0, { min: 0, max: 10_000_000 });
  if (issues.length === 0 && settings.delayMediumMinutes >= settings.delayHighMinutes) {
    issues.push({
      field: 'AKASA_DELAY_MEDIUM_MIN',
      message: `must be below AKASA_DELAY_HIGH_MIN (medium ${settings.delayMediumMinutes} min, high ${settings.delayHighMinutes} min)`,
    });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return settings;
}

/** The clock: real time, or starting at `AKASA_NOW` and running on from there. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = env.AKASA_NOW;
  if (raw === undefined || raw === '') return createClock(undefined);
  if (!isIsoInstant(raw)) throw ValidationError.field('AKASA_NOW', instantIssue(raw));
  return createClock(new Date(toUtcIso(raw)));
}
