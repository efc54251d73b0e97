/**
 * The re-accommodation policy: who goes first, where to look, and what a target flight must
 * offer. Every field has a documented default (docs/reaccommodation.md); a policy file given
 * with `--policy FILE` overrides any of them, and is checked here, field by field.
 */
import * as z from 'zod/mini';

export type LoyaltyTier = 'none' | 'silver' | 'gold' | 'platinum';
export const LOYALTY_TIERS: readonly LoyaltyTier[] = ['platinum', 'gold', 'silver', 'none'];

/**
 * A search window: flights departing on the disrupted flight's date plus `days[0]..days[1]`
 * (local dates), and, when given, between `from_minutes` and `to_minutes` (inclusive) of the
 * disrupted flight's scheduled departure. A flight belongs to the first window it matches.
 */
export interface SearchWindow {
  /** Shown in the plan as the rule that placed a passenger, e.g. `same_day_later`. */
  name: string;
  /** Operator wording, e.g. `same day, later (up to +6 h)`. */
  label: string;
  days: readonly [number, number];
  from_minutes?: number | undefined;
  to_minutes?: number | undefined;
}

/**
 * Priority score: the sum of these weights over what the passenger has; higher goes first,
 * and earlier booking (`created_at`) breaks ties. The defaults make it strictly ordered:
 * special assistance outweighs any tier, a tier step outweighs any fare (fares stay under
 * 100,000 INR), and fare outweighs booking time.
 */
export interface PriorityWeights {
  special_assistance: number;
  tier: Readonly<Record<LoyaltyTier, number>>;
  /** Points per rupee of fare paid. */
  fare_per_inr: number;
}

export interface ReaccommodationPolicy {
  priority: PriorityWeights;
  /** Searched in this order; the first window with a seat wins. */
  windows: readonly SearchWindow[];
  /** A target expected to depart or arrive more than this late is not used. Default 120. */
  max_target_delay_minutes: number;
  /** No target whose scheduled departure is closer than this to the clock (check-in closed). Default 45. */
  checkin_cutoff_minutes: number;
  /** Seats kept back for sale on every target flight. Default 0. */
  hold_back: number;
  /**
   * With `akasa daemon --auto-reaccommodate`: also re-accommodate a flight whose delay
   * alert reaches this many hours. Null (default): only cancellations.
   */
  delay_trigger_hours: number | null;
}

export const DEFAULT_WINDOWS: readonly SearchWindow[] = [
  { name: 'same_day_later', label: 'same day, later (up to +6 h)', days: [0, 0], from_minutes: 0, to_minutes: 360 },
  { name: 'same_day_earlier', label: 'same day, earlier', days: [0, 0], to_minutes: 0 },
  { name: 'same_day_rest', label: 'same day, later than +6 h', days: [0, 0] },
  { name: 'next_day', label: 'next day, up to +24 h', days: [1, 1], to_minutes: 1440 },
  { name: 'following_day', label: 'next day after +24 h, or the day after', days: [1, 2] },
];

export const DEFAULT_POLICY: ReaccommodationPolicy = {
  priority: { special_assistance: 1_000_000, tier: { platinum: 300_000, gold: 200_000, silver: 100_000, none: 0 }, fare_per_inr: 1 },
  windows: DEFAULT_WINDOWS,
  max_target_delay_minutes: 120,
  checkin_cutoff_minutes: 45,
  hold_back: 0,
  delay_trigger_hours: null,
};

const count = z.int().check(z.gte(0, { error: 'must be a whole number of 0 or more' }));
const minutes = z.int({ error: 'must be a whole number of minutes' });
const weight = z.number().check(z.gte(0, { error: 'must be 0 or more' }));

const windowSchema = z.object({
  name: z.string().check(z.regex(/^[a-z0-9_]{1,40}$/, { error: 'must be 1-40 characters of a-z, 0-9 and _' })),
  label: z.optional(z.string().check(z.maxLength(80))),
  days: z.tuple([z.int().check(z.gte(0), z.lte(7)), z.int().check(z.gte(0), z.lte(7))]),
  from_minutes: z.optional(minutes),
  to_minutes: z.optional(minutes),
});

/** A policy file: every field optional; the tier weights may be given in part. */
export const PolicyFileSchema = z.strictObject({
  priority: z.optional(
    z.strictObject({
      special_assistance: z.optional(weight),
      tier: z.optional(z.strictObject({ platinum: z.optional(weight), gold: z.optional(weight), silver: z.optional(weight), none: z.optional(weight) })),
      fare_per_inr: z.optional(weight),
    }),
  ),
  windows: z.optional(z.array(windowSchema).check(z.minLength(1, { error: 'must list at least one window' }))),
  max_target_delay_minutes: z.optional(count),
  checkin_cutoff_minutes: z.optional(count),
  hold_back: z.optional(count.check(z.lte(189))),
  delay_trigger_hours: z.optional(z.nullable(z.number().check(z.gt(0, { error: 'must be more than 0 hours' })))),
});
export type PolicyFile = z.output<typeof PolicyFileSchema>;

/** The defaults with a validated policy file laid over them. */
export function policyFrom(file: PolicyFile = {}): ReaccommodationPolicy {
  const d = DEFAULT_POLICY;
  const tier = { ...d.priority.tier };
  for (const t of LOYALTY_TIERS) tier[t] = file.priority?.tier?.[t] ?? tier[t];
  return {
    priority: {
      special_assistance: file.priority?.special_assistance ?? d.priority.special_assistance,
      tier,
      fare_per_inr: file.priority?.fare_per_inr ?? d.priority.fare_per_inr,
    },
    windows: file.windows?.map((w) => ({ ...w, label: w.label ?? w.name, days: w.days })) ?? d.windows,
    max_target_delay_minutes: file.max_target_delay_minutes ?? d.max_target_delay_minutes,
    checkin_cutoff_minutes: file.checkin_cutoff_minutes ?? d.checkin_cutoff_minutes,
    hold_back: file.hold_back ?? d.hold_back,
    delay_trigger_hours: file.delay_trigger_hours === undefined ? d.delay_trigger_hours : file.delay_trigger_hours,
  };
}
