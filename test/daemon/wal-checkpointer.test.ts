/** The daemon's WAL checkpoints in a worker thread: the WAL is recycled without the writer checkpointing. */
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/database.js';
import { startWalCheckpointer } from '../../src/store/wal-checkpointer.js';
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
