import { Text } from 'ink';
import type { DashboardAlert } from '../domain/dashboard-snapshot.js';
import { TextInput } from './text-input.js';

/** Resolving takes two steps: an optional note, then an explicit y/N that repeats what will happen. */
export type ResolveStep = { step: 'note'; note: string } | { step: 'confirm'; note: string };

export interface ResolvePromptProps {
  alert: Pick<DashboardAlert, 'id' | 'alert_type' | 'flight_number'>;
  state: ResolveStep;
  /** Columns available: the note being typed and the y/N stay visible however long it gets. */
  width: number;
}

export function ResolvePrompt({ alert, state, width }: ResolvePromptProps) {
  if (state.step === 'note') {
    const label = `Note for resolving alert ${alert.id} (optional): `;
    return (
      <Text wrap="truncate">
        <Text bold color="yellow">
          {label}
        </Text>
        <TextInput value={state.note} width={width - label.length} />
      </Text>
    );
  }
  // The keys come first so a long note never pushes them off the line.
  return (
    <Text wrap="truncate">
      <Text bold>[y/N] </Text>
      <Text bold color="yellow">{`resolve alert ${alert.id} (${alert.alert_type} ${alert.flight_number})${state.note ? ` with note "${state.note}"` : ' without a note'}?`}</Text>
    </Text>
  );
}
