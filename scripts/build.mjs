// Bundles the CLI into dist/ with esbuild. Command groups are dynamic imports, so they
// become separate chunks and `akasa --help` loads only the registry. Native and heavy
// UI/watch dependencies stay external and are loaded only by the commands that need them.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { 'cli/main': 'src/cli/main.ts' },
  outdir: 'dist',
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
import { writeFileSync } from 'node:fs';
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
