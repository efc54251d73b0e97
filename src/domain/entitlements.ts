/**
 * Passenger rights: what a disrupted passenger is owed under the DGCA's Civil Aviation
 * Requirement Section 3, Series M, Part IV ("Facilities to be provided to passengers by
 * airlines due to denied boarding, cancellation of flights and delays in flights", as revised;
 * which paragraph numbers are confirmed and which are a best reading: docs/passenger-rights.md).
 * Pure and table-driven: every figure lives in
 * `EntitlementPolicy` so a change in the CAR, or an airline's more generous policy, is a
 * change of data, not of code.
 *
 * Money is integer INR. akasa records one amount per booking, `fare_paid`; it stands for the
 * CAR's "booked one-way basic fare plus airline fuel charge" (akasa sells no taxes or
 * add-ons), so every cap below is taken against it.
 */
import { formatIst } from './dates.js';
import { formatInr } from './pricing.js';

export const ENTITLEMENT_KINDS = ['compensation', 'refund', 'meals', 'hotel', 'alternate_or_refund'] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];

/** One thing a passenger is owed (or was considered for and is exempt from: `amount_inr` 0 and `exempt_reason`). */
export interface Entitlement {
  kind: EntitlementKind;
  /** INR for compensation and refunds (the refund a passenger may claim); null for facilities. */
  amount_inr: number | null;
  /** The rule in plain words, with the figures that applied. */
  basis: string;
  /** Why nothing is paid although the rule was considered; null when owed. */
  exempt_reason: string | null;
  /** The CAR paragraph, e.g. `CAR 3-M-IV 3.3.1(c)`. */
  rule: string;
}

/** A band of a table keyed by block time: applies up to and including `max_block_minutes` (null: no upper bound). */
export interface BlockBand<T> {
  max_block_minutes: number | null;
  value: T;
}

/** An extraordinary-circumstances group of IATA delay codes (numeric range, inclusive, and the alphabetic aliases). */
export interface DelayCodeGroup {
  label: string;
  from: number;
  to: number;
  aliases: readonly string[];
}

export interface EntitlementPolicy {
  /** Notice at or above which a cancellation owes only an alternate flight or a refund (3.3.1(a)). Default 2 weeks. */
  long_notice_minutes: number;
  /** Notice below which a cancellation also owes compensation (3.3.1(c)). Default 24 h. */
  short_notice_minutes: number;
  /** An alternate flight departing within this of the booked departure owes no compensation (3.3.1(b)). Default 2 h. */
  alternate_window_minutes: number;
  /** Cancellation compensation by block time, capped at the fare (3.3.1(c)). Default ₹5,000 ≤ 1 h, ₹7,500 ≤ 2 h, ₹10,000 above. */
  cancellation_compensation: ReadonlyArray<BlockBand<number>>;
  /** Minimum departure delay for meals and refreshments, by block time (3.8.1(a)). Default 2 h ≤ 2 h 30, 3 h ≤ 5 h, 4 h above. */
  meal_delay_minutes: ReadonlyArray<BlockBand<number>>;
  /** A delay above this owes an alternate flight or a full refund (3.8.1(b)). Default 6 h. */
  long_delay_minutes: number;
  /** A delay above this owes a hotel with transfers (3.8.1(c)). Default 24 h. */
  hotel_delay_minutes: number;
  /** A night departure delayed above this also owes a hotel (3.8.1(c)). Default 6 h. */
  night_hotel_delay_minutes: number;
  /** Night departures, local `HH:MM`, both ends included (3.8.1(c)). Default 20:00–03:00. */
  night_from: string;
  night_to: string;
  /** Denied boarding: an alternate departing within this owes nothing (3.2.3(a)). Default 1 h. */
  denied_free_window_minutes: number;
  /** Denied boarding with an alternate within this: `denied_near_percent` of the fare up to `denied_near_cap_inr` (3.2.3(b)). Default 24 h, 200 %, ₹10,000. */
  denied_near_window_minutes: number;
  denied_near_percent: number;
  denied_near_cap_inr: number;
  /** Denied boarding otherwise: `denied_far_percent` up to `denied_far_cap_inr` (3.2.3(c)). Default 400 %, ₹20,000. */
  denied_far_percent: number;
  denied_far_cap_inr: number;
  /** IATA delay-code groups that are extraordinary circumstances (1.4, 1.5). */
  extraordinary_codes: readonly DelayCodeGroup[];
  /** Words in a delay or cancellation reason that mark extraordinary circumstances (1.4), matched whole, any case. */
  extraordinary_words: readonly string[];
  /** Fee kept from a voluntary refund (the fare rule; not a CAR figure). Default ₹3,000, never more than the fare. */
  cancellation_fee_inr: number;
}

