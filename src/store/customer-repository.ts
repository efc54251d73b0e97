import type { Store } from './database.js';
import type { CustomerTable } from './schema.js';

export type Customer = CustomerTable;

/** Inserts customers, updating ones whose details changed. Returns rows written or changed. */
export function upsertCustomers(store: Store, customers: readonly Customer[]): number {
  let changed = 0;
  store.write(() => {
    for (const c of customers) {
      const { id: _id, ...rest } = c;
      changed += store.run(
        store.db
          .insertInto('customers')
          .values(c)
          .onConflict((oc) =>
            oc
              .column('id')
              .doUpdateSet(rest)
              .where((eb) => eb.or(Object.entries(rest).map(([k, v]) => eb(`customers.${k as keyof typeof rest}`, 'is not', v)))),
          ),
      ).changes;
    }
  });
  return changed;
}

export function getCustomer(store: Store, id: string): Customer | undefined {
  return store.first(store.db.selectFrom('customers').selectAll().where('id', '=', id));
}

/** Every customer by id, or those whose id, name, email or phone contains `search`. */
export function listCustomerRows(store: Store, search?: string): Customer[] {
  let q = store.db.selectFrom('customers').selectAll().orderBy('id');
  if (search !== undefined) {
    // instr() rather than like: what the operator types (%, _) is matched as it is.
    const needle = search.toLowerCase();
    const columns = ['id', 'name', 'email', 'phone'] as const;
    q = q.where((eb) => eb.or(columns.map((c) => eb(eb.fn<number>('instr', [eb.fn<string>('lower', [eb.ref(c)]), eb.val(needle)]), '>', 0))));
  }
  return store.all(q);
}
