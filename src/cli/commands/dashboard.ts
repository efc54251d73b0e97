/**
 * `akasa dashboard`: the live ink view. ink and react are imported here, dynamically and
 * only once we know we will draw, so no other command (nor `--help`) ever loads them.
 */
import { constants as osConstants } from 'node:os';
import { UsageError } from '../../domain/errors.js';
import { printableData } from '../../domain/printable.js';
import { date, topCommand } from '../define-command.js';

/** How often the view re-reads the store (ms). The issue asks for at least once a second. */
const REFRESH_MS = 1000;

// Alternate screen buffer: the dashboard takes the whole terminal and gives it back as it was.
const ENTER_ALT_SCREEN = '\u001B[?1049h\u001B[H';
const LEAVE_ALT_SCREEN = '\u001B[?1049l';

export const self = topCommand({
  options: { date: date('--date <date>', 'day to show (default: today, IST)') },
  examples: ['akasa dashboard', 'akasa dashboard --date tomorrow'],
  async run({ opts }, rt) {
    if (rt.json) {
      throw new UsageError('the dashboard is interactive and has no --json output; for JSON use `akasa flight list --json`, `akasa alert list --json` or `akasa event list --json`');
    }
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      throw new UsageError(
        'akasa dashboard draws a live full-screen view and needs an interactive terminal (stdin and stdout must be a TTY); in scripts use `akasa flight list`, `akasa alert list` or `akasa event list`',
      );
    }
    const ctx = await rt.services();
    const { dashboardDate, loadDashboard, loadAlertDetails, reaccommodateFromDashboard, resolveFromDashboard } = await import('../../services/dashboard.js');
    // Validate --date before taking over the screen, so a typo gets a plain error.
    const date = dashboardDate(ctx, opts.date);
    const follow = opts.date === undefined; // without --date, "today" moves on at midnight IST
    loadDashboard(ctx, { date }); // fail now (e.g. an unreadable store) rather than on an empty screen

    // ink styles through its own chalk, which ignores NO_COLOR; FORCE_COLOR=0 (read when ink
    // loads) turns it off, so the dashboard honours NO_COLOR like every other command.
    if (!rt.theme.color) process.env.FORCE_COLOR = '0';
    // ink (via is-in-ci, read when it loads) draws only a final frame when `CI` is set. Both
    // ends were just checked to be a terminal, so someone is watching: draw live regardless.
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
    const [{ render }, { createElement }, { DashboardApp }] = await Promise.all([import('ink'), import('react'), import('../../ui/dashboard-app.js')]);
    process.stdout.write(ENTER_ALT_SCREEN);
    // A signal (Ctrl-C before the keyboard is in raw mode, a closed terminal, kill) ends the
    // view the same way as `q`, so the terminal always gets its screen back.
    let unmount: (() => void) | undefined;
    const onSignal = (signal: NodeJS.Signals) => {
      rt.exitCode = 128 + (osConstants.signals[signal] ?? 0);
      unmount?.();
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, onSignal);
    try {
      const app = render(
        createElement(DashboardApp, {
          // The view draws each field itself: what it is given is made printable once, here.
          load: () => printableData(loadDashboard(ctx, { date: follow ? dashboardDate(ctx, undefined) : date })),
          loadDetails: (id) => printableData(loadAlertDetails(ctx, id)),
          resolve: (id, note) => resolveFromDashboard(ctx, id, note),
          reaccommodate: (id, dryRun) => printableData(reaccommodateFromDashboard(ctx, id, dryRun)),
          onQuit: () => app.unmount(),
          intervalMs: REFRESH_MS,
        }),
        // The dashboard handles Ctrl-C itself (as "quit"), so the screen is restored either way.
        { exitOnCtrlC: false, patchConsole: false },
      );
      unmount = () => app.unmount();
      await app.waitUntilExit();
    } finally {
      for (const s of signals) process.off(s, onSignal);
      process.stdout.write(LEAVE_ALT_SCREEN);
    }
  },
});
