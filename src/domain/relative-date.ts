/**
 * Dates as operators say them: `today`, `tomorrow`, `yesterday`, `+N` / `-N` days, or a
 * weekday name (the next such day, today included), read against today's date in IST.
 * Pure: the caller passes today's date, so every command reads the one clock.
 */
import { addDays, isoWeekday } from './dates.js';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
/** A signed day count: at most four digits, so no offset leaves the calendar. */
const OFFSET = /^([+-])(\d{1,4})$/;

/** The calendar date `text` names relative to `today` (YYYY-MM-DD), or undefined if it names none. */
export function resolveDateWord(text: string, today: string): string | undefined {
  const word = text.trim().toLowerCase();
  if (word === 'today') return today;
  if (word === 'tomorrow') return addDays(today, 1);
  if (word === 'yesterday') return addDays(today, -1);
  const offset = OFFSET.exec(word);
  if (offset) return addDays(today, (offset[1] === '-' ? -1 : 1) * Number(offset[2]));
  // Three letters or more of a weekday's name: `fri`, `friday`.
  const day = word.length >= 3 ? WEEKDAYS.findIndex((d) => d.startsWith(word)) : -1;
  if (day >= 0) return addDays(today, (day + 1 - isoWeekday(today) + 7) % 7);
  return undefined;
}

/** What `--date` accepts besides YYYY-MM-DD, for help texts and error messages. */
export const DATE_WORDS_HELP = 'YYYY-MM-DD, today, tomorrow, yesterday, +N/-N days or a weekday (next mon…sun)';
