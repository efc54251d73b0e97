/**
 * How a command-group file declares its commands: arguments, options and the handler side by
 * side. Each option is declared once, as its flag for commander and its zod schema, so the
 * handler gets a typed object parsed from what commander read; nothing finds a handler by
 * name or reads an option as `unknown`. program.ts lists the groups and imports only the one
 * being run (the build declares every group once, for the shell completion scripts).
 */
import { type Command, Option } from 'commander';
import * as z from 'zod/mini';
import type { CliRuntime } from './runtime.js';

/** One option: how commander reads it, and what the handler gets. */
export interface OptionSpec<T> {
  readonly option: Option;
  readonly schema: z.ZodMiniType<T>;
  /** A date flag: `today`, `tomorrow`, `+N` or a weekday is read in IST before the handler runs. */
  readonly date?: boolean;
}

type Text = { required?: boolean; default?: string };
// Schemas are immutable, so options share them: a group declares all its commands' options
// at import, and each schema built is start-up time for every command of the group.
const string = z.string();
const optional = z.optional(string);
const givenFlag = z.pipe(z.optional(z.boolean()), z.transform((v) => v === true));
const stringList = z.array(string);

/** A flag with a value (`--flight <number>`); a string when required or defaulted. */
export function text(flags: string, description: string): OptionSpec<string | undefined>;
export function text(flags: string, description: string, how: { required: true } | { default: string }): OptionSpec<string>;
export function text(flags: string, description: string, how: Text = {}): OptionSpec<string | undefined> {
  const option = new Option(flags, description);
  if (how.required) option.makeOptionMandatory();
  if (how.default !== undefined) option.default(how.default);
  return { option, schema: how.required || how.default !== undefined ? string : optional };
}

/** A date flag (`--date <date>`): as `text`, with date words resolved against the clock. */
export function date(flags: string, description: string): OptionSpec<string | undefined>;
export function date(flags: string, description: string, how: { required: true }): OptionSpec<string>;
export function date(flags: string, description: string, how: { required?: boolean } = {}): OptionSpec<string | undefined> {
  return { ...(how.required ? text(flags, description, { required: true }) : text(flags, description)), date: true };
}

/** A bare flag (`--dry-run`): true when given. */
export function flag(flags: string, description: string): OptionSpec<boolean> {
  return { option: new Option(flags, description), schema: givenFlag };
}

/** A flag whose value is one of `choices` (commander refuses anything else, naming them). */
export function choice<const C extends readonly [string, ...string[]]>(flags: string, description: string, choices: C): OptionSpec<C[number] | undefined>;
export function choice<const C extends readonly [string, ...string[]]>(flags: string, description: string, choices: C, how: { default: C[number] }): OptionSpec<C[number]>;
export function choice<const C extends readonly [string, ...string[]]>(flags: string, description: string, choices: C, how: { default?: C[number] } = {}): OptionSpec<C[number] | undefined> {
  const option = new Option(flags, description).choices(choices);
  if (how.default !== undefined) option.default(how.default);
  const values = z.enum(choices as unknown as [C[number], ...C[number][]]);
  return { option, schema: how.default !== undefined ? values : z.optional(values) };
}

/** A positional argument as commander declares it: `<name>` required, `[name]` optional, `<name...>` a list. */
export interface ArgSpec<T> {
  readonly name: string;
  readonly description: string;
  readonly schema: z.ZodMiniType<T>;
}

export function arg(name: `<${string}>`, description: string): ArgSpec<string> {
  return { name, description, schema: string };
}
export function optionalArg(name: `[${string}]`, description: string): ArgSpec<string | undefined> {
  return { name, description, schema: optional };
}
export function listArg(name: `<${string}...>`, description: string): ArgSpec<string[]> {
  return { name, description, schema: stringList };
}

type OptionMap = Record<string, OptionSpec<unknown>>;
type ArgList = readonly ArgSpec<unknown>[];
export type OptionsOf<O extends OptionMap> = { [K in keyof O]: O[K] extends OptionSpec<infer T> ? T : never };
export type ArgsOf<A extends ArgList> = { -readonly [I in keyof A]: A[I] extends ArgSpec<infer T> ? T : never };

/** The program-wide flags, as every command may read them. */
export const globalFlagsSchema = z.object({
  db: optional,
  json: givenFlag,
  format: z.optional(z.enum(['csv', 'tsv'])),
  quiet: givenFlag,
  /** `--no-pager` makes it false. */
  pager: z.pipe(z.optional(z.boolean()), z.transform((v) => v !== false)),
});
export type GlobalFlags = z.output<typeof globalFlagsSchema>;

/** What a handler gets: its arguments and options, parsed and typed, the global flags, and the command itself. */
export interface CommandInput<A extends ArgList, O extends OptionMap> {
  args: ArgsOf<A>;
  opts: OptionsOf<O>;
  globals: GlobalFlags;
  command: Command;
}

/** A command's arguments, options, help and handler. */
export interface CommandBody<A extends ArgList = ArgList, O extends OptionMap = OptionMap> {
  args?: A;
  /** Keyed by the name commander gives the value (`--waive-fees` → `waiveFees`); checked when declared. */
  options?: O;
  /** Each runs as written on a seeded store (see help-examples.ts). */
  examples: readonly string[];
  /** Help before the examples, and after them (environment variables). */
  helpBefore?: string;
  helpAfter?: string;
  /** This command may create the store (see GlobalOptions.createsStore). */
  createsStore?: boolean;
  run(input: CommandInput<A, O>, rt: CliRuntime): Promise<void>;
}

/** A subcommand (`booking create`): its name and description with its body. */
export interface CommandSpec<A extends ArgList = ArgList, O extends OptionMap = OptionMap> extends CommandBody<A, O> {
  name: string;
  description: string;
}

/** Declares a subcommand: its name and description, then its body, which types its handler. */
export function command<const A extends ArgList = [], O extends OptionMap = Record<never, never>>(name: string, description: string, body: CommandBody<A, O>): CommandSpec<A, O> {
  return { name, description, ...body };
}

/** Declares a top-level command without subcommands (`status`, `daemon`); its name and description are in the registry. */
export function topCommand<const A extends ArgList = [], O extends OptionMap = Record<never, never>>(spec: CommandBody<A, O>): CommandBody<A, O> {
  return spec;
}

/** What a command-group file exports as `group`: its subcommands and the group's examples. (A command of its own is exported as `self`.) */
export interface CommandGroup {
  examples: readonly string[];
  commands: ReadonlyArray<CommandSpec<ArgList, OptionMap>>;
}

/** Parses what commander read (`raw`, with date words already resolved) into the handler's typed input. */
export function parseCommandInput(body: CommandBody<ArgList, OptionMap>, raw: Record<string, unknown>, processedArgs: readonly unknown[]): { args: unknown[]; opts: Record<string, unknown> } {
  const opts: Record<string, unknown> = {};
  for (const [key, o] of Object.entries(body.options ?? {})) {
    const r = o.schema.safeParse(raw[key]);
    // commander has already refused a missing required flag or a value outside the choices.
    if (!r.success) throw new Error(`internal: ${o.option.long ?? key} read as ${JSON.stringify(raw[key])}, which its declaration does not allow`);
    opts[key] = r.data;
  }
  const args = (body.args ?? []).map((a, i) => {
    const r = a.schema.safeParse(processedArgs[i]);
    if (!r.success) throw new Error(`internal: argument ${a.name} read as ${JSON.stringify(processedArgs[i])}`);
    return r.data;
  });
  return { args, opts };
}
