import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** How many distinct SQL texts keep their prepared statement. */
const DEFAULT_CAPACITY = 500;

/**
 * A better-sqlite3 database for Kysely that prepares each SQL text once: Kysely's SQLite driver
 * prepares a statement for every query, which is most of a short read's cost. Statements are kept
 * in least-recently-used order up to `capacity`; one still being iterated (a streamed query) is
 * busy, so a new one is prepared for that call instead. SQLite re-prepares a cached statement by
 * itself when the schema changes.
 */
export function cachingStatements(
  database: BetterSqlite3.Database,
  capacity = DEFAULT_CAPACITY,
): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sqlText: string): SqliteStatement {
      const cached = cache.get(sqlText);
      if (cached !== undefined) {
        if (cached.busy) return database.prepare(sqlText);
        cache.delete(sqlText);
        cache.set(sqlText, cached);
        return cached;
      }
      const statement = database.prepare(sqlText);
      cache.set(sqlText, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
