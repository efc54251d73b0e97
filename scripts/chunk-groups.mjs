// Chunk groups for esbuild's code splitting (used by scripts/build.mjs).
//
// esbuild puts each module in the chunk of the exact set of entry points (the CLI entry and
// every dynamic import target) that reach it through static imports. akasa lazy-imports its
// command groups, views and services, so the modules a command shares with others end up in
// many small chunks, one per combination of importers, and Node's ES module loader pays for
// each file it resolves, opens, compiles and links. A chunk group names modules that should
// load as one file: every entry point that reaches any of them also imports all of them
// (through a virtual module appended to the entry's source), so they share one set of entry
// points and esbuild writes them as one chunk. The price: an entry point that needs a few of
// them evaluates them all, so a group holds what the commands run in loops need together.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';

/**
 * @typedef {{ name: string, from: string[] }} GroupSpec
 *   `from`: files (relative to the working directory) whose static imports, followed
 *   transitively, make up the group. A file of `from` that is only ever imported
 *   dynamically stays in its own entry chunk (which is loaded anyway); one that some module
 *   imports statically joins the group. A module already in an earlier group stays there.
 * @typedef {{ members: Map<string, string[]>, inject: Map<string, string[]> }} ChunkPlan
 *   members: group name → absolute paths; inject: entry file (absolute) → group names.
 */

const STATIC = new Set(['import-statement', 'require-call']);

/**
 * Works out the groups from a metafile-only build with the same options, and which entry
 * points must import which groups.
 * @param {import('esbuild').BuildOptions} options the real build's options (plugins included)
 * @param {GroupSpec[]} specs
 * @returns {Promise<ChunkPlan>}
 */
export async function planChunkGroups(options, specs) {
  const cwd = options.absWorkingDir ?? process.cwd();
  const { metafile } = await build({ ...options, write: false, minify: false, sourcemap: false, metafile: true, logLevel: 'error' });
  // Modules of plugins' own namespaces (`builtin:fs?…`) keep their names; they go where their importer goes.
  const virtual = (p) => /^[\w-]+:/.test(p);
  const abs = (p) => (virtual(p) ? p : resolve(cwd, p));
  /** Module → the modules it imports statically (bundled ones only). */
  const edges = new Map();
  const entries = new Set(Object.values(options.entryPoints).map(abs));
  for (const [path, input] of Object.entries(metafile.inputs)) {
    const to = [];
    for (const imp of input.imports) {
      if (imp.external) continue;
      if (STATIC.has(imp.kind)) to.push(abs(imp.path));
      else if (imp.kind === 'dynamic-import') entries.add(abs(imp.path));
    }
    edges.set(abs(path), to);
  }
  const closure = (starts) => {
    const seen = new Set();
    const stack = [...starts];
    while (stack.length) {
      const m = stack.pop();
      if (seen.has(m)) continue;
      seen.add(m);
      stack.push(...(edges.get(m) ?? []));
    }
    return seen;
  };

  const members = new Map();
  const grouped = new Set();
  for (const spec of specs) {
    const roots = spec.from.map(abs);
    for (const r of roots) if (!edges.has(r)) throw new Error(`chunk group ${spec.name}: ${spec.from[roots.indexOf(r)]} is not in the bundle`);
    const imported = new Set([...edges.values()].flat());
    const own = [...closure(roots)].filter((m) => (imported.has(m) || !roots.includes(m)) && !grouped.has(m) && !virtual(m));
    for (const m of own) grouped.add(m);
    members.set(spec.name, own);
  }
  // An entry that imports a group reaches that group's imports too, which may belong to
  // another group: repeat until no entry gains a group.
  const groupOf = new Map([...members].flatMap(([name, ms]) => ms.map((m) => [m, name])));
  const inject = new Map();
  for (let changed = true; changed; ) {
    changed = false;
    for (const entry of entries) {
      const wanted = inject.get(entry) ?? [];
      const reached = closure([entry, ...wanted.flatMap((g) => members.get(g))]);
      for (const m of reached) {
        const g = groupOf.get(m);
        if (g === undefined || wanted.includes(g)) continue;
        wanted.push(g);
        changed = true;
      }
      if (wanted.length) inject.set(entry, wanted);
    }
  }
  return { members, inject };
}

const LOADERS = { '.ts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/**
 * The plugin that applies a plan: entry files get `import 'akasa-chunk:<group>'` appended,
 * and each such virtual module imports the group's members for their side effects.
 * @param {ChunkPlan} plan
 * @param {(path: string, source: string) => string} [transform] what other plugins would have done to an entry's source
 */
export function chunkGroupsPlugin(plan, transform = (_path, source) => source) {
  return {
    name: 'chunk-groups',
    setup(b) {
      b.onResolve({ filter: /^akasa-chunk:/ }, (args) => ({ path: args.path.slice('akasa-chunk:'.length), namespace: 'akasa-chunk' }));
      b.onLoad({ filter: /.*/, namespace: 'akasa-chunk' }, (args) => ({
        // Packages' modules come along with the group's modules that import them (and a
        // bare import of one marked free of side effects would be dropped anyway).
        contents: plan.members
          .get(args.path)
          .filter((m) => !m.includes('/node_modules/'))
          .map((m) => `import ${JSON.stringify(m)};`)
          .join('\n'),
        loader: 'js',
        resolveDir: process.cwd(),
      }));
      b.onLoad({ filter: /.*/, namespace: 'file' }, (args) => {
        const groups = plan.inject.get(args.path);
        if (!groups) return undefined;
        const loader = LOADERS[extname(args.path)];
        if (!loader) throw new Error(`chunk groups: cannot add imports to ${relative(process.cwd(), args.path)}`);
        const source = transform(args.path, readFileSync(args.path, 'utf8'));
        return { contents: `${source}\n${groups.map((g) => `import 'akasa-chunk:${g}';`).join('\n')}\n`, loader, resolveDir: resolve(args.path, '..') };
      });
    },
  };
}
