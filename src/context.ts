import type { Settings } from './config/settings.js';
import type { Clock } from './domain/clock.js';
import type { Store } from './store/database.js';

/** What every use case gets: the store, the one clock and the settings. */
export interface ServiceContext {
  store: Store;
  clock: Clock;
  settings: Settings;
}
