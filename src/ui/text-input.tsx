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
  const printable = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return { value: [...(value + printable)].slice(0, maxLength).join('') };
}

/** The input's text with a block cursor. */
export function TextInput({ value }: { value: string }) {
  return (
    <Text>
      {value}
      <Text inverse> </Text>
    </Text>
  );
}
