/**
 * Re-accommodation planning: where every passenger of a disrupted flight-date goes, in one
 * pass, by priority. Pure and deterministic: the bookings, the candidate flights (with
 * their free seats and live status), the policy and the clock's instant come in; a plan
 * comes out, the same plan for the same input. The service applies it.
 *
 * 1. Parties: the live bookings of one customer on the flight-date travel together; a party
 *    is placed on one flight or left unplaced as a whole, at the priority of its best member.
 * 2. Priority (see PriorityWeights): special assistance, then loyalty tier, then fare paid,
 *    then earliest booking; ties end on the customer id, so the order is total.
 * 3. Targets: flights on the same route only (connections are not searched). A flight that
 *    is cancelled, diverted, expected more than `max_target_delay_minutes` late, or whose
 *    check-in has closed (`checkin_cutoff_minutes` before its scheduled departure, by the
 *    instant passed in) is excluded. The rest fall into the first search window they match;
 *    within a window the earliest expected arrival comes first.
 * 4. Each party in priority order takes the first target, window by window, that still has
 *    room for all of it: never more than its free seats less `hold_back`, never a
 *    special-assistance passenger in an exit row, a party in adjacent seats where a block is
 *    free, and each seat preference where such a seat is free.
 */
import type { Seat } from './aircraft.js';
import { formatIst } from './dates.js';
import type { LoyaltyTier, ReaccommodationPolicy, SearchWindow } from './reaccommodation-policy.js';
import { chooseSeat, seatAllowed, type SeatPreference, wantedPosition } from './seat-choice.js';

export interface ReaccomBooking {
  booking_id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  tier: LoyaltyTier;
  special_assistance: boolean;
  seat_preference: SeatPreference;
  /** Integer INR. */
  fare_paid: number;
  /** UTC ISO. */
  created_at: string;
}

/** A flight-date as the plan names it; instants are UTC ISO. */
export interface FlightDateTimes {
  flight_number: string;
  depart_date: string;
  origin: string;
  destination: string;
  scheduled_departure: string;
  scheduled_arrival: string;
}

export interface ReaccomCandidate extends FlightDateTimes {
  /** Live status from flight events (`SCHEDULED` when none). */
  status: string;
  /** Expected times from flight events, else the scheduled ones. */
  expected_departure: string;
  expected_arrival: string;
  /** Seat-map seats no live booking holds. */
  free_seats: readonly Seat[];
  /** Capacity less seats sold (the inventory count); the plan uses the smaller of this and the free seats. */
  capacity_left: number;
}

export interface ReaccomInput {
  disrupted: FlightDateTimes;
  bookings: readonly ReaccomBooking[];
  candidates: readonly ReaccomCandidate[];
  policy: ReaccommodationPolicy;
  /** The clock's instant (UTC ISO), for the check-in cut-off. */
  now: string;
}

export interface PlannedTarget {
  flight_number: string;
  depart_date: string;
  seat: string;
  scheduled_departure: string;
  scheduled_arrival: string;
  expected_departure: string;
  expected_arrival: string;
}

export interface PlanEntry {
  booking_id: string;
  locator: string;
  customer_id: string;
  passenger_name: string;
  /** 1 = considered first. Members of a party are consecutive. */
  priority: number;
  score: number;
  party_size: number;
  action: 'move' | 'unplaced';
  to: PlannedTarget | null;
  /** The search window that placed the booking, or null when unplaced. */
  window: string | null;
  reason: string;
}

/** What the plan made of each candidate flight. */
export interface TargetSummary {
  flight_number: string;
  depart_date: string;
  /** The window it fell in, or null when excluded. */
  window: string | null;
  excluded: string | null;
  /** Seats the plan could use (free seats less hold_back). */
  usable: number;
  moved: number;
}

export interface ReaccomPlan {
  flight_number: string;
  depart_date: string;
  entries: PlanEntry[];
  targets: TargetSummary[];
}

const MINUTE = 60_000;

/** A booking's priority score under the policy's weights. */
export function priorityScore(b: ReaccomBooking, policy: ReaccommodationPolicy): number {
  const w = policy.priority;
  return (b.special_assistance ? w.special_assistance : 0) + w.tier[b.tier] + b.fare_paid * w.fare_per_inr;
}

interface Party {
  customer_id: string;
  members: Array<ReaccomBooking & { score: number }>;
  score: number;
  earliest: string;
}

