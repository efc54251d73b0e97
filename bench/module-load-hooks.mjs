// Module-resolution hook for the start-up benchmark: appends every module URL the process
// resolves through the ESM loader to the file named by AKASA_MODULE_LOG. Registered by
// bench/module-load-reporter.mjs (node --import); runs on the loader thread.
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.AKASA_MODULE_LOG) appendFileSync(process.env.AKASA_MODULE_LOG, `${result.url}\n`);
  return result;
}
