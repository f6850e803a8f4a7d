import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { StoreDialect } from '../../src/store/migrations/migration.js';

/** The PostgreSQL server tests create their databases in (trust auth). */
export const TEST_PG_URL = process.env.BERTH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A fresh database for one test suite: a temp-dir SQLite file, or a new PostgreSQL database
 * `berth_test_<random>` that `drop()` removes.
 */
export interface TestDatabase {
  dialect: StoreDialect;
  /** Creates the database; returns where it is (`databaseUrl` on PostgreSQL) and a temp data dir. */
  create(): Promise<{ databaseUrl?: string; dataDir: string }>;
  drop(): Promise<void>;
}

/**
 * One fresh database per supported dialect, for `describe.each`, so every store test runs on
 * SQLite AND PostgreSQL.
 *
 * @example
 * describe.each(eachDatabase())('workspaces on $dialect', (database) => {
 *   let store: Store;
 *   beforeAll(async () => { store = await openStore(await database.create()); });
 *   afterAll(async () => { await store.close(); await database.drop(); });
 * });
 */
export function eachDatabase(): TestDatabase[] {
  return [sqliteDatabase(), postgresDatabase()];
}

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'berth-test-'));
}

function sqliteDatabase(): TestDatabase {
  let dataDir: string | undefined;
  return {
    dialect: 'sqlite',
    async create() {
      dataDir = tempDir();
      return { dataDir };
    },
    async drop() {
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function postgresDatabase(): TestDatabase {
  let name: string | undefined;
  let dataDir: string | undefined;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: TEST_PG_URL });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    dialect: 'postgres',
    async create() {
      name = `berth_test_${randomBytes(6).toString('hex')}`;
      dataDir = tempDir();
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(TEST_PG_URL);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString(), dataDir };
    },
    async drop() {
      if (name) await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
