/** The daemon's WAL checkpoints in a worker thread: the WAL is recycled without the writer checkpointing. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { catchUp, checkpointStep, restartWal, startWalCheckpointer } from '../../src/store/wal-checkpointer.js';
import { tempStore } from '../helpers/temp-store.js';

/**
 * Writes 200 transactions, gives the worker time to checkpoint, writes one more (the
 * first write after a complete checkpoint starts the WAL over) and returns the WAL's
 * length in frames. Without a checkpoint in between it is over 200.
 */
async function walLengthAfterBurst(store: Store): Promise<number> {
  for (let i = 0; i < 200; i++) store.write(() => store.sqlRun('insert into t values (?)', ['x'.repeat(2000)]));
  await new Promise((r) => setTimeout(r, 60));
  store.write(() => store.sqlRun('insert into t values (?)', ['y']));
  // `log` = frames in the WAL (this call then checkpoints too, which is fine: we measured first)
  return store.sqlFirst<{ log: number }>('pragma wal_checkpoint(PASSIVE)')!.log;
}

describe('WAL checkpointer', () => {
  it('recycles the WAL from its own thread while automatic checkpoints are off, and restores them on stop', async () => {
    const store = await tempStore();
    store.sqlRun('create table t (x text)');
    const checkpointer = startWalCheckpointer(store, { intervalMs: 10 });
    expect(store.sqlFirst<{ wal_autocheckpoint: number }>('pragma wal_autocheckpoint')?.wal_autocheckpoint).toBe(0);
    const lengths: number[] = [];
    for (let attempt = 0; attempt < 20 && !lengths.some((n) => n < 50); attempt++) lengths.push(await walLengthAfterBurst(store));
    await checkpointer.stop();
    expect(lengths.some((n) => n < 50)).toBe(true);
    expect(store.sqlFirst<{ wal_autocheckpoint: number }>('pragma wal_autocheckpoint')?.wal_autocheckpoint).toBe(1000);
  });

  it('control: with no checkpoint in the window the WAL is not recycled', async () => {
    const store = await tempStore();
    store.sqlRun('create table t (x text)');
    const checkpointer = startWalCheckpointer(store, { intervalMs: 3_600_000 });
    const lengths = [await walLengthAfterBurst(store), await walLengthAfterBurst(store)];
    await checkpointer.stop();
    expect(lengths.every((n) => n > 200)).toBe(true);
  });
});

/** Frames in the WAL now (measured by a PASSIVE checkpoint, which copies them too). */
const walFrames = (db: Database.Database) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;

/**
 * A WAL that PASSIVE checkpoints never finish copying, as under a steady stream of commits:
 * a reader holds an old snapshot while the writer commits, so the copy stops short of the
 * end, and every later commit appends instead of starting the WAL over. (The daemon gets
 * there without a reader: its commits land while the worker copies.)
 */
async function starvedWal() {
  const store = await tempStore();
  store.sqlRun('create table t (x text)');
  store.sqlRun('pragma wal_autocheckpoint = 0');
  const write = (n: number) => {
    for (let i = 0; i < n; i++) store.write(() => store.sqlRun('insert into t values (?)', ['x'.repeat(2000)]));
  };
  const reader = new Database(store.path);
  const checkpointer = new Database(store.path);
  write(20);
  reader.exec('begin');
  reader.prepare('select count(*) from t').get();
  write(100);
  const passive = (checkpointer.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>)[0]!;
  reader.exec('commit');
  reader.close();
  return { store, checkpointer, write, passive };
}

describe('WAL checkpoints under a steady stream of commits', () => {
  it('control: after a PASSIVE checkpoint that fell short, commits keep growing the WAL', async () => {
    const { checkpointer, write, passive } = await starvedWal();
    expect(passive.checkpointed).toBeLessThan(passive.log);
    write(1);
    expect(walFrames(checkpointer)).toBeGreaterThan(passive.log);
    checkpointer.close();
  });

  it('a checkpoint step restarts a WAL longer than its limit, so the next commit starts it over', async () => {
    const { checkpointer, write, passive } = await starvedWal();
    expect(checkpointStep(checkpointer, 50, 100)).toBe(true);
    write(1);
    expect(walFrames(checkpointer)).toBeLessThan(10);
    expect(passive.log).toBeGreaterThan(100);
    checkpointer.close();
  });

  it('a checkpoint step leaves a WAL within its limit to PASSIVE checkpoints alone', async () => {
    const { checkpointer, passive } = await starvedWal();
    expect(checkpointStep(checkpointer, passive.log, 100)).toBe(false);
    checkpointer.close();
  });
});

