import { Text } from 'ink';

export type HelpMode = 'list' | 'details' | 'note' | 'confirm' | 'filter';

const HELP: Record<HelpMode, Array<[key: string, what: string]>> = {
  list: [
    ['↑/↓', 'select alert'],
    ['Enter', 'details'],
    ['r', 'resolve'],
    ['/', 'filter flight'],
    ['q', 'quit'],
  ],
  details: [
    ['↑/↓', 'scroll'],
    ['r', 'resolve'],
    ['Esc', 'back'],
    ['q', 'quit'],
  ],
  note: [
    ['Enter', 'continue'],
    ['Esc', 'cancel'],
  ],
  confirm: [
    ['y', 'resolve'],
    ['n/Esc', 'cancel'],
  ],
  filter: [
    ['Enter', 'apply'],
    ['Esc', 'clear filter'],
  ],
};

/** The keys that work right now, on one line. */
export function HelpLine({ mode, width }: { mode: HelpMode; width: number }) {
  return (
    <Text wrap="truncate" dimColor>
      {HELP[mode].map(([key, what], i) => (
        <Text key={key}>
          {i > 0 ? '  ' : ''}
          <Text bold>{key}</Text> {what}
        </Text>
      ))}
      {width >= 100 ? '  · Ctrl-C quit' : ''}
    </Text>
  );
}
