/** `akasa dashboard` end to end: refuses to draw without a terminal, and plain commands never load ink. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('akasa dashboard', () => {
  it('exits 2 with a clear message when stdout is not a terminal', async () => {
    const r = await runCli(['--db', `${tempDir()}/akasa.db`, 'dashboard']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/needs an interactive terminal/);
  });

  it('exits 2 on --json (the view is interactive)', async () => {
    const r = await runCli(['--db', `${tempDir()}/akasa.db`, '--json', 'dashboard']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: 'usage_error' });
  });

  it('keeps ink and react out of everything the entry point loads before a command is chosen', () => {
    interface Meta {
      outputs: Record<string, { imports: Array<{ path: string; kind: string; external?: boolean }> }>;
    }
    const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
    const meta = JSON.parse(readFileSync(`${dist}meta.json`, 'utf8')) as Meta;
    const key = (p: string) => Object.keys(meta.outputs).find((k) => k.endsWith(p.replace(/^\.?\/?/, '')))!;
    const entry = key('cli/main.js');
    expect(entry).toBeDefined();
    // Static imports only: dynamic ones are the lazily loaded command groups.
    const seen = new Set<string>();
    const externals = new Set<string>();
    const walk = (out: string) => {
      if (seen.has(out)) return;
      seen.add(out);
      for (const imp of meta.outputs[out]?.imports ?? []) {
        if (imp.kind !== 'import-statement') continue;
        if (imp.external) externals.add(imp.path);
        else walk(imp.path);
      }
    };
    walk(entry);
    expect(seen.size).toBeGreaterThan(0);
    expect([...externals].filter((e) => /^(ink|react)(\/|$)/.test(e))).toEqual([]);
    // …while the dashboard chunk does load them.
    const dashboardChunks = Object.entries(meta.outputs).filter(([, o]) => o.imports.some((i) => i.external && i.path === 'ink'));
    expect(dashboardChunks.length).toBeGreaterThan(0);
  });
});
