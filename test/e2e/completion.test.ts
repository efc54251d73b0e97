/**
 * The completion scripts are written by the build (scripts/build.mjs) from the whole command
 * tree; `akasa completion SHELL` prints them. They must describe the commands as they are:
 * the tree is walked here again, from the sources, and compared with what the built CLI prints.
 */
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { completionScripts, SHELLS } from '../../src/cli/completion-scripts.js';
import { buildWholeProgram } from '../../src/cli/program.js';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const reporter = fileURLToPath(new URL('../../bench/module-load-reporter.cjs', import.meta.url));
/** The chunks of the other command groups (esbuild names an entry chunk after its file). */
const GROUP_CHUNK = /^(booking|rebook|notification|flight|schedule|db|event|alert|status|customer|reaccommodate|endpoint|entitlements|daemon|dashboard|demo)-[A-Z0-9]+\.js$/;

/** Command path → the words completion should offer there: subcommands, the command's flags, the global flags, --help. */
function wordsByPath(program: Command): Map<string, Set<string>> {
  const globals = program.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined);
  const out = new Map<string, Set<string>>();
  const visit = (cmd: Command, path: string[]) => {
    const own = cmd.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined);
    out.set(path.join(' '), new Set([...cmd.commands.map((c) => c.name()), ...own, ...(path.length ? globals : []), '--help']));
    for (const c of cmd.commands) visit(c, [...path, c.name()]);
  };
  visit(program, []);
  return out;
}

/** The bash script's table: `"booking create") words="..." ;;` → path → words. */
function bashTable(script: string): Map<string, Set<string>> {
  return new Map([...script.matchAll(/^ {4}"([^"]*)"\) words="([^"]*)" ;;$/gm)].map((m) => [m[1]!, new Set(m[2]!.split(' ').filter(Boolean))]));
}

describe('akasa completion', () => {
  it('prints the scripts of the command tree as it is now, every command with its flags', async () => {
    const program = await buildWholeProgram();
    const expected = wordsByPath(program);
    expect(expected.size).toBeGreaterThan(50);
    const printed = await Promise.all(SHELLS.map((shell) => runCli(['completion', shell])));
    for (const r of printed) expect(r.code, r.stderr).toBe(0);
    const [bash, zsh, fish] = printed.map((r) => r.stdout);
    expect(bashTable(bash!)).toEqual(expected);
    // All three as the sources write them today (a build older than the commands fails here).
    expect({ bash, zsh, fish }).toEqual(completionScripts(program));
  });

  it('prints the file the build wrote, loading no command group but its own', async () => {
    const log = join(tempDir(), 'modules.log');
    const r = await runCli(['completion', 'fish'], { env: { NODE_OPTIONS: `--require ${reporter}`, AKASA_MODULE_LOG: log } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(new URL('../../dist/completion/akasa.fish', import.meta.url), 'utf8'));
    const bundle = readFileSync(log, 'utf8').split('\n').filter((f) => /\/dist\/.*\.js$/.test(f)).map((f) => basename(f));
    expect(bundle.some((f) => f.startsWith('about-'))).toBe(true);
    expect(bundle.filter((f) => GROUP_CHUNK.test(f))).toEqual([]);
  });
});

describe('a build without its completion scripts', () => {
  it('says which file is missing and how to build it, with exit 1', async () => {
    // A copy of the built CLI whose fish script is gone, as a partial build leaves it.
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const copy = tempDir();
    cpSync(join(root, 'bin'), join(copy, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
    rmSync(join(copy, 'dist', 'completion', 'akasa.fish'));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [join(copy, 'bin', 'akasa'), ...args], { env: { ...process.env, NO_COLOR: '1' } });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.stdout.resume();
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const missing = await run(['completion', 'fish']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(join(copy, 'dist', 'completion', 'akasa.fish'));
    expect(missing.stderr).toContain('npm run build');
    // The other shells' scripts are still there and print as before.
    expect((await run(['completion', 'bash'])).code).toBe(0);
  });
});
