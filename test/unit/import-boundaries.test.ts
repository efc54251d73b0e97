/**
 * The direction of imports inside src/ (see docs/architecture.md), checked by walking every
 * import: static, type-only, re-exports and dynamic `import()`. A failure names the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Folders that hold use cases and rules: none of them may reach into a front door. */
const INNER = ['domain', 'store', 'pipeline', 'services', 'notify'];
const FRONT_DOORS = ['cli', 'daemon'];

interface Edge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every import of ours in src/, as paths relative to src/ (`cli/main.ts`); packages are left out. */
function importsInSrc(): Edge[] {
  return sourceFiles(SRC).flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .filter((i) => i.fileName.startsWith('.'))
      .map((i) => ({
        from: relative(SRC, file).split(sep).join('/'),
        to: relative(SRC, resolve(dirname(file), i.fileName)).split(sep).join('/').replace(/\.js$/, '.ts'),
      }));
  });
}

/** `domain` for `domain/events/flight-event.ts`; a file directly in src/ is its own unit (`context.ts`). */
const folderOf = (path: string) => path.split('/')[0]!;

/** Cycles between folders: each strongly connected group of two or more folders (Tarjan). */
function folderCycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === b) continue;
    if (!next.has(a)) next.set(a, new Set());
    next.get(a)!.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return groups;
}

const show = (edges: Edge[]) => edges.map((e) => `${e.from} → ${e.to}`);

describe('import boundaries in src/', () => {
  const edges = importsInSrc();

  it('finds the imports it checks (static, type-only and dynamic)', () => {
    expect(edges.length).toBeGreaterThan(100);
    // cli/program.ts loads the command groups with import(): those must be seen too.
    expect(edges.some((e) => e.from === 'cli/program.ts' && e.to.startsWith('cli/commands/'))).toBe(true);
  });

  it('every import resolves to a file in src/', () => {
    const files = new Set(sourceFiles(SRC).map((f) => relative(SRC, f).split(sep).join('/')));
    const missing = edges.filter((e) => !files.has(e.to) && !files.has(e.to.replace(/\.ts$/, '.tsx')));
    expect(show(missing)).toEqual([]);
  });

  it(`${INNER.join(', ')} never import from ${FRONT_DOORS.join(' or ')}`, () => {
    const wrong = edges.filter((e) => INNER.includes(folderOf(e.from)) && FRONT_DOORS.includes(folderOf(e.to)));
    expect(show(wrong)).toEqual([]);
  });

  it('domain imports nothing of ours outside domain', () => {
    const wrong = edges.filter((e) => folderOf(e.from) === 'domain' && folderOf(e.to) !== 'domain');
    expect(show(wrong)).toEqual([]);
  });

  it('no import cycle between the folders of src/', () => {
    // Each folder-to-folder import inside a cycle, with one import that makes it.
    const cycles = folderCycles(edges).map((group) => {
      const hops = new Map<string, string>();
      for (const e of edges) {
        const hop = `${folderOf(e.from)} → ${folderOf(e.to)}`;
        if (folderOf(e.from) !== folderOf(e.to) && group.includes(folderOf(e.from)) && group.includes(folderOf(e.to)) && !hops.has(hop)) {
          hops.set(hop, `${hop} (${e.from} → ${e.to})`);
        }
      }
      return [...hops.values()].sort();
    });
    expect(cycles).toEqual([]);
  });
});
