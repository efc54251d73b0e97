import type { Store } from '../../src/store/database.js';
import { queryNotifications } from '../../src/store/notification-repository.js';

/** Each notification's id and outbox status (`queued`/`sent`), in id order, as `notification list` reads them. */
export function outboxStatuses(store: Store): Array<{ id: number; status: string }> {
  return queryNotifications(store, { limit: 1_000_000 })
    .map(({ id, status }) => ({ id, status }))
    .reverse();
}
