import { describe, expect, it } from 'vitest';
import { editLine, type EditKey } from '../../src/ui/text-input.js';

describe('editLine', () => {
  it.each<[string, string, string, EditKey, ReturnType<typeof editLine>]>([
    ['appends a character', 'ab', 'c', {}, { value: 'abc' }],
    ['appends a paste whole', 'a', 'bc d', {}, { value: 'abc d' }],
    ['drops control characters from a paste', 'a', 'b\u0007c', {}, { value: 'abc' }],
    ['a chunk ending in Enter (keys typed faster than read) submits', 'ab', 'cd\r', {}, { value: 'abcd', done: 'submit' }],
    ['only the text before an Enter in a chunk is kept', '', 'yes\nno', {}, { value: 'yes', done: 'submit' }],
    ['backspace removes the last character', 'abc', '', { backspace: true }, { value: 'ab' }],
    ['delete (what most terminals send for Backspace) does too', 'abc', '', { delete: true }, { value: 'ab' }],
    ['backspace on empty stays empty', '', '', { backspace: true }, { value: '' }],
    ['backspace removes a whole astral character, not half of it', 'a\u{1D11E}', '', { backspace: true }, { value: 'a' }],
    ['Enter submits', 'note', '', { return: true }, { value: 'note', done: 'submit' }],
    ['Esc cancels', 'note', '', { escape: true }, { value: 'note', done: 'cancel' }],
    ['arrows are ignored', 'ab', '', { upArrow: true }, { value: 'ab' }],
    ['Ctrl combinations are ignored', 'ab', 'u', { ctrl: true }, { value: 'ab' }],
  ])('%s', (_name, value, input, key, expected) => {
    expect(editLine(value, input, key)).toEqual(expected);
  });

  it('stops at the maximum length', () => {
    expect(editLine('QP100', '12', {}, 6)).toEqual({ value: 'QP1001' });
  });
});
