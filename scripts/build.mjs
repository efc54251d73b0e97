// Bundles the CLI into dist/ with esbuild. Command groups are dynamic imports, so they
// become separate chunks and `akasa --help` loads only the registry. Native and heavy
// UI/watch dependencies stay external and are loaded only by the commands that need them.
// The bundle is written beside dist/ and swapped in, so a CLI started during a rebuild
// never sees a half-written dist/.
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const staging = new URL(`dist.build-${process.pid}/`, root);
const previous = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL('dist/', root);

// The newest migration, as a constant: the store compares it with PRAGMA user_version and
// loads the migrations (and kysely's Migrator) only when a database is behind.
const migrationList = readFileSync(new URL('src/store/migrations/index.ts', root), 'utf8');
const latestMigration = [...migrationList.matchAll(/^\s*'(\d{3}-[^']+)'\s*:/gm)].length;
if (latestMigration === 0) throw new Error('build: no migrations found in src/store/migrations/index.ts');

const result = await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: staging.pathname,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  metafile: true,
  jsx: 'automatic',
  define: { __AKASA_LATEST_MIGRATION__: String(latestMigration) },
  logLevel: 'warning',
  external: ['better-sqlite3', 'ink', 'react', 'react/jsx-runtime', 'chokidar', 'autocannon', 'ink-testing-library', 'cli-progress'],
  banner: { js: "import { createRequire as __akasaCreateRequire } from 'node:module'; const require = __akasaCreateRequire(import.meta.url);" },
});
writeFileSync(new URL('meta.json', staging), JSON.stringify(result.metafile));
try {
  renameSync(dist, previous);
} catch {
  // no previous build
}
renameSync(staging, dist);
rmSync(previous, { recursive: true, force: true });
