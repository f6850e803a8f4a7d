import type { Kysely } from 'kysely';
import { newId } from '../store/ids.js';
import type { CoreTables } from '../store/schema.js';
import type { SecretBox } from './secret-box.js';

/**
 * Secrets at rest: values sealed by the {@link SecretBox}, keyed by (scope, name), e.g.
 * (`cluster`, `prod-1`). Values are never logged and never returned by the API.
 */
export class SecretStore {
  constructor(private readonly deps: { db: Kysely<CoreTables>; box: SecretBox; now?: () => Date }) {}

  /** Stores (or replaces) a secret value. */
  async put(scope: string, name: string, value: string | Buffer): Promise<void> {
    const sealed = this.deps.box.seal(value, `${scope}/${name}`);
    const at = (this.deps.now?.() ?? new Date()).toISOString();
    const row = {
      key_id: sealed.keyId,
      wrapped_key: sealed.wrappedKey,
      nonce: sealed.nonce,
      ciphertext: sealed.ciphertext,
      updated_at: at,
    };
    await this.deps.db
      .insertInto('secrets')
      .values({ id: newId(), scope, name, created_at: at, ...row })
      .onConflict((oc) => oc.columns(['scope', 'name']).doUpdateSet(row))
      .execute();
  }

  /** Reads a secret value, or `undefined`; throws `SecretTamperedError` if it was altered. */
  async get(scope: string, name: string): Promise<Buffer | undefined> {
    const row = await this.deps.db
      .selectFrom('secrets')
      .selectAll()
      .where('scope', '=', scope)
      .where('name', '=', name)
      .executeTakeFirst();
    if (!row) return undefined;
    return this.deps.box.open(
      { keyId: row.key_id, wrappedKey: row.wrapped_key, nonce: row.nonce, ciphertext: row.ciphertext },
      `${scope}/${name}`,
    );
  }

  /** The names of a scope's secrets, sorted (never their values). */
  async names(scope: string): Promise<string[]> {
    const rows = await this.deps.db
      .selectFrom('secrets')
      .select('name')
      .where('scope', '=', scope)
      .orderBy('name')
      .execute();
    return rows.map((row) => row.name);
  }

  /** Deletes a secret; true when it existed. */
  async delete(scope: string, name: string): Promise<boolean> {
    const result = await this.deps.db
      .deleteFrom('secrets')
      .where('scope', '=', scope)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
