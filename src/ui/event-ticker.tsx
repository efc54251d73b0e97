import { Box, Text } from 'ink';
import type { DashboardEvent, IntakeRate } from '../domain/dashboard-snapshot.js';
import { fit, istClockSeconds, STATUS_COLOUR } from './layout.js';

export interface EventTickerProps {
  events: readonly DashboardEvent[];
  intake: IntakeRate;
  rows: number;
  width: number;
}

const OUTCOME_COLOUR: Record<string, string> = { processed: 'green', pending: 'yellow', stale: 'gray', duplicate: 'gray', held: 'magenta', conflict: 'red', released: 'green', dismissed: 'gray' };

/** Formats the intake rate: `12.5/s`, `0.2/s`, `0/s`. */
export function rateLabel(perSecond: number): string {
  if (perSecond <= 0) return '0/s';
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(1)}/s`;
}

export function EventTicker({ events, intake, rows, width }: EventTickerProps) {
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate">
        <Text bold color="blueBright">
          Latest events
        </Text>
        <Text>{`  intake ${rateLabel(intake.per_second)} (last ${intake.window_seconds}s) · backlog `}</Text>
        <Text color={intake.backlog > 0 ? 'yellow' : 'green'}>{String(intake.backlog)}</Text>
      </Text>
      {events.length === 0 ? (
        <Text dimColor>no events yet</Text>
      ) : (
        events.slice(0, rows).map((e) => (
          <Text key={e.id} wrap="truncate">
            {fit(istClockSeconds(e.received_at), 10)}
            <Text bold>{fit(e.flight_number, 8)}</Text>
            <Text color={STATUS_COLOUR[e.status ?? ''] ?? undefined}>{fit(e.status ?? '-', 11)}</Text>
            <Text color={OUTCOME_COLOUR[e.outcome]}>{fit(e.outcome, 11)}</Text>
            <Text dimColor>{e.source}</Text>
          </Text>
        ))
      )}
    </Box>
  );
}
