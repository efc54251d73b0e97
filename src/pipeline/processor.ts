/**
 * The processor: applies stored-but-unprocessed events in log order. Each batch is claimed
 * and applied inside one `BEGIN IMMEDIATE` transaction, so two processes sharing the store
 * (CLI and daemon) never process the same event, and an event, its state change and its
 * alerts commit together or not at all. A change's notifications are written in the same
 * transaction, unless the call has a time budget that does not stretch to them: the change
 * is then queued untold (`alert_fan_outs`) in that transaction, and a later one tells it
 * and takes it off the queue, oldest first, before any newer event is applied. Sinks hear
 * about a change only after the commit that told it. Held events (no such scheduled
 * flight-date) are passed over until an operator releases one (`applyReleasedEvent`).
 */
import { type AlertDecision, changeKindOf, passengerMessageFrame, planAlertChanges } from '../domain/alert-lifecycle.js';
import { detectDisruptions } from '../domain/disruption-rules.js';
import type { FlightEvent } from '../domain/events/flight-event.js';
import { type FlightState, isStale, isStaleCancellation, lacksScheduleFacts, mergeFlightState, type ScheduledFlightFacts } from '../domain/events/flight-state.js';
import type { AlertChangeNotice, NotificationSink } from '../notify/notification-sink.js';
import type { ServiceContext } from '../context.js';
import { entitlementsAfterAlertChanges, sentencesFor } from './entitlements-after-alerts.js';
import { alertChangeRow, type AlertRecord, appendAlertChanges, changedAlert, getAlertRow, insertAlert, openAlertsFor, resolvedAlert, saveAlertRow, saveChangedAlertRow } from '../store/alert-repository.js';
import type { AlertChangeTable } from '../store/schema.js';
import { countLiveBookings } from '../store/booking-repository.js';
import type { Store } from '../store/database.js';
import { heldAmong, insertFlag } from '../store/event-flag-repository.js';
import { markStale, type PendingEventRow, pendingEvents, processedThrough, recordProcessedBatch } from '../store/event-log-repository.js';
import { extendEventRange, getFlightStateRow, saveFlightState } from '../store/flight-state-repository.js';
import { fanOutNotifications } from '../store/notification-repository.js';
import { dropFanOutsThrough, type QueuedFanOut, queueFanOut, queuedFanOuts } from '../store/alert-fan-out-repository.js';
import { scheduleLookup } from '../store/schedule-repository.js';
import { type ClaimedBacklog, claimBacklog, claimRecordedNotices, handOutClaimed, handOutNotifications, type HandoutRecord, isEmptyRecord, recordHandouts } from '../notify/outbox-dispatcher.js';
import type { AppendResult } from './intake.js';

/** Events per transaction: large enough to amortise the commit, small enough to keep the write lock short. */
export const PROCESS_BATCH_SIZE = 5000;
/** Stale events listed individually in a summary (the count is always exact). */
const STALE_LIST_CAP = 1000;

/**
 * What a batch's end costs per passenger told, in ms (its notifications and the
 * entitlements recomputed with them), as this process has measured it: a batch that must
 * stay within a time budget stops taking events once what it has left to do at its end
 * would use the rest up. Starts from a guess; each batch's end refines it.
 */
let endMsPerPassenger = 0.02;

export interface StaleEvent {
  seq: number;
  event_id: string;
  flight_number: string;
  flight_date: string;
  event_time: string;
  note: string;
  /** `stale`: changed nothing; `conflict`: a stale cancellation, kept for review. */
  kind: 'stale' | 'conflict';
}

export interface ProcessSummary {
  /** Events taken from the log (applied + stale + held). */
  processed: number;
  applied: number;
  /** Stale events, stale cancellations (conflicts) included. */
  stale: number;
  /** Stale cancellations: flagged as conflicts for an operator. */
  conflicts: number;
  /** Held events passed over (they wait for an operator). */
  held: number;
  stale_events: StaleEvent[];
  /** Every alert change, in commit order. */
  changes: AlertChangeNotice[];
  /** Passenger notifications recorded. */
  notifications: number;
  /** Sink failures (the notifications stay `queued` in the outbox). */
  sink_errors: string[];
  /** True when the call stopped on its time budget with events possibly still pending. */
  cut_short: boolean;
}

export function emptySummary(): ProcessSummary {
  return { processed: 0, applied: 0, stale: 0, conflicts: 0, held: 0, stale_events: [], changes: [], notifications: 0, sink_errors: [], cut_short: false };
}

