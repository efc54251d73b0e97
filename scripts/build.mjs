// Bundles the CLI into dist/ with esbuild. Command groups are dynamic imports, so they
// become separate chunks and `akasa --help` loads only the registry. Native and heavy
// UI/watch dependencies stay external and are loaded only by the commands that need them.
// The bundle is written beside dist/ and swapped in, so a CLI started during a rebuild
// never sees a half-written dist/.
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { chunkGroupsPlugin, planChunkGroups } from './chunk-groups.mjs';
import { LOAD_HELPER, loadChunksByRequire } from './sync-chunk-loading.mjs';

const nodeRequire = createRequire(import.meta.url);

const root = new URL('../', import.meta.url);
const staging = new URL(`dist.build-${process.pid}/`, root);
const previous = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL('dist/', root);

// The newest migration, as a constant: the store compares it with PRAGMA user_version and
// loads the migrations (and kysely's Migrator) only when a database is behind.
const migrationList = readFileSync(new URL('src/store/migrations/index.ts', root), 'utf8');
const latestMigration = [...migrationList.matchAll(/^\s*'(\d{3}-[^']+)'\s*:/gm)].length;
if (latestMigration === 0) throw new Error('build: no migrations found in src/store/migrations/index.ts');
// `akasa --version` shows the package's version without reading package.json at run time.
const version = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')).version;

// kysely as one CommonJS file, loaded synchronously by the store on first use (see
// scripts/kysely-cjs-shim.mjs and src/store/database.ts): hand-written-SQL commands such as
// `booking show` then never parse or evaluate it.
await build({
  stdin: { contents: "export * from 'kysely';", resolveDir: root.pathname, loader: 'js' },
  outfile: new URL('kysely.cjs', staging).pathname,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: process.env.AKASA_BUILD_NO_MINIFY !== "1",
  logLevel: 'warning',
});
const kyselyFromCjs = {
  name: 'kysely-from-cjs',
  setup(b) {
    // sideEffects: false lets esbuild drop the shim where its exports are unused (the store).
    b.onResolve({ filter: /^kysely$/ }, () => ({ path: new URL('scripts/kysely-cjs-shim.mjs', root).pathname, sideEffects: false }));
  },
};

// Every defined query (src/store/query.ts), compiled here: the store's modules are bundled
// and loaded once (with source maps, so each query's defining module shows on the stack),
// each query's builder runs with placeholders, and each module of the bundle gets its own
// queries' SQL appended (see embedQueries), so running a defined query never loads kysely.
const storeModules = readdirSync(new URL('src/store/', root)).filter((f) => f.endsWith('.ts')).sort();
const compilerFile = new URL('compile-queries.mjs', staging);
await build({
  stdin: {
    contents: [
      "import { recordDefiningModules } from './src/store/query.js';",
      'recordDefiningModules();',
      ...storeModules.map((f) => `await import('./src/store/${f.replace(/\.ts$/, '.js')}');`),
      "export { compileAllQueries, definingModules } from './src/store/query.js';",
      "export { compilingKysely } from './src/store/sqlite-dialect.js';",
      "export { kysely, loadKyselyFromSource } from './src/store/kysely-loader.js';",
    ].join('\n'),
    resolveDir: root.pathname,
    loader: 'ts',
  },
  outfile: compilerFile.pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
/** src/store module file name → its queries' statements by query name. */
const queriesByModule = new Map();
try {
  process.setSourceMapsEnabled(true);
  const compiler = await import(compilerFile.href);
  await compiler.loadKyselyFromSource();
  const statements = compiler.compileAllQueries(compiler.compilingKysely(compiler.kysely()));
  for (const [name, module] of Object.entries(compiler.definingModules())) {
    if (!queriesByModule.has(module)) queriesByModule.set(module, {});
    queriesByModule.get(module)[name] = statements[name];
  }
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  throw err;
} finally {
  process.setSourceMapsEnabled(false);
}
rmSync(compilerFile);
const queriesOf = (path) => (/\/src\/store\/[\w-]+\.ts$/.test(path) ? queriesByModule.get(path.slice(path.lastIndexOf('/') + 1)) : undefined);
/** A store module's source with its queries' SQL appended, as one JSON string literal. */
function withEmbeddedQueries(path, source) {
  const statements = queriesOf(path);
  if (!statements) return source;
  const json = JSON.stringify(JSON.stringify(statements));
  return `${source}\nimport { provideStatements as __akasaProvideStatements } from './query.js';\n__akasaProvideStatements(${json});\n`;
}
const embedQueries = {
  name: 'embed-queries',
  setup(b) {
    b.onLoad({ filter: /\/src\/store\/[\w-]+\.ts$/, namespace: 'file' }, (args) => {
      if (!queriesOf(args.path)) return undefined;
      return { contents: withEmbeddedQueries(args.path, readFileSync(args.path, 'utf8')), loader: 'ts' };
    });
  },
};

// Node's built-in modules through `require` (the banner's) rather than as ES modules: an
// ESM import of a built-in makes Node build a facade of all its exports at start-up, and the
// facade of node:process reads process.stdin and process.stdout, opening both. Each built-in
// becomes a small module of the bundle that reads what is imported from the CommonJS export
// (unused exports are dropped); `require` calls (bundled CommonJS packages) stay as they are.
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (args.kind !== 'import-statement' || !isBuiltin(name)) return undefined;
      // One module per importer, so that it lands in the importer's chunk rather than in a chunk of its own.
      return { path: `${name}?${args.importer}`, namespace: 'builtin', sideEffects: false };
    });
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const name = args.path.slice(0, args.path.indexOf('?'));
      const source = name === 'process' ? 'globalThis.process' : `require(${JSON.stringify(`node:${name}`)})`;
      const names = Object.keys(nodeRequire(`node:${name}`)).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== 'default');
      const exports = names.map((n) => `export const ${n} = /* @__PURE__ */ (() => m.${n})();`);
      return { contents: [`const m = ${source};`, 'export default m;', ...exports].join('\n'), loader: 'js' };
    });
  },
};

