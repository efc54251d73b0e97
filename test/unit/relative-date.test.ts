import { describe, expect, it } from 'vitest';
import { resolveDateWord } from '../../src/domain/relative-date.js';

// 2026-12-01 is a Tuesday.
const TODAY = '2026-12-01';

describe('resolveDateWord', () => {
  it.each([
    ['today', '2026-12-01'],
    ['Today', '2026-12-01'],
    ['tomorrow', '2026-12-02'],
    ['yesterday', '2026-11-30'],
    ['+1', '2026-12-02'],
    ['+31', '2027-01-01'],
    ['-2', '2026-11-29'],
    ['tuesday', '2026-12-01'],
    ['tue', '2026-12-01'],
    ['wed', '2026-12-02'],
    ['monday', '2026-12-07'],
    ['SUN', '2026-12-06'],
  ])('%s → %s', (word, date) => expect(resolveDateWord(word, TODAY)).toBe(date));

  it.each(['2026-12-05', 'someday', 'mo', '+', '+12345', '1e3', ''])('%s names no relative date', (word) => expect(resolveDateWord(word, TODAY)).toBeUndefined());
});
