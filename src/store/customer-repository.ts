import type { Store } from './database.js';
import { changedDetails, upsertEach } from './import-upsert.js';
import { defineQuery, defineQueryVariants, fields } from './query.js';
import type { CustomerTable } from './schema.js';
import { containsText } from './sqlite-dialect.js';

export type Customer = CustomerTable;

const COLUMNS = ['id', 'name', 'email', 'phone', 'loyalty_tier', 'seat_preference', 'special_assistance', 'notification_channel'] as const satisfies ReadonlyArray<
  keyof CustomerTable
>;
/** What an import may change about a customer (everything but the id). */
const DETAILS = COLUMNS.filter((c): c is Exclude<typeof c, 'id'> => c !== 'id');

const upsert = defineQuery('customers.upsert', (db, p: Customer) => {
  const update = changedDetails('customers', DETAILS);
  return db
    .insertInto('customers')
    .values(fields(p, COLUMNS))
    .onConflict((oc) => oc.column('id').doUpdateSet(update.set).where(update.differs));
});

/** Inserts customers, updating ones whose details changed. Returns rows written or changed. */
export function upsertCustomers(store: Store, customers: readonly Customer[]): number {
  return upsertEach(store, upsert, customers);
}

const idList = defineQuery('customers.ids', (db) => db.selectFrom('customers').select('id'));

/** The ids of the customers on record. */
export function customerIds(store: Store): Set<string> {
  return new Set(store.all(idList).map((r) => r.id));
}

const byId = defineQuery('customers.byId', (db, p: { id: string }) => db.selectFrom('customers').select(COLUMNS).where('id', '=', p.id));

export function getCustomer(store: Store, id: string): Customer | undefined {
  return store.first(byId, { id });
}

const list = defineQueryVariants('customers.list', ['search'], (db, p: { needle?: string }, on) => {
  let q = db.selectFrom('customers').select(COLUMNS).orderBy('id');
  if (on.search) {
    const searched = ['id', 'name', 'email', 'phone'] as const;
    q = q.where((eb) => eb.or(searched.map((c) => containsText(c, p.needle!))));
  }
  return q;
});

/** Every customer by id, or those whose id, name, email or phone contains `search`. */
export function listCustomerRows(store: Store, search?: string): Customer[] {
  return store.all(list({ search: search !== undefined }), { needle: search?.toLowerCase() });
}
