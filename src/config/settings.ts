import { createClock, type Clock } from '../domain/clock.js';
import { ValidationError } from '../domain/errors.js';
import { isIsoInstant, toUtcIso } from '../domain/dates.js';

/** Tunables read from the environment; each has a documented default (README, "Configuration"). */
export interface Settings {
  /** Voluntary change fee in INR (`AKASA_CHANGE_FEE`, default 3000). */
  changeFee: number;
  /** Delay (minutes) at which a DELAY alert opens as `medium` (`AKASA_DELAY_MEDIUM_MIN`, default 45). */
  delayMediumMinutes: number;
  /** Delay (minutes) at which a DELAY alert becomes `high` (`AKASA_DELAY_HIGH_MIN`, default 120). */
  delayHighMinutes: number;
}

export const DEFAULT_SETTINGS: Settings = { changeFee: 3000, delayMediumMinutes: 45, delayHighMinutes: 120 };

function intFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw ValidationError.field(name, `expected a whole number of 0 or more, got ${JSON.stringify(raw)}`);
  return n;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    changeFee: intFromEnv(env, 'AKASA_CHANGE_FEE', DEFAULT_SETTINGS.changeFee),
    delayMediumMinutes: intFromEnv(env, 'AKASA_DELAY_MEDIUM_MIN', DEFAULT_SETTINGS.delayMediumMinutes),
    delayHighMinutes: intFromEnv(env, 'AKASA_DELAY_HIGH_MIN', DEFAULT_SETTINGS.delayHighMinutes),
  };
}

/** The clock: real time, or starting at `AKASA_NOW` and running on from there. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = env.AKASA_NOW;
  if (raw === undefined || raw === '') return createClock(undefined);
  if (!isIsoInstant(raw)) throw ValidationError.field('AKASA_NOW', `expected an ISO-8601 time with Z or an offset, got ${JSON.stringify(raw)}`);
  return createClock(new Date(toUtcIso(raw)));
}