// chalk without its own terminal detection: akasa's theme decides whether to colour
// (src/cli/output/theme.ts) and gives every Chalk instance its level, so chalk's
// supports-color, which loads node:tty and node:os and inspects the terminal when chalk is
// imported, is replaced by "no colour detected".
const chalkWithoutDetection = {
  name: 'chalk-without-detection',
  setup(b) {
    b.onResolve({ filter: /^#supports-color$/ }, () => ({ path: 'supports-color', namespace: 'chalk-level-set-by-akasa' }));
    b.onLoad({ filter: /.*/, namespace: 'chalk-level-set-by-akasa' }, () => ({ contents: 'export default { stdout: false, stderr: false };', loader: 'js' }));
  },
};

// commander requires node:child_process when it loads, for subcommands that are separate
// executables, which akasa has none of; child_process (with net and more) then loads at
// every start. The bundled copy requires it on first use instead.
const commanderSpawnOnUse = {
  name: 'commander-spawn-on-use',
  setup(b) {
    b.onLoad({ filter: /\/commander\/lib\/command\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!source.includes(eager)) throw new Error(`build: ${args.path} no longer requires child_process as expected; check commander-spawn-on-use`);
      const onUse = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: source.replace(eager, onUse), loader: 'js' };
    });
  },
};

const options = {
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: staging.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: process.env.AKASA_BUILD_NO_MINIFY !== "1",
  metafile: true,
  jsx: 'automatic',
  define: {
    __AKASA_LATEST_MIGRATION__: String(latestMigration),
    __AKASA_VERSION__: JSON.stringify(version),
    'import.meta.AKASA_BUNDLE': 'true',
  },
  plugins: [kyselyFromCjs, embedQueries, builtinsByRequire, chalkWithoutDetection, commanderSpawnOnUse],
  logLevel: 'warning',
  // better-sqlite3's JavaScript is bundled (one chunk instead of a dozen CommonJS files to
  // resolve and read); its compiled addon is loaded by path (src/store/database.ts), and
  // `bindings`, its fallback search for the addon, stays a package.
  external: ['bindings', 'ink', 'react', 'react/jsx-runtime', 'chokidar', 'autocannon', 'ink-testing-library', 'cli-progress'],
  banner: { js: `import { createRequire as __akasaCreateRequire } from 'node:module'; const require = __akasaCreateRequire(import.meta.url); ${LOAD_HELPER}` },
};

// What the commands operators run in loops load, as few files as esbuild's splitting allows
// (see scripts/chunk-groups.mjs): what every command needs beside the entry, then what
// `booking show` and `booking list` need beside their group file. Views, the table
// renderer, the pager and other commands' services stay lazy.
const plan = await planChunkGroups(options, [
  { name: 'start', from: ['src/cli/main.ts'] },
  { name: 'booking', from: ['src/cli/commands/booking.ts', 'src/store/database.ts'] },
]);
const result = await build({ ...options, plugins: [chunkGroupsPlugin(plan, withEmbeddedQueries), ...options.plugins] });
loadChunksByRequire(result.metafile);
writeFileSync(new URL('meta.json', staging), JSON.stringify(result.metafile));
// The shim finds kysely.cjs beside the chunk that holds it: chunks live in dist/, the entry in dist/cli/.
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (Object.keys(out.inputs).some((i) => i.endsWith('kysely-cjs-shim.mjs')) && file.includes('/cli/')) {
    throw new Error(`build: the kysely shim landed in ${file}, where ./kysely.cjs does not resolve`);
  }
}
// Shell completion, written once from the whole command tree (src/cli/completion-scripts.ts),
// so `akasa completion SHELL` prints a file (dist/completion/) instead of declaring every
// command group. The program is bundled on its own, every group inlined, and loaded here.
const completionGenerator = new URL('completion-generator.mjs', staging);
await build({
  stdin: {
    contents: "export { buildWholeProgram } from './src/cli/program.js';\nexport { completionScripts } from './src/cli/completion-scripts.js';",
    resolveDir: root.pathname,
    loader: 'ts',
  },
  outfile: completionGenerator.pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  define: options.define,
  logLevel: 'warning',
});
try {
  const { buildWholeProgram, completionScripts } = await import(completionGenerator.href);
  const scripts = completionScripts(await buildWholeProgram());
  mkdirSync(new URL('completion/', staging));
  for (const [shell, script] of Object.entries(scripts)) writeFileSync(new URL(`completion/akasa.${shell}`, staging), script);
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  throw err;
}
rmSync(completionGenerator);
// The completion command reads dist/completion/ beside the chunk that holds it: chunks live in dist/, the entry in dist/cli/.
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  if (Object.keys(out.inputs).some((i) => i.endsWith('src/cli/commands/about.ts')) && file.includes('/cli/')) {
    throw new Error(`build: the completion command landed in ${file}, where ./completion/ does not resolve`);
  }
}
try {
  renameSync(dist, previous);
} catch {
  // no previous build
}
renameSync(staging, dist);
rmSync(previous, { recursive: true, force: true });