/**
 * IATA delay codes (AHM 730) that describe events outside the airline's control, as CAR 1.4
 * lists them: weather, air traffic control, security, authorities and airports, strikes of
 * others. Deliberately not included: the airline's own causes (passenger handling 11–19,
 * cargo 21–29, ramp 31–39, technical 41–48, damage 51–58, operations and crew 61–69,
 * rotation 91–96), industrial action within the airline (98: its own staff) and `99 other`.
 */
export const DEFAULT_EXTRAORDINARY_CODES: readonly DelayCodeGroup[] = [
  { label: 'weather', from: 71, to: 77, aliases: ['WO', 'WT', 'WR', 'WI', 'WS', 'WG'] },
  { label: 'air traffic flow management', from: 81, to: 84, aliases: ['AT', 'AX', 'AE', 'AW'] },
  { label: 'security, authorities and airport restrictions', from: 85, to: 89, aliases: ['AS', 'AG', 'AF', 'AD', 'AM'] },
  { label: 'industrial action outside the airline', from: 97, to: 97, aliases: ['MI'] },
];

export const DEFAULT_ENTITLEMENT_POLICY: EntitlementPolicy = {
  long_notice_minutes: 14 * 24 * 60,
  short_notice_minutes: 24 * 60,
  alternate_window_minutes: 120,
  cancellation_compensation: [
    { max_block_minutes: 60, value: 5000 },
    { max_block_minutes: 120, value: 7500 },
    { max_block_minutes: null, value: 10000 },
  ],
  meal_delay_minutes: [
    { max_block_minutes: 150, value: 120 },
    { max_block_minutes: 300, value: 180 },
    { max_block_minutes: null, value: 240 },
  ],
  long_delay_minutes: 360,
  hotel_delay_minutes: 24 * 60,
  night_hotel_delay_minutes: 360,
  night_from: '20:00',
  night_to: '03:00',
  denied_free_window_minutes: 60,
  denied_near_window_minutes: 24 * 60,
  denied_near_percent: 200,
  denied_near_cap_inr: 10000,
  denied_far_percent: 400,
  denied_far_cap_inr: 20000,
  extraordinary_codes: DEFAULT_EXTRAORDINARY_CODES,
  extraordinary_words: ['weather', 'fog', 'storm', 'cyclone', 'flood', 'earthquake', 'natural disaster', 'atc', 'air traffic', 'security', 'strike', 'riot', 'curfew', 'political', 'unrest', 'government order', 'bird strike', 'volcanic'],
  cancellation_fee_inr: 3000,
};

export type DisruptionType = 'cancellation' | 'delay' | 'denied_boarding';

export interface EntitlementInput {
  /** The booking's `fare_paid` (basic fare + fuel charge), INR. */
  fare_paid: number;
  flight: {
    flight_number: string;
    /** Booked scheduled departure, UTC ISO. */
    scheduled_departure: string;
    /** Scheduled block time from the schedule, minutes. */
    block_minutes: number;
    /** Scheduled local departure time at the origin, `HH:MM`. */
    departure_local: string;
  };
  disruption: {
    type: DisruptionType;
    /** Expected (or actual) departure delay in minutes; delays only. */
    delay_minutes: number | null;
    /** When the passenger was first told (UTC ISO); cancellations. Null: not before departure. */
    informed_at: string | null;
    /** IATA delay code from the event feed. */
    delay_code: string | null;
    /** Reason from the feed or the operator. */
    reason: string | null;
  };
  outcome: {
    /** The flight the passenger was moved to, if any. */
    rebooked_to: { flight_number: string; depart_date: string; scheduled_departure: string } | null;
    /** Refund recorded, INR (null: none). */
    refunded_inr: number | null;
  };
}

