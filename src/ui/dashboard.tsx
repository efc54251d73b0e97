import { Box, Text, useInput, useStdout, type Key } from 'ink';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { matchesFlightFilter, REACCOMMODATION_ALERTS, type AlertDetails, type AlertId, type DashboardSnapshot } from '../domain/dashboard-snapshot.js';
import type { ReaccommodationResult } from '../domain/reaccommodation-result.js';
import { AlertDetailsView, passengerRows } from './alert-details.js';
import { AlertsPanel } from './alerts-panel.js';
import { EventTicker } from './event-ticker.js';
import { FlightsPanel } from './flights-panel.js';
import { Header } from './header.js';
import { HelpLine, type HelpMode } from './help-line.js';
import { isKeyRun, splitKeyRun } from './key-chunk.js';
import { budgetPanels, MIN_HEIGHT, MIN_WIDTH, type PanelBudget } from './layout.js';
import { changedMoves, planRows, ReaccommodationPrompt, ReaccommodationView } from './reaccommodation-view.js';
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
  /**
   * Re-accommodates the alert's flight-date: with `dryRun` the plan to show, then (once the
   * operator confirms) the run applied. A rejection is shown to the operator. Absent: the
   * `p` key is not offered.
   */
  onReaccommodate?(id: AlertId, dryRun: boolean): Promise<ReaccommodationResult> | ReaccommodationResult;
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
  | { kind: 'filter'; text: string }
  | { kind: 'plan'; id: AlertId; back: 'list' | 'details'; result: ReaccommodationResult; scroll: number };

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

/** An error as the desk reads it: the reason alone, without the input field a rule error names (the desk typed no field). */
function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const field = (err as { field?: unknown }).field;
  return typeof field === 'string' && err.message.startsWith(`${field}: `) ? err.message.slice(field.length + 2) : err.message;
}

/** Scrolls a list of `count` rows shown `page` at a time by one row (arrows) or a page (PgUp/PgDn). */
function scrolled(scroll: number, key: Key, count: number, page: number): number | null {
  const max = Math.max(count - page, 0);
  if (key.upArrow) return Math.max(scroll - 1, 0);
  if (key.downArrow) return Math.min(scroll + 1, max);
  if (key.pageDown) return Math.min(scroll + page, max);
  if (key.pageUp) return Math.max(scroll - page, 0);
  return null;
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
            update({ notice: { text: `could not resolve alert ${id}: ${errorText(err)}`, tone: 'error' } });
          }
        })();
        return;
      }

      if (input === 'q') return p.onQuit();

      if (mode.kind === 'plan') {
        const scroll = scrolled(mode.scroll, key, mode.result.plan.length, planRows(detailRows(b)));
        if (scroll !== null) return update({ mode: { ...mode, scroll } });
        const back: Mode = mode.back === 'details' ? { kind: 'details', id: mode.id, scroll: 0 } : { kind: 'list' };
        if ((input !== 'y' && input !== 'Y') || mode.result.moved === 0) {
          return update({ mode: back, notice: { text: `re-accommodation of ${mode.result.flight_number} not applied: nothing changed`, tone: 'ok' } });
        }
        const { id, result: shown } = mode;
        const flight = `${shown.flight_number} ${shown.depart_date}`;
        update({ mode: back, notice: { text: `re-accommodating ${flight}…`, tone: 'ok' } });
        void (async () => {
          try {
            const done = await latest.current.props.onReaccommodate!(id, false);
            const differ = changedMoves(shown, done);
            // First, so a narrow status line still says it.
            const note = differ > 0 ? `${differ} changed since the plan was shown; ` : '';
            // The alert's view is where the result stays: moved passengers show their new flight.
            update({ selectedId: id, mode: { kind: 'details', id, scroll: 0 }, notice: { text: `${note}${done.summary}`, tone: done.sink_errors.length > 0 ? 'error' : 'ok' } });
            latest.current.props.onOpenDetails(id);
          } catch (err) {
            update({ notice: { text: `could not re-accommodate ${flight}: ${errorText(err)}`, tone: 'error' } });
          }
        })();
        return;
      }

      if (input === 'p') {
        const target = mode.kind === 'details' ? p.details?.alert : view(p.snapshot, state).selected;
        if (!target || !p.onReaccommodate) return;
        if (!REACCOMMODATION_ALERTS.has(target.alert_type)) {
          return update({ notice: { text: `re-accommodation answers a cancellation, diversion or delay, not a ${target.alert_type} alert`, tone: 'error' } });
        }
        const back = mode.kind === 'details' ? 'details' : 'list';
        const id = target.id;
        update({ selectedId: id, notice: { text: `planning the re-accommodation of ${target.flight_number} ${target.flight_date}…`, tone: 'ok' } });
        void (async () => {
          try {
            const result = await latest.current.props.onReaccommodate!(id, true);
            update({ notice: null, mode: { kind: 'plan', id, back, result, scroll: 0 } });
          } catch (err) {
            // The service's refusal names the flight-date and why (e.g. it is diverted, not cancelled).
            update({ notice: { text: errorText(err), tone: 'error' } });
          }
        })();
        return;
      }

      if (mode.kind === 'details') {
        const scroll = scrolled(mode.scroll, key, p.details?.passengers.length ?? 0, passengerRows(detailRows(b), p.details));
        if (scroll !== null) update({ mode: { ...mode, scroll } });
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
  const helpMode: HelpMode = mode.kind === 'resolve' ? mode.step.step : mode.kind === 'plan' ? (mode.result.moved > 0 ? 'plan' : 'planEmpty') : mode.kind;
  const helpTarget = mode.kind === 'details' ? details?.alert : v.selected;
  const offerReaccommodation = props.onReaccommodate !== undefined && helpTarget != null && REACCOMMODATION_ALERTS.has(helpTarget.alert_type);
  const detailsOpen = (mode.kind === 'details' || (mode.kind === 'resolve' && mode.back === 'details')) && details !== null;
  const resolveTarget =
    mode.kind === 'resolve' ? (snapshot.alerts.find((a) => a.id === mode.id) ?? (details?.alert.id === mode.id ? details.alert : null)) : null;

  const alertsOrDetails = mode.kind === 'plan' ? (
    <ReaccommodationView result={mode.result} scroll={mode.scroll} rows={detailRows(budget)} width={budget.sideWidth} />
  ) : detailsOpen ? (
    <AlertDetailsView details={details} scroll={mode.kind === 'details' ? mode.scroll : 0} rows={detailRows(budget)} width={budget.sideWidth} />
  ) : (
    <AlertsPanel alerts={v.alerts} selectedId={v.selected?.id ?? null} rows={budget.alertRows} width={budget.sideWidth} now={snapshot.generated_at} />
  );
  const flightsPanel = <FlightsPanel date={snapshot.date} flights={v.flights} rows={budget.flightRows} width={budget.flightsWidth} filter={filter} />;
  const ticker = <EventTicker events={v.events} intake={snapshot.intake} rows={budget.eventRows} width={budget.sideWidth} />;

  let statusLine;
  if (mode.kind === 'plan') {
    statusLine = <ReaccommodationPrompt result={mode.result} />;
  } else if (mode.kind === 'resolve' && resolveTarget) {
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
          {detailsOpen || mode.kind === 'plan' ? null : flightsPanel}
          {alertsOrDetails}
          {ticker}
        </Box>
      )}
      <Box width={width}>{statusLine}</Box>
      <HelpLine mode={helpMode} width={width} reaccommodate={offerReaccommodation} />
    </Box>
  );
}
