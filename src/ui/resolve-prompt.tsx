import { Text } from 'ink';
import type { DashboardAlert } from '../domain/dashboard-snapshot.js';
import { TextInput } from './text-input.js';

/** Resolving takes two steps: an optional note, then an explicit y/N that repeats what will happen. */
export type ResolveStep = { step: 'note'; note: string } | { step: 'confirm'; note: string };

export interface ResolvePromptProps {
  alert: Pick<DashboardAlert, 'id' | 'alert_type' | 'flight_number'>;
  state: ResolveStep;
}

export function ResolvePrompt({ alert, state }: ResolvePromptProps) {
  const target = `alert ${alert.id} (${alert.alert_type} ${alert.flight_number})`;
  if (state.step === 'note') {
    return (
      <Text wrap="truncate">
        <Text bold color="yellow">{`Resolve ${target} · note (optional, Enter to continue, Esc to cancel): `}</Text>
        <TextInput value={state.note} />
      </Text>
    );
  }
  return (
    <Text wrap="truncate">
      <Text bold color="yellow">{`Resolve ${target}${state.note ? ` with note "${state.note}"` : ' without a note'}? `}</Text>
      <Text bold>[y/N]</Text>
    </Text>
  );
}
