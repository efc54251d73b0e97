import type { Migration } from 'kysely';
import * as m001 from './001-foundation.js';
import * as m002 from './002-flight-events.js';
import * as m003 from './003-booking-list-indexes.js';
import * as m004 from './004-flight-event-ranges.js';
import * as m005 from './005-event-log-without-autoincrement.js';
import * as m006 from './006-booking-customer-status-index.js';
import * as m007 from './007-disruption-review-and-alert-history.js';
import * as m008 from './008-reaccommodation-runs.js';
import * as m009 from './009-rebooking-notices-and-quotes.js';
import * as m010 from './010-passenger-rights.js';
import * as m011 from './011-webhook-delivery.js';
import * as m012 from './012-notification-write-indexes.js';
import * as m013 from './013-downsizing-and-denied-boarding.js';
import * as m014 from './014-notifications-by-flight-date.js';
import * as m015 from './015-booking-notices-index.js';
import * as m016 from './016-entitlements-by-flight-date.js';
import * as m017 from './017-alert-fan-out-queue.js';
import * as m018 from './018-row-counts.js';
import * as m019 from './019-entitlement-history-appended.js';
import * as m020 from './020-event-count-per-append.js';
import * as m021 from './021-entitlement-history-grouped.js';
import * as m022 from './022-booking-passengers-of-flight-date.js';
import * as m023 from './023-entitlements-shared-by-flight-date.js';
import * as m024 from './024-notification-handout-ranges.js';

/**
 * Every migration, in order. Append-only: never edit or reorder a shipped migration;
 * add a new file and list it here. The count is also stored as `PRAGMA user_version`
 * so an up-to-date database opens without consulting the migrator.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-foundation': m001,
  '002-flight-events': m002,
  '003-booking-list-indexes': m003,
  '004-flight-event-ranges': m004,
  '005-event-log-without-autoincrement': m005,
  '006-booking-customer-status-index': m006,
  '007-disruption-review-and-alert-history': m007,
  '008-reaccommodation-runs': m008,
  '009-rebooking-notices-and-quotes': m009,
  '010-passenger-rights': m010,
  '011-webhook-delivery': m011,
  '012-notification-write-indexes': m012,
  '013-downsizing-and-denied-boarding': m013,
  '014-notifications-by-flight-date': m014,
  '015-booking-notices-index': m015,
  '016-entitlements-by-flight-date': m016,
  '017-alert-fan-out-queue': m017,
  '018-row-counts': m018,
  '019-entitlement-history-appended': m019,
  '020-event-count-per-append': m020,
  '021-entitlement-history-grouped': m021,
  '022-booking-passengers-of-flight-date': m022,
  '023-entitlements-shared-by-flight-date': m023,
  '024-notification-handout-ranges': m024,
};

export const LATEST_VERSION = Object.keys(MIGRATIONS).length;
