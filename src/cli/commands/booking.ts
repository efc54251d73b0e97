/** `akasa booking create|show|list|cancel|refund|history`: flags → service input (original field names) → one result. */
import { bookingHistory, cancelBooking, createBooking, listBookings, showBooking } from '../../services/bookings.js';
import { BOOKING_STATUSES } from '../../domain/schemas/booking.js';
import { arg, choice, command, type CommandGroup, date, text } from '../define-command.js';
import { lazyView } from '../lazy-view.js';

const emitBooking = lazyView(() => import('./booking-views.js'));
const emitRights = lazyView(() => import('./entitlement-views.js'));
/** The flags `create` and `list` share, under the service's (the original API's) field names. */
const bookingFields = (opts: { customer?: string; flight?: string; date?: string; status?: string }) => ({
  customer_id: opts.customer,
  flight_number: opts.flight,
  depart_date: opts.date,
  status: opts.status,
});
const bookingArg = arg('<booking>', 'booking id or record locator');

export const group: CommandGroup = {
  examples: ['akasa booking create --customer CUST001 --flight QP1001 --date tomorrow', 'akasa booking list --flight QP1001 --date tomorrow'],
  commands: [
    command('create', 'book a passenger on a flight; assigns a seat (honouring the seat preference) and charges the current fare', {
      options: {
        customer: text('--customer <id>', 'customer id, e.g. CUST001', { required: true }),
        flight: text('--flight <number>', 'flight number, QP + 1-4 digits', { required: true }),
        date: date('--date <date>', 'departure date (local)', { required: true }),
        seat: text('--seat <seat>', 'seat, e.g. 12A (default: best free seat for the preference)'),
        name: text('--name <name>', "passenger name (default: the customer's name)"),
        origin: text('--origin <IATA>', 'check the flight departs from here'),
        destination: text('--destination <IATA>', 'check the flight arrives here'),
        status: choice('--status <status>', 'initial status', ['pending', 'confirmed'], { default: 'confirmed' }),
      },
      examples: [
        'akasa booking create --customer CUST001 --flight QP1001 --date tomorrow',
        'akasa booking create --customer CUST002 --flight QP1101 --date +7 --seat 12A --json',
        'akasa booking create --customer CUST003 --flight QP2001 --date friday --quiet',
      ],
      async run({ opts }, rt) {
        const booking = createBooking(await rt.services(), { ...bookingFields(opts), seat: opts.seat, passenger_name: opts.name, origin: opts.origin, destination: opts.destination });
        await emitBooking(rt, booking, (v, b, t) => v.createdView(b, t));
      },
    }),
    command('show', 'show one booking', {
      args: [arg('<booking>', 'booking id (UUID) or 6-character record locator (see akasa booking list)')],
      examples: ['akasa booking show AAAP5H', 'akasa booking list --customer CUST001', 'akasa booking show AAAP5H --json'],
      async run({ args: [id] }, rt) {
        const ctx = await rt.services();
        const booking = showBooking(ctx, id);
        // People also want the times, and the standing of each entitlement with its history
        // (withdrawn ones too); scripts get the booking as stored with its entitlement report.
        const v = rt.json ? undefined : await import('./booking-views.js');
        const rights = v && (await import('./entitlement-views.js'));
        const owed = v && (await import('../../services/entitlements.js')).bookingEntitlements(ctx, booking.id);
        rt.emit(booking, (b, t) => `${v!.bookingFields(b, t, v!.flightTimes(ctx, b))}\n\n${rights!.bookingEntitlementsView(owed!, t)}`);
      },
    }),
    command('list', 'list bookings, newest first', {
      options: {
        customer: text('--customer <id>', 'only this customer'),
        flight: text('--flight <number>', 'only this flight'),
        date: date('--date <date>', 'only this departure date'),
        status: choice('--status <status>', 'only this status', BOOKING_STATUSES),
        limit: text('--limit <n>', 'at most this many', { default: '100' }),
        offset: text('--offset <n>', 'skip this many', { default: '0' }),
      },
      examples: [
        "akasa booking list --flight QP1001 --date 2026-12-01   # the fixtures' busiest day",
        'akasa booking list --flight QP1001 --date tomorrow',
        'akasa booking list --customer CUST001 --status confirmed --json',
      ],
      async run({ opts }, rt) {
        const result = listBookings(await rt.services(), { ...bookingFields(opts), limit: opts.limit, offset: opts.offset });
        await emitBooking(rt, result, (v, r, t) => v.listView(r, t));
      },
    }),
    command('cancel', 'cancel a booking and release its seat', {
      args: [bookingArg],
      options: { reason: text('--reason <text>', 'why (kept in the history)') },
      examples: ['akasa booking cancel AAAP5H --reason "customer request"'],
      async run({ args: [id], opts }, rt) {
        await emitBooking(rt, cancelBooking(await rt.services(), id, opts.reason), (v, b, t) => v.cancelledView(b, t));
      },
    }),
    command('refund', 'refund a booking and release its seat: the whole fare after a disruption, else the fare less the cancellation fee', {
      args: [bookingArg],
      options: { reason: text('--reason <text>', 'why (kept in the history)') },
      examples: ['akasa booking refund AACBCN --reason "flight cancelled"', 'akasa booking refund AADXKS --json'],
      async run({ args: [id], opts }, rt) {
        const { refundBooking } = await import('../../services/refunds.js');
        await emitRights(rt, refundBooking(await rt.services(), id, { reason: opts.reason }), (v, r, t) => v.refundView(r, t));
      },
    }),
    command('history', 'every change to a booking, with its reason and cost', {
      args: [bookingArg],
      examples: ['akasa booking history AAAP5H'],
      async run({ args: [id] }, rt) {
        await emitBooking(rt, bookingHistory(await rt.services(), id), (v, r, t) => v.historyView(r, t));
      },
    }),
  ],
};