function byMember(a: ReaccomBooking & { score: number }, b: ReaccomBooking & { score: number }): number {
  return b.score - a.score || cmp(a.created_at, b.created_at) || cmp(a.booking_id, b.booking_id);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parties in priority order, each with its members in priority order. */
export function partiesByPriority(bookings: readonly ReaccomBooking[], policy: ReaccommodationPolicy): Party[] {
  const groups = new Map<string, Party>();
  for (const b of bookings) {
    const m = { ...b, score: priorityScore(b, policy) };
    const p = groups.get(b.customer_id);
    if (p) p.members.push(m);
    else groups.set(b.customer_id, { customer_id: b.customer_id, members: [m], score: 0, earliest: '' });
  }
  const parties = [...groups.values()];
  for (const p of parties) {
    p.members.sort(byMember);
    p.score = p.members[0]!.score;
    p.earliest = p.members.reduce((e, m) => (m.created_at < e ? m.created_at : e), p.members[0]!.created_at);
  }
  return parties.sort((a, b) => b.score - a.score || cmp(a.earliest, b.earliest) || cmp(a.customer_id, b.customer_id));
}

const dayMs = 86_400_000;
const dayOffset = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/** The window a flight falls in, or why it cannot be a target. */
export function classifyCandidate(c: ReaccomCandidate, input: Pick<ReaccomInput, 'disrupted' | 'policy' | 'now'>): { window: SearchWindow } | { excluded: string } {
  const d = input.disrupted;
  const p = input.policy;
  if (c.flight_number === d.flight_number && c.depart_date === d.depart_date) return { excluded: 'the disrupted flight itself' };
  if (c.origin !== d.origin || c.destination !== d.destination) return { excluded: `flies ${c.origin}→${c.destination}, another route` };
  if (c.status === 'CANCELLED') return { excluded: 'cancelled' };
  if (c.status === 'DIVERTED') return { excluded: 'diverted' };
  const late = Math.max(
    Math.round((Date.parse(c.expected_departure) - Date.parse(c.scheduled_departure)) / MINUTE),
    Math.round((Date.parse(c.expected_arrival) - Date.parse(c.scheduled_arrival)) / MINUTE),
  );
  if (late > p.max_target_delay_minutes) return { excluded: `expected ${late} min late (limit ${p.max_target_delay_minutes})` };
  const closes = Date.parse(c.scheduled_departure) - p.checkin_cutoff_minutes * MINUTE;
  if (Date.parse(input.now) >= closes) return { excluded: `check-in closed at ${formatIst(new Date(closes).toISOString(), false)}` };
  const days = dayOffset(d.depart_date, c.depart_date);
  const offset = (Date.parse(c.scheduled_departure) - Date.parse(d.scheduled_departure)) / MINUTE;
  const window = p.windows.find(
    (w) => days >= w.days[0] && days <= w.days[1] && (w.from_minutes === undefined || offset >= w.from_minutes) && (w.to_minutes === undefined || offset <= w.to_minutes),
  );
  return window ? { window } : { excluded: 'outside every search window' };
}

/** Seat order for blocks and fallbacks: front to back, then letter. */
function rowOrder(a: Seat, b: Seat): number {
  return a.row - b.row || cmp(a.letter, b.letter);
}

const LEFT = 'ABC';
const RIGHT = 'DEF';
const letterIndex = (l: string) => 'ABCDEF'.indexOf(l);

/**
 * Runs of free, neighbouring seats, front to back: for parties of up to three, within one
 * side of the aisle; for four to six, across the whole row (the aisle between C and D is
 * the only gap allowed).
 */
function adjacentBlocks(free: readonly Seat[], size: number): Seat[][] {
  const rows = new Map<number, Seat[]>();
  for (const s of free) {
    const r = rows.get(s.row);
    if (r) r.push(s);
    else rows.set(s.row, [s]);
  }
  const blocks: Seat[][] = [];
  for (const row of [...rows.keys()].sort((a, b) => a - b)) {
    const seats = rows.get(row)!.sort(rowOrder);
    const sides = size <= 3 ? [seats.filter((s) => LEFT.includes(s.letter)), seats.filter((s) => RIGHT.includes(s.letter))] : [seats];
    for (const side of sides) {
      let run: Seat[] = [];
      for (const s of side) {
        const prev = run[run.length - 1];
        if (prev && letterIndex(s.letter) !== letterIndex(prev.letter) + 1) {
          if (run.length >= size) blocks.push(run);
          run = [];
        }
        run.push(s);
      }
      if (run.length >= size) blocks.push(run);
    }
  }
  return blocks;
}

type Member = Pick<ReaccomBooking, 'booking_id' | 'special_assistance' | 'seat_preference'>;

/** Seats members in a chosen set of seats: assistance first, then those with a preference. */
function assignWithin(seats: readonly Seat[], members: readonly Member[]): Map<string, Seat> | undefined {
  const left = [...seats];
  const order = [...members].sort((a, b) => Number(b.special_assistance) - Number(a.special_assistance) || Number(b.seat_preference !== 'none') - Number(a.seat_preference !== 'none'));
  const out = new Map<string, Seat>();
  for (const m of order) {
    const wanted = wantedPosition(m);
    const allowed = left.filter((s) => seatAllowed(s, m));
    const pick = allowed.find((s) => s.position === wanted) ?? allowed[0];
    if (!pick) return undefined;
    out.set(m.booking_id, pick);
    left.splice(left.indexOf(pick), 1);
  }
  return out;
}

export interface PartySeating {
  seats: Map<string, Seat>;
  /** Every member in adjacent seats (always true for one passenger). */
  adjacent: boolean;
  /** How many members got the seat position they wanted (assistance: aisle). */
  preferences_kept: number;
  preferences_wanted: number;
}

/**
 * Seats for a whole party from these free seats, or undefined when they cannot all sit
 * (too few seats, or too few outside exit rows for its special-assistance passengers).
 */
export function seatParty(free: readonly Seat[], members: readonly Member[]): PartySeating | undefined {
  const wanted = members.filter((m) => wantedPosition(m) !== undefined).length;
  const kept = (seats: Map<string, Seat>) => members.filter((m) => seats.get(m.booking_id)?.position === wantedPosition(m) && wantedPosition(m) !== undefined).length;
  if (members.length === 1) {
    const only = members[0]!;
    const choice = chooseSeat(free, new Set(), only);
    if (!choice) return undefined;
    const seats = new Map([[only.booking_id, choice.seat]]);
    return { seats, adjacent: true, preferences_kept: kept(seats), preferences_wanted: wanted };
  }
  if (free.length < members.length) return undefined;
  const assisted = members.some((m) => m.special_assistance);
  if (members.length <= 6) {
    let best: { seats: Map<string, Seat>; kept: number } | undefined;
    for (const block of adjacentBlocks(assisted ? free.filter((s) => !s.exit_row) : free, members.length)) {
      for (let i = 0; i + members.length <= block.length; i++) {
        const seats = assignWithin(block.slice(i, i + members.length), members);
        if (!seats) continue;
        const k = kept(seats);
        if (!best || k > best.kept) best = { seats, kept: k };
        if (k === wanted) break;
      }
      if (best && best.kept === wanted) break;
    }
    // The front-most block that keeps the most preferences; a block further back only when it keeps more.
    if (best) return { seats: best.seats, adjacent: true, preferences_kept: best.kept, preferences_wanted: wanted };
  }
  // No adjacent block: assistance passengers take the front-most allowed seats first, then the
  // others the front-most seats left, so the party is as close together as the free seats allow.
  const sorted = [...free].sort(rowOrder);
  const seats = new Map<string, Seat>();
  const used = new Set<string>();
  const ordered = [...members].sort((a, b) => Number(b.special_assistance) - Number(a.special_assistance));
  for (const m of ordered) {
    const pick = sorted.find((s) => !used.has(s.seat) && seatAllowed(s, m));
    if (!pick) return undefined;
    seats.set(m.booking_id, pick);
    used.add(pick.seat);
  }
  return { seats, adjacent: false, preferences_kept: kept(seats), preferences_wanted: wanted };
}

interface Target {
  candidate: ReaccomCandidate;
  window: SearchWindow;
  free: Seat[];
  /** Seats still usable: the free count capped by inventory, less hold_back, less moves planned. */
  room: number;
  moved: number;
}

function target(c: ReaccomCandidate, window: SearchWindow, holdBack: number): Target {
  const free = [...c.free_seats].sort(rowOrder);
  return { candidate: c, window, free, room: Math.max(0, Math.min(c.capacity_left, free.length) - holdBack), moved: 0 };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const offsetText = (minutes: number) => {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;
};

function moveReason(t: Target, disrupted: FlightDateTimes, party: Party, seating: PartySeating, skipped: number): string {
  const parts = [`${t.window.label}: departs ${offsetText((Date.parse(t.candidate.scheduled_departure) - Date.parse(disrupted.scheduled_departure)) / MINUTE)} from the original`];
  parts.push(skipped > 0 ? `first flight with room (${plural(skipped, 'better choice')} full)` : 'earliest expected arrival');
  if (party.members.length > 1) parts.push(`party of ${party.members.length} ${seating.adjacent ? 'seated together' : 'on one flight, seats apart'}`);
  if (seating.preferences_wanted > 0) {
    parts.push(
      seating.preferences_kept === seating.preferences_wanted
        ? 'seat preference kept'
        : `seat preference kept for ${seating.preferences_kept} of ${seating.preferences_wanted} (no such seat free)`,
    );
  }
  return parts.join('; ');
}

function unplacedReason(party: Party, targets: readonly Target[], excluded: ReadonlyArray<{ c: ReaccomCandidate; why: string }>, holdBack: number): string {
  const who = party.members.length > 1 ? `a party of ${party.members.length}` : 'this passenger';
  if (targets.length === 0) {
    if (excluded.length === 0) return 'no other flight on this route in any search window (connections are not searched)';
    const shown = excluded.slice(0, 4).map((e) => `${e.c.flight_number} ${e.c.depart_date} ${e.why}`);
    const more = excluded.length > shown.length ? `, +${excluded.length - shown.length} more` : '';
    return `no eligible flight on this route: ${shown.join(', ')}${more}`;
  }
  const held = holdBack > 0 ? ` after ${holdBack} held back each` : '';
  const assisted = party.members.some((m) => m.special_assistance);
  const roomy = targets.filter((t) => t.room >= party.members.length).length;
  if (assisted && roomy > 0) return `${plural(roomy, 'eligible flight')} had room for ${who}, but not outside the exit rows`;
  return `all ${plural(targets.length, 'eligible flight')} full for ${who}${held}`;
}

function toTarget(c: ReaccomCandidate, seat: string): PlannedTarget {
  return {
    flight_number: c.flight_number,
    depart_date: c.depart_date,
    seat,
    scheduled_departure: c.scheduled_departure,
    scheduled_arrival: c.scheduled_arrival,
    expected_departure: c.expected_departure,
    expected_arrival: c.expected_arrival,
  };
}

function searchOrder(a: Target, b: Target): number {
  const x = a.candidate;
  const y = b.candidate;
  return cmp(x.expected_arrival, y.expected_arrival) || cmp(x.scheduled_departure, y.scheduled_departure) || cmp(x.flight_number, y.flight_number) || cmp(x.depart_date, y.depart_date);
}

/** The plan. Entries come in priority order; `priority` numbers them from 1. */
export function planReaccommodation(input: ReaccomInput): ReaccomPlan {
  const { policy, disrupted } = input;
  const excluded: Array<{ c: ReaccomCandidate; why: string }> = [];
  const byWindow = new Map<string, Target[]>(policy.windows.map((w) => [w.name, []]));
  const seen = new Set<string>();
  const candidates = [...input.candidates].sort((a, b) => cmp(a.depart_date, b.depart_date) || cmp(a.scheduled_departure, b.scheduled_departure) || cmp(a.flight_number, b.flight_number));
  for (const c of candidates) {
    const key = `${c.flight_number}|${c.depart_date}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const k = classifyCandidate(c, input);
    if ('excluded' in k) excluded.push({ c, why: k.excluded });
    else byWindow.get(k.window.name)!.push(target(c, k.window, policy.hold_back));
  }
  const order: Target[] = [];
  for (const w of policy.windows) order.push(...byWindow.get(w.name)!.sort(searchOrder));

  const entries: PlanEntry[] = [];
  for (const party of partiesByPriority(input.bookings, policy)) {
    let placed: { t: Target; seating: PartySeating; skipped: number } | undefined;
    let skipped = 0;
    for (const t of order) {
      const seating = t.room >= party.members.length ? seatParty(t.free, party.members) : undefined;
      if (seating) {
        placed = { t, seating, skipped };
        break;
      }
      skipped++;
    }
    if (placed) {
      const { t, seating } = placed;
      const taken = new Set([...seating.seats.values()].map((s) => s.seat));
      t.free = t.free.filter((s) => !taken.has(s.seat));
      t.room -= party.members.length;
      t.moved += party.members.length;
    }
    const reason = placed ? moveReason(placed.t, disrupted, party, placed.seating, placed.skipped) : unplacedReason(party, order, excluded, policy.hold_back);
    for (const m of party.members) {
      entries.push({
        booking_id: m.booking_id,
        locator: m.locator,
        customer_id: m.customer_id,
        passenger_name: m.passenger_name,
        priority: entries.length + 1,
        score: m.score,
        party_size: party.members.length,
        action: placed ? 'move' : 'unplaced',
        to: placed ? toTarget(placed.t.candidate, placed.seating.seats.get(m.booking_id)!.seat) : null,
        window: placed ? placed.t.window.name : null,
        reason,
      });
    }
  }
  const targets: TargetSummary[] = [
    ...order.map((t) => ({ flight_number: t.candidate.flight_number, depart_date: t.candidate.depart_date, window: t.window.name, excluded: null, usable: Math.max(0, Math.min(t.candidate.capacity_left, t.candidate.free_seats.length) - policy.hold_back), moved: t.moved })),
    ...excluded.map((e) => ({ flight_number: e.c.flight_number, depart_date: e.c.depart_date, window: null, excluded: e.why, usable: 0, moved: 0 })),
  ];
  return { flight_number: disrupted.flight_number, depart_date: disrupted.depart_date, entries, targets };
}
