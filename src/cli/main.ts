import { NotFoundError } from '../domain/errors.js';
import { versionRequest, buildProgram, type ProgramState } from './program.js';
import { reportError } from './report-error.js';
import { createTheme } from './output/theme.js';

// A reader that stops early (`akasa booking list | head -1`) closes the pipe: that is its
// choice, not a failure, so the command ends quietly with 0.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

/** Entry point: parse, run, and map any error to a message on stderr and an exit code. */
async function main(argv: string[]): Promise<number> {
  const state: ProgramState = {};
  try {
    const version = versionRequest(state, argv);
    if (version) await version();
    else await (await buildProgram(state, argv)).parseAsync(argv);
    await state.runtime?.settle();
    return state.runtime?.exitCode ?? 0;
  } catch (err) {
    // "customer CUST001 not found" on a store nobody seeded: say what is really wrong.
    if (err instanceof NotFoundError && err.entity !== 'store') {
      const hint = await state.runtime?.emptyStoreHint().catch(() => undefined);
      if (hint) err = new NotFoundError(err.entity, err.key, `${err.message}; ${hint}`);
    }
    const theme = state.runtime?.errTheme ?? createTheme(process.stderr);
    return reportError(err, theme, state.runtime?.json ?? argv.includes('--json'), (t) => void process.stderr.write(`${t}\n`));
  } finally {
    state.runtime?.close();
  }
}

// No top-level await: bin/akasa loads this module with `require` (see scripts/sync-chunk-loading.mjs).
void main(process.argv).then((code) => {
  process.exitCode = code;
});
