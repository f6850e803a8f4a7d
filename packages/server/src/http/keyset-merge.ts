import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { decodeCursor, encodeCursor, type Page, type PageRequest } from './pagination.js';

/** More branches than this are not worth a union: one query with the branches' condition ORed is read instead. */
export const MAX_MERGED_BRANCHES = 100;

/**
 * Keyset pagination, like `keysetPage`, over the union of several queries of the same rows —
 * typically one per workspace a caller may see. Each branch is read in (sort, id) order from its
 * own index range, up to one page past the cursor, and the database merges them: a page costs
 * at most `branches × (limit + 1)` rows whatever the table holds, where one query with
 * `workspace IN (…)` would make the planner read and sort every visible row. Sorting happens in
 * SQL, so the order is the database's (its collation) on every page. `sort` and `id` are
 * unqualified text columns the branches select.
 */
export async function keysetMergePage<DB, TB extends keyof DB, Row extends object>(
  db: Kysely<DB>,
  branches: ReadonlyArray<SelectQueryBuilder<DB, TB, Row>>,
  columns: { sort: string; id: string; descending?: boolean },
  page: PageRequest,
): Promise<Page<Row>> {
  if (branches.length === 0) return { items: [] };
  const direction = columns.descending ? 'desc' : 'asc';
  const after = sql.raw(columns.descending ? '<' : '>');
  const bound = columns.descending ? '<=' : '>=';
  const sort = sql.ref(columns.sort);
  const id = sql.ref(columns.id);
  const cursor = page.continue ? decodeCursor(page.continue) : undefined;
  const ordered = branches.map((branch) => {
    let q = branch;
    if (cursor) {
      // The bound alone is what planners turn into an index range; the OR makes it exact.
      q = q
        .where(sql<boolean>`${sort} ${sql.raw(bound)} ${cursor.key}`)
        .where(sql<boolean>`(${sort} ${after} ${cursor.key} or (${sort} = ${cursor.key} and ${id} ${after} ${cursor.id}))`);
    }
    return q.orderBy(sort, direction).orderBy(id, direction).limit(page.limit + 1);
  });
  let rows: Row[];
  if (ordered.length === 1) {
    rows = await ordered[0]!.execute();
  } else {
    // SQLite allows ORDER BY/LIMIT only on a whole compound select: each branch is a subquery.
    const [first, ...rest] = ordered.map((q, i) => (db as unknown as Kysely<Record<string, Row>>).selectFrom(q.as(`b${i}`)).selectAll());
    let union = first!;
    for (const q of rest) union = union.unionAll(q);
    rows = (await (db as unknown as Kysely<Record<string, Row>>)
      .selectFrom(union.as('merged'))
      .selectAll()
      .orderBy(sort, direction)
      .orderBy(id, direction)
      .limit(page.limit + 1)
      .execute()) as Row[];
  }
  const items = rows.slice(0, page.limit);
  if (rows.length <= page.limit) return { items };
  const last = items[items.length - 1] as Record<string, unknown>;
  return { items, continue: encodeCursor(String(last[columns.sort]), String(last[columns.id])) };
}
