/**
 * Notification ids as ranges of consecutive ids: how the outbox records what the local sinks
 * have had and what a process has claimed (a change's notifications have consecutive ids, so
 * a hand-out is a range or two, whatever the number of passengers).
 */

/** Consecutive notification ids, first to last inclusive. */
export type IdRange = readonly [first: number, last: number];

/** Ids as ranges of consecutive ids, ascending. */
export function idRanges(ids: readonly number[]): IdRange[] {
  if (ids.length === 0) return [];
  const sorted = isAscending(ids) ? ids : [...ids].sort((a, b) => a - b);
  const ranges: IdRange[] = [];
  let first = sorted[0]!;
  let last = first;
  for (let i = 1; i < sorted.length; i++) {
    const id = sorted[i]!;
    if (id === last + 1 || id === last) {
      last = id;
      continue;
    }
    ranges.push([first, last]);
    first = last = id;
  }
  ranges.push([first, last]);
  return ranges;
}

function isAscending(ids: readonly number[]): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i]! < ids[i - 1]!) return false;
  return true;
}

/** The ids from 1 to `through` that none of `ranges` (ascending, disjoint) holds, as ranges. */
export function rangesBetween(ranges: readonly IdRange[], through: number): IdRange[] {
  const out: IdRange[] = [];
  let next = 1;
  for (const [first, last] of ranges) {
    if (next > through) break;
    if (first > next) out.push([next, Math.min(first - 1, through)]);
    next = Math.max(next, last + 1);
  }
  if (next <= through) out.push([next, through]);
  return out;
}

/** The ids both `a` and `b` (each ascending and disjoint) hold, as ranges. */
export function intersectRanges(a: readonly IdRange[], b: readonly IdRange[]): IdRange[] {
  const out: IdRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [af, al] = a[i]!;
    const [bf, bl] = b[j]!;
    const first = Math.max(af, bf);
    const last = Math.min(al, bl);
    if (first <= last) out.push([first, last]);
    if (al < bl) i++;
    else j++;
  }
  return out;
}