describe('the WAL restarted from the writer\'s thread', () => {
  it('catchUp copies a WAL to its end once nothing holds it back', async () => {
    const { checkpointer, write } = await starvedWal();
    write(5);
    const copied = catchUp(checkpointer, 0, 4);
    expect(copied.log).toBeGreaterThan(100);
    expect(copied.uncopied).toBe(0);
    checkpointer.close();
  });

  it('restartWal, on the writer\'s own connection, copies what is left and the next commit starts the WAL over', async () => {
    const { store, checkpointer, write } = await starvedWal();
    write(5);
    expect(restartWal(store, 100)).toBe(true);
    write(1);
    expect(walFrames(checkpointer)).toBeLessThan(10);
    checkpointer.close();
  });

  it('control: without the restart, the next commit appends to the long WAL', async () => {
    const { checkpointer, write, passive } = await starvedWal();
    write(5);
    write(1);
    expect(walFrames(checkpointer)).toBeGreaterThan(passive.log);
    checkpointer.close();
  });

  it('restartWal answers false while another connection still reads the old WAL, and leaves the wait as it was', async () => {
    const { store, checkpointer, write } = await starvedWal();
    const reader = new Database(store.path);
    reader.exec('begin');
    reader.prepare('select count(*) from t').get();
    write(5);
    const before = store.pragma('busy_timeout');
    expect(restartWal(store, 0)).toBe(false);
    expect(store.pragma('busy_timeout')).toBe(before);
    reader.exec('commit');
    reader.close();
    checkpointer.close();
  });

  it('the checkpointer keeps a WAL under a steady stream of commits within a few times its limit', async () => {
    const store = await tempStore();
    store.sqlRun('create table t (x text)');
    const checkpointer = startWalCheckpointer(store, { intervalMs: 5, restartBytes: 64 * 1024 });
    const observer = new Database(store.path);
    let longest = 0;
    for (let i = 0; i < 400; i++) {
      store.write(() => store.sqlRun('insert into t values (?)', ['x'.repeat(2000)]));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
      if (i > 200) longest = Math.max(longest, walFrames(observer));
    }
    await checkpointer.stop();
    observer.close();
    // 400 commits of one page or more each: a WAL never restarted would hold over 400 frames.
    expect(longest).toBeLessThan(400);
  });
});

describe('restarts from the writer\'s thread', () => {
  it('are reported to onRestart with whether the WAL was restarted', async () => {
    const store = await tempStore();
    store.sqlRun('create table t (x text)');
    const restarts: boolean[] = [];
    const checkpointer = startWalCheckpointer(store, { intervalMs: 5, restartBytes: 64 * 1024, onRestart: (ms, restarted) => void (ms >= 0 && restarts.push(restarted)) });
    for (let i = 0; i < 2000 && !restarts.includes(true); i++) {
      store.write(() => store.sqlRun('insert into t values (?)', ['x'.repeat(2000)]));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await checkpointer.stop();
    expect(restarts.length).toBeGreaterThan(0);
    expect(restarts).toContain(true);
  });

  it('are not repeated while no commit has started the WAL over (an idle daemon)', async () => {
    const store = await tempStore();
    store.sqlRun('create table t (x text)');
    const restarts: boolean[] = [];
    // 1 MiB: the writer is asked past 64 pages of 16 KiB, the worker restarts it itself only past 256.
    const checkpointer = startWalCheckpointer(store, { intervalMs: 5, restartBytes: 1024 * 1024, onRestart: (_ms, restarted) => void restarts.push(restarted) });
    for (let i = 0; i < 5000 && !restarts.includes(true); i++) {
      store.write(() => store.sqlRun('insert into t values (?)', ['x'.repeat(2000)]));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(restarts).toContain(true);
    const told = restarts.length;
    // Forty of the worker's ticks with no commit: the WAL keeps its length, and nothing is restarted again.
    await new Promise((r) => setTimeout(r, 200));
    expect(restarts.length).toBe(told);
    // Commits start the WAL over; once it is long again, the writer is asked again.
    for (let i = 0; i < 5000 && restarts.length === told; i++) {
      store.write(() => store.sqlRun('insert into t values (?)', ['x'.repeat(2000)]));
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    await checkpointer.stop();
    expect(restarts.length).toBeGreaterThan(told);
  });
});
