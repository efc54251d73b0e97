/**
 * The daemon's lifecycle as one function: open the store, serve HTTP, watch the inbox,
 * process what arrives, and stop cleanly. The `akasa daemon` command and the demo both
 * start it through `startDaemon`; nothing here touches process signals or stdout.
 *
 * Start: open (and migrate) the store → listen → process any backlog of stored but
 * unprocessed events → watch the inbox (files already there are taken first).
 * WAL checkpoints run in a worker thread (see wal-checkpointer.ts), not in a commit.
 * Stop: stop accepting connections → answer requests in flight → stop the inbox after
 * its current batch → commit what is queued → finish the current processing chunk →
 * close the store.
 */
import { isIPv4 } from 'node:net';
import { join, dirname, resolve } from 'node:path';
import { clockFromEnv, settingsFromEnv, type Settings } from '../config/settings.js';
import type { Clock } from '../domain/clock.js';
import { UsageError } from '../domain/errors.js';
import { type NotificationSink, fanOut } from '../notify/notification-sink.js';
import { jsonlFileNotifier, type JsonlFileNotifier } from '../notify/jsonl-file-notifier.js';
import { DEFAULT_POLICY, type ReaccommodationPolicy } from '../domain/reaccommodation-policy.js';
import type { ServiceContext } from '../context.js';
import { type Durability, openStore, type Store } from '../store/database.js';
import { setPageCache, synchronousMode } from '../store/sqlite-dialect.js';
import { startWalCheckpointer, type WalCheckpointer } from '../store/wal-checkpointer.js';
import { createGroupCommitQueue } from './group-commit.js';
import { createHttpServer } from './http-server.js';
import { ingestInboxFile } from './inbox-file.js';
import type { InboxWatcher } from './inbox-watcher.js';
import { createDeliveryEngine, type DeliveryEngineOptions } from '../services/delivery.js';
import { createDeliveryLoop, type DeliveryLoop } from './delivery-loop.js';
import { createCoalescingLog, createLogger, type LogSink } from './logger.js';
import { createProcessingLoop } from './processing-loop.js';
import { createRecentRate } from './recent-rate.js';
import { stepTraceFromEnv } from './step-trace.js';
import { createAutoReaccommodation } from './auto-reaccommodate.js';
import { apiRoutes } from './routes/api.js';
import { guardStateChanges } from './operator-token.js';
import { createRouter } from './router.js';
import { createVerifier } from '../signing/webhook-signature.js';
import { createDaemonMetrics } from './metrics.js';
import { notificationCountsByStatus, oldestPendingReceivedAt } from '../store/status-repository.js';
import { countPending } from '../store/event-log-repository.js';
import { countUntoldChanges } from '../store/alert-fan-out-repository.js';
import { createEventWriter, type IntakeTarget } from '../pipeline/event-intake.js';
import { type AppendItem, type AppendResult, receiptNow } from '../pipeline/intake.js';

/**
 * Above this many events committed per second (over the last 200 ms), intake is flooding:
 * processing steps aside for it, one chunk every 50 ms, and catches up when the flood ends.
 * A real feed sends a few events a second; floods are replays, backfills and large inbox files.
 */
export const FLOOD_EVENTS_PER_SECOND = 2000;

/** More inbox files than this queued at once is a flood (a backlog, a bulk drop): processing steps aside as above. */
export const INBOX_FLOOD_FILES = 8;

/**
 * The daemon's page cache (KiB). An alert change writes a notification per passenger into
 * indexes keyed by booking, whose pages the writes visit in no order: with SQLite's default
 * 2 MiB most of them would be read back from the file for every change.
 */
export const DAEMON_PAGE_CACHE_KIB = 64 * 1024;

/** How long a stop waits for requests in flight before closing their connections. */
export const STOP_GRACE_MS = 2000;

