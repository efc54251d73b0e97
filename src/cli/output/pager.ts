/**
 * Long human output on a terminal goes through the operator's pager, as git does:
 * `$AKASA_PAGER`, else `$PAGER`, else `less -FRX` (which quits at once when the text fits
 * one screen and keeps colours). Short output, or a pager that cannot start, is written as is.
 */
import { spawn } from 'node:child_process';

export function pageOrWrite(text: string, env: NodeJS.ProcessEnv, stream: NodeJS.WriteStream = process.stdout): Promise<void> {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const rows = stream.rows ?? 24;
  const command = env.AKASA_PAGER ?? env.PAGER ?? 'less -FRX';
  if (body.split('\n').length - 1 < rows || command.trim() === '' || command.trim() === 'cat') {
    stream.write(body);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const child = spawn(command, { shell: true, stdio: ['pipe', 'inherit', 'inherit'], env: { LESS: 'FRX', ...env } });
    let done = false;
    const finish = (fallback: boolean) => {
      if (done) return;
      done = true;
      if (fallback) stream.write(body);
      resolve();
    };
    child.on('error', () => finish(true));
    child.on('close', (code) => finish(code === 127));
    // The operator may quit the pager before reading everything: that is not an error.
    child.stdin.on('error', () => {});
    child.stdin.end(body);
  });
}
