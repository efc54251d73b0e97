/**
 * Keys typed faster than the dashboard reads them. ink splits escape sequences (arrows,
 * Page Up…) out of what it reads, but hands a run of ordinary keys to `useInput` as one
 * string, the way a paste arrives. Outside text entry the dashboard reads single keys, so
 * `/QP1003⏎` typed quickly, or `r` then Enter, came through as one unknown string and was
 * ignored. This splits such a run into its keys, in order.
 */
import type { Key } from 'ink';

/** A key with nothing pressed: what each split key starts from. */
export const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** True for a run of ordinary keys (no escape sequence: ink hands each of those over on its own). */
export function isKeyRun(input: string): boolean {
  return input.length > 1 && !input.includes('\u001B');
}

/** The keys of a run, in order, each as ink would have reported it alone. */
export function splitKeyRun(run: string): Array<{ input: string; key: Key }> {
  const keys: Array<{ input: string; key: Key }> = [];
  for (const ch of run) {
    const code = ch.codePointAt(0)!;
    if (ch === '\r' || ch === '\n') keys.push({ input: '', key: { ...NO_KEY, return: true } });
    else if (code === 0x7f || ch === '\b') keys.push({ input: '', key: { ...NO_KEY, backspace: true } });
    else if (ch === '\t') keys.push({ input: '', key: { ...NO_KEY, tab: true } });
    else if (code < 0x20) keys.push({ input: String.fromCharCode(code + 0x60), key: { ...NO_KEY, ctrl: true } });
    else keys.push({ input: ch, key: NO_KEY });
  }
  return keys;
}
