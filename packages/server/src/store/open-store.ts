import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresDialect,
  sql,
  SqliteDialect,
} from 'kysely';
import pg from 'pg';
import { coreMigrations } from './migrations/index.js';
import type { BerthMigration, StoreDialect } from './migrations/migration.js';
import type { CoreTables } from './schema.js';
import { cachingStatements } from './statement-cache.js';

/** The database connection shared by every capability. */
export interface Store {
  db: Kysely<CoreTables>;
  dialect: StoreDialect;
  /** True when the database answers a trivial query (used by `/readyz`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** Where the store lives: a PostgreSQL URL, or a SQLite file (`:memory:` for tests). */
export interface StoreLocation {
  databaseUrl?: string;
  dataDir: string;
  /** Overrides the SQLite file name inside `dataDir`. */
  sqliteFile?: string;
}

/** Options of {@link openStore}. */
export interface OpenStoreOptions {
  /** Extra migrations (from capabilities), run after the core ones in name order. */
  migrations?: readonly BerthMigration[];
}

/**
 * Opens the store: PostgreSQL when `databaseUrl` is set, else SQLite at `<dataDir>/berth.sqlite`,
 * then brings the schema up to date.
 */
export async function openStore(location: StoreLocation, options: OpenStoreOptions = {}): Promise<Store> {
  const store = location.databaseUrl ? openPostgres(location.databaseUrl) : openSqlite(location);
  try {
    await migrate(store, [...coreMigrations, ...(options.migrations ?? [])]);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection closed by the server (restart, failover, an admin's terminate) is dropped
  // from the pool by pg, and the next query opens a new one. Without a listener, pg's 'error'
  // event would crash the whole process.
  pool.on('error', () => {});
  const db = new Kysely<CoreTables>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', ping: () => ping(db), close: () => db.destroy() };
}

function openSqlite(location: StoreLocation): Store {
  const file = location.sqliteFile ?? 'berth.sqlite';
  let filename = file;
  if (file !== ':memory:') {
    mkdirSync(location.dataDir, { recursive: true });
    filename = path.join(location.dataDir, file);
  }
  const database = new SQLite(filename);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  const db = new Kysely<CoreTables>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  return { db, dialect: 'sqlite', ping: () => ping(db), close: () => db.destroy() };
}

async function ping(db: Kysely<CoreTables>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

async function migrate(store: Store, migrations: readonly BerthMigration[]): Promise<void> {
  const names = new Set<string>();
  for (const m of migrations) {
    if (names.has(m.name)) throw new Error(`two migrations are named ${m.name}`);
    names.add(m.name);
  }
  const provider: MigrationProvider = {
    async getMigrations() {
      const table: Record<string, Migration> = {};
      for (const m of migrations) table[m.name] = { up: (db) => m.up(db, store.dialect) };
      return table;
    },
  };
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'berth_migrations',
    migrationLockTableName: 'berth_migrations_lock',
    // Capabilities own number ranges; a new capability's migration may sort below one already applied.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`store migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
}