export interface DaemonOptions {
  /** Database file; opened (and migrated) by the daemon and closed on stop. */
  dbPath?: string;
  /** An already open store (used instead of `dbPath`; the caller closes it). */
  store?: Store;
  /** Address to bind. Default 127.0.0.1: only this machine can reach the daemon unless asked. */
  host?: string;
  /** Required to bind anything but a loopback address (a UsageError otherwise); a warning is logged. */
  allowRemote?: boolean;
  /** TCP port; 0 = any free port (see `RunningDaemon.port`). Default 8080. */
  port?: number;
  /** Watched folder; default `<database dir>/inbox`. `false` = no watched folder. */
  inbox?: string | false;
  /** Standard Webhooks secret (`whsec_…`): when set, webhook requests must be signed, and state-changing API requests need `apiToken`. */
  secret?: string;
  /** Operator token: when set (or when `secret` is), every state-changing request but the webhook needs `Authorization: Bearer <token>`. */
  apiToken?: string;
  /** Append each passenger notification as a JSON line. */
  notifyFile?: string;
  /** Where alert changes are announced (the console notifier, the demo's narrator). Default: nowhere but `notifyFile`. */
  notifications?: NotificationSink;
  /** Structured log entries (listening, accepted, files, errors, shutdown). Default: dropped. */
  log?: LogSink;
  /** `normal` (default): WAL + synchronous=NORMAL; `full`: synchronous=FULL. Ignored with `store`. */
  durability?: Durability;
  clock?: Clock;
  settings?: Settings;
  /** Inbox: how long a file's size must be unchanged before it is read (ms). Default 500, or $AKASA_INBOX_SETTLE_MS. */
  settleMs?: number;
  /** Largest request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Events processed per turn of the event loop at most. Default 64. */
  processChunk?: number;
  /**
   * Milliseconds one processing step may hold the thread (checked after each event; a step
   * that runs out yields and resumes next turn). Bounds how long processing can delay a
   * request when alert changes notify hundreds of passengers each. Default PROCESS_STEP_BUDGET_MS.
   */
  processBudgetMs?: number;
  /** Also look for pending events from other processes this often (ms); 0 = never. Default 2000. */
  pollMs?: number;
  /** Re-accommodate a cancelled flight's passengers right after its alert commits (see auto-reaccommodate.ts). Default off. */
  autoReaccommodate?: boolean;
  /** Policy for automatic and HTTP re-accommodation. Default DEFAULT_POLICY. */
  reaccommodationPolicy?: ReaccommodationPolicy;
  /** Webhook delivery: requests in flight at most (default 16), and test hooks (jitter, sender). */
  delivery?: Omit<DeliveryEngineOptions, 'onNotice'>;
}

/** See DaemonOptions.processBudgetMs. */
export const PROCESS_STEP_BUDGET_MS = 4;

/**
 * The budget of the one step a flood lets through every 50 ms: every request in flight
 * waits for it; the events it leaves wait for the flood to end.
 */
export const SQUEEZED_STEP_BUDGET_MS = 1;

export interface RunningDaemon {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Absolute path of the watched folder, or undefined when there is none. */
  readonly inbox: string | undefined;
  readonly dbPath: string;
  readonly store: Store;
  /** Resolves once everything received so far is committed, the inbox is empty, every stored event is processed and every alert change told. */
  idle(): Promise<void>;
  /** Graceful stop (see the module comment). Safe to call more than once. */
  stop(): Promise<void>;
}

function envSettleMs(env: NodeJS.ProcessEnv): number | undefined {
  const n = Number(env.AKASA_INBOX_SETTLE_MS);
  return env.AKASA_INBOX_SETTLE_MS && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped) and `localhost`: addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice('::ffff:'.length) : h;
  return isIPv4(v4) && v4.startsWith('127.');
}

export const WEBHOOK_PATH = '/webhook/flight-event';

