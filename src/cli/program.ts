/**
 * The command registry: the command groups in the order `akasa --help` lists them, each with
 * its description and the file that declares its commands, their options and handlers
 * (define-command.ts). Only the group being run is imported, so `akasa --help` loads
 * commander and this file, and `akasa booking show` the booking group and what it uses.
 */
import { Command, Help, Option } from 'commander';
import { dateInZone } from '../domain/dates.js';
import { DATE_WORDS_HELP, resolveDateWord } from '../domain/relative-date.js';
import type { CommandBody, CommandGroup } from './define-command.js';
import { examples } from './help-examples.js';
import { createRuntime, type CliRuntime } from './runtime.js';
import { inUserWords } from './user-words.js';

export interface ProgramState {
  runtime?: CliRuntime;
}

/** A group file exports `group` (subcommands) or `self` (a command of its own). */
type GroupModule = { group: CommandGroup } | { self: CommandBody };

interface GroupEntry {
  name: string;
  description: string;
  load: () => Promise<GroupModule>;
}

const GROUPS: readonly GroupEntry[] = [
  { name: 'booking', description: 'create, show, list and cancel bookings', load: () => import('./commands/booking.js') },
  { name: 'rebook', description: 'change options and rebooking; involuntary (fees waived) only when the airline disrupted the flight', load: () => import('./commands/rebook.js') },
  { name: 'notification', description: 'what passengers were told and when; webhook delivery, its log, resending', load: () => import('./commands/notification.js') },
  { name: 'flight', description: 'flights, seat availability and live status', load: () => import('./commands/flight.js') },
  { name: 'schedule', description: 'the published schedule', load: () => import('./commands/schedule.js') },
  { name: 'db', description: 'the local store', load: () => import('./commands/db.js') },
  { name: 'event', description: 'flight-status events: ingest, replay, inspect, send to a daemon', load: () => import('./commands/event.js') },
  { name: 'alert', description: 'disruption alerts', load: () => import('./commands/alert.js') },
  { name: 'status', description: 'this store at a glance: where it is, seeded or not, open alerts, backlog, whether a daemon answers', load: () => import('./commands/status.js') },
  { name: 'customer', description: 'customers: contact, loyalty tier, preferences and their bookings', load: () => import('./commands/customer.js') },
  { name: 'reaccommodate', description: "move every passenger of a cancelled flight to the best same-route flights, by priority, in one step", load: () => import('./commands/reaccommodate.js') },
  { name: 'endpoint', description: 'webhook endpoints (SMS, e-mail, WhatsApp gateways) that passenger notifications are delivered to, signed', load: () => import('./commands/endpoint.js') },
  { name: 'entitlements', description: 'the cost of disruption: what disrupted passengers are owed under the DGCA CAR, per flight-date, with totals', load: () => import('./commands/entitlements.js') },
  { name: 'daemon', description: 'receive flight events on a localhost webhook and a watched folder, and serve the HTTP API', load: () => import('./commands/daemon.js') },
  { name: 'dashboard', description: 'live full-screen view for the operations desk', load: () => import('./commands/dashboard.js') },
  { name: 'demo', description: 'see the whole product work: fixtures, daemon, a disruption, alerts, an auto-rebooking', load: () => import('./commands/demo.js') },
  { name: 'completion', description: 'print a shell completion script', load: () => import('./commands/about.js') },
];

/** Usage errors as one JSON object on stderr when `--json` was given, as every other error. */
function usageErrorWriter(json: boolean) {
  return (text: string, write: (t: string) => void) => {
    if (!json) return write(text);
    const message = text.trim().replace(/^error: /, '');
    write(`${JSON.stringify({ error: 'usage_error', message })}\n`);
  };
}

/** Global options that take a value (`--db PATH`): skipped with it when looking for `--version`. */
const GLOBAL_WITH_VALUE = new Set(['--db', '--format']);
/** Global flags `--version` may come with; they change nothing it prints but `--json`. */
const GLOBAL_FLAGS = new Set(['--json', '--no-pager', '-q', '--quiet']);

/**
 * `akasa --version` (or `-V`, with any global options: `akasa --db X --version --json`):
 * versions read at run time (SQLite from the addon), so the registry holds no fixed version
 * string. Undefined for any other argv.
 */
