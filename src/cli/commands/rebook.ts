/** `akasa rebook options|change|auto`: the original design's request-change and auto-rebook. */
import { autoRebook, changeBooking, changeOptions } from '../../services/rebooking.js';
import type { CommandInput } from '../command-handler.js';
import type { CliRuntime } from '../runtime.js';

const views = async (rt: CliRuntime) => (rt.json ? undefined : await import('./booking-views.js'));
const str = (v: unknown): string | undefined => (v === undefined ? undefined : String(v));

export async function options({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = changeOptions(await rt.services(), String(args[0]), { new_date: str(opts.date), reason: str(opts.reason) });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.optionsView(r, t));
}

export async function change({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = changeBooking(await rt.services(), String(args[0]), {
    flight_number: str(opts.flight),
    date: str(opts.date),
    seat: str(opts.seat),
    reason: str(opts.reason),
  });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.rebookedView(r, t));
}

export async function auto({ args, opts }: CommandInput, rt: CliRuntime): Promise<void> {
  const result = autoRebook(await rt.services(), String(args[0]), {
    reason: str(opts.reason),
    flight_number: str(opts.flight),
    date: str(opts.date),
  });
  const v = await views(rt);
  rt.emit(result, (r, t) => v!.rebookedView(r, t));
}
