/**
 * Limits on JSON text, checked before it is parsed. `JSON.parse` itself copes with deep
 * nesting, but everything that walks the value afterwards (validation, canonical hashing,
 * `JSON.stringify`) recurses, so a few kilobytes of `[[[[…` could overflow the stack far
 * from where the input came in. Every intake path (webhook body, inbox and `event ingest`
 * files, `event send`, replay) checks here first and refuses the one bad input alone.
 */

/** Deepest nesting of arrays and objects accepted (an event is 1 level deep, a webhook batch 2). */
export const MAX_JSON_DEPTH = 64;

/** Longest JSON line (one event) in an event file, in characters: the webhook's body limit. */
export const MAX_EVENT_LINE = 1024 * 1024;

/** Largest JSON document (an array of events, or a pretty-printed object) read whole from a file, in characters. */
export const MAX_JSON_DOCUMENT = 32 * 1024 * 1024;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Whether `text` holds more than `count` `[` and `{` characters in all (inside strings too). */
function hasMoreOpeningsThan(text: string, count: number): boolean {
  let n = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++n > count) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++n > count) return true;
  return false;
}

/**
 * True when `text` opens more than `maxDepth` arrays/objects at once. One pass with a
 * counter (no recursion, so no input can overflow it); strings are skipped with indexOf,
 * so the cost is mostly the few structural characters of an event. The text need not be
 * valid JSON: the parser that runs afterwards reports that.
 */
export function nestsDeeperThan(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  // Nesting deeper than maxDepth needs more than maxDepth opening characters: an event has a
  // handful, found with a native search, and only a text with many is walked.
  if (text.length <= maxDepth || !hasMoreOpeningsThan(text, maxDepth)) return false;
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip to the closing quote: one not preceded by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (end !== -1) {
        let slashes = 0;
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end === -1) return false;
      i = end;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if (c === CLOSE_BRACKET || c === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/** The refusal of a JSON text of `length` characters where at most `max` are accepted. */
export const tooLong = (length: number, max: number) => `JSON too long: ${length} characters (at most ${max})`;

/** Why `text` must not be parsed (longer than `maxLength` characters, or nested too deeply), or undefined when it may be. */
export function jsonLimitProblem(text: string, maxLength: number): string | undefined {
  if (text.length > maxLength) return tooLong(text.length, maxLength);
  if (nestsDeeperThan(text)) return `JSON nested more than ${MAX_JSON_DEPTH} levels deep (arrays/objects)`;
  return undefined;
}
