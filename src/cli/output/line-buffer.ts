/**
 * Gathers output lines and writes them in large chunks: a bulk ingest can print thousands
 * of alert notices, and one write call per line costs a system call each. Lines go out
 * when the buffer is full, when the event loop next turns (so a slow stream still shows
 * lines promptly), and on `flush()`.
 */
export interface LineBuffer {
  write(line: string): void;
  flush(): void;
}

export function bufferLines(write: (text: string) => void, maxBytes = 64 * 1024): LineBuffer {
  let lines: string[] = [];
  let bytes = 0;
  let scheduled = false;
  const flush = () => {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    lines = [];
    bytes = 0;
    write(text);
  };
  return {
    write(line) {
      lines.push(line);
      bytes += line.length + 1;
      if (bytes >= maxBytes) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    },
    flush,
  };
}