export async function startDaemon(options: DaemonOptions): Promise<RunningDaemon> {
  if (!options.store && !options.dbPath) throw new Error('startDaemon: give dbPath or store');
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new UsageError(
      `--host ${host}: not a loopback address, so the booking and alert API and the webhook would answer other machines; add --allow-remote if that is meant (and see docs/security.md)`,
    );
  }
  const log = createLogger(options.log ?? (() => {}));
  const busy = createCoalescingLog(log);
  const store = options.store ?? (await openStore(options.dbPath!, { durability: options.durability ?? 'normal' }));
  const ownsStore = !options.store;
  if (ownsStore) setPageCache(store, DAEMON_PAGE_CACHE_KIB);
  const ctx: ServiceContext = { store, clock: options.clock ?? clockFromEnv(), settings: options.settings ?? settingsFromEnv() };

  let notifyFile: JsonlFileNotifier | undefined;
  let watcher: InboxWatcher | undefined;
  let http: ReturnType<typeof createHttpServer> | undefined;
  let processing: ReturnType<typeof createProcessingLoop> | undefined;
  let checkpointer: WalCheckpointer | undefined;
  let delivery: DeliveryLoop | undefined;
  try {
    notifyFile = options.notifyFile ? jsonlFileNotifier(options.notifyFile) : undefined;
    const sinks: NotificationSink[] = [];
    if (options.notifications) sinks.push(options.notifications);
    if (notifyFile) sinks.push(notifyFile);
    const sink = fanOut(...sinks);

    const trace = stepTraceFromEnv();
    // What the store really runs with (not what was asked for): shown by /health.
    const synchronous = synchronousMode(store);
    if (store.path !== ':memory:') {
      checkpointer = startWalCheckpointer(store, {
        synchronous: synchronous === 'NORMAL' ? 'NORMAL' : 'FULL',
        onError: (message) => log.warn('checkpoint', `WAL checkpoint: ${message}`),
        onRestart: (ms, restarted) => trace.took('restart', ms, { restarted }),
      });
    }
    const inboxDir = options.inbox === false ? undefined : resolve(options.inbox ?? join(dirname(resolve(store.path)), 'inbox'));
    const writer = createEventWriter(ctx);
    const reaccommodationPolicy = options.reaccommodationPolicy ?? DEFAULT_POLICY;
    const afterCommit = options.autoReaccommodate ? createAutoReaccommodation({ ctx, policy: reaccommodationPolicy, sink, log }) : undefined;
    const committedRecently = createRecentRate();
    const metrics = createDaemonMetrics({
      backlog: () => countPending(store),
      lagSeconds: () => {
        const oldest = oldestPendingReceivedAt(store);
        return oldest === undefined ? 0 : Math.max(0, (ctx.clock.now().getTime() - Date.parse(oldest)) / 1000);
      },
      notificationsByStatus: () => notificationCountsByStatus(store),
    });
    processing = createProcessingLoop({
      step: (limit, squeezed) => {
        const budgetMs = options.processBudgetMs ?? PROCESS_STEP_BUDGET_MS;
        const stepStarted = performance.now();
        const summary = writer.process(sink, { limit, budgetMs: squeezed ? Math.min(budgetMs, SQUEEZED_STEP_BUDGET_MS) : budgetMs });
        trace.add('step', stepStarted, { squeezed, processed: summary.processed, changes: summary.changes.length, notifications: summary.notifications });
        metrics.processed(summary.processed, summary.changes.map((c) => ({ kind: c.kind, alert_type: c.alert.alert_type, severity: c.alert.severity })), summary.notifications);
        for (const e of summary.stale_events) {
          if (e.kind === 'conflict') log.warn('event_conflict', `${e.event_id} (${e.flight_number} on ${e.flight_date}) not applied: ${e.note}`, { event_id: e.event_id, reason: e.note });
        }
        if (afterCommit && summary.changes.length > 0) afterCommit(summary.changes);
        // A step applies events or tells changes an earlier one recorded: either is worth a line.
        if (summary.processed > 0 || summary.changes.length > 0) {
          busy.add(
            'processed',
            summary.processed,
            () => ({
              message: `${plural(summary.processed, 'event')} processed (${summary.stale} stale), ${plural(summary.changes.length, 'alert change')}, ${plural(summary.notifications, 'notification')}`,
              data: { processed: summary.processed, stale: summary.stale, alert_changes: summary.changes.length, notifications: summary.notifications },
            }),
            (n, ms) => `${plural(n, 'more event')} processed in the last ${ms / 1000}s`,
          );
        }
        if (summary.notifications > 0) delivery?.kick();
        for (const e of summary.sink_errors) log.warn('notify_failed', `notification sink failed: ${e} (kept queued in the outbox)`);
        // Stopped on its time budget: more may be pending, so the loop comes back next turn.
        return summary.cut_short ? limit : summary.processed;
      },
      chunk: options.processChunk ?? 64,
      pollMs: options.pollMs,
      // Commits waiting are not enough of a signal under a flood: the loop turns so fast that
      // processing would find the queue empty between most commits and run anyway.
      // A backlog of inbox files is a flood too, however few events each holds.
      intakeBusy: () => commits.depth() > 0 || committedRecently.perSecond() >= FLOOD_EVENTS_PER_SECOND || (watcher?.backlog() ?? 0) > INBOX_FLOOD_FILES,
      onError: (err) => log.error('error', `processing failed, will retry: ${err instanceof Error ? err.message : String(err)}`),
      onStop: () => writer.settle(),
    });
    const commits = createGroupCommitQueue({
      commit: (items: AppendItem[]) => {
        const started = performance.now();
        const outcomes = writer.append(items);
        metrics.commit((performance.now() - started) / 1000, items.length);
        trace.add('commit', started, { items: items.length });
        return outcomes;
      },
      onCommitted: (count) => {
        committedRecently.add(count);
        processing?.kick();
      },
    });
    // Held and conflicting events wait for an operator: say so in the log as they arrive, one
    // line each up to the coalescing log's limit, then a count (a feed of unknown flights
    // must not turn every request into a log line).
    const reportFlagged = (outcomes: AppendResult[]): AppendResult[] => {
      for (const o of outcomes) {
        if (o.held) {
          busy.add(
            'event_held',
            1,
            () => ({ message: `${o.event_id} (${o.flight_number} ${o.status}) held: ${o.held}; see akasa event list --status held`, data: { event_id: o.event_id, reason: o.held } }),
            (n, ms) => `${plural(n, 'more event')} held in the last ${ms / 1000}s; see akasa event list --status held`,
            'warn',
          );
        }
        if (o.conflict) {
          busy.add(
            'event_conflict',
            1,
            () => ({ message: `${o.event_id} (${o.flight_number} ${o.status}) not applied: ${o.conflict}; see akasa event list --status conflict`, data: { event_id: o.event_id, reason: o.conflict } }),
            (n, ms) => `${plural(n, 'more event')} in conflict in the last ${ms / 1000}s; see akasa event list --status conflict`,
            'warn',
          );
        }
      }
      return outcomes;
    };
    // What each source sent, by outcome, for /metrics (inbox files arrive as `file:<name>`).
    const countOutcomes = (items: AppendItem[], outcomes: AppendResult[]): AppendResult[] => {
      outcomes.forEach((o, i) => {
        const source = items[i]?.source.startsWith('file:') ? 'inbox' : 'webhook';
        metrics.eventsReceived(source, o.duplicate ? 'duplicate' : o.held ? 'held' : o.conflict ? 'conflict' : 'accepted', 1);
      });
      return outcomes;
    };
    const intake: IntakeTarget = {
      receipt: () => receiptNow(ctx),
      append: (items) => commits.submit(items).then((outcomes) => reportFlagged(countOutcomes(items, outcomes))),
    };

    // Every state-changing route but the (signed) webhook needs the operator token once anything is authenticated.
    const router = createRouter(
      guardStateChanges(apiRoutes({
        ctx,
        intake,
        verifier: options.secret ? createVerifier(options.secret) : undefined,
        notices: sink,
        onNoticeError: (message) => log.warn('notify_failed', `notification sink failed: ${message} (kept queued in the outbox)`),
        health: () => ({ queued_commits: commits.depth(), pending_events: countPending(store), untold_changes: countUntoldChanges(store), inbox: inboxDir ?? null, database: store.path, synchronous }),
        metrics,
        onRejected: (count) => metrics.eventsReceived('webhook', 'rejected', count),
        reaccommodation: { policy: reaccommodationPolicy, sink },
        onAccepted: (outcomes) => {
          busy.add(
            'accepted',
            outcomes.length,
            () => {
              const dups = outcomes.filter((o) => o.duplicate).length;
              const first = outcomes[0]!;
              const what = outcomes.length === 1 ? `${first.flight_number} ${first.status}${dups ? ' (duplicate)' : ''} [${first.event_id}]` : `${plural(outcomes.length - dups, 'new event')}, ${dups} duplicate`;
              return { message: `webhook: ${what}`, data: { count: outcomes.length, duplicates: dups } };
            },
            (n, ms) => `webhook: ${plural(n, 'more event')} accepted in the last ${ms / 1000}s`,
          );
        },
      }), { token: options.apiToken, required: Boolean(options.secret || options.apiToken), exemptPaths: [WEBHOOK_PATH] }),
    );
    http = createHttpServer({
      router,
      bodyLimit: options.bodyLimit,
      onResponse: (method, route, status, seconds) => {
        metrics.httpRequest(method, route, status, seconds);
        if (route === WEBHOOK_PATH) trace.took('request', seconds * 1000, { status });
      },
      onUnexpectedError: (err, method, path) => log.error('error', `${method} ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
    });
    const address = await http.listen(host, options.port ?? 8080);
    const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

    if (inboxDir) {
      const { watchInbox } = await import('./inbox-watcher.js');
      watcher = await watchInbox({
        dir: inboxDir,
        settleMs: options.settleMs ?? envSettleMs(process.env) ?? 500,
        onFile: async (path, signal) => {
          const outcome = await ingestInboxFile(path, inboxDir, { intake, signal });
          metrics.eventsReceived('inbox', 'rejected', outcome.rejected);
          const counts = `${outcome.accepted} new, ${outcome.duplicates} duplicate, ${outcome.rejected} rejected`;
          const data = { file: outcome.file, accepted: outcome.accepted, duplicates: outcome.duplicates, rejected: outcome.rejected, moved_to: outcome.movedTo };
          if (outcome.interrupted) log.warn('file_interrupted', `${outcome.file}: stopped part-way for shutdown (${counts}); it stays in the inbox and is re-read next start`, data);
          else if (outcome.incomplete) log.warn('file_incomplete', `${outcome.file}: waiting for the writer to finish (it does not end with a newline and is not one complete JSON document); taken once it does`, { file: outcome.file });
          else if (outcome.changed) log.info('file_changed', `${outcome.file}: changed while it was read (${counts}); taken again once it settles`, data);
          else if (outcome.refused) log.warn('file_refused', `${outcome.file}: ${outcome.refused}, not a regular file; moved unread to ${outcome.movedTo}`, { ...data, refused: outcome.refused });
          else if (outcome.errorsFile) log.warn('file_failed', `${outcome.file}: ${counts} → ${outcome.movedTo} (reasons in ${outcome.errorsFile})`, { ...data, errors_file: outcome.errorsFile });
          else {
            busy.add(
              'file_ingested',
              1,
              () => ({ message: `${outcome.file}: ${counts} → ${outcome.movedTo}`, data }),
              (n, ms) => `${plural(n, 'more file')} ingested in the last ${ms / 1000}s`,
            );
          }
          return outcome.movedTo === path ? 'left' : 'moved';
        },
        onStopped: (err) => log.error('inbox_stopped', `${err.message}. The inbox takes no more files; the HTTP API keeps running`),
        onError: (err, path) => log.error('error', `inbox${path ? ` ${path}` : ''}: ${err instanceof Error ? err.message : String(err)} (file left in place)`),
      });
    }
    const auto = options.autoReaccommodate
      ? `on (cancellations${reaccommodationPolicy.delay_trigger_hours !== null ? `, delays of ${reaccommodationPolicy.delay_trigger_hours} h or more` : ''})`
      : 'off';
    log.info('listening', `listening on ${url} (webhook: ${url}/webhook/flight-event${options.secret ? ', signatures required' : ''}; auto re-accommodation ${auto})`, {
      url,
      inbox: inboxDir ?? null,
      db: store.path,
      synchronous,
      signatures: Boolean(options.secret),
      operator_token: Boolean(options.secret || options.apiToken),
      auto_reaccommodation: auto,
    });
    if (!isLoopbackHost(host)) {
      log.warn(
        'remote_access',
        `listening on ${host}, not only this machine: other machines can reach the booking and alert API (reading bookings, alerts and flight state${options.secret || options.apiToken ? '' : ', and changing them'}) and the webhook${options.secret ? '' : ' (unsigned)'}; ${options.secret || options.apiToken ? 'changes need the operator token' : 'nothing is authenticated: set --secret-file and AKASA_API_TOKEN'}. Put TLS in front of it (a reverse proxy): the daemon speaks plain HTTP`,
        { host },
      );
    }
    // Backlog: events stored but not processed (e.g. by a daemon that was killed).
    processing.kick();
    // Webhook deliveries, beside processing; deliveries a killed daemon left open resume.
    delivery = startDelivery(ctx, options.delivery, log, busy);

    let stopping: Promise<void> | undefined;
    const server = http;
    const processor = processing;
    const stop = () =>
      (stopping ??= (async () => {
        log.info('stopping', 'stopping: no new connections; finishing requests in flight');
        // A client that never finishes its request must not hold the shutdown for long.
        const force = setTimeout(() => server.server.closeAllConnections(), STOP_GRACE_MS);
        await server.close();
        clearTimeout(force);
        await watcher?.close();
        await commits.close();
        await processor.stop();
        await delivery?.stop();
        busy.flush();
        await checkpointer?.stop();
        notifyFile?.close();
        if (ownsStore) store.close();
        log.info('stopped', 'stopped cleanly');
      })());

    return {
      url,
      host,
      port: address.port,
      inbox: inboxDir,
      dbPath: store.path,
      store,
      async idle() {
        // Each stage can feed the next (a file → commits → processing), so loop until all are quiet at once.
        for (let round = 0; round < 1000 && !stopping; round++) {
          await watcher?.idle();
          await commits.idle();
          await processor.idle();
          if (stopping || (commits.depth() === 0 && !watcher?.busy() && countPending(store) === 0 && countUntoldChanges(store) === 0)) return;
          processor.kick();
        }
      },
      stop,
    };
  } catch (err) {
    await processing?.stop();
    await delivery?.stop();
    await checkpointer?.stop();
    await http?.close().catch(() => {});
    await watcher?.close().catch(() => {});
    notifyFile?.close();
    if (ownsStore) store.close();
    throw err;
  }
}

/** The delivery loop, its outcomes in the daemon's log: deliveries summed, retries, failures and disabled endpoints one by one. */
function startDelivery(ctx: ServiceContext, options: DaemonOptions['delivery'], log: ReturnType<typeof createLogger>, busy: ReturnType<typeof createCoalescingLog>): DeliveryLoop {
  const engine = createDeliveryEngine(ctx, {
    ...options,
    onNotice: (n) => {
      const what = `notification ${n.notification_id} → endpoint #${n.endpoint_id} ${n.url} (attempt ${n.attempt})`;
      const data = { notification_id: n.notification_id, endpoint_id: n.endpoint_id, attempt: n.attempt, reason: n.reason, retry_at: n.retry_at };
      if (n.outcome === 'delivered') busy.add('delivered', 1, () => ({ message: `delivered ${what}`, data }), (k, ms) => `${plural(k, 'more notification')} delivered in the last ${ms / 1000}s`);
      else if (n.outcome === 'retry') log.warn('delivery_retry', `${what}: ${n.reason}; retry at ${n.retry_at}`, data);
      else if (n.outcome === 'failed') log.error('delivery_failed', `${what}: ${n.reason}; gave up (akasa notification retry ${n.notification_id})`, data);
      else log.error('endpoint_disabled', `endpoint #${n.endpoint_id} ${n.url} answered 410 Gone: disabled (akasa endpoint enable ${n.endpoint_id})`, data);
    },
  });
  return createDeliveryLoop({ engine, clock: ctx.clock, onError: (err) => log.error('error', `delivery failed, will retry: ${err instanceof Error ? err.message : String(err)}`) });
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-IN')} ${word}${n === 1 ? '' : 's'}`;
}
