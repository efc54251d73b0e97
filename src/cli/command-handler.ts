import { UsageError } from '../domain/errors.js';
import type { CliRuntime } from './runtime.js';

/** Positional arguments (in declared order; a variadic one is an array) and merged flags. */
export interface CommandInput {
  args: unknown[];
  opts: Record<string, unknown>;
  /** The command being run (its parents lead to the whole program, e.g. for shell completion). */
  command?: import('commander').Command;
}

export type CommandHandler = (input: CommandInput, rt: CliRuntime) => Promise<void>;

/** A lazily imported command group: named handlers. */
export type CommandModule = Record<string, CommandHandler>;

/** A flag's value as text, or undefined when it was not given (commander gives strings, or `true` for bare flags). */
export function flagText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `--port`: a TCP port number, 0 = any free port. */
export function portOf(raw: unknown): number {
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n > 65535) throw new UsageError(`--port: expected a port number 0-65535 (0 = any free port), got ${JSON.stringify(raw)}`);
  return n;
}

/** `--delivery-concurrency`: webhook requests in flight at most (commander supplies the default). */
export function deliveryConcurrencyOf(raw: unknown): number {
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n < 1 || n > 1024) throw new UsageError(`--delivery-concurrency: expected a whole number 1-1024, got ${JSON.stringify(raw)}`);
  return n;
}
