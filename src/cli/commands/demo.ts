/**
 * `akasa demo`: the whole product in one command, for a newcomer on a fresh clone. A fresh
 * store with the fixtures, an in-process daemon on a free localhost port, the original
 * design's disruption (QP2001) sent through the webhook like a real feed, a diversion
 * dropped in the watched folder, the alerts and notifications as they arise, one
 * passenger of the cancelled flight rebooked automatically, and every notification
 * delivered, signed, to a local gateway (the receiver of `akasa endpoint serve`) that
 * refuses a share of the requests so the retries show.
 *
 * The demo runs on its own clock so it works on any date: the scenarios happen on
 * 2026-12-01, and the clock starts that morning (DEMO_START) unless AKASA_NOW says otherwise.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { clockFromEnv, settingsFromEnv } from '../../config/settings.js';
import { createClock } from '../../domain/clock.js';
import { formatIst, toUtcIso } from '../../domain/dates.js';
import { UsageError } from '../../domain/errors.js';
import { flag, topCommand } from '../define-command.js';
import type { Theme } from '../output/theme.js';
import { createDemoNarrator, type DemoSummary } from './demo-narrator.js';

/** The demo's clock start when AKASA_NOW is unset: 08:30 IST on the scenarios' day, before every scenario event. */
const DEMO_START = '2026-12-01T03:00:00.000Z';
/** The first scenario event; a clock later than this would make the story happen in the past. */
const SCENARIO_FIRST_EVENT = '2026-12-01T03:40:00.000Z';
/** How far ahead of the demo's clock its scenario events may lie: the whole scenario day. */
const DEMO_EVENT_SKEW_MINUTES = 24 * 60;
/** Sent through the webhook, one POST per event. */
const WEBHOOK_SCENARIO = 'qp2001-disruption.jsonl';
/** Dropped as a file in the watched folder. */
const INBOX_SCENARIO = 'diversion.jsonl';
/** Longest the demo waits for the daemon to take in and process what it was sent, or to deliver it. */
const IDLE_LIMIT_MS = 30_000;
/** Share of requests the demo gateway answers with 503, so the retries (5 s later) show. */
const GATEWAY_FAIL_RATE = 0.1;

function readScenario(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the demo daemon did not finish ${what} within ${IDLE_LIMIT_MS / 1000}s`)), IDLE_LIMIT_MS);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** GET a JSON document from the demo daemon; anything but 200 ends the demo with the daemon's answer. */
async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const body = (await res.json()) as unknown;
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${JSON.stringify(body)}`);
  return body as T;
}

type DeliveryCounts = { queued: number; pending: number; sending: number; delivered: number; failed: number };

/**
 * Waits until each of `expected` notifications has settled at the endpoint (retries
 * included), looking every 100 ms for at most IDLE_LIMIT_MS; resolves with how many were
 * delivered.
 */
