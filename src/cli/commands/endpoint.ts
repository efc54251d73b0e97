/**
 * `akasa endpoint …`: the webhook endpoints passenger notifications are delivered to, and
 * `endpoint serve`, a signature-checking receiver for trying delivery out locally.
 */
import { formatIst } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { loadWebhookSecret } from '../../signing/webhook-signature.js';
import type { ReceivedRequest } from '../../notify/webhook-receiver.js';
import { addEndpoint, type EndpointView, listEndpointViews, removeEndpoint, setEndpointEnabled } from '../../services/delivery-endpoints.js';
import { portOf } from '../flag-values.js';
import { arg, choice, command, type CommandGroup, text } from '../define-command.js';
import type { CliRuntime } from '../runtime.js';
import { renderTable } from '../output/table.js';
import type { Theme } from '../output/theme.js';

/** The secret in `--secret-file` (never $AKASA_WEBHOOK_SECRET: that one is for the daemon's own webhook). */
function readSecretFile(path: string): string {
  return loadWebhookSecret(path, {})!;
}

function deliveryCounts(e: EndpointView, theme: Theme): string {
  const d = e.deliveries;
  if (!d) return '-';
  const parts = [`${d.delivered} delivered`];
  if (d.pending + d.sending > 0) parts.push(`${d.pending + d.sending} pending`);
  if (d.failed > 0) parts.push(theme.error(`${d.failed} failed`));
  return parts.join(', ');
}

/** `endpoint enable|disable ID`: one handler, told which. */
async function toggle(id: string, enabled: boolean, rt: CliRuntime): Promise<void> {
  const ctx = await rt.services();
  const e = setEndpointEnabled(ctx, id, enabled);
  rt.emit(e, (r, theme) => `${enabled ? theme.ok('enabled') : theme.warn('disabled')} endpoint #${r.id} ${r.url}${enabled ? ' (its waiting deliveries resume)' : ' (deliveries wait until it is enabled again)'}`);
}

