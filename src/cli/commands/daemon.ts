/**
 * `akasa daemon`: starts the daemon in this process, prints where it listens, the inbox
 * and the database, then one line per notable thing, and stops cleanly on SIGINT/SIGTERM.
 */
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../../domain/errors.js';
import { consoleNotifier } from '../../notify/console-notifier.js';
import { type LogEntry, formatJson, formatPretty } from '../../daemon/logger.js';
import { type RunningDaemon, startDaemon } from '../../daemon/start-daemon.js';
import { loadApiToken } from '../../daemon/operator-token.js';
import { loadWebhookSecret } from '../../signing/webhook-signature.js';
import { readPolicyFile } from '../../services/reaccommodation.js';
import { deliveryConcurrencyOf, portOf } from '../flag-values.js';
import { choice, flag, text, topCommand } from '../define-command.js';

/** Longest a SIGTERM/SIGINT waits for a graceful stop. */
const STOP_DEADLINE_MS = 4000;

export const self = topCommand({
  options: {
    host: text('--host <host>', 'address to bind (only loopback unless you ask)', { default: '127.0.0.1' }),
    allowRemote: flag('--allow-remote', 'allow a --host other machines can reach (prints what becomes reachable)'),
    port: text('--port <port>', 'TCP port (0 = any free port)', { default: '8080' }),
    inbox: text('--inbox <dir>', 'watched folder for event files (default: <data dir>/inbox)'),
    secretFile: text('--secret-file <file>', 'require Standard Webhooks signatures with this secret (or $AKASA_WEBHOOK_SECRET)'),
    notifyFile: text('--notify-file <path>', 'append each notification as a JSON line'),
    autoReaccommodate: flag('--auto-reaccommodate', "re-accommodate a cancelled flight's passengers as soon as its alert opens (off by default)"),
    reaccommodationPolicy: text('--reaccommodation-policy <file>', 'JSON policy for re-accommodation, automatic and over HTTP (delay_trigger_hours also covers long delays)'),
    deliveryConcurrency: text('--delivery-concurrency <n>', 'webhook requests in flight at most (see akasa endpoint)', { default: '16' }),
    logFormat: choice('--log-format <format>', 'log line format', ['pretty', 'json'], { default: 'pretty' }),
    durability: choice('--durability <level>', 'normal: survives a crash of the daemon; full: also a power cut (slower)', ['normal', 'full'], { default: 'normal' }),
  },
  examples: ['akasa daemon', 'akasa daemon --port 9090 --inbox ./inbox --notify-file notices.jsonl', 'akasa daemon --auto-reaccommodate'],
  helpAfter:
    '\nEnvironment:\n  AKASA_WEBHOOK_SECRET   webhook signing secret (like --secret-file; at least 16 bytes)\n  AKASA_API_TOKEN        operator token: POST requests other than the webhook need "Authorization: Bearer <token>"\n                         (required as soon as a webhook secret or a token is set; at least 16 bytes)\n  AKASA_INBOX_SETTLE_MS  how long an inbox file must be unchanged before it is read (default 500)',
  createsStore: true,
  async run({ opts }, rt) {
    const port = portOf(opts.port);
    const host = opts.host;
    // The global --json asks for machine-readable output: the log becomes JSON lines too.
    const format = opts.logFormat === 'json' || rt.json ? 'json' : 'pretty';
    const durability = opts.durability;
    const deliveryConcurrency = deliveryConcurrencyOf(opts.deliveryConcurrency);
    const secret = loadWebhookSecret(opts.secretFile, rt.env);
    const apiToken = loadApiToken(rt.env);
    const inbox = resolve(opts.inbox ?? join(dirname(resolve(rt.dbPath)), 'inbox'));
    const theme = rt.theme;

    const print = (entry: LogEntry) => {
      if (format === 'json') return rt.out(formatJson(entry));
      if (entry.event === 'listening' && entry.data) {
        const d = entry.data;
        rt.out(`${theme.bold('akasa daemon')} listening on ${theme.bold(String(d.url))}`);
        rt.out(`  webhook   ${d.url}/webhook/flight-event ${theme.dim(d.signatures ? '(Standard Webhooks signatures required)' : '(unsigned: set --secret-file to require signatures)')}`);
        rt.out(`  api       ${theme.dim(d.operator_token ? '(changes need Authorization: Bearer $AKASA_API_TOKEN)' : '(no operator token: anyone who can connect can change bookings and alerts)')}`);
        rt.out(`  inbox     ${d.inbox ?? '(none)'}`);
        rt.out(`  database  ${d.db} ${theme.dim(`(WAL, synchronous=${String(d.synchronous)})`)}`);
        rt.out(`  auto re-accommodation  ${String(d.auto_reaccommodation)}${d.auto_reaccommodation === 'off' ? theme.dim(' (--auto-reaccommodate to turn it on)') : ''}`);
        rt.out(theme.dim('  Ctrl-C stops it cleanly.'));
        return;
      }
      // Said where the operator looks for warnings, whatever the log format.
      if (entry.event === 'remote_access') rt.err(`warning: ${entry.message}`);
      rt.out(formatPretty(entry, theme));
    };

    // A closed stdout pipe (the log reader went away) must not take the daemon down.
    process.stdout.on('error', () => {});

    // Signals are caught from the start: one arriving while the daemon starts (right after it
    // printed where it listens, say) stops it once started, instead of killing it outright.
    let daemon: RunningDaemon | undefined;
    let signalled = false;
    let stopped: { done(): void; fail(err: unknown): void } | undefined;
    const finished = new Promise<void>((done, fail) => (stopped = { done, fail }));
    const stop = () => daemon!.stop().then(stopped!.done, stopped!.fail);
    const onSignal = (signal: NodeJS.Signals) => {
      if (signalled) {
        rt.err(`${signal} again: exiting at once (anything acknowledged is already stored)`);
        // The deliberate exits outside the entry point: a second signal must not wait.
        process.exit(130);
      }
      signalled = true;
      rt.err(`${signal}: stopping (send it again to exit at once)`);
      // Whatever holds the stop up (a stuck client, a file system that stopped answering),
      // the process ends within STOP_DEADLINE_MS of the first signal: like a crash, which
      // loses nothing acknowledged.
      setTimeout(() => {
        rt.err(`still stopping after ${STOP_DEADLINE_MS / 1000} s: exiting now (anything acknowledged is already stored)`);
        process.exit(1);
      }, STOP_DEADLINE_MS).unref();
      if (daemon) void stop();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    try {
      daemon = await startDaemon({
        dbPath: rt.dbPath,
        host,
        allowRemote: opts.allowRemote,
        port,
        inbox,
        secret,
        apiToken,
        notifyFile: opts.notifyFile,
        notifications: consoleNotifier(rt.out, theme, format),
        log: print,
        durability,
        clock: rt.clock(),
        autoReaccommodate: opts.autoReaccommodate,
        reaccommodationPolicy: readPolicyFile(opts.reaccommodationPolicy, '--reaccommodation-policy'),
        delivery: { concurrency: deliveryConcurrency },
      });
    } catch (err) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new Error(`${host}:${port} is already in use; choose another --port (0 = any free port)`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host: cannot listen on ${JSON.stringify(host)} (${code})`);
      throw err;
    }
    if (signalled) void stop();
    await finished;
    // Everything is closed; if some stray handle still held the loop open, do not hang.
    setTimeout(() => process.exit(process.exitCode ?? 0), 3000).unref();
  },
});
