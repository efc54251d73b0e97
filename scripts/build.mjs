// Bundles the CLI into dist/ with esbuild. Command groups are dynamic imports, so they
// become separate chunks and `akasa --help` loads only the registry. Native and heavy
// UI/watch dependencies stay external and are loaded only by the commands that need them.
// The bundle is written beside dist/ and swapped in, so a CLI started during a rebuild
// never sees a half-written dist/.
import { build } from 'esbuild';
import { renameSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const staging = new URL(`dist.build-${process.pid}/`, root);
const previous = new URL(`dist.old-${process.pid}/`, root);
const dist = new URL('dist/', root);

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