function rateOf(raw: unknown): number {
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--fail-rate: expected a share between 0 and 1 (0.5 = every other request), got ${JSON.stringify(raw)}`);
  return n;
}

function describeRequest(r: ReceivedRequest, theme: Theme): string {
  const status = r.status < 300 ? theme.ok(String(r.status)) : theme.error(String(r.status));
  if (r.result === 'rejected') return `${status} ${theme.error('rejected')} ${r.id ? JSON.stringify(r.id) : '(no webhook-id)'}: ${JSON.stringify(r.reason ?? '')}`;
  const b = r.body as { type?: unknown; data?: { passenger?: { channel?: unknown; contact?: unknown }; booking?: { locator?: unknown }; alert?: { flight_number?: unknown; alert_type?: unknown }; notification?: { message?: unknown } } } | null;
  const d = b?.data;
  // Everything that came over the wire is printed as JSON text: no control characters reach the terminal.
  const text = (v: unknown) => JSON.stringify(v ?? null);
  return `${status} ${r.result === 'accepted' ? theme.ok('accepted') : r.result === 'duplicate' ? theme.dim('duplicate') : theme.warn('failed (as told)')} ${text(r.id)} ${text(d?.alert?.flight_number)} ${text(d?.alert?.alert_type)} ${text(d?.booking?.locator)} → ${text(d?.passenger?.channel)} ${text(d?.passenger?.contact)}: ${text(d?.notification?.message)}`;
}

const ADD_ONE = 'akasa endpoint add http://127.0.0.1:9000/';

export const group: CommandGroup = {
  examples: ['akasa endpoint add https://sms-gateway.example.in/akasa --channel sms', 'akasa endpoint list', 'akasa endpoint serve --port 9000 --secret-file hook.secret'],
  commands: [
    command('add', 'deliver notifications created from now on to URL (a signing secret is generated and printed once unless --secret-file is given)', {
      args: [arg('<url>', 'http:// or https:// URL that accepts Standard Webhooks POSTs')],
      options: {
        channel: choice('--channel <channel>', 'only notifications on this channel', ['sms', 'email', 'whatsapp', 'all'], { default: 'all' }),
        secretFile: text('--secret-file <file>', 'sign with this Standard Webhooks secret (whsec_…) instead of a generated one'),
      },
      examples: [ADD_ONE, 'akasa endpoint add https://sms-gateway.example.in/akasa --channel sms --json'],
      async run({ args: [url], opts }, rt) {
        const secretFile = opts.secretFile;
        const secret = secretFile === undefined ? undefined : readSecretFile(secretFile);
        const ctx = await rt.services();
        const e = addEndpoint(ctx, { url: url, channel: opts.channel, secret });
        rt.emit(e, (r, theme) => {
          const lines = [`${theme.ok('added')} endpoint #${r.id} ${theme.bold(r.url)} (channel ${r.channel}): notifications from now on are delivered to it`];
          if (r.secret) {
            lines.push(`signing secret ${theme.dim('(shown only now: give it to the receiver, e.g. save it to a file for `akasa endpoint serve --secret-file`)')}:`);
            lines.push(`  ${r.secret}`);
          } else lines.push(theme.dim(`signing with the secret from ${secretFile}`));
          return lines.join('\n');
        });
      },
    }),
    command('list', 'endpoints with their delivery counts', {
      examples: ['akasa endpoint list', 'akasa endpoint list --json'],
      async run(_input, rt) {
        const ctx = await rt.services();
        const endpoints = listEndpointViews(ctx);
        rt.emit({ endpoints, count: endpoints.length }, (r, theme) => {
          if (r.count === 0) return theme.dim('no endpoints (add one with `akasa endpoint add URL`)');
          const rows = r.endpoints.map((e) => [e.id, e.url, e.channel, e.status === 'enabled' ? theme.ok(e.status) : theme.warn(e.status), deliveryCounts(e, theme), e.disabled_reason ?? formatIst(e.created_at)]);
          return renderTable(theme, ['Id', 'URL', 'Channel', 'Status', 'Deliveries', 'Since / why disabled'], rows);
        });
      },
    }),
    command('disable', 'stop delivering to an endpoint; its deliveries wait until it is enabled', {
      args: [arg('<id>', 'endpoint id (see endpoint list)')],
      examples: [ADD_ONE, 'akasa endpoint disable 1'],
      run: ({ args: [id] }, rt) => toggle(id, false, rt),
    }),
    command('enable', 'deliver to an endpoint again (after disable or a 410 answer); waiting deliveries resume', {
      args: [arg('<id>', 'endpoint id')],
      examples: [ADD_ONE, 'akasa endpoint disable 1', 'akasa endpoint enable 1'],
      run: ({ args: [id] }, rt) => toggle(id, true, rt),
    }),
    command('remove', 'delete an endpoint with its delivery log (undelivered notifications to it are dropped)', {
      args: [arg('<id>', 'endpoint id')],
      examples: [ADD_ONE, 'akasa endpoint remove 1'],
      async run({ args: [id] }, rt) {
        const ctx = await rt.services();
        const r = removeEndpoint(ctx, id);
        rt.emit(r, (x, theme) => `${theme.ok('removed')} endpoint #${x.id}${x.open_deliveries_dropped ? ` (${x.open_deliveries_dropped} undelivered notification${x.open_deliveries_dropped === 1 ? '' : 's'} dropped)` : ''}`);
      },
    }),
    command('serve', 'a local receiver (127.0.0.1) that checks signatures and prints what arrives; can be told to fail, to see retries', {
      options: {
        port: text('--port <port>', 'TCP port (0 = any free port)', { default: '9000' }),
        secretFile: text('--secret-file <file>', "the endpoint's signing secret (whsec_…), required"),
        failRate: text('--fail-rate <share>', 'answer this share of requests with --status (0.5 = every other one)'),
        status: choice('--status <code>', 'status of failed answers (410 makes akasa disable the endpoint)', ['500', '410']),
        delayMs: text('--delay-ms <ms>', 'answer each request after this long (a slow gateway)'),
      },
      examples: ['akasa endpoint serve --port 9000 --secret-file hook.secret', 'akasa endpoint serve --port 9000 --secret-file hook.secret --fail-rate 0.5'],
      async run({ opts }, rt) {
        const port = portOf(opts.port);
        const secretFile = opts.secretFile;
        if (!secretFile) throw new UsageError('--secret-file: required (the secret `akasa endpoint add` printed, in a file)');
        const secret = readSecretFile(secretFile);
        const statusFlag = opts.status;
        const failStatus = statusFlag === undefined ? undefined : Number(statusFlag);
        if (failStatus !== undefined && failStatus !== 500 && failStatus !== 410) throw new UsageError(`--status: expected 500 or 410, got ${JSON.stringify(statusFlag)}`);
        // --status alone means "fail everything with it".
        const failRate = opts.failRate === undefined ? (failStatus === undefined ? 0 : 1) : rateOf(opts.failRate);
        const delayRaw = opts.delayMs;
        const delayMs = delayRaw === undefined ? 0 : Number(delayRaw);
        if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 60_000) throw new UsageError(`--delay-ms: expected a whole number of milliseconds 0-60000, got ${JSON.stringify(delayRaw)}`);
        const { startWebhookReceiver } = await import('../../notify/webhook-receiver.js');
        const theme = rt.theme;
        process.stdout.on('error', () => {});
        let receiver;
        try {
          receiver = await startWebhookReceiver({
            port,
            secret,
            failRate,
            failStatus,
            delayMs,
            onRequest: (r) => rt.out(rt.json ? JSON.stringify({ status: r.status, result: r.result, id: r.id, reason: r.reason, body: r.body }) : describeRequest(r, theme)),
          });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new Error(`127.0.0.1:${port} is already in use; choose another --port (0 = any free port)`);
          throw err;
        }
        const how = failRate > 0 ? `failing ${Math.round(failRate * 100)} % of requests with ${failStatus ?? 500}` : 'answering 200';
        if (rt.json) rt.out(JSON.stringify({ listening: receiver.url, fail_rate: failRate, fail_status: failStatus ?? 500, delay_ms: delayMs }));
        else rt.out(`${theme.bold('webhook receiver')} listening on ${theme.bold(receiver.url)} (${how}${delayMs ? `, after ${delayMs} ms` : ''}); Ctrl-C stops it`);
        const running = receiver;
        await new Promise<void>((done) => {
          const stop = () => {
            const s = running.stats();
            rt.err(`stopping: ${s.requests} requests, ${s.accepted} accepted, ${s.duplicates} duplicate, ${s.failed} failed as told, ${s.rejected} rejected`);
            running.close().then(done, done);
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      },
    }),
  ],
};