interface FlightCache {
  state: FlightState | undefined;
  /** Seq of the last event applied to the state. */
  seq: number;
  dirty: boolean;
  open: AlertRecord[] | undefined;
  /** How many are on board as of this transaction (nothing else changes bookings inside it). */
  passengers: number | undefined;
  /** The schedule's facts of this flight-date (null: the schedule does not have it). */
  schedule: ScheduledFlightFacts | null | undefined;
  /** Seqs of the first and last event of this flight-date in the batch, applied or stale (0: none). */
  first: number;
  last: number;
}

/** The log row of an event this process appended itself, with the validated event. */
export interface KnownEvent extends Omit<PendingEventRow, 'payload'> {
  event: FlightEvent;
}

/**
 * Events this process appended, keyed by the seq of the log row right before each (the
 * append's `prev_seq`): an append is one write transaction, so nothing another process
 * logs can sit between one of our events and its predecessor.
 */
export type KnownEvents = ReadonlyMap<number, KnownEvent>;

/**
 * Records the events an append logged (not its duplicates) for the processor, up to `cap`
 * held events; beyond that they are simply read back from the log.
 */
export function rememberAppended(known: Map<number, KnownEvent>, results: readonly AppendResult[], items: ReadonlyArray<{ event: FlightEvent }>, cap = Number.POSITIVE_INFINITY): void {
  for (let i = 0; i < results.length && known.size < cap; i++) {
    const r = results[i]!;
    if (r.seq === null || r.prev_seq === null) continue;
    known.set(r.prev_seq, { seq: r.seq, event_id: r.event_id, flight_number: r.flight_number, flight_date: r.flight_date, event_time: r.event_time, event: items[i]!.event });
  }
}

/** Drops held events that processing (by this process or another) has passed. */
export function forgetProcessed(store: Store, known: Map<number, KnownEvent>): void {
  if (known.size === 0) return;
  const through = processedThrough(store);
  // Keys ascend in insertion order (one process appends in log order); a key below the
  // watermark belongs to an event at or below it, as nothing sits between an event and its key.
  for (const prev of known.keys()) {
    if (prev >= through) break;
    known.delete(prev);
  }
}

type ClaimedRow = (PendingEventRow & { event?: undefined }) | KnownEvent;

/**
 * The next pending events without reading the log, as far as this process appended them:
 * the watermark (read inside the caller's write transaction) is the last processed row,
 * the event we hold that follows it is the first pending row, the one that follows that
 * is the second, and so on. Undefined when the next pending row is not one of ours
 * (another process appended it): the caller then reads the log.
 */
function knownPending(store: Store, known: KnownEvents, limit: number): KnownEvent[] | undefined {
  const rows: KnownEvent[] = [];
  let row = known.get(processedThrough(store));
  while (row && rows.length < limit) {
    rows.push(row);
    row = known.get(row.seq);
  }
  return rows.length > 0 ? rows : undefined;
}

/** One event as the applier needs it: its log row, with the validated event when at hand. */
type ApplyRow = Pick<PendingEventRow, 'seq' | 'event_id' | 'flight_number' | 'flight_date' | 'event_time'> & ({ payload: string; event?: undefined } | { event: FlightEvent });

/**
 * Applies events to their flight-dates inside the caller's transaction: state, alert
 * changes and notifications. `finish` writes the flight states back.
 */
