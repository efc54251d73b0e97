import { Box, Text, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { matchesFlightFilter, type AlertDetails, type AlertId, type DashboardSnapshot } from '../domain/dashboard-snapshot.js';
import { AlertDetailsView, passengerRows } from './alert-details.js';
import { AlertsPanel } from './alerts-panel.js';
import { EventTicker } from './event-ticker.js';
import { FlightsPanel } from './flights-panel.js';
import { Header } from './header.js';
import { HelpLine, type HelpMode } from './help-line.js';
import { isKeyRun, splitKeyRun } from './key-chunk.js';
import { budgetPanels, MIN_HEIGHT, MIN_WIDTH, type PanelBudget } from './layout.js';
import { ResolvePrompt, type ResolveStep } from './resolve-prompt.js';
import { editLine, TextInput } from './text-input.js';

export interface DashboardProps {
  snapshot: DashboardSnapshot;
  /** Details of the alert the operator opened (the container loads them after `onOpenDetails`). */
  details: AlertDetails | null;
  /** The operator opened (id) or closed (null) an alert's details. */
  onOpenDetails(id: AlertId | null): void;
  /** Resolves an alert in the store; a rejection is shown to the operator. */
  onResolve(id: AlertId, note: string | undefined): Promise<void> | void;
  onQuit(): void;
  /** A problem the container wants shown (e.g. the last refresh failed). */
  problem?: string | null;
  /** Screen size; defaults to the terminal's (at least 80×24). */
  width?: number;
  height?: number;
}

type Mode =
  | { kind: 'list' }
  | { kind: 'details'; id: AlertId; scroll: number }
  | { kind: 'resolve'; id: AlertId; back: 'list' | 'details'; step: ResolveStep }
  | { kind: 'filter'; text: string };

interface Notice {
  text: string;
  tone: 'ok' | 'error';
}

interface UiState {
  mode: Mode;
  filter: string;
  selectedId: AlertId | null;
  notice: Notice | null;
}

const FILTER_MAX = 12;

/** Follows the terminal's size, re-rendering on resize. */
function useTerminalSize(width: number | undefined, height: number | undefined): { width: number; height: number } {
  const { stdout } = useStdout();
  const read = () => ({ width: stdout.columns ?? MIN_WIDTH, height: stdout.rows ?? MIN_HEIGHT });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return { width: Math.max(width ?? size.width, MIN_WIDTH), height: Math.max(height ?? size.height, MIN_HEIGHT) };
}

/** What the current filter lets through, and which alert is selected. */
function view(snapshot: DashboardSnapshot, ui: UiState) {
  const flights = snapshot.flights.filter((f) => matchesFlightFilter(f.flight_number, ui.filter));
  const alerts = snapshot.alerts.filter((a) => matchesFlightFilter(a.flight_number, ui.filter));
  const events = snapshot.events.filter((e) => matchesFlightFilter(e.flight_number, ui.filter));
  // Selection follows the alert, not the row, so a refresh that reorders keeps it.
  const selectedIndex = Math.max(
    alerts.findIndex((a) => a.id === ui.selectedId),
    0,
  );
  return { flights, alerts, events, selectedIndex, selected: alerts[selectedIndex] ?? null };
}

/** Rows the details view gets: in the stack it takes the room of the flights and alerts panels. */
function detailRows(budget: PanelBudget): number {
  return budget.wide ? budget.alertRows + 1 : budget.flightRows + 2 + budget.alertRows + 1;
}

/**
 * The operations desk: flights of the day, open alerts, the event ticker. Holds only UI
 * state (selection, mode, filter); data comes in as props and changes go out as callbacks.
 *
 * UI state lives in a ref and one stable input handler reads it, so keys typed faster than
 * React re-renders (or right after a prompt opens) are applied to the latest state instead
 * of a stale closure.
 */
export function Dashboard(props: DashboardProps) {
  const { snapshot, details, problem } = props;
  const { width, height } = useTerminalSize(props.width, props.height);
  const ui = useRef<UiState>({ mode: { kind: 'list' }, filter: '', selectedId: null, notice: null });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const latest = useRef({ props, budget: budgetPanels(width, height, { alerts: 0, events: 0 }) });

  const v = view(snapshot, ui.current);
  const budget = budgetPanels(width, height, { alerts: v.alerts.length, events: v.events.length });
  latest.current = { props, budget };

  const update = useCallback((patch: Partial<UiState>) => {
    ui.current = { ...ui.current, ...patch };
    rerender();
  }, []);

  const handleKey = useCallback(
    (input: string, key: Key) => {
      const { props: p, budget: b } = latest.current;
      const state = ui.current;
      const mode = state.mode;
      if (key.ctrl && input === 'c') return p.onQuit();

      if (mode.kind === 'filter') {
        const r = editLine(mode.text, input, key, FILTER_MAX);
        if (r.done === 'submit') return update({ filter: r.value.trim(), mode: { kind: 'list' } });
        if (r.done === 'cancel') return update({ filter: '', mode: { kind: 'list' } });
        return update({ mode: { kind: 'filter', text: r.value } });
      }

      if (mode.kind === 'resolve') {
        const back: Mode = mode.back === 'details' ? { kind: 'details', id: mode.id, scroll: 0 } : { kind: 'list' };
        if (mode.step.step === 'note') {
          const r = editLine(mode.step.note, input, key);
          if (r.done === 'cancel') return update({ mode: back, notice: { text: 'not resolved', tone: 'ok' } });
          const step: ResolveStep = r.done === 'submit' ? { step: 'confirm', note: r.value } : { step: 'note', note: r.value };
          return update({ mode: { ...mode, step } });
        }
        if (input !== 'y' && input !== 'Y') return update({ mode: back, notice: { text: 'not resolved', tone: 'ok' } });
        const id = mode.id;
        const note = mode.step.note.trim() || undefined;
        update({ mode: back, notice: { text: `resolving alert ${id}…`, tone: 'ok' } });
        void (async () => {
          try {
            await latest.current.props.onResolve(id, note);
            update({ notice: { text: `alert ${id} resolved${note ? ` (${note})` : ''}`, tone: 'ok' } });
          } catch (err) {
            update({ notice: { text: `could not resolve alert ${id}: ${err instanceof Error ? err.message : String(err)}`, tone: 'error' } });
          }
        })();
        return;
      }

      if (input === 'q') return p.onQuit();

      if (mode.kind === 'details') {
        const page = passengerRows(detailRows(b));
        const max = Math.max((p.details?.passengers.length ?? 0) - page, 0);
        if (key.upArrow) update({ mode: { ...mode, scroll: Math.max(mode.scroll - 1, 0) } });
        else if (key.downArrow) update({ mode: { ...mode, scroll: Math.min(mode.scroll + 1, max) } });
        else if (key.pageDown) update({ mode: { ...mode, scroll: Math.min(mode.scroll + page, max) } });
        else if (key.pageUp) update({ mode: { ...mode, scroll: Math.max(mode.scroll - page, 0) } });
        else if (input === 'r') update({ notice: null, mode: { kind: 'resolve', id: mode.id, back: 'details', step: { step: 'note', note: '' } } });
        else if (key.escape || key.return || key.backspace || key.delete || key.leftArrow) {
          update({ mode: { kind: 'list' } });
          p.onOpenDetails(null);
        }
        return;
      }

      const { alerts, selectedIndex, selected } = view(p.snapshot, state);
      if (key.upArrow && alerts.length > 0) update({ selectedId: alerts[Math.max(selectedIndex - 1, 0)]!.id });
      else if (key.downArrow && alerts.length > 0) update({ selectedId: alerts[Math.min(selectedIndex + 1, alerts.length - 1)]!.id });
      else if (key.return && selected) {
        update({ selectedId: selected.id, mode: { kind: 'details', id: selected.id, scroll: 0 } });
        p.onOpenDetails(selected.id);
      } else if (input === 'r' && selected) {
        update({ selectedId: selected.id, notice: null, mode: { kind: 'resolve', id: selected.id, back: 'list', step: { step: 'note', note: '' } } });
      } else if (input === '/') update({ mode: { kind: 'filter', text: state.filter } });
      else if (key.escape && state.filter) update({ filter: '' });
    },
    [update],
  );
  const onKey = useCallback(
    (input: string, key: Key) => {
      const { mode } = ui.current;
      // Text being typed (a filter, a note) takes a chunk whole: that is how a paste arrives.
      const typing = mode.kind === 'filter' || (mode.kind === 'resolve' && mode.step.step === 'note');
      if (typing || !isKeyRun(input)) return handleKey(input, key);
      // Several keys read at once: each in turn, each seeing the state the one before left.
      for (const k of splitKeyRun(input)) handleKey(k.input, k.key);
    },
    [handleKey],
  );
  useInput(onKey);

  const { mode, filter, notice } = ui.current;
  const helpMode: HelpMode = mode.kind === 'resolve' ? mode.step.step : mode.kind;
  const detailsOpen = (mode.kind === 'details' || (mode.kind === 'resolve' && mode.back === 'details')) && details !== null;
  const resolveTarget =
    mode.kind === 'resolve' ? (snapshot.alerts.find((a) => a.id === mode.id) ?? (details?.alert.id === mode.id ? details.alert : null)) : null;

  const alertsOrDetails = detailsOpen ? (
    <AlertDetailsView details={details} scroll={mode.kind === 'details' ? mode.scroll : 0} rows={detailRows(budget)} width={budget.sideWidth} />
  ) : (
    <AlertsPanel alerts={v.alerts} selectedId={v.selected?.id ?? null} rows={budget.alertRows} width={budget.sideWidth} now={snapshot.generated_at} />
  );
  const flightsPanel = <FlightsPanel date={snapshot.date} flights={v.flights} rows={budget.flightRows} width={budget.flightsWidth} filter={filter} />;
  const ticker = <EventTicker events={v.events} intake={snapshot.intake} rows={budget.eventRows} width={budget.sideWidth} />;

  let statusLine;
  if (mode.kind === 'resolve' && resolveTarget) {
    statusLine = <ResolvePrompt alert={resolveTarget} state={mode.step} width={width} />;
  } else if (mode.kind === 'filter') {
    statusLine = (
      <Text wrap="truncate">
        <Text bold color="yellow">
          {'Filter by flight (e.g. QP1001 or 1001): '}
        </Text>
        <TextInput value={mode.text} width={width - 41} />
      </Text>
    );
  } else if (problem) {
    statusLine = (
      <Text color="red" wrap="truncate">
        {problem}
      </Text>
    );
  } else if (notice) {
    statusLine = (
      <Text color={notice.tone === 'ok' ? 'green' : 'red'} wrap="truncate">
        {notice.text}
      </Text>
    );
  } else {
    statusLine = <Text> </Text>;
  }

  return (
    <Box flexDirection="column" width={width}>
      <Header date={snapshot.date} now={snapshot.generated_at} width={width} />
      {budget.wide ? (
        <Box flexDirection="row">
          {flightsPanel}
          <Box width={1} />
          <Box flexDirection="column" width={budget.sideWidth}>
            {alertsOrDetails}
            {ticker}
          </Box>
        </Box>
      ) : (
        <Box flexDirection="column">
          {detailsOpen ? null : flightsPanel}
          {alertsOrDetails}
          {ticker}
        </Box>
      )}
      <Box width={width}>{statusLine}</Box>
      <HelpLine mode={helpMode} width={width} />
    </Box>
  );
}
