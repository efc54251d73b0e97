// Chunks loaded with `require` (used by scripts/build.mjs).
//
// Node ≥ 20.19 loads an ES module graph synchronously through `require` when it has no
// top-level await. bin/akasa is CommonJS and requires the entry, and each chunk's `import()`
// of another chunk becomes `__load()` (a helper of the same length, so source maps stay
// exact): `require` on a later tick, or `import()` where Node cannot require ES modules (or
// where a module awaits at top level).
// Loading that way never starts Node's asynchronous module loader, which costs a command
// the loader's own start-up (fs/promises, readline and more) and a round of promises per
// file. Chunks that import an external package (ink, react, chokidar, cli-progress) keep
// `import()`: such a package may use top-level await.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** Defined in every chunk (the build's banner): loads a chunk of the bundle by relative path. */
export const LOAD_HELPER =
  "const __load = (p) => Promise.resolve().then(() => require(p)).catch((e) => { if (e?.code === 'ERR_REQUIRE_ESM' || e?.code === 'ERR_REQUIRE_ASYNC_MODULE') return import(p); throw e; });";

/**
 * Rewrites, in the written bundle, every `import("./chunk.js")` whose target loads no
 * external package into `__load("./chunk.js")`.
 * @param {import('esbuild').Metafile} metafile the build's metafile (output paths relative to the working directory)
 * @returns {{ rewritten: number, kept: number }}
 */
export function loadChunksByRequire(metafile) {
  const outputs = Object.fromEntries(Object.entries(metafile.outputs).filter(([file]) => file.endsWith('.js')));
  const sync = new Map();
  /** Whether `file` and what it imports statically import no package (builtins aside). */
  const requirable = (file, seen = new Set()) => {
    if (sync.has(file)) return sync.get(file);
    if (seen.has(file)) return true;
    seen.add(file);
    const ok = outputs[file].imports.every((i) => i.kind !== 'import-statement' || (i.external ? i.path.startsWith('node:') : requirable(i.path, seen)));
    sync.set(file, ok);
    return ok;
  };
  let rewritten = 0;
  let kept = 0;
  for (const [file, out] of Object.entries(outputs)) {
    const targets = [...new Set(out.imports.filter((i) => i.kind === 'dynamic-import' && !i.external).map((i) => i.path))];
    if (targets.length === 0) continue;
    let source = readFileSync(resolve(file), 'utf8');
    for (const target of targets) {
      let spec = relative(dirname(file), target);
      if (!spec.startsWith('.')) spec = `./${spec}`;
      const call = `import(${JSON.stringify(spec)})`;
      const count = source.split(call).length - 1;
      if (count === 0) throw new Error(`build: ${file} imports ${target}, but ${call} is not in its text`);
      if (!requirable(target)) {
        kept += count;
        continue;
      }
      source = source.replaceAll(call, `__load(${JSON.stringify(spec)})`);
      rewritten += count;
    }
    writeFileSync(resolve(file), source);
  }
  return { rewritten, kept };
}
