/**
 * kysely, loaded on first use. The bundle ships it as one CommonJS file beside the chunks
 * (dist/kysely.cjs, see scripts/build.mjs) and embeds every defined query's SQL (query.ts),
 * so commands that only run defined queries, such as `booking show` and `booking list`,
 * never load it; it loads for `store.db` (builders run per call) and for migrations. From
 * source (tests, the build's query compiler) `loadKyselyFromSource` imports it first.
 */
import { createRequire } from 'node:module';

declare global {
  interface ImportMeta {
    /** `true` in the bundle (esbuild define), undefined when running from source. */
    AKASA_BUNDLE?: boolean;
  }
}

export type KyselyModule = typeof import('kysely');

const nodeRequire = createRequire(import.meta.url);
let fromSource: KyselyModule | undefined;

/** From source only: imports kysely so that `kysely()` can hand it out synchronously. */
export async function loadKyselyFromSource(): Promise<void> {
  // Dead code in the bundle (the define makes the condition false), so no kysely chunk is linked.
  if (!import.meta.AKASA_BUNDLE) fromSource ??= await import('kysely');
}

export function kysely(): KyselyModule {
  if (import.meta.AKASA_BUNDLE) return nodeRequire('./kysely.cjs') as KyselyModule;
  if (!fromSource) throw new Error('internal: kysely was not loaded');
  return fromSource;
}
