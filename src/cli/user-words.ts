/**
 * Errors in the words the operator typed. Services name API fields (`depart_date`,
 * `customer_id`) because the HTTP API and the CLI share them; on the command line the
 * operator typed `--date` and `--customer`, so that is what an error must name.
 */
import type { Command } from 'commander';
import { NotFoundError, RuleError, ValidationError } from '../domain/errors.js';

/** API field → the option (attribute name) that carries it on the command line. */
const FIELD_TO_OPTION: Readonly<Record<string, string>> = {
  depart_date: 'date',
  new_date: 'date',
  flight_date: 'date',
  date: 'date',
  customer_id: 'customer',
  flight_number: 'flight',
  new_flight: 'flight',
  passenger_name: 'name',
  seat: 'seat',
  origin: 'origin',
  destination: 'destination',
  status: 'status',
  limit: 'limit',
  offset: 'offset',
  note: 'note',
  seats: 'seats',
  reason: 'reason',
};

/** The flag as typed (`--date`), or the argument (`<flight>`), that carries an API field in this command. */
function flagFor(field: string, command: Command): string | undefined {
  const attribute = FIELD_TO_OPTION[field];
  if (attribute === undefined) return undefined;
  const option = command.options.find((o) => o.attributeName() === attribute);
  if (option?.long) return option.long;
  return command.registeredArguments.some((a) => a.name() === attribute) ? `<${attribute}>` : undefined;
}

/** Names the command's own flags, where an error names an API field; any other error passes through. */
export function inUserWords(err: unknown, command: Command): unknown {
  if (err instanceof ValidationError) {
    let renamed = false;
    const issues = err.issues.map((issue) => {
      const flag = flagFor(issue.field, command);
      if (flag === undefined) return issue;
      renamed = true;
      return { field: flag, message: issue.message };
    });
    return renamed ? new ValidationError(issues) : err;
  }
  if (err instanceof RuleError) {
    const flag = flagFor(err.field, command);
    if (flag !== undefined) return new RuleError(flag, err.message.slice(err.field.length + 2));
  }
  // "new_date: no flights from DEL to BOM operate on …": a not-found about one field.
  const field = err instanceof NotFoundError ? /^([a-z_]+): /.exec(err.message)?.[1] : undefined;
  const flag = field === undefined ? undefined : flagFor(field, command);
  if (err instanceof NotFoundError && field !== undefined && flag !== undefined) return new NotFoundError(err.entity, err.key, `${flag}: ${err.message.slice(field.length + 2)}`);
  return err;
}
