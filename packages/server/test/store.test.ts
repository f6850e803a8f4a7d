import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysetPage } from '../src/http/pagination.js';
import type { BerthMigration } from '../src/store/migrations/migration.js';
import { openStore, type Store } from '../src/store/open-store.js';
import { eachDatabase } from './support/databases.js';

const notesMigration: BerthMigration = {
  name: '0900_test_notes',
  async up(db) {
    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .execute();
  },
};

type NotesTables = {
  notes: { id: string; title: string };
};

describe.each(eachDatabase())('store on $dialect', (database) => {
  let location: { databaseUrl?: string; dataDir: string };
  let store: Store;
  beforeAll(async () => {
    location = await database.create();
    store = await openStore(location, { migrations: [notesMigration] });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('GIVEN the store THEN it reports its dialect, answers pings, and has the core and capability tables', async () => {
    expect(store.dialect).toBe(database.dialect);
    expect(await store.ping()).toBe(true);
    const db = store.db.withTables<NotesTables>();
    await db.insertInto('notes').values({ id: '1', title: 'hello' }).execute();
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([{ id: '1', title: 'hello' }]);
    expect(await store.db.selectFrom('users').selectAll().execute()).toEqual([]);
  });

  it('GIVEN a second open of the same database THEN migrations are not run again', async () => {
    const again = await openStore(location, { migrations: [notesMigration] });
    const rows = await sql<{ name: string }>`select name from berth_migrations order by name`.execute(
      again.db,
    );
    expect(rows.rows.map((r) => r.name)).toEqual([
      '0001_identity',
      '0002_workspaces',
      '0003_audit_secrets',
      '0004_identity_oidc',
      '0900_test_notes',
    ]);
    await again.close();
  });

  it('GIVEN two migrations with one name THEN opening refuses', async () => {
    await expect(openStore(location, { migrations: [notesMigration, notesMigration] })).rejects.toThrow(
      /two migrations are named 0900_test_notes/,
    );
  });

  it('GIVEN keyset pages, ascending and descending THEN every row appears once, in order', async () => {
    const db = store.db.withTables<NotesTables>();
    await db.deleteFrom('notes').execute();
    const titles = ['b', 'a', 'c', 'a', 'b', 'd', 'a'];
    await db
      .insertInto('notes')
      .values(titles.map((title, i) => ({ id: `id-${i}`, title })))
      .execute();
    for (const descending of [false, true]) {
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await keysetPage(
          db.selectFrom('notes').selectAll(),
          { sort: 'title', id: 'id', descending },
          { limit: 2, ...(token ? { continue: token } : {}) },
        );
        seen.push(...page.items.map((n) => `${n.title}/${n.id}`));
        token = page.continue;
      } while (token);
      const expected = titles.map((t, i) => `${t}/id-${i}`).sort();
      expect(seen).toEqual(descending ? expected.reverse() : expected);
    }
  });
});
