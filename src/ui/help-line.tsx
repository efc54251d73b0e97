import { Text } from 'ink';

export type HelpMode = 'list' | 'details' | 'note' | 'confirm' | 'filter' | 'plan' | 'planEmpty';

const HELP: Record<HelpMode, Array<[key: string, what: string]>> = {
  list: [
    ['↑/↓', 'select alert'],
    ['Enter', 'details'],
    ['r', 'resolve'],
    ['p', 're-accommodate'],
    ['/', 'filter'],
    ['q', 'quit'],
  ],
  details: [
    ['↑/↓', 'scroll'],
    ['r', 'resolve'],
    ['p', 're-accommodate'],
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
  plan: [
    ['↑/↓', 'scroll'],
    ['y', 'apply the plan'],
    ['n/Esc', 'cancel'],
  ],
  planEmpty: [
    ['↑/↓', 'scroll'],
    ['Esc', 'back'],
  ],
  filter: [
    ['Enter', 'apply'],
    ['Esc', 'clear filter'],
  ],
};

/**
 * The keys that work right now, on one line. `p` (re-accommodate) is listed only where it
 * applies: the selected alert is a disruption and the container can re-accommodate.
 */
export function HelpLine({ mode, width, reaccommodate = false }: { mode: HelpMode; width: number; reaccommodate?: boolean }) {
  const keys = HELP[mode].filter(([key]) => key !== 'p' || reaccommodate);
  return (
    <Text wrap="truncate" dimColor>
      {keys.map(([key, what], i) => (
        <Text key={key}>
          {i > 0 ? '  ' : ''}
          <Text bold>{key}</Text> {what}
        </Text>
      ))}
      {width >= 100 ? '  · Ctrl-C quit' : ''}
    </Text>
  );
}
