import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonLimitProblem, MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/domain/json-limits.js';

/** Deepest nesting of a parsed value, by walking it (the reference the text scanner must agree with). */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d + 1);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

describe('JSON limits', () => {
  const cases: Array<{ name: string; text: string; deeper: boolean }> = [
    { name: 'a flat event', text: '{"flight_number":"QP1","status":"ON_TIME"}', deeper: false },
    { name: '64 levels', text: `${'['.repeat(64)}${']'.repeat(64)}`, deeper: false },
    { name: '65 levels', text: `${'['.repeat(65)}${']'.repeat(65)}`, deeper: true },
    { name: '65 objects', text: `${'{"a":'.repeat(65)}1${'}'.repeat(65)}`, deeper: true },
    { name: 'brackets inside strings do not count', text: `{"a":"${'['.repeat(200)}"}`, deeper: false },
    { name: 'escaped quotes do not end a string', text: `{"a":"\\"${'['.repeat(200)}"}`, deeper: false },
    { name: 'an escaped backslash before the closing quote ends it', text: `{"a":"\\\\","c":${'['.repeat(70)}${']'.repeat(70)}}`, deeper: true },
    { name: 'siblings do not add up', text: `[${Array.from({ length: 100 }, () => '[[1]]').join(',')}]`, deeper: false },
    { name: 'an unterminated string', text: `{"a":"${'['.repeat(100)}`, deeper: false },
    { name: '100,000 levels (no recursion to overflow)', text: '['.repeat(100_000), deeper: true },
  ];
  for (const c of cases) it(c.name, () => expect(nestsDeeperThan(c.text)).toBe(c.deeper));

  it('agrees with the depth of the parsed value for any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        const text = JSON.stringify(value);
        expect(nestsDeeperThan(text, limit)).toBe(depthOf(value) > limit);
      }),
      { numRuns: 300 },
    );
  });

  it('names the problem: too long, or too deep', () => {
    expect(jsonLimitProblem('{"a":1}', 5)).toBe('JSON too long: 7 characters (at most 5)');
    expect(jsonLimitProblem('['.repeat(MAX_JSON_DEPTH + 1), 1000)).toMatch(/nested more than 64 levels deep/);
    expect(jsonLimitProblem('{"a":1}', 100)).toBeUndefined();
  });
});
