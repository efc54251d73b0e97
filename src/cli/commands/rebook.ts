/** `akasa rebook options|change|auto`: the original design's request-change and auto-rebook. */
import { autoRebook, changeBooking, changeOptions } from '../../services/rebooking.js';
import { arg, choice, command, type CommandGroup, date, flag, text } from '../define-command.js';
import { NEW_BOOKING } from '../help-examples.js';
import { lazyView } from '../lazy-view.js';

const emitBooking = lazyView(() => import('./booking-views.js'));
const bookingArg = arg('<booking>', 'booking id or record locator');
const reasonOption = () =>
  choice(
    '--reason <reason>',
    'what you expect: customer (voluntary, fees apply) or disruption (refused unless the flight has an open cancellation, diversion or long delay); akasa derives it either way',
    ['customer', 'disruption'],
  );

export const group: CommandGroup = {
  examples: [`akasa rebook options ${NEW_BOOKING} --date +3`, `akasa rebook auto ${NEW_BOOKING}`],
  commands: [
    command('options', "flights on the booking's route that day it can still move to, their status and expected times, and what changing would cost (the quote is kept)", {
      args: [bookingArg],
      options: {
        date: date('--date <date>', 'the new departure date', { required: true }),
        reason: reasonOption(),
        waiveFees: flag('--waive-fees', 'quote a voluntary change without the change fee'),
      },
      examples: [`akasa rebook options ${NEW_BOOKING} --date +3`, `akasa rebook options ${NEW_BOOKING} --date +3 --waive-fees --json`],
      async run({ args: [id], opts }, rt) {
        const result = changeOptions(await rt.services(), id, { new_date: opts.date, reason: opts.reason, waive_fees: opts.waiveFees });
        await emitBooking(rt, result, (v, r, t) => v.optionsView(r, t));
      },
    }),
    command('change', 'move a booking to another flight at the quoted price (atomically: new seat, old seat released, history entry, passenger notified)', {
      args: [bookingArg],
      options: {
        flight: text('--flight <number>', 'the new flight', { required: true }),
        date: date('--date <date>', 'the new departure date', { required: true }),
        seat: text('--seat <seat>', 'seat on the new flight (default: best free seat for the preference)'),
        reason: reasonOption(),
        waiveFees: flag('--waive-fees', 'waive the change fee of a voluntary change (needs --note)'),
        note: text('--note <text>', 'why the fee is waived (kept in the history)'),
        acceptPrice: flag('--accept-price', 'go ahead even if the price moved since rebook options quoted it'),
      },
      examples: [
        `akasa rebook change ${NEW_BOOKING} --flight QP1107 --date +3`,
        `akasa rebook change ${NEW_BOOKING} --flight QP1107 --date +3 --waive-fees --note "goodwill: missed connection"`,
        `akasa rebook change ${NEW_BOOKING} --flight QP1107 --date +3 --accept-price`,
      ],
      async run({ args: [id], opts }, rt) {
        const result = changeBooking(await rt.services(), id, {
          flight_number: opts.flight,
          date: opts.date,
          seat: opts.seat,
          reason: opts.reason,
          waive_fees: opts.waiveFees,
          note: opts.note,
          accept_price: opts.acceptPrice,
        });
        await emitBooking(rt, result, (v, r, t) => v.rebookedView(r, t));
      },
    }),
    command('auto', 'let akasa pick the best option: same route, open for check-in, earliest expected arrival (earlier flights too when the own flight is disrupted)', {
      args: [bookingArg],
      options: {
        reason: reasonOption(),
        waiveFees: flag('--waive-fees', 'waive the change fee of a voluntary change (needs --note)'),
        note: text('--note <text>', 'why the fee is waived (kept in the history)'),
        flight: text('--flight <number>', 'only consider this flight number'),
        date: date('--date <date>', "search from this date instead of the booking's (looks 3 days ahead)"),
      },
      examples: [`akasa rebook auto ${NEW_BOOKING}`, `akasa rebook auto ${NEW_BOOKING} --date +5 --json`],
      async run({ args: [id], opts }, rt) {
        const result = autoRebook(await rt.services(), id, { reason: opts.reason, waive_fees: opts.waiveFees, note: opts.note, flight_number: opts.flight, date: opts.date });
        await emitBooking(rt, result, (v, r, t) => v.rebookedView(r, t));
      },
    }),
  ],
};