const CAR = 'CAR 3-M-IV';
const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** `2 h 30 min`, `45 min`, `3 h`. */
export function formatDuration(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  const r = m % 60;
  return h === 0 ? `${r} min` : r === 0 ? `${h} h` : `${h} h ${r} min`;
}

function band<T>(bands: ReadonlyArray<BlockBand<T>>, blockMinutes: number): BlockBand<T> {
  const found = bands.find((b) => b.max_block_minutes === null || blockMinutes <= b.max_block_minutes);
  return found ?? bands[bands.length - 1]!;
}

function bandLabel<T>(bands: ReadonlyArray<BlockBand<T>>, b: BlockBand<T>): string {
  const i = bands.indexOf(b);
  const lower = i > 0 ? bands[i - 1]!.max_block_minutes : null;
  if (b.max_block_minutes === null) return lower === null ? 'any block time' : `block time over ${formatDuration(lower)}`;
  return lower === null ? `block time up to ${formatDuration(b.max_block_minutes)}` : `block time over ${formatDuration(lower)} up to ${formatDuration(b.max_block_minutes)}`;
}

/**
 * Whether a delay code or a reason marks extraordinary circumstances (CAR 1.4, 1.5: no
 * compensation; facilities are still owed). Returns the plain-words reason, or null.
 */
export function extraordinaryCause(code: string | null, reason: string | null, policy: EntitlementPolicy = DEFAULT_ENTITLEMENT_POLICY): string | null {
  if (code) {
    const c = code.trim().toUpperCase();
    const digits = /^(\d{2})/.exec(c);
    const n = digits ? Number(digits[1]) : NaN;
    const group = policy.extraordinary_codes.find((g) => (n >= g.from && n <= g.to) || g.aliases.includes(c));
    if (group) return `extraordinary circumstances: ${group.label} (IATA delay code ${code.trim()})`;
  }
  if (reason) {
    const text = reason.toLowerCase();
    const word = policy.extraordinary_words.find((w) => new RegExp(`(^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z]|$)`).test(text));
    if (word) return `extraordinary circumstances: "${reason.trim()}"`;
  }
  return null;
}

/** Whether a local `HH:MM` falls in the night window (which may run past midnight), both ends included. */
export function isNightDeparture(hhmm: string, policy: EntitlementPolicy = DEFAULT_ENTITLEMENT_POLICY): boolean {
  const { night_from: from, night_to: to } = policy;
  return from <= to ? hhmm >= from && hhmm <= to : hhmm >= from || hhmm <= to;
}

function alternateOrRefund(input: EntitlementInput, basis: string, rule: string): Entitlement {
  const { rebooked_to, refunded_inr } = input.outcome;
  if (refunded_inr !== null) return { kind: 'refund', amount_inr: refunded_inr, basis: `full refund of the fare (${basis})`, exempt_reason: null, rule };
  if (rebooked_to) {
    return {
      kind: 'alternate_or_refund',
      amount_inr: null,
      basis: `${basis}: alternate flight given, ${rebooked_to.flight_number} on ${rebooked_to.depart_date} at ${formatIst(rebooked_to.scheduled_departure)}`,
      exempt_reason: null,
      rule,
    };
  }
  return { kind: 'alternate_or_refund', amount_inr: input.fare_paid, basis: `${basis}: an alternate flight or a full refund of ${formatInr(input.fare_paid)}`, exempt_reason: null, rule };
}

