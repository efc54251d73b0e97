import { Text } from 'ink';

/** The subset of ink's key flags a line editor looks at. */
export interface EditKey {
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  tab?: boolean;
}

export type EditResult = { value: string; done?: 'submit' | 'cancel' };

/**
 * One keystroke applied to a one-line input: printable characters append (a paste arrives
 * as one string), Backspace/Delete remove the last character, Enter submits, Esc cancels.
 * Pure, so the dashboard routes every key through one handler and nothing typed right
 * after a prompt opens is lost. Small enough that a dependency would not earn its place.
 */
export function editLine(value: string, input: string, key: EditKey, maxLength = 200): EditResult {
  if (key.return) return { value, done: 'submit' };
  if (key.escape) return { value, done: 'cancel' };
  if (key.backspace || key.delete) return { value: [...value].slice(0, -1).join('') };
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) return { value };
  // Keys typed faster than they are read arrive as one chunk ("handled\r"): an Enter inside
  // it still submits, with the text before it.
  const enter = input.search(/[\r\n]/);
  if (enter >= 0) return { value: editLine(value, input.slice(0, enter), {}, maxLength).value, done: 'submit' };
  const printable = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return { value: [...(value + printable)].slice(0, maxLength).join('') };
}

/** The input's text with a block cursor; when it is wider than `width`, its end stays in view. */
export function TextInput({ value, width }: { value: string; width?: number }) {
  const chars = [...value];
  const room = width === undefined ? chars.length : Math.max(width - 1, 1); // one column for the cursor
  const shown = chars.length <= room ? value : `…${chars.slice(chars.length - room + 1).join('')}`;
  return (
    <Text>
      {shown}
      <Text inverse> </Text>
    </Text>
  );
}
