import type { Kysely } from 'kysely';
import { z } from 'zod';
import { staleVersion } from '../http/concurrency.js';
import { ConflictError, InputError, NotFoundError } from '../http/errors.js';
import { keysetPage, type Page, type PageRequest } from '../http/pagination.js';
import { newId, storedVersion } from '../store/ids.js';
import type { CoreTables, UsersTable } from '../store/schema.js';
import { hashPassword, randomPassword, type ScryptParams } from './password.js';

/** A user name: lower-case letters, digits, `.`, `_`, `-`; 1–63 characters. */
export const usernameSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'use lower-case letters, digits, ".", "_" and "-"');

/** A user as the API shows it. */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  platformAdmin: z.boolean(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  resourceVersion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A user as the API shows it. */
export type User = z.infer<typeof userSchema>;

/** Body of `POST /users`. */
export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().max(200).optional(),
  password: z.string().min(8).max(1024),
  platformAdmin: z.boolean().default(false),
  mustChangePassword: z.boolean().default(false),
});

/** Body of `PATCH /users/:username`. */
export const updateUserSchema = z.object({
  displayName: z.string().max(200).optional(),
  platformAdmin: z.boolean().optional(),
  disabled: z.boolean().optional(),
  password: z.string().min(8).max(1024).optional(),
  mustChangePassword: z.boolean().optional(),
  resourceVersion: z.string().optional(),
});

/** Local users, managed by platform admins. */
export class UserDirectory {
  constructor(private readonly deps: { db: Kysely<CoreTables>; now?: () => Date; scrypt?: ScryptParams }) {}

  #now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }

  /** Users ordered by name. */
  async list(page: PageRequest): Promise<Page<User>> {
    const result = await keysetPage(
      this.deps.db.selectFrom('users').selectAll(),
      { sort: 'username', id: 'id' },
      page,
    );
    return { ...result, items: result.items.map(toUser) };
  }

  /** One user by name. */
  async get(username: string): Promise<User> {
    return toUser(await this.#row(username));
  }

  /** Creates a user; 409 when the name is taken. */
  async create(input: z.infer<typeof createUserSchema>): Promise<User> {
    const existing = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(`user ${input.username} already exists`, [
        { path: 'username', message: 'is taken' },
      ]);
    const now = this.#now();
    const row: UsersTable = {
      id: newId(),
      username: input.username,
      display_name: input.displayName ?? input.username,
      password_hash: await hashPassword(input.password, this.deps.scrypt),
      platform_admin: input.platformAdmin ? 1 : 0,
      must_change_password: input.mustChangePassword ? 1 : 0,
      disabled: 0,
      resource_version: 1,
      created_at: now,
      updated_at: now,
    };
    await this.deps.db.insertInto('users').values(row).execute();
    return toUser(row);
  }

  /** Updates a user if it is still at `expectedVersion`; stale → 409 and nothing changes. */
  async update(
    username: string,
    patch: z.infer<typeof updateUserSchema>,
    expectedVersion: string,
  ): Promise<User> {
    const row = await this.#row(username);
    const changes: Partial<UsersTable> = { updated_at: this.#now() };
    if (patch.displayName !== undefined) changes.display_name = patch.displayName;
    if (patch.platformAdmin !== undefined) changes.platform_admin = patch.platformAdmin ? 1 : 0;
    if (patch.disabled !== undefined) changes.disabled = patch.disabled ? 1 : 0;
    if (patch.mustChangePassword !== undefined)
      changes.must_change_password = patch.mustChangePassword ? 1 : 0;
    if (patch.password !== undefined)
      changes.password_hash = await hashPassword(patch.password, this.deps.scrypt);
    const result = await this.deps.db
      .updateTable('users')
      .set((eb) => ({ ...changes, resource_version: eb('resource_version', '+', 1) }))
      .where('id', '=', row.id)
      .where('resource_version', '=', storedVersion(expectedVersion))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw staleVersion('user', username);
    if (patch.disabled) await this.deps.db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
    return this.get(username);
  }

  /** Deletes a user with their sessions, tokens and memberships. */
  async delete(username: string): Promise<void> {
    const row = await this.#row(username);
    if (row.username === 'admin')
      throw new InputError('the admin user cannot be deleted; disable it instead');
    await this.deps.db.deleteFrom('users').where('id', '=', row.id).execute();
  }

  /**
   * Creates `admin` (a platform admin) when no such user exists, with `password` or a random
   * one. Returns the password only when it was generated, for the caller to show once.
   */
  async bootstrapAdmin(password?: string): Promise<{ created: boolean; generatedPassword?: string }> {
    const existing = await this.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'admin')
      .executeTakeFirst();
    if (existing) return { created: false };
    const generated = password ? undefined : randomPassword();
    try {
      await this.create({
        username: 'admin',
        displayName: 'Administrator',
        password: password ?? generated!,
        platformAdmin: true,
        mustChangePassword: !password,
      });
    } catch (error) {
      if (error instanceof ConflictError) return { created: false };
      throw error;
    }
    return generated ? { created: true, generatedPassword: generated } : { created: true };
  }

  async #row(username: string): Promise<UsersTable> {
    const row = await this.deps.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`user ${username} not found`);
    return row;
  }
}

function toUser(row: UsersTable): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    platformAdmin: row.platform_admin === 1,
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    resourceVersion: String(row.resource_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
