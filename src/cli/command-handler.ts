import type { CliRuntime } from './runtime.js';

/** Positional arguments (in declared order; a variadic one is an array) and merged flags. */
export interface CommandInput {
  args: unknown[];
  opts: Record<string, unknown>;
}

export type CommandHandler = (input: CommandInput, rt: CliRuntime) => Promise<void>;

/** A lazily imported command group: named handlers. */
export type CommandModule = Record<string, CommandHandler>;
