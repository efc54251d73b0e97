/**
 * Calendar and time-zone arithmetic. All of India is on IST (UTC+05:30, no DST); other
 * zones are supported through Intl for airports outside the network.
 */

export const IST_TZ = 'Asia/Kolkata';
const IST_OFFSET_MIN = 330;

/** A real calendar date `YYYY-MM-DD` within the accepted years (2026-02-30 and 9999-01-01 are refused). */
export function isCalendarDate(s: unknown): s is string {
  return typeof s === 'string' && isEventDate(s);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The numbers of `YYYY-MM-DD`. */
function ymd(date: string): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = ymd(date);
  // Date.UTC reads years 0–99 as 1900–1999; those (never real here) take the text path.
  if (y < 100) {
    const at = new Date(`${date}T00:00:00Z`);
    at.setUTCDate(at.getUTCDate() + days);
    return at.toISOString().slice(0, 10);
  }
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
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
  const [y, m, d] = ymd(date);
  if (tz === IST_TZ && y >= 100) {
    // The whole network's case, without a round-trip through text.
    return new Date(Date.UTC(y, m - 1, d, Number(hhmm.slice(0, 2)), Number(hhmm.slice(3, 5))) - IST_OFFSET_MIN * 60_000).toISOString();
  }
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

const IST_TEXT_CACHE = 10_000;
/** Instant → the ISO text of its IST wall time (see formatIst). */
const istText = new Map<string, string>();

/** `2026-12-01 06:05 IST` for humans. */
export function formatIst(iso: string | null | undefined, withDate = true): string {
  if (!iso) return '-';
  let s = istText.get(iso);
  if (s === undefined) {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) return iso;
    s = new Date(at.getTime() + IST_OFFSET_MIN * 60_000).toISOString();
    // Alert messages and notices name the same few times over and over: remember them, boundedly.
    if (istText.size >= IST_TEXT_CACHE) istText.clear();
    istText.set(iso, s);
  }
  return withDate ? `${s.slice(0, 10)} ${s.slice(11, 16)} IST` : s.slice(11, 16);
}

/**
 * The years akasa accepts in any date or time it is given. Nothing an airline schedules or
 * reports lies outside them, and inside them every instant has one exact UTC ISO form
 * (`Date` reads years 0–99 as 1900–1999 and writes years past 9999 as `+010000-…`, which
 * would break the plain string ordering stored times rely on).
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2099;
const EARLIEST_MS = Date.UTC(FIRST_YEAR, 0, 1);
const END_MS = Date.UTC(LAST_YEAR + 1, 0, 1);

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  return month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1]!;
}

/** The number written at `s[from, from + length)` in ASCII digits, or -1 when any is not a digit. */
function digitsAt(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

const DASH = 45;
const COLON = 58;
const DOT = 46;
const T = 84;
const Z = 90;

/** The year of a real calendar date `YYYY-MM-DD` (of any year), or -1 when `s` is not one. */
function calendarYear(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return -1;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  return year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? year : -1;
}

/** A real calendar date `YYYY-MM-DD` in the accepted years, read without a regex or a Date round-trip (intake's hot path). */
export function isEventDate(s: string): boolean {
  const year = calendarYear(s);
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** Why `s` is not an accepted calendar date, for an error message. */
export function calendarDateIssue(s: unknown): string {
  const year = typeof s === 'string' ? calendarYear(s) : -1;
  return year === -1 ? `expected a calendar date YYYY-MM-DD, got ${JSON.stringify(s)}` : `expected a date in ${FIRST_YEAR}-${LAST_YEAR}, got ${JSON.stringify(s)}`;
}

/**
 * An instant in UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`, or to the millisecond,
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (canonical: what akasa stores), in the accepted years, read
 * with character arithmetic instead of a regex: its epoch milliseconds when `exact`, else
 * 0; NaN when `s` is in neither form or a field is out of range. These two forms are what
 * feeds send almost always. A number, not an array of the fields: intake reads several
 * of these per event, and an array each was garbage to collect (docs/performance-notes.md).
 */
function utcFormMs(s: string, exact: boolean): number {
  const n = s.length;
  if ((n !== 24 && n !== 20) || s.charCodeAt(n - 1) !== Z || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH || s.charCodeAt(10) !== T) return NaN;
  if (s.charCodeAt(13) !== COLON || s.charCodeAt(16) !== COLON || (n === 24 && s.charCodeAt(19) !== DOT)) return NaN;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  const ms = n === 24 ? digitsAt(s, 20, 3) : 0;
  if (year < FIRST_YEAR || year > LAST_YEAR || ms < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  if (day > daysInMonth(year, month)) return NaN;
  return exact ? Date.UTC(year, month - 1, day, hour, minute, second, ms) : 0;
}

/** Milliseconds since the epoch of a UTC ISO instant as stored (canonical form read without Date.parse). */
export function instantMs(s: string): number {
  const ms = utcFormMs(s, true);
  return Number.isNaN(ms) ? Date.parse(s) : ms;
}

const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;

/** Epoch milliseconds of an ISO-8601 instant of any year, exactly (no 1900s for years below 100), or undefined when `s` is not one. */
function anyInstantMs(s: string): number | undefined {
  const m = INSTANT_RE.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const offH = m[10] === undefined ? 0 : Number(m[10]);
  const offM = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return undefined;
  if (day > daysInMonth(year, month)) return undefined;
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const offset = (m[9] === '-' ? -1 : 1) * (offH * 60 + offM);
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(hour, minute, second, ms);
  return at.getTime() - offset * 60_000;
}

/**
 * An ISO-8601 instant (`Z` or an offset, any fractional precision) as UTC ISO with
 * milliseconds, or undefined when it is not one or lies outside the accepted years (after
 * applying its offset: `2000-01-01T05:00:00+05:30` is 1999 in UTC and refused). Events
 * carry up to seven times each and intake validates tens of thousands of events per
 * second, so UTC to the second or millisecond, by far the most common forms, are read
 * with character arithmetic; other forms take the regex.
 */
export function parseInstant(s: string): string | undefined {
  if (utcFormMs(s, false) === 0) return s.length === 24 ? s : `${s.slice(0, 19)}.000Z`;
  const utc = anyInstantMs(s);
  return utc !== undefined && utc >= EARLIEST_MS && utc < END_MS ? new Date(utc).toISOString() : undefined;
}

/** Why `s` is not an accepted instant, for an error message. */
export function instantIssue(s: unknown): string {
  const known = typeof s === 'string' && anyInstantMs(s) !== undefined;
  return known ? `expected a time in ${FIRST_YEAR}-${LAST_YEAR} (UTC), got ${JSON.stringify(s)}` : `expected an ISO-8601 time with Z or an offset, got ${JSON.stringify(s)}`;
}

/** ISO-8601 instant with `Z` or an offset (`2026-11-24T20:15:33.123456Z`, `…+05:30`), any fractional precision, in the accepted years. */
export function isIsoInstant(s: unknown): s is string {
  return typeof s === 'string' && parseInstant(s) !== undefined;
}

/** An ISO-8601 instant (see isIsoInstant) as UTC ISO with `Z` and millisecond precision. */
export function toUtcIso(s: string): string {
  const utc = parseInstant(s);
  if (utc === undefined) throw new RangeError(`not an ISO-8601 instant in ${FIRST_YEAR}-${LAST_YEAR}: ${JSON.stringify(s)}`);
  return utc;
}
