import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { arg, choice, command, date, flag, optionalArg, parseCommandInput, text } from '../../src/cli/define-command.js';
import { buildProgram, buildWholeProgram } from '../../src/cli/program.js';

const spec = command('probe', 'a command with one option of each kind', {
  args: [arg('<id>', 'an id'), optionalArg('[more]', 'optional')],
  options: {
    flight: text('--flight <number>', 'a value'),
    limit: text('--limit <n>', 'with a default', { default: '100' }),
    date: date('--date <date>', 'a date', { required: true }),
    waiveFees: flag('--waive-fees', 'a bare flag'),
    status: choice('--status <status>', 'one of', ['pending', 'confirmed'], { default: 'confirmed' }),
  },
  examples: ['akasa probe 1 2 3'],
  run: async () => {},
});

/** What commander reads from `argv` for the probe command. */
function parsed(argv: string[]) {
  const cmd = new Command('probe').exitOverride();
  for (const a of spec.args!) cmd.argument(a.name, a.description);
  for (const o of Object.values(spec.options!)) cmd.addOption(o.option);
  cmd.action(() => {});
  cmd.parse(argv, { from: 'user' });
  return parseCommandInput(spec, cmd.opts(), cmd.processedArgs);
}

describe('declared options and arguments', () => {
  const cases: Array<{ name: string; argv: string[]; args: unknown[]; opts: Record<string, unknown> }> = [
    {
      name: 'defaults, an absent value and an absent flag',
      argv: ['A', '--date', '2026-12-01'],
      args: ['A', undefined],
      opts: { flight: undefined, limit: '100', date: '2026-12-01', waiveFees: false, status: 'confirmed' },
    },
    {
      name: 'every option given',
      argv: ['A', 'B', '--flight', 'QP1', '--limit', '5', '--date', 'tomorrow', '--waive-fees', '--status', 'pending'],
      args: ['A', 'B'],
      opts: { flight: 'QP1', limit: '5', date: 'tomorrow', waiveFees: true, status: 'pending' },
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(parsed(c.argv)).toEqual({ args: c.args, opts: c.opts }));
  }

  it('leaves refusals to commander: a missing required flag, a value outside the choices', () => {
    expect(() => parsed(['A'])).toThrow(/required option '--date <date>' not specified/);
    expect(() => parsed(['A', '--date', 'x', '--status', 'nope'])).toThrow(/Allowed choices are pending, confirmed/);
  });

  it('marks date flags, whose words the program reads against the clock', () => {
    expect(spec.options!.date.date).toBe(true);
    expect(spec.options!.flight.date).toBeUndefined();
  });
});

describe('the command groups', () => {
  it('all declare: each option under the name commander gives it, examples everywhere', async () => {
    // Every group declared (a misnamed option throws here).
    const program = await buildWholeProgram();
    const leaves = program.commands.flatMap((group) => (group.commands.length > 0 ? group.commands : [group]));
    expect(leaves.length).toBeGreaterThan(40);
    // Examples are help text added after the options: output a command prints on --help.
    const help = (cmd: Command) => {
      let text = '';
      cmd.configureOutput({ writeOut: (t) => void (text += t) });
      cmd.outputHelp();
      return text;
    };
    for (const cmd of leaves) expect(help(cmd), `${cmd.parent?.name()} ${cmd.name()}`).toMatch(/\nExamples:\n {2}\$ /);
  });

  it('declares only the group asked for', async () => {
    const program = await buildProgram({}, ['node', 'akasa', '--db', 'x.db', 'booking', 'show', 'AAAP5H']);
    const declared = program.commands.filter((c) => c.commands.length > 0 || c.options.length > 0).map((c) => c.name());
    expect(declared).toEqual(['booking']);
  });
});