function createApplier(store: Store, ctx: ServiceContext, summary: ProcessSummary) {
  const now = ctx.clock.nowIso();
  /** By flight number, then date: two lookups by the row's own strings, no key built per event. */
  const flights = new Map<string, Map<string, FlightCache>>();
  /** The same, in the order they were first met (their states are written in that order). */
  const met: FlightCache[] = [];
  const schedule = scheduleLookup(store);
  const notices: PendingChange[] = [];
  /** Open alerts escalated or updated in this batch, written once at its end. */
  const changed = new Map<number, AlertRecord>();
  /** History rows of this batch's alert changes, appended together at its end. */
  const history: AlertChangeTable[] = [];
  /** Passengers this batch's changes tell (what telling them takes grows with it). */
  let told = 0;

  const flightOf = (row: ApplyRow): FlightCache => {
    let dates = flights.get(row.flight_number);
    if (!dates) {
      dates = new Map();
      flights.set(row.flight_number, dates);
    }
    let f = dates.get(row.flight_date);
    if (!f) {
      f = { state: getFlightStateRow(store, row.flight_number, row.flight_date), seq: 0, dirty: false, open: undefined, passengers: undefined, schedule: undefined, first: row.seq, last: 0 };
      dates.set(row.flight_date, f);
      met.push(f);
    }
    return f;
  };

  const scheduleOf = (f: FlightCache, row: ApplyRow): ScheduledFlightFacts | null => {
    f.schedule ??= schedule.flightOn(row.flight_number, row.flight_date) ?? null;
    return f.schedule;
  };

  function apply(row: ApplyRow): void {
    const f = flightOf(row);
    f.last = row.seq;
    const event = row.event ?? (JSON.parse(row.payload) as FlightEvent);
    if (isStale(f.state, row.event_time)) {
      const conflict = isStaleCancellation(f.state, event);
      const note = conflict
        ? `stale cancellation: older than the flight state (event_time ${row.event_time} < ${f.state?.last_event_time}) but would have cancelled a flight now ${f.state?.status}; review it`
        : `older than the flight state (event_time ${row.event_time} < ${f.state?.last_event_time})`;
      markStale(store, row.seq, note);
      if (conflict) {
        insertFlag(store, { seq: row.seq, kind: 'conflict', reason: note, flagged_at: now });
        summary.conflicts++;
      }
      summary.stale++;
      if (summary.stale_events.length < STALE_LIST_CAP) {
        summary.stale_events.push({ seq: row.seq, event_id: row.event_id, flight_number: row.flight_number, flight_date: row.flight_date, event_time: row.event_time, note, kind: conflict ? 'conflict' : 'stale' });
      }
      return;
    }
    const previous = f.state;
    const next = mergeFlightState(previous, event, {
      flight_date: row.flight_date,
      event_id: row.event_id,
      event_time: row.event_time,
      processed_at: now,
      schedule: lacksScheduleFacts(previous, event) ? (scheduleOf(f, row) ?? undefined) : undefined,
    });
    f.state = next;
    f.seq = row.seq;
    f.dirty = true;
    summary.applied++;

    const detection = detectDisruptions(previous, next, ctx.settings);
    if (detection.findings.length === 0 && f.open !== undefined && f.open.length === 0) return;
    f.open ??= openAlertsFor(store, row.flight_number, row.flight_date);
    if (detection.findings.length === 0 && f.open.length === 0) return;
    for (const d of planAlertChanges(f.open, detection, ctx.settings)) {
      const passengers = (f.passengers ??= countLiveBookings(store, row.flight_number, row.flight_date));
      const notice = commitAlertChange(store, d, { open: f.open, changed, history }, passengers, row, now);
      if (notice) {
        notices.push({ notice, audience: d.notifyPassengers ? passengers : null });
        if (d.notifyPassengers) told += passengers;
      }
    }
  }

  /** Writes the batch's alert rows, history and flight states; returns its changes, in commit order, for `tellOrQueue`. */
  function finish(): PendingChange[] {
    for (const alert of changed.values()) saveChangedAlertRow(store, alert);
    appendAlertChanges(store, history);
    for (const f of met) {
      if (f.dirty && f.state) saveFlightState(store, f.state, f.seq, { first: f.first, last: f.last });
      else if (f.state) extendEventRange(store, f.state.flight_number, f.state.flight_date, { first: f.first, last: f.last });
    }
    return notices;
  }

  /** What telling the batch's changes will take, in ms, as far as the events applied so far tell. */
  const endMs = () => told * endMsPerPassenger;

  return { apply, finish, endMs };
}

/**
 * Applies one batch inside the caller's transaction; held events are passed over. When
 * `over(ms)` says the time would be up once the batch's end has done what the events so
 * far left it (`ms`), the batch ends after the event just applied (at least one is
 * applied): the rest stay pending for the next call.
 */
function applyBatch(store: Store, ctx: ServiceContext, rows: readonly ClaimedRow[], summary: ProcessSummary, over?: (aheadMs: number) => boolean): PendingChange[] {
  const first = rows[0]!.seq;
  const held = heldAmong(store, first, rows[rows.length - 1]!.seq);
  const applier = createApplier(store, ctx, summary);
  let taken = 0;
  while (taken < rows.length) {
    const row = rows[taken++]!;
    if (held.has(row.seq)) summary.held++;
    else applier.apply(row);
    if (taken < rows.length && over?.(applier.endMs())) {
      summary.cut_short = true;
      break;
    }
  }
  recordProcessedBatch(store, first, rows[taken - 1]!.seq, ctx.clock.nowIso());
  summary.processed += taken;
  return applier.finish();
}

