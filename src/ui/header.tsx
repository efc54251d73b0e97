import { Box, Text } from 'ink';
import { dateInZone } from '../domain/dates.js';
import { istClockSeconds } from './layout.js';

export interface HeaderProps {
  date: string;
  now: string;
  width: number;
  /** A failed refresh: shown instead of pretending the picture is current. */
  stale?: string | null;
}

export function Header({ date, now, width, stale }: HeaderProps) {
  return (
    <Box width={width}>
      <Text wrap="truncate">
        <Text bold color="white" backgroundColor="blue">
          {' akasa · operations desk '}
        </Text>
        {` flights of ${date} · now ${dateInZone(now)} ${istClockSeconds(now)} IST`}
        {stale ? <Text color="red">{` · not refreshing: ${stale}`}</Text> : null}
      </Text>
    </Box>
  );
}
