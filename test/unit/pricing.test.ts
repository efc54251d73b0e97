import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentFare, FARE_STEPS, fareMultiplier, formatInr } from '../../src/domain/pricing.js';

describe('pricing steps', () => {
  const cases: Array<{ name: string; sold: number; capacity: number; multiplier: number }> = [
    { name: 'empty flight', sold: 0, capacity: 189, multiplier: 1.0 },
    { name: 'just under half full', sold: 94, capacity: 189, multiplier: 1.0 },
    { name: 'half full (95/189 ≥ 0.5)', sold: 95, capacity: 189, multiplier: 1.15 },
    { name: 'just under 70 %', sold: 132, capacity: 189, multiplier: 1.15 },
    { name: 'at 70 %', sold: 133, capacity: 189, multiplier: 1.3 },
    { name: 'at 85 %', sold: 161, capacity: 189, multiplier: 1.5 },
    { name: 'at 95 %', sold: 180, capacity: 189, multiplier: 1.8 },
    { name: 'last seat', sold: 188, capacity: 189, multiplier: 1.8 },
    { name: 'no capacity counts as full', sold: 0, capacity: 0, multiplier: 1.8 },
  ];
  it.each(cases)('$name → ×$multiplier', ({ sold, capacity, multiplier }) => {
    expect(fareMultiplier(sold, capacity)).toBe(multiplier);
  });

  it('rounds to whole rupees and never falls as the flight fills', () => {
    expect(currentFare(5499, 0, 189)).toBe(5499);
    expect(currentFare(5499, 95, 189)).toBe(6324); // 5499 × 1.15 = 6323.85
    let previous = 0;
    for (let sold = 0; sold < 189; sold++) {
      const fare = currentFare(4599, sold, 189);
      expect(Number.isInteger(fare)).toBe(true);
      expect(fare).toBeGreaterThanOrEqual(previous);
      previous = fare;
    }
  });

  it('has ascending thresholds and multipliers', () => {
    for (let i = 1; i < FARE_STEPS.length; i++) {
      expect(FARE_STEPS[i]!.below).toBeGreaterThan(FARE_STEPS[i - 1]!.below);
      expect(FARE_STEPS[i]!.multiplier).toBeGreaterThan(FARE_STEPS[i - 1]!.multiplier);
    }
  });
});

describe('formatInr', () => {
  it.each([
    [0, '₹0'],
    [999, '₹999'],
    [1000, '₹1,000'],
    [59990, '₹59,990'],
    [123456, '₹1,23,456'],
    [10000000, '₹1,00,00,000'],
    [-4599, '-₹4,599'],
  ])('%d → %s', (amount, text) => {
    expect(formatInr(amount)).toBe(text);
  });

  it('groups whole rupees exactly as the en-IN locale does', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger().filter((n) => n >= -Number.MAX_SAFE_INTEGER), (n) => {
        expect(formatInr(n)).toBe(`${n < 0 ? '-' : ''}₹${Math.abs(n).toLocaleString('en-IN')}`);
      }),
      { numRuns: 500 },
    );
  });
});
