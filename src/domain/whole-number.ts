/**
 * Whole numbers as operators and callers write them. One strict reader for every flag,
 * query string, path segment, JSON field and environment variable that holds a count, an
 * id, a limit or an offset (kept free of zod: settings are read by every command at start).
 */

const got = (input: unknown) => `got ${JSON.stringify(input)}`;

export interface WholeNumberBounds {
  min?: number;
  /** Default: the largest integer a double holds exactly (2^53 - 1). */
  max?: number;
  /** How the error names the expected value: `an alert id (a positive whole number)`. */
  what?: string;
}

/**
 * A whole number read strictly: a JS integer (JSON bodies), or text of decimal digits only
 * (flags, query strings, paths, environment variables) — no sign, spaces, `0x`, exponent or
 * fraction, so `0x1`, `1e9`, `-0` and ` 1` are refused rather than read as something the
 * operator did not write. Within bounds. The value, or the reason it is refused (quoting
 * the input as given).
 */
export function readWholeNumber(raw: unknown, bounds: WholeNumberBounds = {}): { ok: true; value: number } | { ok: false; message: string } {
  const what = bounds.what ?? 'a whole number';
  const max = bounds.max ?? Number.MAX_SAFE_INTEGER;
  let n: number;
  if (typeof raw === 'number') n = Number.isInteger(raw) && !Object.is(raw, -0) ? raw : Number.NaN;
  else if (typeof raw === 'string' && /^[0-9]+$/.test(raw)) n = raw.length > 16 ? Number.POSITIVE_INFINITY : Number(raw);
  else n = Number.NaN;
  if (Number.isNaN(n)) return { ok: false, message: `expected ${what} in decimal digits, ${got(raw)}` };
  if (bounds.min !== undefined && n < bounds.min) return { ok: false, message: bounds.min === 0 ? 'must be 0 or more' : `must be at least ${bounds.min}` };
  if (n > max) return { ok: false, message: `must be at most ${max}` };
  return { ok: true, value: n };
}
