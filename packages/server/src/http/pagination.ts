import { type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import { InputError } from './errors.js';

/** Largest page a client may ask for. */
export const MAX_PAGE_SIZE = 500;

/** Query parameters of every list endpoint: `limit` (1–500, default 50) and `continue`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  continue: z.string().min(1).max(1000).optional().describe('The `continue` token of the previous page'),
});

/** A page request after validation. */
export type PageRequest = z.infer<typeof pageQuerySchema>;

/** One page of items; `continue` is absent on the last page. */
export interface Page<T> {
  items: T[];
  continue?: string;
}

/** The zod schema of a page of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), continue: z.string().optional() });
}

interface Cursor {
  key: string;
  id: string;
}

/** Encodes the position after an item as an opaque token. */
export function encodeCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

/** Decodes a `continue` token, refusing one that was not made by {@link encodeCursor}. */
export function decodeCursor(token: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !`${value[0]}${value[1]}`.includes('\u0000')
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new InputError('the continue token is not valid', [
    { path: 'query.continue', message: 'is not a token from a previous page' },
  ]);
}

/**
 * Reads one page with keyset pagination on (sort, id) — both text columns, ascending unless
 * `descending` — which the selected rows must carry under the same (unqualified) names.
 * Pages are stable: rows added or removed elsewhere never shift or repeat items of later pages.
 */
export async function keysetPage<DB, TB extends keyof DB, Row extends Record<string, unknown>>(
  query: SelectQueryBuilder<DB, TB, Row>,
  columns: { sort: string; id: string; descending?: boolean },
  page: PageRequest,
): Promise<Page<Row>> {
  const after = columns.descending ? sql.raw('<') : sql.raw('>');
  const direction = columns.descending ? 'desc' : 'asc';
  let q = query;
  if (page.continue) {
    const cursor = decodeCursor(page.continue);
    const sort = sql.ref(columns.sort);
    const id = sql.ref(columns.id);
    q = q.where(
      sql<boolean>`(${sort} ${after} ${cursor.key} or (${sort} = ${cursor.key} and ${id} ${after} ${cursor.id}))`,
    );
  }
  const rows = await q
    .orderBy(sql.ref(columns.sort), direction)
    .orderBy(sql.ref(columns.id), direction)
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit);
  if (rows.length <= page.limit) return { items };
  const last = items[items.length - 1]!;
  return {
    items,
    continue: encodeCursor(String(last[lastSegment(columns.sort)]), String(last[lastSegment(columns.id)])),
  };
}

function lastSegment(column: string): string {
  return column.split('.').pop()!;
}
