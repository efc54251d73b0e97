/**
 * Deterministic pricing. The current fare is the base fare times a step that rises as the
 * flight fills; the same load always gives the same fare. Money is integer INR.
 */

/** Fare steps by load factor (seats sold / capacity, before this sale): first step whose `below` exceeds the load applies. */
export const FARE_STEPS: ReadonlyArray<{ below: number; multiplier: number }> = [
  { below: 0.5, multiplier: 1.0 },
  { below: 0.7, multiplier: 1.15 },
  { below: 0.85, multiplier: 1.3 },
  { below: 0.95, multiplier: 1.5 },
  { below: Number.POSITIVE_INFINITY, multiplier: 1.8 },
];

export function fareMultiplier(seatsSold: number, capacity: number): number {
  const load = capacity > 0 ? seatsSold / capacity : 1;
  for (const step of FARE_STEPS) if (load < step.below) return step.multiplier;
  return FARE_STEPS[FARE_STEPS.length - 1]!.multiplier;
}

/** The fare the next seat sells for, rounded to whole rupees. */
export function currentFare(baseFare: number, seatsSold: number, capacity: number): number {
  return Math.round(baseFare * fareMultiplier(seatsSold, capacity));
}

/** `₹4,599`: integer rupees with Indian digit grouping, for messages built outside the CLI. */
export function formatInr(amount: number): string {
  return `${amount < 0 ? '-' : ''}₹${Math.abs(amount).toLocaleString('en-IN')}`;
}
