import { stripVTControlCharacters } from 'node:util';

/** Key sequences as a terminal sends them. */
export const KEY = {
  up: '\u001B[A',
  down: '\u001B[B',
  enter: '\r',
  escape: '\u001B',
  backspace: '\u007F',
  ctrlC: '\u0003',
} as const;

/** The frame as plain text (colours stripped). */
export function plain(frame: string | undefined): string {
  return stripVTControlCharacters(frame ?? '');
}

/**
 * Waits until `check` passes on the latest frame: ink renders after React commits, which
 * is not synchronous with `stdin.write`. Bounded: 200 tries, about 2 s.
 */
export async function until(lastFrame: () => string | undefined, check: (frame: string) => boolean, what: string): Promise<string> {
  let frame = '';
  for (let i = 0; i < 200; i++) {
    frame = plain(lastFrame());
    if (check(frame)) return frame;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
}

/** Lets pending input and renders settle (a few event-loop turns). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
  await new Promise((r) => setTimeout(r, 20));
}
