import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newId } from '../../store/ids.js';
import type { CoreTables } from '../../store/schema.js';
import type { Subject } from '../authorizer.js';
import { credentialHash, newSessionValue } from '../credentials.js';
import { hashPassword } from '../password.js';
import type { OidcIdentity } from './claims.js';
import { OidcSignInError } from './sign-in-error.js';

/** A row of `oidc_identities` (see {@link oidcMigration}). */
export interface OidcIdentitiesTable {
  user_id: string;
  issuer: string;
  subject: string;
  email: string | null;
  created_at: string;
  last_login_at: string;
}

/** A row of `user_groups`: one group of one user, as reported by `source` (`oidc`). */
export interface UserGroupsTable {
  user_id: string;
  group_name: string;
  source: string;
}

/** The core tables plus the OIDC ones. */
export interface OidcTables extends CoreTables {
  oidc_identities: OidcIdentitiesTable;
  user_groups: UserGroupsTable;
}

/** What {@link OidcAccounts} needs. */
export interface OidcAccountsDeps {
  db: Kysely<CoreTables>;
  issuer: string;
  sessionTtlSeconds: number;
  /** Whether group membership decides `platformAdmin` (admin groups are configured). */
  adminGroupsConfigured: boolean;
  now: () => Date;
}

/**
 * Users who sign in through OIDC: found by (issuer, sub), created on first sign-in without a
 * password, their groups and admin flag refreshed at every sign-in.
 */
export class OidcAccounts {
  readonly #db: Kysely<OidcTables>;

  constructor(private readonly deps: OidcAccountsDeps) {
    this.#db = deps.db as unknown as Kysely<OidcTables>;
  }

  /** Provisions or updates the user of `identity`; throws `OidcSignInError('account')`. */
  async signIn(identity: OidcIdentity): Promise<Subject> {
    const now = this.deps.now().toISOString();
    const known = await this.#db
      .selectFrom('oidc_identities')
      .select('user_id')
      .where('issuer', '=', this.deps.issuer)
      .where('subject', '=', identity.subject)
      .executeTakeFirst();
    // No local password for a new user: the hash of a random secret nobody knows. Not NULL, which
    // the password check would compare against its decoy hash; as slow to check as a real one.
    const unusable = known ? undefined : await hashPassword(randomBytes(32).toString('base64'));
    return this.#db.transaction().execute(async (tx) => {
      const linked = await tx
        .selectFrom('oidc_identities')
        .innerJoin('users', 'users.id', 'oidc_identities.user_id')
        .select(['users.id', 'users.username', 'users.platform_admin', 'users.disabled'])
        .where('oidc_identities.issuer', '=', this.deps.issuer)
        .where('oidc_identities.subject', '=', identity.subject)
        .executeTakeFirst();
      let subject: Subject;
      if (linked) {
        if (linked.disabled) throw new OidcSignInError('account', `the user ${linked.username} is disabled`);
        const platformAdmin = this.deps.adminGroupsConfigured
          ? identity.platformAdmin
          : linked.platform_admin === 1;
        await tx
          .updateTable('users')
          .set((eb) => ({
            display_name: identity.displayName,
            platform_admin: platformAdmin ? 1 : 0,
            updated_at: now,
            resource_version: eb('resource_version', '+', 1),
          }))
          .where('id', '=', linked.id)
          .execute();
        await tx
          .updateTable('oidc_identities')
          .set({ email: identity.email, last_login_at: now })
          .where('user_id', '=', linked.id)
          .execute();
        subject = { userId: linked.id, username: linked.username, platformAdmin, credential: 'session' };
      } else {
        const taken = await tx
          .selectFrom('users')
          .select('id')
          .where('username', '=', identity.username)
          .executeTakeFirst();
        if (taken)
          throw new OidcSignInError(
            'account',
            `the user name ${identity.username} belongs to another Berth account; ask an administrator`,
          );
        const id = newId();
        await tx
          .insertInto('users')
          .values({
            id,
            username: identity.username,
            display_name: identity.displayName,
            password_hash: unusable ?? (await hashPassword(randomBytes(32).toString('base64'))),
            platform_admin: identity.platformAdmin ? 1 : 0,
            must_change_password: 0,
            disabled: 0,
            resource_version: 1,
            created_at: now,
            updated_at: now,
          })
          .execute();
        await tx
          .insertInto('oidc_identities')
          .values({
            user_id: id,
            issuer: this.deps.issuer,
            subject: identity.subject,
            email: identity.email,
            created_at: now,
            last_login_at: now,
          })
          .execute();
        subject = {
          userId: id,
          username: identity.username,
          platformAdmin: identity.platformAdmin,
          credential: 'session',
        };
      }
      await tx
        .deleteFrom('user_groups')
        .where('user_id', '=', subject.userId)
        .where('source', '=', 'oidc')
        .execute();
      if (identity.groups.length > 0)
        await tx
          .insertInto('user_groups')
          .values(
            identity.groups.map((group_name) => ({ user_id: subject.userId, group_name, source: 'oidc' })),
          )
          .execute();
      return subject;
    });
  }

  /** The groups the provider reported for a user at their last sign-in, sorted. */
  async groupsOf(userId: string): Promise<string[]> {
    const rows = await this.#db
      .selectFrom('user_groups')
      .select('group_name')
      .where('user_id', '=', userId)
      .where('source', '=', 'oidc')
      .orderBy('group_name')
      .execute();
    return rows.map((r) => r.group_name);
  }

  /** Starts a console session exactly like a password sign-in does; returns the cookie value. */
  async startSession(userId: string): Promise<{ sessionValue: string; expiresAt: Date }> {
    const now = this.deps.now();
    const sessionValue = newSessionValue();
    const expiresAt = new Date(now.getTime() + this.deps.sessionTtlSeconds * 1000);
    await this.#db
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('expires_at', '<=', now.toISOString())
      .execute();
    await this.#db
      .insertInto('sessions')
      .values({
        id_hash: credentialHash(sessionValue),
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { sessionValue, expiresAt };
  }

  /** Fails fast at start-up when the OIDC tables were never created. */
  async assertSchema(): Promise<void> {
    try {
      await this.#db.selectFrom('oidc_identities').select('user_id').limit(1).execute();
    } catch (error) {
      throw new Error(
        'OIDC is configured but the oidc_identities table is missing: add oidcMigration to the migrations',
        {
          cause: error,
        },
      );
    }
  }
}