/**
 * Applies a held event an operator has released under `flightDate`, inside the caller's
 * transaction, exactly as the processor would have (stale when older than the state), and
 * tells its changes' passengers there. Returns its changes (also added to `summary`).
 */
export function applyReleasedEvent(ctx: ServiceContext, row: Omit<ApplyRow, 'flight_date'>, flightDate: string, summary: ProcessSummary): AlertChangeNotice[] {
  const applier = createApplier(ctx.store, ctx, summary);
  applier.apply({ ...row, flight_date: flightDate } as ApplyRow);
  const changes = applier.finish();
  tellChanges(ctx, changes, summary);
  return changes.map((c) => c.notice);
}

/** An alert change recorded, with the passengers it tells (null: the change is not for passengers). */
export interface PendingChange {
  notice: AlertChangeNotice;
  audience: number | null;
}

/**
 * Tells the passengers of `changes` (in commit order), inside the caller's transaction: the
 * entitlements of their flight-dates are brought in line first (entitlements-after-alerts.ts),
 * as each notification carries what its passenger is owed; then each change's notifications
 * are written, one statement per change, each with its final message, to the passengers on
 * board now. Adds the changes to the summary, in that order.
 */
function tellChanges(ctx: ServiceContext, changes: readonly PendingChange[], summary: ProcessSummary): void {
  if (changes.length === 0) return;
  const started = performance.now();
  let told = 0;
  const sentences = entitlementsAfterAlertChanges(ctx, changes.map((c) => c.notice));
  for (const { notice, audience } of changes) {
    summary.changes.push(notice);
    if (!audience) continue;
    told += audience;
    const { alert, kind } = notice;
    const frame = passengerMessageFrame(kind, alert.message, alert.resolution_note);
    const change = { alert_id: alert.id, change_seq: alert.change_seq, change_kind: kind, flight_number: alert.flight_number, flight_date: alert.flight_date, frame, sentences: sentencesFor(notice, sentences), created_at: notice.at };
    for (const n of fanOutNotifications(ctx.store, change)) {
      notice.notifications.push({ notification_id: n.id, alert_id: alert.id, change_seq: alert.change_seq, change_kind: kind, customer_id: n.customer_id, booking_id: n.booking_id, channel: n.channel, message: n.message, created_at: notice.at });
    }
    summary.notifications += notice.notifications.length;
  }
  if (told > 0) endMsPerPassenger = 0.8 * endMsPerPassenger + (0.2 * (performance.now() - started)) / told;
}

/** Queued changes read per query. */
const QUEUE_READ = 256;

/**
 * Tells the queued changes (recorded by an earlier step that ran out of time), oldest
 * first, inside the caller's transaction: at least one, then as many as `over` allows (all,
 * without it), each taken off the queue as it is told. Returns whether the queue is empty.
 * Changes this process queued come from `known`; others (queued by a process that was
 * killed) are rebuilt from their history row.
 */
function tellQueued(ctx: ServiceContext, known: Map<number, PendingChange>, summary: ProcessSummary, over?: (aheadMs: number) => boolean): boolean {
  const { store } = ctx;
  for (let round = 0; round < 1_000_000; round++) {
    const rows = queuedFanOuts(store, QUEUE_READ);
    if (rows.length === 0) break;
    const take: PendingChange[] = [];
    let ahead = 0;
    let through = 0;
    for (const r of rows) {
      const change = known.get(r.id) ?? rebuiltChange(store, r);
      const cost = (change?.audience ?? 0) * endMsPerPassenger;
      if (over && (round > 0 || through > 0) && over(ahead + cost)) break;
      if (change) take.push(change);
      ahead += cost;
      through = r.id;
    }
    if (through === 0) return false;
    dropFanOutsThrough(store, through);
    for (const id of known.keys()) if (id <= through) known.delete(id);
    tellChanges(ctx, take, summary);
    if (through !== rows[rows.length - 1]!.id) return false;
    if (rows.length < QUEUE_READ) break;
  }
  known.clear();
  return true;
}

