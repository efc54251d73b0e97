/**
 * Record locators: 6 characters from an alphabet without look-alikes (no 0/O, 1/I/L),
 * so a locator read out over the phone is never ambiguous.
 */
import { asciiUpperCase } from './ascii.js';

export const LOCATOR_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const LOCATOR_LENGTH = 6;
const LOCATOR_RE = new RegExp(`^[${LOCATOR_ALPHABET}]{${LOCATOR_LENGTH}}$`);

/** Why a typed reference is not a booking reference, in words an operator can act on. */
export const BOOKING_REF_HELP = `expected a booking id (UUID) or a ${LOCATOR_LENGTH}-character record locator (letters and digits; locators never use 0, 1, I, L or O)`;

export function isLocator(s: string): boolean {
  return LOCATOR_RE.test(s);
}

/** Builds a locator from random bytes (caller supplies them: the domain draws no randomness itself). */
export function locatorFromBytes(bytes: Uint8Array): string {
  if (bytes.length < LOCATOR_LENGTH) throw new Error(`need ${LOCATOR_LENGTH} bytes for a locator`);
  let out = '';
  for (let i = 0; i < LOCATOR_LENGTH; i++) out += LOCATOR_ALPHABET[bytes[i]! % LOCATOR_ALPHABET.length];
  return out;
}

/** Deterministic locator for the n-th generated record (seeding, load tests): a bijection on 0..31^6-1. */
export function locatorForIndex(n: number): string {
  const size = LOCATOR_ALPHABET.length ** LOCATOR_LENGTH;
  // Multiply by a constant coprime to the space so neighbours do not look alike.
  let x = Number((BigInt(n % size) * 48271n + 12345n) % BigInt(size));
  let out = '';
  for (let i = 0; i < LOCATOR_LENGTH; i++) {
    out = LOCATOR_ALPHABET[x % LOCATOR_ALPHABET.length] + out;
    x = Math.floor(x / LOCATOR_ALPHABET.length);
  }
  return out;
}

/** A booking reference typed by an operator: a UUID, or a locator (case-insensitive). */
export function normaliseBookingRef(ref: string): { kind: 'id'; value: string } | { kind: 'locator'; value: string } | undefined {
  const s = ref.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s)) return { kind: 'id', value: s.toLowerCase() };
  const upper = asciiUpperCase(s);
  if (isLocator(upper)) return { kind: 'locator', value: upper };
  return undefined;
}
