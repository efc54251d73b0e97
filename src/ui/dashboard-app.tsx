import { useCallback, useEffect, useRef, useState } from 'react';
import type { AlertDetails, AlertId, DashboardSnapshot } from '../domain/dashboard-snapshot.js';
import type { ReaccommodationResult } from '../domain/reaccommodation-result.js';
import { Dashboard } from './dashboard.js';

export interface DashboardAppProps {
  /** Reads a fresh snapshot (the command wires it to the store). */
  load(): DashboardSnapshot;
  loadDetails(id: AlertId): AlertDetails;
  resolve(id: AlertId, note: string | undefined): void | Promise<void>;
  /** Plans (`dryRun`) or applies the re-accommodation of an alert's flight-date; absent, the dashboard does not offer it. */
  reaccommodate?(id: AlertId, dryRun: boolean): ReaccommodationResult | Promise<ReaccommodationResult>;
  onQuit(): void;
  /** Refresh period; the dashboard re-reads the store at least this often. */
  intervalMs?: number;
  width?: number;
  height?: number;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The dashboard's one container: it calls the injected loader on a timer and after every
 * change, and hands the results to the presentational `Dashboard`. It does no I/O itself;
 * the command supplies `load`, `loadDetails`, `resolve` and `reaccommodate`.
 */
export function DashboardApp({ load, loadDetails, resolve, reaccommodate, onQuit, intervalMs = 1000, width, height }: DashboardAppProps) {
  const [snapshot, setSnapshot] = useState<DashboardSnapshot>(load);
  const [detailsId, setDetailsId] = useState<AlertId | null>(null);
  const [details, setDetails] = useState<AlertDetails | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const detailsIdRef = useRef<AlertId | null>(null);

  const refresh = useCallback(() => {
    try {
      setSnapshot(load());
      const id = detailsIdRef.current;
      if (id !== null) setDetails(loadDetails(id));
      setProblem(null);
    } catch (err) {
      // Keep showing the last picture, but say that it is no longer current.
      setProblem(`refresh failed: ${message(err)}`);
    }
  }, [load, loadDetails]);

  useEffect(() => {
    const timer = setInterval(refresh, intervalMs);
    return () => clearInterval(timer);
  }, [refresh, intervalMs]);

  const onOpenDetails = (id: AlertId | null) => {
    detailsIdRef.current = id;
    setDetailsId(id);
    if (id === null) return setDetails(null);
    try {
      setDetails(loadDetails(id));
    } catch (err) {
      setDetails(null);
      setProblem(`could not load alert ${id}: ${message(err)}`);
    }
  };

  const onResolve = async (id: AlertId, note: string | undefined) => {
    await resolve(id, note);
    refresh();
  };

  const onReaccommodate = async (id: AlertId, dryRun: boolean) => {
    const result = await reaccommodate!(id, dryRun);
    if (!dryRun) refresh();
    return result;
  };

  return (
    <Dashboard
      snapshot={snapshot}
      details={detailsId === null ? null : details}
      onOpenDetails={onOpenDetails}
      onResolve={onResolve}
      onReaccommodate={reaccommodate ? onReaccommodate : undefined}
      onQuit={onQuit}
      problem={problem}
      width={width}
      height={height}
    />
  );
}
