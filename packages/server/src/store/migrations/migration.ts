import type { Kysely } from 'kysely';

/** The SQL database behind the store. */
export type StoreDialect = 'sqlite' | 'postgres';

/**
 * One schema change. Migrations run in the order of their names, once each, on both dialects;
 * `dialect` is there for the rare statement that differs. Name them `NNNN_<capability>_<what>`
 * with the next free number, and never edit one that has shipped: add another.
 */
export interface BerthMigration {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs before the typed schema exists
  up(db: Kysely<any>, dialect: StoreDialect): Promise<void>;
}
