/**
 * Choosing a seat when the passenger did not ask for one. Deterministic: the same free
 * seats and the same preference always give the same seat.
 *
 * Rules, in order:
 * 0. Special assistance never gets an exit-row seat (see aircraft.ts), whatever else is free.
 * 1. Special assistance: the front-most free aisle seat (easiest to reach and leave),
 *    whatever the window/aisle preference says.
 * 2. A window or aisle preference: the front-most free seat in that position.
 * 3. Otherwise (no preference, or none of the preferred seats is free): the front-most
 *    free seat, taking window and aisle seats in a row before its middle seats.
 * Within a row, seats go in letter order (A before F).
 */
import type { Seat, SeatPosition } from './aircraft.js';

export type SeatPreference = 'window' | 'aisle' | 'none';

export interface SeatNeeds {
  seat_preference: SeatPreference;
  special_assistance: boolean;
}

export interface SeatChoice {
  seat: Seat;
  /** The seat matches what the passenger needs (assistance → aisle, else the preference; always true for `none`). */
  preferenceKept: boolean;
}

/** The position the passenger should get, if any. */
export function wantedPosition(needs: SeatNeeds): SeatPosition | undefined {
  if (needs.special_assistance) return 'aisle';
  return needs.seat_preference === 'none' ? undefined : needs.seat_preference;
}

/** Seat letters are single capitals, so code-point order is letter order (and far cheaper than a collator). */
const byLetter = (a: Seat, b: Seat) => (a.letter < b.letter ? -1 : a.letter > b.letter ? 1 : 0);

function byRowThenLetter(a: Seat, b: Seat): number {
  return a.row - b.row || byLetter(a, b);
}

/** Ranks of the fallback order: window and aisle before middle within a row. */
function fallbackOrder(a: Seat, b: Seat): number {
  const rank = (s: Seat) => (s.position === 'middle' ? 1 : 0);
  return a.row - b.row || rank(a) - rank(b) || byLetter(a, b);
}

/** May this passenger sit in this seat at all? Special assistance never sits in an exit row. */
export function seatAllowed(seat: Seat, needs: Pick<SeatNeeds, 'special_assistance'>): boolean {
  return !(needs.special_assistance && seat.exit_row);
}

/** The seat to give, or undefined when every seat the passenger may take is taken. */
export function chooseSeat(seats: readonly Seat[], taken: ReadonlySet<string>, needs: SeatNeeds): SeatChoice | undefined {
  const wanted = wantedPosition(needs);
  // One pass keeps the first seat of each order (no seat ties in either: row and letter name it).
  let match: Seat | undefined;
  let any: Seat | undefined;
  for (const s of seats) {
    if (taken.has(s.seat) || !seatAllowed(s, needs)) continue;
    if (wanted && s.position === wanted && (!match || byRowThenLetter(s, match) < 0)) match = s;
    if (!any || fallbackOrder(s, any) < 0) any = s;
  }
  if (match) return { seat: match, preferenceKept: true };
  return any ? { seat: any, preferenceKept: wanted === undefined } : undefined;
}

/** Can the passenger's preference be kept on a flight with these seats taken? */
export function preferenceAvailable(seats: readonly Seat[], taken: ReadonlySet<string>, needs: SeatNeeds): boolean {
  const wanted = wantedPosition(needs);
  return seats.some((s) => !taken.has(s.seat) && seatAllowed(s, needs) && (wanted === undefined || s.position === wanted));
}
