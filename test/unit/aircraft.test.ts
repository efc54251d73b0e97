import { describe, expect, it } from 'vitest';
import { aircraftType, BOEING_737_8, seatCapacity } from '../../src/domain/aircraft.js';

describe('Boeing 737-8 seat map', () => {
  it('has 189 unique seats: rows 1-31 A-F and row 32 A-C', () => {
    const seats = BOEING_737_8.seats.map((s) => s.seat);
    expect(seats).toHaveLength(189);
    expect(new Set(seats).size).toBe(189);
    expect(seats[0]).toBe('1A');
    expect(seats.at(-1)).toBe('32C');
    expect(seats).not.toContain('32D');
    expect(seatCapacity('7M8')).toBe(189);
    expect(seatCapacity('320')).toBe(0);
    expect(aircraftType('7M8')?.name).toBe('Boeing 737-8');
  });

  const positions: Array<{ seat: string; position: string }> = [
    { seat: '1A', position: 'window' },
    { seat: '12B', position: 'middle' },
    { seat: '12C', position: 'aisle' },
    { seat: '12D', position: 'aisle' },
    { seat: '12E', position: 'middle' },
    { seat: '31F', position: 'window' },
    { seat: '32A', position: 'window' },
    { seat: '32C', position: 'aisle' },
  ];
  it.each(positions)('$seat is a $position seat', ({ seat, position }) => {
    expect(BOEING_737_8.seats.find((s) => s.seat === seat)?.position).toBe(position);
  });

  it('counts 63 window, 63 middle and 63 aisle seats', () => {
    const count = (p: string) => BOEING_737_8.seats.filter((s) => s.position === p).length;
    expect([count('window'), count('middle'), count('aisle')]).toEqual([63, 63, 63]);
  });

  it('marks the over-wing exit rows 12 and 13, and only them', () => {
    const exitSeats = BOEING_737_8.seats.filter((s) => s.exit_row).map((s) => s.seat);
    expect(BOEING_737_8.exit_rows).toEqual([12, 13]);
    expect(exitSeats).toEqual(['12A', '12B', '12C', '12D', '12E', '12F', '13A', '13B', '13C', '13D', '13E', '13F']);
  });
});
