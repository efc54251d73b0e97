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