function cancellation(input: EntitlementInput, p: EntitlementPolicy): Entitlement[] {
  const { flight, disruption, outcome } = input;
  const notice = disruption.informed_at === null ? 0 : minutesBetween(disruption.informed_at, flight.scheduled_departure);
  // 3.3.1(a): two weeks' notice or more owes an alternate flight or a refund, nothing more.
  if (notice >= p.long_notice_minutes) {
    return [alternateOrRefund(input, `cancellation notified ${formatDuration(notice)} ahead (at least ${formatDuration(p.long_notice_minutes)})`, `${CAR} 3.3.1(a)`)];
  }
  const short = notice < p.short_notice_minutes;
  const noticeText = `cancellation notified ${notice <= 0 ? 'at or after departure' : `${formatDuration(notice)} ahead`}`;
  const out = [alternateOrRefund(input, noticeText, short ? `${CAR} 3.3.1(c)` : `${CAR} 3.3.1(b)`)];

  const b = band(p.cancellation_compensation, flight.block_minutes);
  const amount = Math.min(b.value, input.fare_paid);
  const capped = amount < b.value ? `, capped at the fare of ${formatInr(input.fare_paid)}` : '';
  const rule = short ? `${CAR} 3.3.1(c)` : `${CAR} 3.3.1(b)`;
  const basis = `${noticeText}, ${bandLabel(p.cancellation_compensation, b)}: ${formatInr(b.value)}${capped}`;
  const compensation = (exempt: string | null): Entitlement => ({ kind: 'compensation', amount_inr: exempt ? 0 : amount, basis, exempt_reason: exempt, rule });

  // 3.3.1(b): an alternate departing within 2 h of the booked time, taken, owes no compensation (any notice under two weeks).
  const alt = outcome.rebooked_to;
  if (alt && Math.abs(minutesBetween(flight.scheduled_departure, alt.scheduled_departure)) <= p.alternate_window_minutes) {
    out.push(compensation(`alternate flight ${alt.flight_number} departs within ${formatDuration(p.alternate_window_minutes)} of the booked time`));
    return out;
  }
  // 3.3.1(b): with 24 h notice or more, a refund the passenger took settles it.
  if (!short && outcome.refunded_inr !== null) {
    out.push(compensation(`refunded after ${formatDuration(notice)} notice (at least ${formatDuration(p.short_notice_minutes)})`));
    return out;
  }
  // 3.3.4 with 1.4/1.5: extraordinary circumstances owe no compensation.
  const extraordinary = extraordinaryCause(disruption.delay_code, disruption.reason, p);
  out.push(compensation(extraordinary));
  return out;
}

/**
 * What of a delay the rules can tell apart: the delay thresholds of 3.8.1 it has crossed for
 * this flight (its block time and local departure). Entitlements and their wording follow
 * from these alone, never from the exact minutes, so a delay that changes without crossing
 * a threshold changes nothing a passenger is owed (and nothing stored is rewritten).
 */
export interface DelayThresholds {
  /** The meal band crossed (3.8.1(a)); null below it. */
  meals: BlockBand<number> | null;
  /** Over `long_delay_minutes` (3.8.1(b)). */
  long: boolean;
  /** Why a hotel is owed (3.8.1(c)); null when it is not. */
  hotel: string | null;
}

export function delayThresholds(delayMinutes: number | null, flight: EntitlementInput['flight'], p: EntitlementPolicy = DEFAULT_ENTITLEMENT_POLICY): DelayThresholds {
  const d = delayMinutes ?? 0;
  const m = band(p.meal_delay_minutes, flight.block_minutes);
  const night = isNightDeparture(flight.departure_local, p);
  const hotel =
    d > p.hotel_delay_minutes
      ? `over ${formatDuration(p.hotel_delay_minutes)}`
      : night && d > p.night_hotel_delay_minutes
        ? `over ${formatDuration(p.night_hotel_delay_minutes)} for a ${flight.departure_local} departure (${p.night_from}–${p.night_to})`
        : null;
  return { meals: d >= m.value ? m : null, long: d > p.long_delay_minutes, hotel };
}

