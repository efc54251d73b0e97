/**
 * The command registry: every command, argument and flag is declared here, and each
 * handler lives in a command-group module that is imported only when that command runs.
 * `akasa --help` therefore loads commander and this file, nothing else.
 */
import { Command, Help, Option } from 'commander';
import { dateInZone } from '../domain/dates.js';
import { DELIVERY_STATUSES } from '../domain/delivery-schedule.js';
import { DATE_WORDS_HELP, resolveDateWord } from '../domain/relative-date.js';
import type { CommandModule } from './command-handler.js';
import { examples, INGEST_HELD, INGEST_SCENARIO, NEW_BOOKING } from './help-examples.js';
import { createRuntime, type CliRuntime } from './runtime.js';
import { inUserWords } from './user-words.js';

export interface ProgramState {
  runtime?: CliRuntime;
}

type Loader = () => Promise<CommandModule>;

const groups = {
  booking: () => import('./commands/booking.js'),
  rebook: () => import('./commands/rebook.js'),
  notification: () => import('./commands/notification.js'),
  flight: () => import('./commands/flight.js'),
  flightStatus: () => import('./commands/flight-status.js'),
  schedule: () => import('./commands/schedule.js'),
  db: () => import('./commands/db.js'),
  event: () => import('./commands/event.js'),
  eventSend: () => import('./commands/event-send.js'),
  alert: () => import('./commands/alert.js'),
  reaccommodate: () => import('./commands/reaccommodate.js'),
  daemon: () => import('./commands/daemon.js'),
  dashboard: () => import('./commands/dashboard.js'),
  status: () => import('./commands/status.js'),
  customer: () => import('./commands/customer.js'),
  about: () => import('./commands/about.js'),
  demo: () => import('./commands/demo.js'),
  rights: () => import('./commands/entitlements.js'),
  endpoint: () => import('./commands/endpoint.js'),
  notificationDelivery: () => import('./commands/notification-delivery.js'),
} satisfies Record<string, Loader>;

/** Usage errors as one JSON object on stderr when `--json` was given, as every other error. */
function usageErrorWriter(json: boolean) {
  return (text: string, write: (t: string) => void) => {
    if (!json) return write(text);
    const message = text.trim().replace(/^error: /, '');
    write(`${JSON.stringify({ error: 'usage_error', message })}\n`);
  };
}

/**
 * `akasa --version` (or `-V`, optionally with `--json`): versions read at run time (SQLite
 * from the addon), so the registry holds no fixed version string. Undefined for any other argv.
 */
export function versionRequest(state: ProgramState, argv: readonly string[]): (() => Promise<void>) | undefined {
  const rest = argv.slice(2).filter((a) => a !== '--json');
  if (rest.length !== 1 || (rest[0] !== '--version' && rest[0] !== '-V')) return undefined;
  return async () => {
    const rt = createRuntime({ json: argv.includes('--json') });
    state.runtime = rt;
    await (await groups.about()).version!({ args: [], opts: {} }, rt);
  };
}

