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

/** `₹4,599`: integer rupees with Indian digit grouping (negative: `-₹500`); the one format for messages and the CLI alike. */
export function formatInr(amount: number): string {
  return `${amount < 0 ? '-' : ''}₹${indianGrouping(Math.abs(amount))}`;
}

/**
 * `12,34,567`: the last three digits, then pairs, as `toLocaleString('en-IN')` writes a whole
 * number. Written out because the first en-IN formatter of a process loads ICU locale data
 * (and every `toLocaleString` call builds another), a cost paid per message on hot paths that
 * word hundreds of sums; amounts are whole rupees, anything else goes to ICU.
 */
function indianGrouping(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-IN');
  const digits = String(n);
  if (digits.length <= 3) return digits;
  const head = digits.slice(0, -3);
  const pairs: string[] = [];
  for (let end = head.length; end > 0; end -= 2) pairs.unshift(head.slice(Math.max(0, end - 2), end));
  return `${pairs.join(',')},${digits.slice(-3)}`;
}
