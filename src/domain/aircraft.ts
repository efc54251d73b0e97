/**
 * Aircraft types and their seat maps. Akasa flies one type: the Boeing 737-8 in a
 * 189-seat all-economy layout, 3-3 abreast: rows 1-31 with A-F, and row 32 with A-C.
 */

export type SeatPosition = 'window' | 'middle' | 'aisle';

export interface Seat {
  /** e.g. `12A` */
  seat: string;
  row: number;
  letter: string;
  position: SeatPosition;
}

export interface AircraftType {
  /** IATA aircraft type code, e.g. `7M8`. */
  code: string;
  name: string;
  seats: readonly Seat[];
}

const POSITION_BY_LETTER: Record<string, SeatPosition> = {
  A: 'window',
  B: 'middle',
  C: 'aisle',
  D: 'aisle',
  E: 'middle',
  F: 'window',
};

function seatMap(rows: Array<[fromRow: number, toRow: number, letters: string]>): Seat[] {
  const seats: Seat[] = [];
  for (const [from, to, letters] of rows) {
    for (let row = from; row <= to; row++) {
      for (const letter of letters) {
        seats.push({ seat: `${row}${letter}`, row, letter, position: POSITION_BY_LETTER[letter] ?? 'middle' });
      }
    }
  }
  return seats;
}

export const BOEING_737_8: AircraftType = {
  code: '7M8',
  name: 'Boeing 737-8',
  seats: seatMap([
    [1, 31, 'ABCDEF'],
    [32, 32, 'ABC'],
  ]),
};

export const AIRCRAFT_TYPES: Readonly<Record<string, AircraftType>> = { [BOEING_737_8.code]: BOEING_737_8 };

export function aircraftType(code: string): AircraftType | undefined {
  return AIRCRAFT_TYPES[code];
}

export function seatCapacity(code: string): number {
  return aircraftType(code)?.seats.length ?? 0;
}
