/**
 * Upper-cases ASCII letters only. Codes and names (statuses, flight numbers, airports,
 * seats, customer ids, locators) match ASCII case-insensitively and nothing more:
 * `toUpperCase` would also turn a dotless `ı` into `I` and `ſ` into `S`, letting
 * look-alikes through (`on_tıme` as `ON_TIME`).
 */
export function asciiUpperCase(s: string): string {
  return s.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}
