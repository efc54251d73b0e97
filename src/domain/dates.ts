/**
 * Calendar and time-zone arithmetic. All of India is on IST (UTC+05:30, no DST); other
 * zones are supported through Intl for airports outside the network.
 */

export const IST_TZ = 'Asia/Kolkata';
const IST_OFFSET_MIN = 330;

export function isCalendarDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Offset of a time zone from UTC, in minutes, at the given instant. */
export function tzOffsetMinutes(tz: string, at: Date): number {
  if (tz === IST_TZ) return IST_OFFSET_MIN;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - at.getTime()) / 60_000);
}

/** Local wall time (`date` + `HH:MM`) in a zone → UTC ISO string with `Z`. */
export function localToUtcIso(date: string, hhmm: string, tz: string = IST_TZ): string {
  const naive = Date.parse(`${date}T${hhmm}:00Z`);
  const offset = tzOffsetMinutes(tz, new Date(naive));
  return new Date(naive - offset * 60_000).toISOString();
}

/** The calendar date of an instant in a zone (IST by default). */
export function dateInZone(iso: string | Date, tz: string = IST_TZ): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const shifted = new Date(at.getTime() + tzOffsetMinutes(tz, at) * 60_000);
  return shifted.toISOString().slice(0, 10);
}

/** `2026-12-01 06:05 IST` for humans. */
export function formatIst(iso: string | null | undefined, withDate = true): string {
  if (!iso) return '-';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const s = new Date(at.getTime() + IST_OFFSET_MIN * 60_000).toISOString();
  return withDate ? `${s.slice(0, 10)} ${s.slice(11, 16)} IST` : s.slice(11, 16);
}

/** Date.parse handles at most millisecond precision reliably; trim longer fractions. */
export function normaliseFraction(s: string): string {
  return s.replace(/(\.\d{3})\d+/, '$1');
}

const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO-8601 instant with `Z` or an offset (`2026-11-24T20:15:33.123456Z`, `…+05:30`), any fractional precision. */
export function isIsoInstant(s: unknown): s is string {
  return typeof s === 'string' && ISO_INSTANT_RE.test(s) && isCalendarDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(normaliseFraction(s)));
}

/** An ISO-8601 instant (see isIsoInstant) as UTC ISO with `Z` and millisecond precision. */
export function toUtcIso(s: string): string {
  return new Date(Date.parse(normaliseFraction(s))).toISOString();
}