export function buildProgram(state: ProgramState, argv: readonly string[] = process.argv): Command {
  const json = argv.includes('--json');
  const program = new Command('akasa');
  program
    .description('Booking, rebooking and flight-disruption handling for Akasa Air (QP).\nAll times are shown in IST; money is in integer INR.')
    .option('-V, --version', 'akasa, Node, SQLite and store schema versions')
    .option('--db <path>', 'SQLite database (default: $AKASA_DB, else $XDG_DATA_HOME/akasa/akasa.db)')
    .option('--json', 'print machine-readable JSON on stdout')
    .addOption(new Option('--format <format>', 'print the tables as CSV or TSV, for spreadsheets').choices(['csv', 'tsv']))
    .option('-q, --quiet', 'create and change commands print only the record locator')
    .option('--no-pager', 'never page long output (default on a terminal: $PAGER, else less -FRX)')
    .exitOverride()
    .configureOutput({ outputError: usageErrorWriter(json) })
    .showHelpAfterError(json ? false : '(run with --help for usage)')
    .configureHelp({
      showGlobalOptions: true,
      sortSubcommands: false,
      optionDescription(option) {
        const text = Help.prototype.optionDescription.call(this, option);
        return option.mandatory ? `${text} (required)` : text;
      },
    })
    .addHelpText('after', `\nDates (--date): ${DATE_WORDS_HELP}, in IST.\n`)
    .addHelpText('after', examples('akasa demo', 'akasa booking create --customer CUST001 --flight QP1001 --date tomorrow', 'akasa alert list --open --json'));

  const action = (load: Loader, name: string, how: { createsStore?: boolean } = {}) =>
    async function (this: Command) {
      const opts = this.optsWithGlobals() as Record<string, unknown>;
      const rt = createRuntime({
        db: opts.db as string | undefined,
        json: opts.json === true,
        createsStore: how.createsStore === true,
        format: opts.format as 'csv' | 'tsv' | undefined,
        quiet: opts.quiet === true,
        pager: opts.pager !== false,
      });
      state.runtime = rt;
      // `--date tomorrow`: every command reads dates the same way, against the one clock (IST).
      if (typeof opts.date === 'string') opts.date = resolveDateWord(opts.date, dateInZone(rt.clock().now())) ?? opts.date;
      const mod = await load();
      const handler = mod[name];
      if (!handler) throw new Error(`internal: command handler ${name} is missing`);
      const run = () => handler({ args: [...this.processedArgs], opts, command: this }, rt);
      try {
        if (opts.watch === true) {
          const { watchLoop } = await import('./watch.js');
          await watchLoop(run, rt, { title: `akasa ${this.parent?.name() ?? ''} ${this.name()}`.replace(/ +/g, ' ') });
        } else await run();
      } catch (err) {
        throw inUserWords(err, this);
      }
    };

  // ---- bookings ---------------------------------------------------------------------------
  const booking = program
    .command('booking')
    .description('create, show, list and cancel bookings')
    .addHelpText('after', examples('akasa booking create --customer CUST001 --flight QP1001 --date tomorrow', 'akasa booking list --flight QP1001 --date tomorrow'));
  booking
    .command('create')
    .description('book a passenger on a flight; assigns a seat (honouring the seat preference) and charges the current fare')
    .requiredOption('--customer <id>', 'customer id, e.g. CUST001')
    .requiredOption('--flight <number>', 'flight number, QP + 1-4 digits')
    .requiredOption('--date <date>', 'departure date (local)')
    .option('--seat <seat>', 'seat, e.g. 12A (default: best free seat for the preference)')
    .option('--name <name>', "passenger name (default: the customer's name)")
    .option('--origin <IATA>', 'check the flight departs from here')
    .option('--destination <IATA>', 'check the flight arrives here')
    .addOption(new Option('--status <status>', 'initial status').choices(['pending', 'confirmed']).default('confirmed'))
    .addHelpText('after', examples('akasa booking create --customer CUST001 --flight QP1001 --date tomorrow', 'akasa booking create --customer CUST002 --flight QP1101 --date +7 --seat 12A --json', 'akasa booking create --customer CUST003 --flight QP2001 --date friday --quiet'))
    .action(action(groups.booking, 'create'));
  booking
    .command('show')
    .description('show one booking')
    .argument('<booking>', 'booking id (UUID) or 6-character record locator (see akasa booking list)')
    .addHelpText('after', examples('akasa booking show AAAP5H', 'akasa booking list --customer CUST001', 'akasa booking show AAAP5H --json'))
    .action(action(groups.booking, 'show'));
  booking
    .command('list')
    .description('list bookings, newest first')
    .option('--customer <id>', 'only this customer')
    .option('--flight <number>', 'only this flight')
    .option('--date <date>', 'only this departure date')
    .addOption(new Option('--status <status>', 'only this status').choices(['pending', 'confirmed', 'cancelled', 'completed', 'refunded']))
    .option('--limit <n>', 'at most this many', '100')
    .option('--offset <n>', 'skip this many', '0')
    .addHelpText('after', examples('akasa booking list --flight QP1001 --date 2026-12-01   # the fixtures\' busiest day', 'akasa booking list --flight QP1001 --date tomorrow', 'akasa booking list --customer CUST001 --status confirmed --json'))
    .action(action(groups.booking, 'list'));
  booking
    .command('cancel')
    .description('cancel a booking and release its seat')
    .argument('<booking>', 'booking id or record locator')
    .option('--reason <text>', 'why (kept in the history)')
    .addHelpText('after', examples('akasa booking cancel AAAP5H --reason "customer request"'))
    .action(action(groups.booking, 'cancel'));
  booking
    .command('refund')
    .description('refund a booking and release its seat: the whole fare after a disruption, else the fare less the cancellation fee')
    .argument('<booking>', 'booking id or record locator')
    .option('--reason <text>', 'why (kept in the history)')
    .addHelpText('after', examples('akasa booking refund AACBCN --reason "flight cancelled"', 'akasa booking refund AADXKS --json'))
    .action(action(groups.rights, 'refund'));
  booking
    .command('history')
    .description('every change to a booking, with its reason and cost')
    .argument('<booking>', 'booking id or record locator')
    .addHelpText('after', examples('akasa booking history AAAP5H'))
    .action(action(groups.booking, 'history'));

  // ---- rebooking --------------------------------------------------------------------------
  const reasonOption = () =>
    new Option('--reason <reason>', 'what you expect: customer (voluntary, fees apply) or disruption (refused unless the flight has an open cancellation, diversion or long delay); akasa derives it either way').choices(['customer', 'disruption']);
  const rebook = program
    .command('rebook')
    .description('change options and rebooking; involuntary (fees waived) only when the airline disrupted the flight')
    .addHelpText('after', examples(`akasa rebook options ${NEW_BOOKING} --date +3`, `akasa rebook auto ${NEW_BOOKING}`));
  rebook
    .command('options')
    .description("flights on the booking's route that day it can still move to, their status and expected times, and what changing would cost (the quote is kept)")
    .argument('<booking>', 'booking id or record locator')
    .requiredOption('--date <date>', 'the new departure date')
    .addOption(reasonOption())
    .option('--waive-fees', 'quote a voluntary change without the change fee')
    .addHelpText('after', examples(`akasa rebook options ${NEW_BOOKING} --date +3`, `akasa rebook options ${NEW_BOOKING} --date +3 --waive-fees --json`))
    .action(action(groups.rebook, 'options'));
  rebook
    .command('change')
    .description('move a booking to another flight at the quoted price (atomically: new seat, old seat released, history entry, passenger notified)')
    .argument('<booking>', 'booking id or record locator')
    .requiredOption('--flight <number>', 'the new flight')
    .requiredOption('--date <date>', 'the new departure date')
    .option('--seat <seat>', 'seat on the new flight (default: best free seat for the preference)')
    .addOption(reasonOption())
    .option('--waive-fees', 'waive the change fee of a voluntary change (needs --note)')
    .option('--note <text>', 'why the fee is waived (kept in the history)')
    .option('--accept-price', 'go ahead even if the price moved since rebook options quoted it')
    .addHelpText(
      'after',
      examples(
        `akasa rebook change ${NEW_BOOKING} --flight QP1107 --date +3`,
        `akasa rebook change ${NEW_BOOKING} --flight QP1107 --date +3 --waive-fees --note "goodwill: missed connection"`,
        `akasa rebook change ${NEW_BOOKING} --flight QP1107 --date +3 --accept-price`,
      ),
    )
    .action(action(groups.rebook, 'change'));
  rebook
    .command('auto')
    .description('let akasa pick the best option: same route, open for check-in, earliest expected arrival (earlier flights too when the own flight is disrupted)')
    .argument('<booking>', 'booking id or record locator')
    .addOption(reasonOption())
    .option('--waive-fees', 'waive the change fee of a voluntary change (needs --note)')
    .option('--note <text>', 'why the fee is waived (kept in the history)')
    .option('--flight <number>', 'only consider this flight number')
    .option('--date <date>', "search from this date instead of the booking's (looks 3 days ahead)")
    .addHelpText('after', examples(`akasa rebook auto ${NEW_BOOKING}`, `akasa rebook auto ${NEW_BOOKING} --date +5 --json`))
    .action(action(groups.rebook, 'auto'));

  const notification = program
    .command('notification')
    .description('what passengers were told and when; webhook delivery, its log, resending')
    .addHelpText('after', examples('akasa notification list --booking AAAP5H', 'akasa notification deliver --once', 'akasa notification deliveries --status failed'));
  notification
    .command('list')
    .description('notifications, newest first: alert changes and rebookings, with their delivery to each webhook endpoint (Status: handed to the console and --notify-file; Delivery: per endpoint)')
    .option('--booking <id>', 'only this booking (id or record locator)')
    .option('--customer <id>', 'only this customer')
    .option('--alert <n>', 'only this alert')
    .addOption(new Option('--status <status>', 'only this outbox status (handed to the console and --notify-file or not)').choices(['queued', 'sent']))
    .addOption(new Option('--delivery <state>', 'only notifications with a webhook delivery in this state').choices(DELIVERY_STATUSES))
    .option('--endpoint <id>', 'only notifications delivered (or due) to this webhook endpoint')
    .option('--limit <n>', 'at most this many', '100')
    .addHelpText('after', examples(INGEST_SCENARIO, 'akasa notification list --booking AAAP5H', 'akasa notification list --alert 2 --json', 'akasa notification list --delivery failed', 'akasa notification list --endpoint 1 --delivery pending --json'))
    .action(action(groups.notification, 'list'));

  // ---- flights and schedule ---------------------------------------------------------------
  const flight = program
    .command('flight')
    .description('flights, seat availability and live status')
    .addHelpText('after', examples('akasa flight list --from BOM --to DEL --date tomorrow', 'akasa flight show QP2001 --date tomorrow --seats'));
  flight
    .command('list')
    .description('flights operating on a date (default: today, IST)')
    .option('--from <IATA>', 'origin airport')
    .option('--to <IATA>', 'destination airport')
    .option('--date <date>', 'departure date')
    .addHelpText('after', examples('akasa flight list --from BOM --to DEL --date tomorrow', 'akasa flight list --date friday --json'))
    .action(action(groups.flight, 'list'));
  flight
    .command('show')
    .description('one flight on a date: times (IST), seats sold and free, current fare')
    .argument('<flight>', 'flight number, e.g. QP1101')
    .requiredOption('--date <date>', 'departure date')
    .option('--seats', 'draw the seat map: free and taken seats, exit rows')
    .addHelpText('after', examples('akasa flight show QP1101 --date tomorrow', 'akasa flight show QP2001 --date +2 --seats'))
    .action(action(groups.flight, 'show'));
  flight
    .command('status')
    .description('live state from flight events (latest flight-date when no date is given)')
    .argument('<flight>', 'flight number')
    .option('--date <date>', 'departure date')
    .addHelpText('after', examples(INGEST_SCENARIO, 'akasa flight status QP2001', 'akasa flight status QP2001 --date 2026-12-01 --json'))
    .action(action(groups.flightStatus, 'status'));

  program
    .command('schedule')
    .description('the published schedule')
    .addHelpText('after', examples('akasa schedule import fixtures/schedule.csv'))
    .command('import')
    .description('import schedule lines from JSON or CSV (replaces lines with the same flight number and validity start)')
    .argument('<file>', 'JSON array or CSV with header: flight_number,origin,destination,departure_time,arrival_time,arrival_day_offset,days_of_operation,valid_from,valid_to,aircraft_type,base_fare')
    .addHelpText('after', examples('akasa schedule import fixtures/schedule.json', 'akasa schedule import fixtures/schedule.csv'))
    .action(action(groups.schedule, 'importFile'));

  const db = program
    .command('db')
    .description('the local store')
    .addHelpText('after', examples('akasa db seed', 'akasa --db ./ops.db db migrate'));
  db.command('seed')
    .description('load the fixtures (airports, aircraft, schedule, customers, bookings); idempotent')
    .option('--bookings <n>', 'also generate this many extra realistic bookings (for load tests)', '0')
    .addHelpText('after', examples('akasa db seed', 'akasa --db ./load.db db seed --bookings 20000'))
    .action(action(groups.db, 'seed', { createsStore: true }));
  db.command('migrate')
    .description('create or upgrade the database schema and print where it is')
    .addHelpText('after', examples('akasa db migrate', 'akasa --db ./akasa.db db migrate --json'))
    .action(action(groups.db, 'migrate', { createsStore: true }));

  // ---- events and alerts ------------------------------------------------------------------
  const event = program
    .command('event')
    .description('flight-status events: ingest, replay, inspect, send to a daemon')
    .addHelpText('after', examples('akasa event ingest fixtures/events/qp2001-disruption.jsonl', 'akasa event list --status stale'));
  event
    .command('ingest')
    .description('ingest events (a JSON object, a JSON array, or JSON lines) and process them')
    .argument('<files...>', 'files, or - for standard input')
    .option('--notify-file <path>', 'append each notification as a JSON line')
    .addHelpText('after', examples('akasa event ingest fixtures/events/qp2001-disruption.jsonl', 'cat fixtures/events/gate-change.jsonl | akasa event ingest - --json'))
    .action(action(groups.event, 'ingest'));
  event
    .command('replay')
    .description('feed a scenario in event_time order with its gaps scaled')
    .argument('<file>', 'JSON lines scenario')
    .option('--speed <n>', 'time scale: 60 = one minute of scenario per second', '60')
    .option('--max', 'as fast as possible')
    .option('--notify-file <path>', 'append each notification as a JSON line')
    .addHelpText('after', examples('akasa event replay fixtures/events/delay-escalation.jsonl --speed 600', 'akasa event replay fixtures/events/busy-day.jsonl --max'))
    .action(action(groups.event, 'replay'));
  event
    .command('list')
    .description('the event log, newest first')
    .option('--flight <number>', 'only this flight')
    .option('--date <date>', 'only this flight date')
    .addOption(new Option('--status <status>', 'only this outcome').choices(['pending', 'processed', 'stale', 'duplicate', 'held', 'conflict', 'released', 'dismissed']))
    .option('--limit <n>', 'at most this many', '100')
    .option('-w, --watch', 'keep watching: redraw when new events arrive (Ctrl-C stops)')
    .addHelpText('after', examples('akasa event list --flight QP2001 --json', 'akasa event list --status held', 'akasa event list --status conflict', 'akasa event list --limit 20 --watch'))
    .action(action(groups.event, 'list'));
  event
    .command('release')
    .description('file a held event (no such scheduled flight-date) under a flight-date and apply it there')
    .argument('<id>', 'event id or log sequence number')
    .requiredOption('--date <date>', 'the flight-date (departure date) it is about')
    .option('--note <text>', 'why, for the record')
    .addHelpText('after', examples(INGEST_HELD, 'akasa event list --status held', 'akasa event release ev-77 --date tomorrow --note "feed sent the wrong year"'))
    .action(action(groups.event, 'release'));
  event
    .command('dismiss')
    .description('close a held or conflicting event without applying it')
    .argument('<id>', 'event id or log sequence number')
    .requiredOption('--note <text>', 'why, for the record')
    .addHelpText('after', examples(INGEST_HELD, 'akasa event dismiss ev-78 --note "test message from the feed"'))
    .action(action(groups.event, 'dismiss'));
  event
    .command('show')
    .description('one logged event with its raw payload')
    .argument('<id>', 'event id or log sequence number')
    .addHelpText('after', examples(INGEST_SCENARIO, 'akasa event show qp2001-3', 'akasa event show 4 --json'))
    .action(action(groups.event, 'show'));
  event
    .command('send')
    .description('post events to a running daemon (signed when given a secret)')
    .argument('<file>', 'JSON object, array or JSON lines')
    .requiredOption('--to <url>', 'daemon base URL or webhook URL, e.g. http://127.0.0.1:8080')
    .option('--secret-file <file>', 'Standard Webhooks secret (whsec_…) to sign with (default: $AKASA_WEBHOOK_SECRET)')
    .option('--batch <n>', 'events per request', '500')
    .addHelpText('after', examples('akasa event send fixtures/events/qp2001-disruption.jsonl --to http://127.0.0.1:8080'))
    .action(action(groups.eventSend, 'send'));

  const alert = program
    .command('alert')
    .description('disruption alerts')
    .addHelpText('after', examples(INGEST_SCENARIO, 'akasa alert list', 'akasa alert resolve 2 --note "passengers rebooked"'));
  alert
    .command('list')
    .description('alerts, most severe and newest first (open ones by default)')
    .option('--flight <number>', 'only this flight')
    .addOption(new Option('--severity <level>', 'only this severity').choices(['low', 'medium', 'high', 'critical']))
    .option('--open', 'only open alerts (default)')
    .option('--resolved', 'only resolved alerts')
    .option('--all', 'open and resolved')
    .option('--limit <n>', 'at most this many', '100')
    .option('-w, --watch', 'keep watching: redraw when the list changes (Ctrl-C stops)')
    .addHelpText('after', examples('akasa alert list', 'akasa alert list --all --severity critical --json', 'akasa alert list --watch'))
    .action(action(groups.alert, 'list'));
  alert
    .command('show')
    .description('one alert with its affected passengers and severity history')
    .argument('<id>', 'alert id')
    .addHelpText('after', examples(INGEST_SCENARIO, 'akasa alert show 2', 'akasa alert show 2 --json'))
    .action(action(groups.alert, 'show'));
  alert
    .command('resolve')
    .description('resolve an alert')
    .argument('<id>', 'alert id')
    .option('--note <text>', 'resolution note')
    .addHelpText('after', examples(INGEST_SCENARIO, 'akasa alert resolve 2 --note "passengers rebooked"'))
    .action(action(groups.alert, 'resolve'));

  // ---- the desk -----------------------------------------------------------------------------
  program
    .command('status')
    .description('this store at a glance: where it is, seeded or not, open alerts, backlog, whether a daemon answers')
    .option('--daemon <url>', 'daemon to ask', 'http://127.0.0.1:8080')
    .addHelpText('after', examples('akasa status', 'akasa status --daemon http://127.0.0.1:9090 --json'))
    .action(action(groups.status, 'show'));
  const customer = program
    .command('customer')
    .description('customers: contact, loyalty tier, preferences and their bookings')
    .addHelpText('after', examples('akasa customer list --search sharma', 'akasa customer show CUST001'));
  customer
    .command('list')
    .description('customers by id')
    .option('--search <text>', 'only those whose id, name, email or phone contains this')
    .addHelpText('after', examples('akasa customer list', 'akasa customer list --search gold --format csv'))
    .action(action(groups.customer, 'list'));
  customer
    .command('show')
    .description('one customer and their bookings, newest first')
    .argument('<customer>', 'customer id, e.g. CUST001')
    .addHelpText('after', examples('akasa customer show CUST001', 'akasa customer show cust007 --json'))
    .action(action(groups.customer, 'show'));

  // ---- re-accommodation --------------------------------------------------------------------
  program
    .command('reaccommodate')
    .description("move every passenger of a cancelled flight to the best same-route flights, by priority, in one step")
    .argument('<flight>', 'the cancelled flight, e.g. QP1001')
    .requiredOption('--date <YYYY-MM-DD>', 'its departure date')
    .option('--dry-run', 'show the plan; change nothing')
    .option('--policy <file>', 'JSON policy: priority weights, search windows, hold_back, cut-off (see docs/reaccommodation.md)')
    .addHelpText(
      'after',
      examples(INGEST_SCENARIO, 'akasa reaccommodate QP2001 --date 2026-12-01 --dry-run', 'akasa reaccommodate QP2001 --date 2026-12-01 --json'),
    )
    .action(action(groups.reaccommodate, 'run'));
  // ---- notification delivery (webhooks) ---------------------------------------------------
  const endpoint = program
    .command('endpoint')
    .description('webhook endpoints (SMS, e-mail, WhatsApp gateways) that passenger notifications are delivered to, signed')
    .addHelpText('after', examples('akasa endpoint add https://sms-gateway.example.in/akasa --channel sms', 'akasa endpoint list', 'akasa endpoint serve --port 9000 --secret-file hook.secret'));
  endpoint
    .command('add')
    .description('deliver notifications created from now on to URL (a signing secret is generated and printed once unless --secret-file is given)')
    .argument('<url>', 'http:// or https:// URL that accepts Standard Webhooks POSTs')
    .addOption(new Option('--channel <channel>', 'only notifications on this channel').choices(['sms', 'email', 'whatsapp', 'all']).default('all'))
    .option('--secret-file <file>', 'sign with this Standard Webhooks secret (whsec_…) instead of a generated one')
    .addHelpText('after', examples('akasa endpoint add http://127.0.0.1:9000/', 'akasa endpoint add https://sms-gateway.example.in/akasa --channel sms --json'))
    .action(action(groups.endpoint, 'add'));
  endpoint
    .command('list')
    .description('endpoints with their delivery counts')
    .addHelpText('after', examples('akasa endpoint list', 'akasa endpoint list --json'))
    .action(action(groups.endpoint, 'list'));
  endpoint
    .command('disable')
    .description('stop delivering to an endpoint; its deliveries wait until it is enabled')
    .argument('<id>', 'endpoint id (see endpoint list)')
    .addHelpText('after', examples('akasa endpoint add http://127.0.0.1:9000/', 'akasa endpoint disable 1'))
    .action(action(groups.endpoint, 'disable'));
  endpoint
    .command('enable')
    .description('deliver to an endpoint again (after disable or a 410 answer); waiting deliveries resume')
    .argument('<id>', 'endpoint id')
    .addHelpText('after', examples('akasa endpoint add http://127.0.0.1:9000/', 'akasa endpoint disable 1', 'akasa endpoint enable 1'))
    .action(action(groups.endpoint, 'enable'));
  endpoint
    .command('remove')
    .description('delete an endpoint with its delivery log (undelivered notifications to it are dropped)')
    .argument('<id>', 'endpoint id')
    .addHelpText('after', examples('akasa endpoint add http://127.0.0.1:9000/', 'akasa endpoint remove 1'))
    .action(action(groups.endpoint, 'remove'));
  endpoint
    .command('serve')
    .description('a local receiver (127.0.0.1) that checks signatures and prints what arrives; can be told to fail, to see retries')
    .option('--port <port>', 'TCP port (0 = any free port)', '9000')
    .option('--secret-file <file>', 'the endpoint\'s signing secret (whsec_…), required')
    .option('--fail-rate <share>', 'answer this share of requests with --status (0.5 = every other one)')
    .addOption(new Option('--status <code>', 'status of failed answers (410 makes akasa disable the endpoint)').choices(['500', '410']))
    .option('--delay-ms <ms>', 'answer each request after this long (a slow gateway)')
    .addHelpText('after', examples('akasa endpoint serve --port 9000 --secret-file hook.secret', 'akasa endpoint serve --port 9000 --secret-file hook.secret --fail-rate 0.5'))
    .action(action(groups.endpoint, 'serve'));

  notification
    .command('deliver')
    .description('deliver notifications to the endpoints now (the daemon does this on its own); waits for retries unless --once')
    .option('--once', 'send what is due now, then exit')
    .option('--delivery-concurrency <n>', 'requests in flight at most', '16')
    .addHelpText('after', examples('akasa notification deliver --once', 'akasa notification deliver --once --json'))
    .action(action(groups.notificationDelivery, 'deliver'));
  notification
    .command('retry')
    .description('send failed deliveries again, with a fresh retry schedule (never one an endpoint confirmed)')
    .argument('[id]', 'notification id')
    .option('--failed', 'every failed delivery')
    .addHelpText('after', examples('akasa notification deliveries --status failed', 'akasa notification retry --failed'))
    .action(action(groups.notificationDelivery, 'retry'));
  notification
    .command('deliveries')
    .description('delivery state per notification and endpoint, newest first')
    .addOption(new Option('--status <state>', 'only this state').choices(DELIVERY_STATUSES))
    .option('--endpoint <id>', 'only this endpoint')
    .option('--notification <id>', 'only this notification')
    .option('--attempts', 'also list every attempt')
    .option('--limit <n>', 'at most this many', '100')
    .addHelpText('after', examples('akasa notification deliveries --status failed', 'akasa notification deliveries --notification 1 --attempts --json'))
    .action(action(groups.notificationDelivery, 'deliveries'));

  // ---- passenger rights -------------------------------------------------------------------
  program
    .command('entitlements')
    .description('the cost of disruption: what disrupted passengers are owed under the DGCA CAR, per flight-date, with totals')
    .option('--date <date>', 'only flight-dates departing this day')
    .option('--flight <number>', 'only this flight')
    .option('--alert <id>', "only this alert's flight-date")
    .addHelpText('after', examples('akasa entitlements --date tomorrow', INGEST_SCENARIO, 'akasa entitlements --date 2026-12-01', 'akasa entitlements --alert 2 --json'))
    .action(action(groups.rights, 'report'));

  // ---- long-running -----------------------------------------------------------------------
  program
    .command('daemon')
    .description('receive flight events on a localhost webhook and a watched folder, and serve the HTTP API')
    .option('--host <host>', 'address to bind (only loopback unless you ask)', '127.0.0.1')
    .option('--allow-remote', 'allow a --host other machines can reach (prints what becomes reachable)')
    .option('--port <port>', 'TCP port (0 = any free port)', '8080')
    .option('--inbox <dir>', 'watched folder for event files (default: <data dir>/inbox)')
    .option('--secret-file <file>', 'require Standard Webhooks signatures with this secret (or $AKASA_WEBHOOK_SECRET)')
    .option('--notify-file <path>', 'append each notification as a JSON line')
    .option('--auto-reaccommodate', "re-accommodate a cancelled flight's passengers as soon as its alert opens (off by default)")
    .option('--reaccommodation-policy <file>', 'JSON policy for re-accommodation, automatic and over HTTP (delay_trigger_hours also covers long delays)')
    .option('--delivery-concurrency <n>', 'webhook requests in flight at most (see akasa endpoint)', '16')
    .addOption(new Option('--log-format <format>', 'log line format').choices(['pretty', 'json']).default('pretty'))
    .addOption(new Option('--durability <level>', 'normal: survives a crash of the daemon; full: also a power cut (slower)').choices(['normal', 'full']).default('normal'))
    .addHelpText('after', examples('akasa daemon', 'akasa daemon --port 9090 --inbox ./inbox --notify-file notices.jsonl', 'akasa daemon --auto-reaccommodate'))
    .addHelpText('after', '\nEnvironment:\n  AKASA_WEBHOOK_SECRET   webhook signing secret (like --secret-file; at least 16 bytes)\n  AKASA_API_TOKEN        operator token: POST requests other than the webhook need "Authorization: Bearer <token>"\n                         (required as soon as a webhook secret or a token is set; at least 16 bytes)\n  AKASA_INBOX_SETTLE_MS  how long an inbox file must be unchanged before it is read (default 500)')
    .action(action(groups.daemon, 'start', { createsStore: true }));
  program
    .command('dashboard')
    .description('live full-screen view for the operations desk')
    .option('--date <date>', 'day to show (default: today, IST)')
    .addHelpText('after', examples('akasa dashboard', 'akasa dashboard --date tomorrow'))
    .action(action(groups.dashboard, 'start'));
  program
    .command('demo')
    .description('see the whole product work: fixtures, daemon, a disruption, alerts, an auto-rebooking')
    .option('--keep', 'keep the demo store afterwards and say how to explore it')
    .addHelpText(
      'after',
      '\nThe demo never uses $AKASA_DB: it builds a fresh store in a temp dir, or at --db PATH (which must not\nexist yet, and is kept). It runs on its own clock from 2026-12-01 08:30 IST unless AKASA_NOW is set.\n' +
        examples('akasa demo', 'akasa demo --keep', 'akasa --db ./demo.db demo', 'akasa demo --json > demo-summary.json'),
    )
    .action(action(groups.demo, 'run', { createsStore: true }));

  program
    .command('completion')
    .description('print a shell completion script')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', examples('eval "$(akasa completion bash)"', 'mkdir -p ~/.config/fish/completions && akasa completion fish > ~/.config/fish/completions/akasa.fish'))
    .action(action(groups.about, 'completion'));

  return program;
}