/** A queued change this process does not hold: its alert as it stands, with what the change said. */
function rebuiltChange(store: Store, r: QueuedFanOut): PendingChange | undefined {
  const current = getAlertRow(store, r.alert_id);
  if (!current) return undefined;
  const alert: AlertRecord = { ...current, severity: r.severity, message: r.message, delay_minutes: r.delay_minutes, change_seq: r.change_seq, updated_at: r.at, resolution_note: r.note ?? current.resolution_note };
  return { notice: { kind: r.change_kind, alert, affected_passengers: r.audience ?? 0, notifications: [], at: r.at }, audience: r.audience };
}

/**
 * Tells as many of a batch's `changes` as `over` allows (all, without it), in commit order,
 * and queues the rest for a later step (`tellQueued`), inside the caller's transaction.
 */
function tellOrQueue(ctx: ServiceContext, changes: readonly PendingChange[], known: Map<number, PendingChange>, summary: ProcessSummary, over?: (aheadMs: number) => boolean): void {
  let ahead = 0;
  let now = 0;
  for (; now < changes.length; now++) {
    const cost = (changes[now]!.audience ?? 0) * endMsPerPassenger;
    if (over?.(ahead + cost)) break;
    ahead += cost;
  }
  tellChanges(ctx, changes.slice(0, now), summary);
  for (const c of changes.slice(now)) known.set(queueFanOut(ctx.store, c.notice.alert.id, c.notice.alert.change_seq), c);
}

/** What a batch keeps of its alert changes (see commitAlertChange). */
interface BatchAlerts {
  /** The flight-date's open alerts, kept current. */
  open: AlertRecord[];
  /** Escalated or updated alerts, whose rows the batch writes at its end. */
  changed: Map<number, AlertRecord>;
  /** History rows, appended at the batch's end. */
  history: AlertChangeTable[];
}

/**
 * Commits one alert decision: the alert and its history, with the number of passengers on
 * board now (pending or confirmed on the flight-date at this change, so someone booked
 * since hears of it and someone rebooked away does not). Returns what sinks are told after
 * the commit; the batch records its notifications, one to each of those passengers, at its
 * end (all of it is written by the end of the same transaction).
 * This is where an alert change becomes final: follow-up work on a change belongs here.
 */
function commitAlertChange(
  store: Store,
  d: AlertDecision,
  { open, changed, history }: BatchAlerts,
  passengers: number,
  row: { seq: number; flight_number: string; flight_date: string },
  now: string,
): AlertChangeNotice | undefined {
  const audience = d.notifyPassengers ? passengers : null;
  const kind = changeKindOf(d);
  let alert: AlertRecord;
  if (d.action === 'open') {
    alert = insertAlert(store, {
      flight_number: row.flight_number,
      flight_date: row.flight_date,
      alert_type: d.finding.type,
      severity: d.finding.severity,
      message: d.finding.message,
      delay_minutes: d.finding.delay_minutes,
      created_at: now,
      event_seq: row.seq,
      audience: passengers,
    });
    open.push(alert);
  } else {
    const idx = open.findIndex((a) => a.id === d.alertId);
    const current = open[idx];
    if (!current) return undefined;
    if (d.action === 'resolve') {
      alert = resolvedAlert(current, now, d.note, audience);
      open.splice(idx, 1);
      changed.delete(alert.id);
      // Written now: a new alert of this type may open in the same batch.
      saveAlertRow(store, alert);
    } else {
      alert = changedAlert(current, { severity: d.severity, message: d.message, delay_minutes: d.delay_minutes, at: now, audience });
      open[idx] = alert;
      changed.set(alert.id, alert);
    }
  }
  history.push(alertChangeRow(alert, kind, audience));
  return { kind, alert, affected_passengers: passengers, notifications: [], at: now };
}

/** Hands committed changes to the sink from the outbox, backlog first (see notify/outbox-dispatcher.ts). */
export function deliver(store: Store, sink: NotificationSink, notices: readonly AlertChangeNotice[], summary: ProcessSummary): void {
  handOutNotifications(store, sink, notices, summary.sink_errors);
}

/**
 * Processes pending events in log order, batch by batch, until none are left (or `limit`
 * events were taken). Safe to run in several processes at once: each batch is claimed
 * inside its own write transaction.
 */
