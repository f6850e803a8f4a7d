import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingStatements } from './statement-cache.js';

describe('cachingStatements', () => {
  let raw: SQLite.Database;
  afterEach(() => {
    if (raw.open) raw.close();
  });

  it('GIVEN the same SQL twice THEN it is prepared once and answers with each call’s parameters', () => {
    raw = new SQLite(':memory:');
    const db = cachingStatements(raw);
    raw.exec("create table t (id integer, name text); insert into t values (1, 'a'), (2, 'b')");
    const first = db.prepare('select name from t where id = ?');
    const second = db.prepare('select name from t where id = ?');
    expect(second).toBe(first);
    expect(first.all([1])).toEqual([{ name: 'a' }]);
    expect(second.all([2])).toEqual([{ name: 'b' }]);
  });

  it('GIVEN a statement still being iterated WHEN the same SQL runs again THEN it gets its own statement', () => {
    raw = new SQLite(':memory:');
    const db = cachingStatements(raw);
    raw.exec('create table t (id integer); insert into t values (1), (2), (3)');
    const streaming = db.prepare('select id from t order by id').iterate([]);
    expect(streaming.next().value).toEqual({ id: 1 });
    expect(db.prepare('select id from t order by id').all([])).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect([...streaming]).toEqual([{ id: 2 }, { id: 3 }]);
  });

  it('GIVEN more SQL texts than its capacity THEN the least recently used is prepared again', () => {
    raw = new SQLite(':memory:');
    const db = cachingStatements(raw, 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a);
    db.prepare('select 3');
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
  });

  it('GIVEN a column added after a query was cached THEN the same query through Kysely sees it', async () => {
    raw = new SQLite(':memory:');
    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new SqliteDialect({ database: cachingStatements(raw) }),
    });
    await sql`create table t (id integer)`.execute(db);
    await sql`insert into t values (1)`.execute(db);
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1 }]);
    await sql`alter table t add column name text default 'x'`.execute(db);
    expect(await db.selectFrom('t').selectAll().execute()).toEqual([{ id: 1, name: 'x' }]);
    await db.destroy();
  });
});
