import { join } from 'node:path';
import { afterEach } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../src/config/settings.js';
import { createClock } from '../../src/domain/clock.js';
import type { ServiceContext } from '../../src/context.js';
import { openStore, type Store } from '../../src/store/database.js';
import { tempDir } from './temp-dir.js';

const open: Store[] = [];

/** A real SQLite store in a temp dir, migrated, closed after the current test. */
export async function tempStore(): Promise<Store> {
  const store = await openStore(join(tempDir(), 'akasa.db'));
  open.push(store);
  return store;
}

/** A service context on a temp store with a clock that starts at `now`. */
export async function tempContext(now = '2026-11-24T00:00:00Z', settings: Partial<Settings> = {}): Promise<ServiceContext> {
  return { store: await tempStore(), clock: createClock(new Date(now)), settings: { ...DEFAULT_SETTINGS, ...settings } };
}

afterEach(() => {
  for (const store of open.splice(0)) store.close();
});