async function deliveredAll(expected: number, counts: () => DeliveryCounts | undefined): Promise<number> {
  for (let waited = 0; waited <= IDLE_LIMIT_MS; waited += 100) {
    const c = counts();
    if (!c) throw new Error('the demo endpoint disappeared');
    if (c.queued + c.pending + c.sending === 0 && c.delivered + c.failed >= expected) return c.delivered;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the demo daemon did not finish delivering the notifications within ${IDLE_LIMIT_MS / 1000}s`);
}

export const self = topCommand({
  options: { keep: flag('--keep', 'keep the demo store afterwards and say how to explore it') },
  helpBefore:
    '\nThe demo never uses $AKASA_DB: it builds a fresh store in a temp dir, or at --db PATH (which must not\nexist yet, and is kept). It runs on its own clock from 2026-12-01 08:30 IST unless AKASA_NOW is set.\n',
  examples: ['akasa demo', 'akasa demo --keep', 'akasa --db ./demo.db demo', 'akasa demo --json > demo-summary.json'],
  createsStore: true,
  async run({ opts, globals }, rt) {
    // Only an explicit --db: the demo must never write its story into the operator's real store (AKASA_DB).
    const dbFlag = globals.db !== undefined && globals.db !== '' ? resolve(globals.db) : undefined;
    if (dbFlag && existsSync(dbFlag)) throw new UsageError(`--db: ${dbFlag} already exists; the demo builds a fresh store, so give a path that does not exist yet`);
    const clock = rt.env.AKASA_NOW ? clockFromEnv(rt.env) : createClock(new Date(DEMO_START));
    const clockStart = rt.env.AKASA_NOW ? toUtcIso(rt.env.AKASA_NOW) : DEMO_START;
    if (clockStart > SCENARIO_FIRST_EVENT) {
      throw new UsageError(`AKASA_NOW: the demo's scenarios happen on 2026-12-01 from ${formatIst(SCENARIO_FIRST_EVENT)}; unset AKASA_NOW or set it earlier`);
    }
    const keep = opts.keep || dbFlag !== undefined;
    const workDir = dbFlag ? undefined : mkdtempSync(join(tmpdir(), 'akasa-demo-'));
    const dbPath = dbFlag ?? join(workDir!, 'akasa.db');
    const inbox = join(dirname(dbPath), 'inbox');

    const theme: Theme = rt.json ? rt.errTheme : rt.theme;
    const say = rt.json ? rt.err : rt.out;
    const narrator = createDemoNarrator(say, theme, process.stdout.isTTY === true && !rt.json);

    const [{ openStore }, { seedFixtures, defaultFixturesDir }, { startDaemon }, { autoRebook }, { listAlerts, notificationCount }, endpoints, { startWebhookReceiver }] = await Promise.all([
      import('../../store/database.js'),
      import('../../services/seed.js'),
      import('../../daemon/start-daemon.js'),
      import('../../services/rebooking.js'),
      import('../../services/alerts.js'),
      import('../../services/delivery-endpoints.js'),
      import('../../notify/webhook-receiver.js'),
    ]);

    const store = await openStore(dbPath);
    // The demo's clock stays at the morning while it feeds the whole day's events at once, so
    // they may lie up to a day ahead of it (a real feed's may not: AKASA_EVENT_SKEW_MIN).
    const ctx = { store, clock, settings: { ...settingsFromEnv(rt.env), eventSkewMinutes: DEMO_EVENT_SKEW_MINUTES } };
    let daemon: Awaited<ReturnType<typeof startDaemon>> | undefined;
    let gateway: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
    try {
      narrator.step(`A fresh store at ${dbPath}`);
      narrator.info(`demo clock starts at ${formatIst(clockStart)} (${clockStart})${rt.env.AKASA_NOW ? ', from AKASA_NOW' : ', the morning of the scenarios'}`);
      const seeded = seedFixtures(ctx);
      narrator.info(
        `fixtures loaded: ${seeded.airports.inserted} airports, ${seeded.schedule_lines.inserted} schedule lines, ${seeded.customers.inserted} customers, ${seeded.bookings.inserted} bookings`,
      );

      narrator.step(`A local SMS / e-mail / WhatsApp gateway (the receiver of \`akasa endpoint serve\`), refusing ${GATEWAY_FAIL_RATE * 100}% of requests with 503`);
      const secret = endpoints.generateSecret();
      gateway = await startWebhookReceiver({ port: 0, secret, failRate: GATEWAY_FAIL_RATE, failStatus: 503, onRequest: narrator.received });
      const endpoint = endpoints.addEndpoint(ctx, { url: gateway.url, secret });
      narrator.info(`listening on ${gateway.url}, checking each signature; added as endpoint #${endpoint.id} for every channel (\`akasa endpoint add URL\`), with a generated signing secret`);

      narrator.step('Starting the daemon on a free localhost port');
      daemon = await startDaemon({
        store,
        clock,
        settings: ctx.settings,
        host: '127.0.0.1',
        port: 0,
        inbox,
        settleMs: 100,
        notifications: narrator.sink,
        log: narrator.log,
      });
      narrator.info(`listening on ${daemon.url}, watching ${daemon.inbox}`);

      const events = readScenario(join(defaultFixturesDir(), 'events', WEBHOOK_SCENARIO));
      narrator.step(`The original design's disruption: ${events.length} status updates for QP2001 BOM→DEL, POSTed to ${daemon.url}/webhook/flight-event`);
      for (const event of events) {
        const res = await fetch(`${daemon.url}/webhook/flight-event`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
        const body = (await res.json()) as Record<string, unknown>;
        if (res.status !== 200) throw new Error(`the daemon refused a scenario event with ${res.status}: ${JSON.stringify(body)}`);
        narrator.sent(event, res.status);
        await within(daemon.idle(), 'processing the webhook events');
        await narrator.pause();
      }

      narrator.step(`A second feed drops ${INBOX_SCENARIO} (a diversion of QP1002 BOM→BLR) into the watched folder`);
      const dropped = readFileSync(join(defaultFixturesDir(), 'events', INBOX_SCENARIO), 'utf8');
      // Written under a dot-name and renamed in, as feeds should: the daemon never reads a half-written file.
      const partial = join(inbox, `.${INBOX_SCENARIO}.tmp`);
      writeFileSync(partial, dropped);
      renameSync(partial, join(inbox, INBOX_SCENARIO));
      await within(daemon.idle(), `taking in ${INBOX_SCENARIO}`);

      narrator.step("The same store through the original design's HTTP API");
      const state = await getJson<{ flight_state: { status: string; delay_minutes: number | null; last_event_time: string } }>(`${daemon.url}/flight-state/QP2001?date=2026-12-01`);
      narrator.info(`GET /flight-state/QP2001 → ${state.flight_state.status} (last report ${formatIst(state.flight_state.last_event_time)})`);
      const open = await getJson<{ count: number; alerts: Array<{ severity: string; alert_type: string; flight_number: string }> }>(`${daemon.url}/alerts?resolved=false`);
      narrator.info(`GET /alerts?resolved=false → ${open.count} open: ${open.alerts.map((a) => `${a.severity} ${a.alert_type} ${a.flight_number}`).join(', ')}`);

      const cancellation = listAlerts(ctx, { flight_number: 'QP2001', limit: 10 }).alerts.find((a) => a.alert_type === 'CANCELLATION');
      if (!cancellation || cancellation.booking_ids.length === 0) throw new Error('the demo expected a CANCELLATION alert with passengers on QP2001; the scenario or the fixtures changed');
      const bookingId = cancellation.booking_ids[0]!;
      narrator.step(`Auto-rebooking one of the ${cancellation.booking_ids.length} passengers of cancelled QP2001 (reason: disruption, fees waived)`);
      const rebooking = autoRebook(ctx, bookingId, { reason: 'disruption' });
      narrator.rebooking(rebooking);

      narrator.step(`The gateway's side: each notification signed, delivered once, retried after a 503`);
      // Every notification was recorded after the endpoint was added, on a channel it takes.
      const delivered = await deliveredAll(notificationCount(ctx), () => endpoints.listEndpointViews(ctx).find((e) => e.id === endpoint.id)?.deliveries);
      await daemon.stop();
      daemon = undefined;
      const received = gateway.stats();
      await gateway.close();
      gateway = undefined;
      // The demo's gateway is gone: a daemon on the kept store would only retry into a closed port.
      endpoints.setEndpointEnabled(ctx, String(endpoint.id), false);
      const gatewaySummary: DemoSummary['gateway'] = { url: endpoint.url, endpoint_id: endpoint.id, delivered, ...received };
      narrator.delivered(gatewaySummary);

      const alerts = listAlerts(ctx, { limit: 100 }).alerts;
      const summary: DemoSummary = {
        store: keep ? dbPath : null,
        kept: keep,
        clock_start: clockStart,
        webhook: { file: WEBHOOK_SCENARIO, events: events.length },
        inbox: { file: INBOX_SCENARIO, moved_to: join(inbox, 'processed', basename(INBOX_SCENARIO)) },
        alerts: alerts.map((a) => ({
          id: a.id,
          flight_number: a.flight_number,
          flight_date: a.flight_date,
          alert_type: a.alert_type,
          severity: a.severity,
          resolved: a.resolved,
          affected_passengers: a.booking_ids.length,
        })),
        notifications: notificationCount(ctx),
        gateway: gatewaySummary,
        rebooking: {
          booking_id: rebooking.booking_after.id,
          locator: rebooking.booking_after.locator,
          reason: 'disruption',
          before: rebooking.booking_before,
          after: rebooking.booking_after,
          cost_breakdown: rebooking.cost_breakdown,
        },
      };
      narrator.finish(summary);
      if (rt.json) rt.out(JSON.stringify(summary, null, 2));
    } finally {
      await daemon?.stop().catch(() => {});
      await gateway?.close().catch(() => {});
      store.close();
      if (workDir && !keep) rmSync(workDir, { recursive: true, force: true });
    }
  },
});