export function versionRequest(state: ProgramState, argv: readonly string[]): (() => Promise<void>) | undefined {
  const rest: string[] = [];
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (GLOBAL_WITH_VALUE.has(a)) i++;
    else if (!GLOBAL_FLAGS.has(a) && ![...GLOBAL_WITH_VALUE].some((o) => a.startsWith(`${o}=`))) rest.push(a);
  }
  if (rest.length !== 1 || (rest[0] !== '--version' && rest[0] !== '-V')) return undefined;
  return async () => {
    const rt = createRuntime({ json: argv.includes('--json') });
    state.runtime = rt;
    await (await import('./commands/about.js')).version(rt);
  };
}

/** The handler of one command: global flags and options parsed, dates read, errors in the user's words. */
function action(body: CommandBody, state: ProgramState) {
  return async function (this: Command) {
    // Already loaded by the group that declared this command; `--help` alone never needs it.
    const { globalFlagsSchema, parseCommandInput } = await import('./define-command.js');
    const globals = globalFlagsSchema.parse(this.optsWithGlobals());
    const rt = createRuntime({ ...globals, createsStore: body.createsStore === true });
    state.runtime = rt;
    // `--date tomorrow`: every date flag is read the same way, against the one clock (IST).
    const raw = { ...this.opts() };
    for (const [key, o] of Object.entries(body.options ?? {})) {
      const value = raw[key];
      if (o.date && typeof value === 'string') raw[key] = resolveDateWord(value, dateInZone(rt.clock().now())) ?? value;
    }
    const { args, opts } = parseCommandInput(body, raw, this.processedArgs);
    const run = () => body.run({ args, opts, globals, command: this }, rt);
    try {
      if (opts.watch === true) {
        const { watchLoop } = await import('./watch.js');
        await watchLoop(run, rt, { title: `akasa ${this.parent?.name() ?? ''} ${this.name()}`.replace(/ +/g, ' ') });
      } else await run();
    } catch (err) {
      throw inUserWords(err, this);
    }
  };
}

/** Declares a command's arguments, options, help and handler on `cmd`. */
function declare(cmd: Command, body: CommandBody, state: ProgramState): void {
  for (const a of body.args ?? []) cmd.argument(a.name, a.description);
  for (const [key, o] of Object.entries(body.options ?? {})) {
    if (o.option.attributeName() !== key) throw new Error(`internal: ${o.option.flags} is declared as ${key}, but commander names it ${o.option.attributeName()}`);
    cmd.addOption(o.option);
  }
  cmd.addHelpText('after', `${body.helpBefore ?? ''}${examples(...body.examples)}`);
  if (body.helpAfter) cmd.addHelpText('after', body.helpAfter);
  cmd.action(action(body, state));
}

/** The first word of argv that is not a global flag or its value: the group asked for. */
function groupAsked(program: Command, argv: readonly string[]): string | undefined {
  const takesValue = new Set(program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]));
  const rest = argv.slice(2);
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === '--') return rest[i + 1];
    // `akasa help status` asks for the help of `status`.
    if (word === 'help') continue;
    if (!word.startsWith('-')) return word;
    if (takesValue.has(word)) i++;
  }
  return undefined;
}

/**
 * The program for `argv`: every group listed (so commander can list them and suggest the
 * nearest to a typo), and the commands of the group asked for declared.
 */
export async function buildProgram(state: ProgramState, argv: readonly string[] = process.argv): Promise<Command> {
  return programWith(state, argv, (program) => {
    const asked = GROUPS.find((g) => g.name === groupAsked(program, argv));
    return asked === undefined ? [] : [asked];
  });
}

/**
 * The program with the commands of every group declared: the tree shell completion
 * describes (scripts/build.mjs writes the scripts from it; tests walk it).
 */
export async function buildWholeProgram(state: ProgramState = {}): Promise<Command> {
  return programWith(state, [], () => GROUPS);
}

async function programWith(state: ProgramState, argv: readonly string[], groups: (program: Command) => readonly GroupEntry[]): Promise<Command> {
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


  const declared = groups(program);
  const modules = await Promise.all(declared.map((g) => g.load()));
  GROUPS.forEach((entry) => {
    const cmd = program.command(entry.name).description(entry.description);
    const mod = modules[declared.indexOf(entry)];
    if (mod === undefined) return;
    if ('self' in mod) return declare(cmd, mod.self, state);
    cmd.addHelpText('after', examples(...mod.group.examples));
    for (const spec of mod.group.commands) declare(cmd.command(spec.name).description(spec.description), spec, state);
  });
  return program;
}
