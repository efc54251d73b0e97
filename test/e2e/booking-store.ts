/** A temp database with the booking test network, for end-to-end runs of the built CLI. */
import { join } from 'node:path';
import { openStore, type Store } from '../../src/store/database.js';
import { seedNetwork } from '../helpers/booking-builders.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The clock the end-to-end booking tests run at (AKASA_NOW). */
export const E2E_NOW = '2026-11-24T00:00:00Z';

/** Creates and seeds a database file, runs `prepare` on it, closes it, and returns its path. */
export async function bookingDb(prepare: (store: Store) => void = () => {}): Promise<string> {
  const path = join(tempDir(), 'akasa.db');
  const store = await openStore(path);
  try {
    seedNetwork(store);
    prepare(store);
  } finally {
    store.close();
  }
  return path;
}

/** Opens the database to inspect it after CLI runs; the caller closes it. */
export function inspect(path: string): Promise<Store> {
  return openStore(path);
}
