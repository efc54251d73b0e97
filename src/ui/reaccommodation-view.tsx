import { Box, Text } from 'ink';
import type { PlanItem, ReaccommodationResult } from '../domain/reaccommodation-result.js';
import { fit, istClock } from './layout.js';

export interface ReaccommodationViewProps {
  result: ReaccommodationResult;
  /** First passenger row shown (↑/↓ scroll). */
  scroll: number;
  rows: number;
  width: number;
}

const COLS = { priority: 4, name: 16, locator: 8, from: 5, to: 15, times: 12, seat: 5 } as const;
const FIXED = COLS.priority + COLS.name + COLS.locator + COLS.from + COLS.to + COLS.times + COLS.seat;
/** Title, counts, destinations, column header. */
const HEAD_LINES = 4;

/** Passenger rows that fit under the plan's summary lines. */
export function planRows(rows: number): number {
  return Math.max(rows - HEAD_LINES, 1);
}

/**
 * The plan's bookings in the order a controller reads them: the unplaced first (they are
 * what needs a person), then the moves in priority order.
 */
export function planOrder(plan: readonly PlanItem[]): PlanItem[] {
  return [...plan.filter((p) => p.action === 'unplaced'), ...plan.filter((p) => p.action === 'move')];
}

/** `QP1101 07:35 ×3 · QP1203 12-02 06:10 ×12`: where the moves go, in departure order (the date only when not the disrupted day). */
export function destinations(result: ReaccommodationResult): string {
  const by = new Map<string, { label: string; departs: string; count: number }>();
  for (const p of result.plan) {
    if (!p.to) continue;
    const key = `${p.to.flight_number}|${p.to.depart_date}`;
    const day = p.to.depart_date === result.depart_date ? '' : ` ${p.to.depart_date.slice(5)}`;
    const entry = by.get(key) ?? { label: `${p.to.flight_number}${day} ${istClock(p.to.scheduled_departure)}`, departs: p.to.scheduled_departure, count: 0 };
    entry.count++;
    by.set(key, entry);
  }
  return [...by.values()]
    .sort((a, b) => a.departs.localeCompare(b.departs))
    .map((d) => `${d.label} ×${d.count}`)
    .join(' · ');
}

const outcome = (p: PlanItem) => (p.to ? `${p.to.flight_number}|${p.to.depart_date}|${p.to.seat}` : 'unplaced');

/** Bookings whose outcome in the applied run is not the one the operator was shown (the run replans what was sold meanwhile). */
export function changedMoves(shown: ReaccommodationResult, applied: ReaccommodationResult): number {
  const before = new Map(shown.plan.map((p) => [p.booking_id, outcome(p)]));
  return applied.plan.filter((p) => before.get(p.booking_id) !== outcome(p)).length;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function Row({ p, width }: { p: PlanItem; width: number }) {
  const head = (
    <>
      {fit(String(p.priority), COLS.priority)}
      {fit(p.passenger_name, COLS.name)}
      <Text bold>{fit(p.locator, COLS.locator)}</Text>
      {fit(p.from.seat, COLS.from)}
    </>
  );
  if (!p.to) {
    return (
      <Text wrap="truncate">
        {head}
        <Text color="red" bold>
          {'UNPLACED '}
        </Text>
        {fit(p.reason, Math.max(width - (FIXED - COLS.to - COLS.times - COLS.seat) - 9, 10))}
      </Text>
    );
  }
  const day = p.to.depart_date.slice(5);
  return (
    <Text wrap="truncate">
      {head}
      <Text color="green">{fit(`→ ${p.to.flight_number} ${day}`, COLS.to)}</Text>
      {fit(`${istClock(p.to.scheduled_departure)}–${istClock(p.to.expected_arrival)}`, COLS.times)}
      {fit(p.to.seat, COLS.seat)}
      {fit(p.window ?? '', Math.max(width - FIXED, 4))}
    </Text>
  );
}

/**
 * A re-accommodation plan (or an applied run) at a glance: how many move and how many stay,
 * which flights take them, then each passenger: the unplaced first with the reason, then
 * every move with its flight, times (IST), seat and the window that placed it.
 */
export function ReaccommodationView({ result, scroll, rows, width }: ReaccommodationViewProps) {
  const items = planOrder(result.plan);
  const visible = planRows(rows);
  const start = Math.min(Math.max(scroll, 0), Math.max(items.length - visible, 0));
  const shown = items.slice(start, start + visible);
  const where = `${result.flight_number} ${result.origin}→${result.destination} ${result.depart_date}`;
  const to = destinations(result);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="blueBright" wrap="truncate">
        {result.dry_run ? `Re-accommodation plan · ${where} · nothing changed yet` : `Re-accommodated · ${where}`}
      </Text>
      <Text wrap="truncate">
        <Text color="green" bold>
          {result.dry_run ? `${result.moved} to move` : `${result.moved} moved`}
        </Text>
        {' · '}
        <Text color={result.unplaced > 0 ? 'red' : undefined} bold={result.unplaced > 0}>
          {`${result.unplaced} unplaced`}
        </Text>
        {result.unplaced > 0 ? ` (${result.unplaced === 1 ? 'stays' : 'stay'} on ${result.flight_number} for an operator)` : ''}
        {result.replanned > 0 ? ` · ${plural(result.replanned, 'booking')} replanned (seats sold meanwhile)` : ''}
        {items.length > visible ? ` · ${start + 1}-${start + shown.length} of ${items.length}` : ''}
      </Text>
      <Text wrap="truncate">{to ? `To: ${to}` : 'To: no flight'}</Text>
      <Text dimColor wrap="truncate">
        {fit('PRI', COLS.priority) + fit('PASSENGER', COLS.name) + fit('BOOKING', COLS.locator) + fit('SEAT', COLS.from) + fit('→ FLIGHT', COLS.to) + fit('DEP–ARR IST', COLS.times) + fit('SEAT', COLS.seat) + 'WINDOW / WHY'}
      </Text>
      {shown.length === 0 ? <Text dimColor>no live bookings left on this flight</Text> : shown.map((p) => <Row key={p.booking_id} p={p} width={width} />)}
    </Box>
  );
}

/** The status line under a plan: an explicit y/N that says what applying will do. */
export function ReaccommodationPrompt({ result }: { result: ReaccommodationResult }) {
  if (result.moved === 0) {
    return (
      <Text bold color="yellow" wrap="truncate">
        {result.summary}
      </Text>
    );
  }
  const stay = result.unplaced > 0 ? `; ${result.unplaced} stay unplaced` : '';
  return (
    <Text wrap="truncate">
      <Text bold>[y/N] </Text>
      <Text bold color="yellow">{`move ${plural(result.moved, 'passenger')} off ${result.flight_number} ${result.depart_date} as shown${stay}?`}</Text>
    </Text>
  );
}
