import { buildProgram, type ProgramState } from './program.js';
import { reportError } from './report-error.js';
import { createTheme } from './output/theme.js';

/** Entry point: parse, run, and map any error to a message on stderr and an exit code. */
async function main(argv: string[]): Promise<number> {
  const state: ProgramState = {};
  const program = buildProgram(state);
  try {
    await program.parseAsync(argv);
    return state.runtime?.exitCode ?? 0;
  } catch (err) {
    const theme = state.runtime?.errTheme ?? createTheme(process.stderr);
    return reportError(err, theme, state.runtime?.json ?? argv.includes('--json'), (t) => void process.stderr.write(`${t}\n`));
  } finally {
    state.runtime?.close();
  }
}

process.exitCode = await main(process.argv);