function delay(input: EntitlementInput, p: EntitlementPolicy): Entitlement[] {
  const t = delayThresholds(input.disruption.delay_minutes, input.flight, p);
  const out: Entitlement[] = [];
  // 3.8.1(a): meals and refreshments by delay and block time (facilities are owed even in extraordinary circumstances).
  if (t.meals) {
    out.push({ kind: 'meals', amount_inr: null, basis: `departure delayed at least ${formatDuration(t.meals.value)} (the threshold for ${bandLabel(p.meal_delay_minutes, t.meals)})`, exempt_reason: null, rule: `${CAR} 3.8.1(a)` });
  }
  // 3.8.1(b): over 6 h, an alternate flight within 6 h of the original time or a full refund.
  if (t.long) out.push(alternateOrRefund(input, `departure delayed over ${formatDuration(p.long_delay_minutes)}`, `${CAR} 3.8.1(b)`));
  // 3.8.1(c): hotel with transfers over 24 h, or over 6 h for a departure between 20:00 and 03:00.
  if (t.hotel) out.push({ kind: 'hotel', amount_inr: null, basis: `hotel accommodation with transfers: departure delayed ${t.hotel}`, exempt_reason: null, rule: `${CAR} 3.8.1(c)` });
  return out;
}

function deniedBoarding(input: EntitlementInput, p: EntitlementPolicy): Entitlement[] {
  const { flight, outcome } = input;
  const alt = outcome.rebooked_to;
  const gap = alt ? minutesBetween(flight.scheduled_departure, alt.scheduled_departure) : null;
  // 3.2.3(a): an alternate within 1 h owes nothing.
  if (gap !== null && gap <= p.denied_free_window_minutes) {
    return [{ kind: 'compensation', amount_inr: 0, basis: 'denied boarding', exempt_reason: `alternate flight ${alt!.flight_number} departs within ${formatDuration(p.denied_free_window_minutes)} of the booked time`, rule: `${CAR} 3.2.3(a)` }];
  }
  const near = gap !== null && gap <= p.denied_near_window_minutes;
  const [percent, cap, rule] = near ? [p.denied_near_percent, p.denied_near_cap_inr, '3.2.3(b)'] : [p.denied_far_percent, p.denied_far_cap_inr, '3.2.3(c)'];
  const amount = Math.min(Math.floor((input.fare_paid * percent) / 100), cap);
  const when = near ? `alternate within ${formatDuration(p.denied_near_window_minutes)}` : alt ? `alternate later than ${formatDuration(p.denied_near_window_minutes)}` : 'no alternate flight yet';
  const out: Entitlement[] = [{ kind: 'compensation', amount_inr: amount, basis: `denied boarding, ${when}: ${percent} % of the fare, at most ${formatInr(cap)}`, exempt_reason: null, rule: `${CAR} ${rule}` }];
  if (!alt) out.push(alternateOrRefund(input, 'denied boarding', `${CAR} 3.2.3(c)`));
  return out;
}

/**
 * Everything one passenger is owed for one disruption of one flight-date, by the rules
 * above. Pure and total: the same input always gives the same list, in the order
 * alternate/refund, compensation, meals, hotel.
 */
export function computeEntitlements(input: EntitlementInput, policy: EntitlementPolicy = DEFAULT_ENTITLEMENT_POLICY): Entitlement[] {
  switch (input.disruption.type) {
    case 'cancellation':
      return cancellation(input, policy);
    case 'delay':
      return delay(input, policy);
    case 'denied_boarding':
      return deniedBoarding(input, policy);
  }
}

/**
 * Everything about a flight-date's disruption that `computeEntitlements` reads, as a string:
 * two disruptions with the same key owe each passenger the same (given the same booking
 * facts and policy). A delay counts only by the thresholds it has crossed; a cancellation by
 * its notice and cause; denied boarding by the flight alone. Undefined disruption: none.
 */
