/**
 * `column = ?` for each optional filter that has a value (not undefined, null or empty),
 * with its parameters, in the order given: the WHERE clauses of the list queries.
 */
export function equalityConditions(filters: ReadonlyArray<readonly [column: string, value: string | number | null | undefined]>): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const [column, value] of filters) {
    if (value === undefined || value === null || value === '') continue;
    where.push(`${column} = ?`);
    params.push(value);
  }
  return { where, params };
}
