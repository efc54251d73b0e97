/**
 * The built `akasa dashboard` in a real pseudo-terminal (python3's pty module drives it, as
 * an operator's terminal would): it draws from the bundle, resolves an alert in the store
 * through the keys, gives the screen back and exits 0 on `q`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AKASA_BIN, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const hasPython = spawnSync('python3', ['-c', 'import pty'], { stdio: 'ignore' }).status === 0;

/**
 * Runs argv in a pty of 80x24, then plays `steps`: wait until the screen (escape codes
 * stripped) shows `wait`, then type `send`. Every wait is bounded; prints a JSON report.
 */
const DRIVER = String.raw`
import json, os, pty, re, select, signal, struct, sys, time, fcntl, termios
spec = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(spec['argv'][0], spec['argv'], dict(os.environ, **spec['env']))
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 80, 0, 0))
raw = b''
def text():
    return re.sub(r'\x1b\[[0-9;?]*[ -/]*[@-~]', '', raw.decode('utf-8', 'replace'))
def read(timeout):
    global raw
    r, _, _ = select.select([fd], [], [], timeout)
    if not r: return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    raw += chunk
    return len(chunk) > 0
failed = None
for step in spec['steps']:
    start = len(text()) if step.get('fresh') else 0
    deadline = time.time() + 15
    while step['wait'] not in text()[start:]:
        if time.time() > deadline or not read(0.05):
            failed = step['wait']; break
    if failed: break
    if step.get('chunk'):
        os.write(fd, step['send'].encode())  # keys arriving faster than they are read
    else:
        for ch in step['send']:
            os.write(fd, ch.encode()); read(0.02)
code = None
deadline = time.time() + 10
while time.time() < deadline:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        code = os.waitstatus_to_exitcode(status); break
    read(0.05)
if code is None:
    os.kill(pid, signal.SIGKILL); os.waitpid(pid, 0)
styled = re.search(rb'\x1b\[[0-9;]*m', raw) is not None
print(json.dumps({'failed_waiting_for': failed, 'exit': code, 'screen': text()[-3000:], 'left_alt_screen': b'\x1b[?1049l' in raw, 'styled': styled}))
`;

interface Report {
  failed_waiting_for: string | null;
  exit: number | null;
  screen: string;
  left_alt_screen: boolean;
  /** Any SGR (colour/bold/inverse) sequence in the output. */
  styled: boolean;
}

function drive(argv: string[], env: Record<string, string>, steps: Array<{ wait: string; send: string; fresh?: boolean; chunk?: boolean }>): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', DRIVER, JSON.stringify({ argv, env, steps })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(out) as Report);
      } catch {
        reject(new Error(`pty driver failed:\n${out}\n${err}`));
      }
    });
  });
}

describe.skipIf(!hasPython)('akasa dashboard in a terminal', () => {
  it('draws the demo store, resolves an alert with a note after confirming, and quits on q', async () => {
    const db = join(tempDir(), 'demo.db');
    const demo = await runCli(['--json', 'demo', '--db', db], { env: { AKASA_NOW: undefined }, timeoutMs: 60_000 });
    expect(demo.code, demo.stderr).toBe(0);
    const { alerts } = demo.json<{ alerts: Array<{ id: number; alert_type: string; resolved: boolean }> }>();
    const first = alerts.find((a) => a.alert_type === 'DIVERSION')!; // most severe and oldest open alert: selected first
    expect(first).toBeDefined();

    const report = await drive(
      [process.execPath, AKASA_BIN, '--db', db, 'dashboard', '--date', '2026-12-01'],
      { AKASA_NOW: '2026-12-01T03:00:00Z', NO_COLOR: '1' },
      [
        { wait: 'Open alerts', send: 'r' },
        { wait: '(optional):', send: 'handled\r', chunk: true },
        { wait: '[y/N]', send: 'y' },
        { wait: 'resolved (handled)', send: 'q', fresh: true },
      ],
    );
    expect(report.failed_waiting_for, report.screen).toBeNull();
    expect(report.exit, report.screen).toBe(0);
    expect(report.left_alt_screen).toBe(true);
    expect(report.styled, 'NO_COLOR=1 must turn off colours and styles').toBe(false);
    expect(report.screen).toMatch(/QP2001\s+BOM→DEL\s+18:30\s+20:40\s+CANCELLED/);
    expect(report.screen).toMatch(/QP1002\s+BOM→BLR\s+\S+\s+\S+\s+DIV→MAA/);

    const list = await runCli(['--db', db, '--json', 'alert', 'list', '--all']);
    const after = list.json<{ alerts: Array<{ id: number; resolved: boolean; resolution_note: string | null }> }>().alerts;
    const resolved = after.filter((a) => a.resolved && a.resolution_note === 'handled');
    expect(resolved.map((a) => a.id)).toHaveLength(1);
  }, 120_000);

  it('re-accommodates the cancelled flight from its alert after confirming, and shows the result', async () => {
    const db = join(tempDir(), 'demo.db');
    const demo = await runCli(['--json', 'demo', '--db', db], { env: { AKASA_NOW: undefined }, timeoutMs: 60_000 });
    expect(demo.code, demo.stderr).toBe(0);
    const env = { AKASA_NOW: '2026-12-01T03:00:00Z', NO_COLOR: '1' };
    const plan = await runCli(['--db', db, '--json', 'reaccommodate', 'QP2001', '--date', '2026-12-01', '--dry-run'], { env });
    const { moved } = plan.json<{ moved: number }>();
    expect(moved).toBeGreaterThan(0);

    const report = await drive([process.execPath, AKASA_BIN, '--db', db, 'dashboard', '--date', '2026-12-01'], env, [
      { wait: 'Open alerts', send: '/2001\r', chunk: true },
      { wait: 'filter "2001"', send: 'p' },
      { wait: `[y/N] move ${moved} passengers off QP2001 2026-12-01 as shown?`, send: 'y' },
      { wait: 'every passenger placed', send: 'q', fresh: true },
    ]);
    expect(report.failed_waiting_for, report.screen).toBeNull();
    expect(report.exit, report.screen).toBe(0);
    expect(report.screen).toContain(`Re-accommodation: ${moved} moved at`);

    const again = await runCli(['--db', db, '--json', 'reaccommodate', 'QP2001', '--date', '2026-12-01', '--dry-run'], { env });
    expect(again.json()).toMatchObject({ moved: 0, unplaced: 0 });
  }, 120_000);
});
