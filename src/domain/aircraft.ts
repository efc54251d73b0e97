/**
 * Aircraft types and their seat maps. Akasa flies one type: the Boeing 737-8 in a
 * 189-seat all-economy layout, 3-3 abreast: rows 1-31 with A-F, and row 32 with A-C.
 *
 * Exit rows: the 737-8 has two over-wing exits on each side (Type III hatches), one beside
 * each of two consecutive rows over the wing; at this layout's pitch those are rows 12 and
 * 13. Everyone seated there must be able and willing to open a hatch in an evacuation, so a
 * passenger who asked for special assistance is never given one of those seats (DGCA CAR
 * Section 8 Series O; the same rule as every 737 operator's exit-row policy). The door exits
 * at the front and back have no seat rows beside them and need no such rule.
 */

export type SeatPosition = 'window' | 'middle' | 'aisle';

export interface Seat {
  /** e.g. `12A` */
  seat: string;
  row: number;
  letter: string;
  position: SeatPosition;
  /** A seat in an over-wing exit row (see the module comment); absent means no. */
  exit_row?: true;
}

export interface AircraftType {
  /** IATA aircraft type code, e.g. `7M8`. */
  code: string;
  name: string;
  seats: readonly Seat[];
  /** Rows beside an over-wing exit, front to back. */
  exit_rows: readonly number[];
}

const POSITION_BY_LETTER: Record<string, SeatPosition> = {
  A: 'window',
  B: 'middle',
  C: 'aisle',
  D: 'aisle',
  E: 'middle',
  F: 'window',
};

function seatMap(rows: Array<[fromRow: number, toRow: number, letters: string]>, exitRows: readonly number[]): Seat[] {
  const seats: Seat[] = [];
  for (const [from, to, letters] of rows) {
    for (let row = from; row <= to; row++) {
      for (const letter of letters) {
        const seat: Seat = { seat: `${row}${letter}`, row, letter, position: POSITION_BY_LETTER[letter] ?? 'middle' };
        if (exitRows.includes(row)) seat.exit_row = true;
        seats.push(seat);
      }
    }
  }
  return seats;
}

const EXIT_ROWS_737_8 = [12, 13] as const;

export const BOEING_737_8: AircraftType = {
  code: '7M8',
  name: 'Boeing 737-8',
  seats: seatMap(
    [
      [1, 31, 'ABCDEF'],
      [32, 32, 'ABC'],
    ],
    EXIT_ROWS_737_8,
  ),
  exit_rows: EXIT_ROWS_737_8,
};

export const AIRCRAFT_TYPES: Readonly<Record<string, AircraftType>> = { [BOEING_737_8.code]: BOEING_737_8 };

export function aircraftType(code: string): AircraftType | undefined {
  return AIRCRAFT_TYPES[code];
}

export function seatCapacity(code: string): number {
  return aircraftType(code)?.seats.length ?? 0;
}
