import { Box, Text } from 'ink';
import { needsAttention, type DashboardFlight } from '../domain/dashboard-snapshot.js';
import { delayLabel, fit, istClock, STATUS_COLOUR } from './layout.js';

export interface FlightsPanelProps {
  date: string;
  flights: readonly DashboardFlight[];
  /** Data rows available (the title and column header come on top). */
  rows: number;
  width: number;
  /** Active flight filter, shown in the title. */
  filter: string;
}

const COLS = { flight: 7, route: 8, dep: 6, arr: 6, status: 10, delay: 6, gate: 5, sold: 8 } as const;

/**
 * When not every flight fits, the ones needing attention (cancelled, diverted, delayed)
 * come first, then the rest in departure order: the rows an operator must see never
 * scroll off.
 */
export function pickFlights(flights: readonly DashboardFlight[], rows: number): DashboardFlight[] {
  if (flights.length <= rows) return [...flights];
  const attention = flights.filter(needsAttention);
  const rest = flights.filter((f) => !needsAttention(f));
  return [...attention, ...rest].slice(0, rows);
}

/** `DIV→MAA` for a diverted flight (also once it has landed there), else the status. */
export function statusLabel(f: Pick<DashboardFlight, 'status' | 'diverted_to'>): string {
  return f.diverted_to ? `DIV→${f.diverted_to}` : f.status;
}

export function FlightsPanel({ date, flights, rows, width, filter }: FlightsPanelProps) {
  const disrupted = flights.filter(needsAttention).length;
  const showRows = flights.length > rows ? Math.max(rows - 1, 0) : rows;
  const shown = pickFlights(flights, showRows);
  const hidden = flights.length - shown.length;
  const title = `Flights ${date} · ${flights.length} flight${flights.length === 1 ? '' : 's'}${disrupted ? ` · ${disrupted} disrupted` : ''}${filter ? ` · filter "${filter}"` : ''}`;
  const header =
    fit('FLIGHT', COLS.flight) +
    fit('ROUTE', COLS.route) +
    fit('DEP', COLS.dep) +
    fit('ARR', COLS.arr) +
    fit('STATUS', COLS.status) +
    fit('DELAY', COLS.delay) +
    fit('GATE', COLS.gate) +
    'SOLD';
  const lines = [];
  for (const f of shown) {
    lines.push(
      <Text key={f.flight_number} wrap="truncate">
        <Text bold>{fit(f.flight_number, COLS.flight)}</Text>
        {fit(`${f.origin}→${f.destination}`, COLS.route)}
        {fit(istClock(f.scheduled_departure), COLS.dep)}
        {fit(istClock(f.scheduled_arrival), COLS.arr)}
        <Text color={f.diverted_to ? STATUS_COLOUR.DIVERTED : (STATUS_COLOUR[f.status] ?? 'white')} bold={f.status === 'CANCELLED' || f.diverted_to !== null}>
          {fit(statusLabel(f), COLS.status)}
        </Text>
        <Text color={f.delay_minutes !== null && f.delay_minutes >= 45 ? 'yellow' : undefined}>{fit(delayLabel(f.delay_minutes), COLS.delay)}</Text>
        {fit(f.gate ?? '-', COLS.gate)}
        {`${f.seats_sold}/${f.capacity}`}
      </Text>,
    );
  }
  if (shown.length === 0) lines.push(<Text key="none" dimColor>{filter ? 'no flight matches the filter' : 'no flights this day (an empty store? `akasa db seed` loads the fixtures)'}</Text>);
  if (hidden > 0) lines.push(<Text key="more" dimColor>{`… ${hidden} more (/ to filter by flight)`}</Text>);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="blueBright" wrap="truncate">
        {title}
      </Text>
      <Text dimColor wrap="truncate">
        {header}
      </Text>
      {lines.slice(0, Math.max(rows, 1))}
    </Box>
  );
}
