import { Box, Text } from 'ink';
import type { AlertDetails } from '../domain/dashboard-snapshot.js';
import { formatInr } from '../domain/pricing.js';
import { fit, formatWhen, istClock, SEVERITY_COLOUR } from './layout.js';

export interface AlertDetailsViewProps {
  details: AlertDetails;
  /** First passenger row shown (↑/↓ scroll). */
  scroll: number;
  rows: number;
  width: number;
}

const COLS = { locator: 9, name: 24, seat: 6, customer: 10, status: 11, now: 18 } as const;

/** `Owed: ₹59,990 compensation · meals 0 · hotels 0 · refunds 10` (DGCA CAR passenger rights). */
function entitlementLine(t: NonNullable<AlertDetails['entitlements']>): string {
  return `Owed: ${formatInr(t.compensation_inr)} compensation · meals ${t.meals} · hotels ${t.hotels} · refunds ${t.refunds}`;
}

/** `15 moved at 17:30 IST · 2 unplaced, still on QP1001 (p retries)`: where the flight-date's re-accommodation stands after its last run. */
function reaccommodationLine(r: NonNullable<AlertDetails['reaccommodation']>, flight: string): string {
  const run = `${r.moved_in_last_run} moved at ${istClock(r.last_run_at)} IST`;
  return r.unplaced === 0 ? `${run} · every passenger placed` : `${run} · ${r.unplaced} unplaced, still on ${flight} (p retries)`;
}

/** Passenger rows that fit under the alert's summary lines (title, message, the optional lines, the table's title and header). */
export function passengerRows(rows: number, details: AlertDetails | null | undefined): number {
  const optional = (details?.entitlements ? 1 : 0) + (details?.reaccommodation ? 1 : 0);
  return Math.max(rows - 4 - optional, 1);
}

export function AlertDetailsView({ details, scroll, rows, width }: AlertDetailsViewProps) {
  const { alert, passengers } = details;
  const visible = passengerRows(rows, details);
  const start = Math.min(Math.max(scroll, 0), Math.max(passengers.length - visible, 0));
  const shown = passengers.slice(start, start + visible);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color="blueBright">{`Alert ${alert.id} `}</Text>
        <Text color={SEVERITY_COLOUR[alert.severity]} bold>
          {alert.severity.toUpperCase()}
        </Text>
        {` ${alert.alert_type} · ${alert.flight_number} ${alert.flight_date} · `}
        <Text color={details.resolved ? 'green' : 'yellow'} bold>
          {details.resolved ? 'RESOLVED' : 'OPEN'}
        </Text>
      </Text>
      <Text wrap="truncate">{`${alert.message} · raised ${formatWhen(alert.created_at)}`}</Text>
      {details.entitlements ? <Text wrap="truncate">{entitlementLine(details.entitlements)}</Text> : null}
      {details.reaccommodation ? (
        <Text wrap="truncate">
          <Text bold>Re-accommodation: </Text>
          <Text color={details.reaccommodation.unplaced > 0 ? 'red' : 'green'}>{reaccommodationLine(details.reaccommodation, alert.flight_number)}</Text>
        </Text>
      ) : null}
      <Text bold wrap="truncate">
        {`Affected passengers · ${passengers.length}${passengers.length > visible ? ` (${start + 1}-${start + shown.length} shown, ↑/↓ to scroll)` : ''}`}
      </Text>
      <Text dimColor wrap="truncate">
        {fit('BOOKING', COLS.locator) + fit('PASSENGER', COLS.name) + fit('SEAT', COLS.seat) + fit('CUSTOMER', COLS.customer) + fit('STATUS', COLS.status) + fit('NOW ON', COLS.now) + 'OWED'}
      </Text>
      {shown.length === 0 ? (
        <Text dimColor>no confirmed bookings were on this flight when the alert was raised</Text>
      ) : (
        shown.map((p) => (
          <Text key={p.booking_id} wrap="truncate">
            <Text bold>{fit(p.locator, COLS.locator)}</Text>
            {fit(p.passenger_name, COLS.name)}
            {fit(p.seat, COLS.seat)}
            {fit(p.customer_id, COLS.customer)}
            <Text color={p.booking_status === 'confirmed' ? 'green' : p.booking_status === 'cancelled' ? 'red' : undefined}>{fit(p.booking_status, COLS.status)}</Text>
            {fit(p.now_on ?? '-', COLS.now)}
            {p.owed ?? ''}
          </Text>
        ))
      )}
    </Box>
  );
}