export interface ProcessOptions {
  /** Most events to take in this call (default: until the log is drained). */
  limit?: number;
  /** Events per transaction (default PROCESS_BATCH_SIZE). */
  batchSize?: number;
  /**
   * Events this process has just appended: used instead of reading them back from the log.
   * Events appended by others are read from the log as usual. Which events are pending is
   * always decided by the log's watermark, so this may hold events already processed.
   */
  known?: KnownEvents;
  /**
   * Milliseconds this call may hold the thread for (checked after each event and each
   * change told, counting what telling the rest would take): the daemon processes in small
   * steps between requests. Default: no limit.
   */
  budgetMs?: number;
  /** What a call leaves for the next one (see ProcessCarry). Without it, every call records its hand-outs before it returns. */
  carry?: ProcessCarry;
}

/**
 * What one `processPending` call leaves for the next, kept by a caller that processes in
 * steps (the daemon's writer). `record`: a call that ends before the log is drained (its
 * budget or its limit) leaves what its last hand-out to the local sinks took, and the next
 * call's first transaction records it instead of a transaction of its own; whoever stops
 * calling records what is left (`settleCarry`). `queued`: the changes this process queued
 * untold (the queue itself is in the store), so the step that tells them need not read
 * them back.
 */
export interface ProcessCarry {
  record: HandoutRecord;
  queued: Map<number, PendingChange>;
}

const NOTHING_TO_RECORD: HandoutRecord = { sent: [], claims: [] };

export function createCarry(): ProcessCarry {
  return { record: NOTHING_TO_RECORD, queued: new Map() };
}

/** Records the hand-outs a call left in `carry`, in a transaction of their own. */
export function settleCarry(store: Store, carry: ProcessCarry): void {
  const record = carry.record;
  if (isEmptyRecord(record)) return;
  store.write(() => recordHandouts(store, record));
  carry.record = NOTHING_TO_RECORD;
}

/**
 * Runs `fn` in a write transaction. Should it roll back, the queue ids the carry holds may
 * be given to other changes by the next transaction, so the carry forgets them (the queue
 * itself is in the store, and a change it no longer holds is read back from there).
 */
function writeOrForget<T>(store: Store, carry: ProcessCarry, fn: () => T): T {
  try {
    return store.write(fn);
  } catch (err) {
    carry.queued.clear();
    throw err;
  }
}

export function processPending(ctx: ServiceContext, sink: NotificationSink, options: ProcessOptions = {}): ProcessSummary {
  const summary = emptySummary();
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const batchSize = options.batchSize ?? PROCESS_BATCH_SIZE;
  const { store } = ctx;
  const deadline = options.budgetMs === undefined ? undefined : performance.now() + options.budgetMs;
  const over = deadline === undefined ? undefined : (aheadMs = 0) => performance.now() + aheadMs >= deadline;
  const carry = options.carry ?? createCarry();
  let complete = false;
  while (summary.processed < limit && !summary.cut_short) {
    const want = Math.min(batchSize, limit - summary.processed);
    let taken = 0;
    let backlog: ClaimedBacklog | undefined;
    const earlier = carry.record;
    complete = false;
    const toldBefore = summary.changes.length;
    const notices = writeOrForget(store, carry, () => {
      if (!isEmptyRecord(earlier)) recordHandouts(store, earlier);
      // Every call, even with nothing new: rows a killed process left queued go out first.
      backlog = claimBacklog(store);
      // Changes an earlier step recorded but did not tell come before any new event's, and
      // a step that told some takes no event once its time is up.
      if (tellQueued(ctx, carry.queued, summary, over) && !(summary.changes.length > toldBefore && over?.())) {
        const mine = options.known && knownPending(store, options.known, want);
        const rows: readonly ClaimedRow[] = mine ?? pendingEvents(store, want);
        taken = rows.length;
        // A short read of the log means it is drained; a short run of our own events does not
        // (others may have appended after them), so the next round reads the log to find out.
        complete = !mine && taken < want;
        if (rows.length > 0) tellOrQueue(ctx, applyBatch(store, ctx, rows, summary, over), carry.queued, summary, over);
        // Changes queued untold are work left, as pending events are.
        complete &&= carry.queued.size === 0;
      }
      const told = summary.changes.slice(toldBefore);
      claimRecordedNotices(store, told, backlog);
      return told;
    });
    // Recorded by the transaction above; what this hand-out takes is the next one's.
    carry.record = NOTHING_TO_RECORD;
    carry.record = handOutClaimed(store, sink, backlog!, notices, summary.sink_errors);
    if (complete || over?.()) {
      summary.cut_short ||= !complete;
      break;
    }
  }
  // The log drained, or nobody keeps the record for a next call: recorded now.
  if (complete || !options.carry) settleCarry(store, carry);
  return summary;
}