export function disruptionKey(d: Pick<EntitlementInput, 'flight' | 'disruption'> | undefined, policy: EntitlementPolicy = DEFAULT_ENTITLEMENT_POLICY): string {
  if (!d) return 'none';
  const { flight, disruption } = d;
  const { flight_number, scheduled_departure, block_minutes, departure_local } = flight;
  const facts: unknown[] = [disruption.type, flight_number, scheduled_departure, block_minutes, departure_local];
  switch (disruption.type) {
    case 'delay': {
      const t = delayThresholds(disruption.delay_minutes, flight, policy);
      facts.push(t.meals?.value ?? null, t.long, t.hotel);
      break;
    }
    case 'cancellation':
      facts.push(disruption.informed_at, disruption.delay_code, disruption.reason);
      break;
    case 'denied_boarding':
      break;
  }
  return JSON.stringify(facts);
}

/**
 * What a voluntary or involuntary refund returns: the whole fare when the airline disrupted
 * the flight, otherwise the fare less the cancellation fee (never below zero).
 */
export function refundAmount(farePaid: number, involuntary: boolean, policy: EntitlementPolicy = DEFAULT_ENTITLEMENT_POLICY): { amount_inr: number; fee_inr: number } {
  if (involuntary) return { amount_inr: farePaid, fee_inr: 0 };
  const fee = Math.min(policy.cancellation_fee_inr, farePaid);
  return { amount_inr: farePaid - fee, fee_inr: fee };
}

/**
 * One plain sentence for a passenger notification, e.g. "You are entitled to meals and
 * refreshments and to a full refund or an alternate flight." Empty when nothing is owed.
 */
export function entitlementSentence(list: readonly Pick<Entitlement, 'kind' | 'amount_inr' | 'exempt_reason'>[]): string {
  const parts: string[] = [];
  const has = (k: EntitlementKind) => list.find((e) => e.kind === k && e.exempt_reason === null);
  if (has('meals')) parts.push('meals and refreshments');
  if (has('hotel')) parts.push('hotel accommodation with transfers');
  const refund = has('refund');
  if (refund) parts.push(`a refund of ${formatInr(refund.amount_inr ?? 0)}`);
  const choice = has('alternate_or_refund');
  if (choice) parts.push(choice.amount_inr === null ? 'the alternate flight you were given' : 'a full refund or an alternate flight');
  const comp = has('compensation');
  if (comp && (comp.amount_inr ?? 0) > 0) parts.push(`compensation of ${formatInr(comp.amount_inr!)}`);
  if (parts.length === 0) return '';
  const list2 = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and to ${parts[parts.length - 1]!}`;
  return `You are entitled to ${list2}.`;
}

/** Each kind in a few words, for tables. */
export const ENTITLEMENT_LABELS: Readonly<Record<EntitlementKind, string>> = {
  compensation: 'compensation',
  refund: 'refund',
  meals: 'meals',
  hotel: 'hotel',
  alternate_or_refund: 'alternate or refund',
};

/** `alternate or refund ₹5,999, compensation ₹5,999` — what is owed, in a table cell; `nothing` when nothing is. */
export function owedSummary(list: readonly Pick<Entitlement, 'kind' | 'amount_inr' | 'exempt_reason'>[]): string {
  const owed = list
    .filter((e) => e.exempt_reason === null)
    .map((e) => (e.kind === 'alternate_or_refund' && e.amount_inr === null ? 'alternate given' : e.amount_inr === null ? ENTITLEMENT_LABELS[e.kind] : `${ENTITLEMENT_LABELS[e.kind]} ${formatInr(e.amount_inr)}`));
  return owed.length ? owed.join(', ') : 'nothing';
}

/** `compensation: extraordinary circumstances: weather (IATA delay code 71)` for what was considered and is not owed. */
export function exemptSummary(list: readonly Pick<Entitlement, 'kind' | 'exempt_reason'>[]): string {
  const exempt = list.filter((e) => e.exempt_reason !== null).map((e) => `${ENTITLEMENT_LABELS[e.kind]}: ${e.exempt_reason}`);
  return exempt.length ? exempt.join('; ') : '-';
}
