/** `akasa rebook options|change|auto`: the original design's request-change and auto-rebook. */
import { autoRebook, changeBooking, changeOptions } from '../../services/rebooking.js';
import { type CommandInput, flagText } from '../command-handler.js';
import type { CliRuntime } from '../runtime.js';

const views = async (rt: CliRuntime) => (rt.json ? undefined : await import('./booking-views.js'));

/** Bare flags are `true` when given. */
const flag = (value: unknown) => value === true;

export async function options({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = changeOptions(await rt.services(), String(args[0]), { new_date: flagText(opts.date), reason: flagText(opts.reason), waive_fees: flag(opts.waiveFees) });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.optionsView(r, t));
}

export async function change({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = changeBooking(await rt.services(), String(args[0]), {
    flight_number: flagText(opts.flight),
    date: flagText(opts.date),
    seat: flagText(opts.seat),
    reason: flagText(opts.reason),
    waive_fees: flag(opts.waiveFees),
    note: flagText(opts.note),
    accept_price: flag(opts.acceptPrice),
  });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.rebookedView(r, t));
}

export async function auto({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = autoRebook(await rt.services(), String(args[0]), {
    reason: flagText(opts.reason),
    waive_fees: flag(opts.waiveFees),
    note: flagText(opts.note),
    flight_number: flagText(opts.flight),
    date: flagText(opts.date),
  });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.rebookedView(r, t));
}
