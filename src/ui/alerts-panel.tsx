import { Box, Text } from 'ink';
import type { AlertId, DashboardAlert } from '../domain/dashboard-snapshot.js';
import { age, fit, SEVERITY_COLOUR } from './layout.js';

export interface AlertsPanelProps {
  alerts: readonly DashboardAlert[];
  selectedId: AlertId | null;
  rows: number;
  width: number;
  /** Snapshot time, for the age column. */
  now: string;
}

const COLS = { mark: 2, severity: 9, type: 16, flight: 7, pax: 8, age: 7 } as const;
const FIXED = COLS.mark + COLS.severity + COLS.type + COLS.flight + COLS.pax + COLS.age;

/** The window of `rows` alerts that keeps the selected one visible. */
export function alertWindow(count: number, selectedIndex: number, rows: number): { start: number; end: number } {
  if (count <= rows) return { start: 0, end: count };
  const start = Math.min(Math.max(selectedIndex - Math.floor(rows / 2), 0), count - rows);
  return { start, end: start + rows };
}

export function AlertsPanel({ alerts, selectedId, rows, width, now }: AlertsPanelProps) {
  const selectedIndex = Math.max(
    alerts.findIndex((a) => a.id === selectedId),
    0,
  );
  const { start, end } = alertWindow(alerts.length, selectedIndex, rows);
  const messageWidth = Math.max(width - FIXED, 10);
  const title = `Open alerts · ${alerts.length}${alerts.length > rows ? ` (${start + 1}-${end} shown)` : ''}`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold color="blueBright" wrap="truncate">
        {title}
      </Text>
      {alerts.length === 0 ? (
        <Text dimColor>no open alerts</Text>
      ) : (
        alerts.slice(start, end).map((a) => {
          const selected = a.id === selectedId;
          return (
            <Text key={String(a.id)} inverse={selected} wrap="truncate">
              {fit(selected ? '›' : ' ', COLS.mark)}
              <Text color={SEVERITY_COLOUR[a.severity]} bold={a.severity === 'critical' || a.severity === 'high'}>
                {fit(a.severity.toUpperCase(), COLS.severity)}
              </Text>
              {fit(a.alert_type, COLS.type)}
              <Text bold>{fit(a.flight_number, COLS.flight)}</Text>
              {fit(`${a.affected_count} pax`, COLS.pax)}
              {fit(age(a.created_at, now), COLS.age)}
              {fit(a.message, messageWidth)}
            </Text>
          );
        })
      )}
    </Box>
  );
}
