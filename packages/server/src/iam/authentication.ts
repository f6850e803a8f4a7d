import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ConflictError, NotFoundError, TooManyRequestsError, UnauthenticatedError } from '../http/errors.js';
import { keysetPage, type Page, type PageRequest } from '../http/pagination.js';
import { newId } from '../store/ids.js';
import type { AccessTokensTable, CoreTables } from '../store/schema.js';
import type { Subject } from './authorizer.js';
import { credentialHash, newAccessToken, newSessionValue, TOKEN_PREFIX } from './credentials.js';
import type { LoginThrottle } from './login-throttle.js';
import { type PasswordHasher, type ScryptParams, scryptHasher } from './password.js';

/** What authentication needs. */
export interface AuthenticationDeps {
  db: Kysely<CoreTables>;
  throttle: LoginThrottle;
  sessionTtlSeconds: number;
  now?: () => Date;
  /** Cost of the default scrypt hasher. */
  scrypt?: ScryptParams;
  /** Hashes and verifies passwords; scrypt with `scrypt` when absent. */
  passwords?: PasswordHasher;
}

/** A personal access token as its owner sees it (never the token itself, except once on creation). */
export interface AccessTokenInfo {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

/** The result of a successful login. */
export interface LoginResult {
  subject: Subject;
  sessionValue: string;
  expiresAt: Date;
  mustChangePassword: boolean;
}

/** Logins, sessions, personal access tokens and password changes. */
export class Authentication {
  readonly #passwords: PasswordHasher;
  /** A hash of a random password, so unknown users cost as much time as known ones. */
  #decoy: Promise<string> | undefined;

  constructor(private readonly deps: AuthenticationDeps) {
    this.#passwords = deps.passwords ?? scryptHasher(deps.scrypt);
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** Checks a password; throws 429 when throttled, 401 (one message for every cause) when wrong. */
  async login(username: string, password: string, ip: string): Promise<LoginResult> {
    const wait = this.deps.throttle.retryAfter(username, ip);
    if (wait > 0)
      throw new TooManyRequestsError(`too many failed logins; try again in ${wait} seconds`, wait);
    const user = await this.deps.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username)
      .executeTakeFirst();
    // The decoy keeps unknown users (and users without a local password) as slow as known ones;
    // it never grants access: only a stored hash that matches does.
    this.#decoy ??= this.#passwords.hash(randomDecoyPassword());
    const ok = await this.#passwords.verify(password, user?.password_hash ?? (await this.#decoy));
    if (!user || !user.password_hash || !ok || user.disabled) {
      this.deps.throttle.fail(username, ip);
      throw new UnauthenticatedError('wrong username or password');
    }
    this.deps.throttle.succeed(username, ip);
    const sessionValue = newSessionValue();
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + this.deps.sessionTtlSeconds * 1000);
    await this.deps.db
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('expires_at', '<=', now.toISOString())
      .execute();
    await this.deps.db
      .insertInto('sessions')
      .values({
        id_hash: credentialHash(sessionValue),
        user_id: user.id,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    const subject: Subject = {
      userId: user.id,
      username: user.username,
      platformAdmin: user.platform_admin === 1,
      credential: 'session',
    };
    return { subject, sessionValue, expiresAt, mustChangePassword: user.must_change_password === 1 };
  }

  /** Ends a session (idempotent). */
  async logout(sessionValue: string): Promise<void> {
    await this.deps.db.deleteFrom('sessions').where('id_hash', '=', credentialHash(sessionValue)).execute();
  }

  /** The subject of a session cookie or bearer token; `undefined` when none is presented. */
  async authenticate(credentials: { bearer?: string; session?: string }): Promise<Subject | undefined> {
    const now = this.#now().toISOString();
    if (credentials.bearer !== undefined) {
      if (!credentials.bearer.startsWith(TOKEN_PREFIX))
        throw new UnauthenticatedError('the bearer token is not a Berth access token');
      const row = await this.deps.db
        .selectFrom('access_tokens')
        .innerJoin('users', 'users.id', 'access_tokens.user_id')
        .select([
          'access_tokens.id',
          'access_tokens.expires_at',
          'access_tokens.revoked_at',
          'access_tokens.last_used_at',
        ])
        .select(['users.id as user_id', 'users.username', 'users.platform_admin', 'users.disabled'])
        .where('access_tokens.token_hash', '=', credentialHash(credentials.bearer))
        .executeTakeFirst();
      if (!row || row.revoked_at || row.disabled || (row.expires_at && row.expires_at <= now)) {
        throw new UnauthenticatedError('the access token is unknown, expired or revoked');
      }
      // Record use at most once a minute, so reads do not turn into writes.
      if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
        await this.deps.db
          .updateTable('access_tokens')
          .set({ last_used_at: now })
          .where('id', '=', row.id)
          .execute();
      }
      return {
        userId: row.user_id,
        username: row.username,
        platformAdmin: row.platform_admin === 1,
        credential: 'token',
      };
    }
    if (credentials.session !== undefined) {
      const row = await this.deps.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.expires_at',
          'users.id as user_id',
          'users.username',
          'users.platform_admin',
          'users.disabled',
        ])
        .where('sessions.id_hash', '=', credentialHash(credentials.session))
        .executeTakeFirst();
      if (!row || row.disabled || row.expires_at <= now) return undefined;
      return {
        userId: row.user_id,
        username: row.username,
        platformAdmin: row.platform_admin === 1,
        credential: 'session',
      };
    }
    return undefined;
  }

  /** Creates a personal access token; the returned `token` is the only time it is visible. */
  async createToken(
    subject: Subject,
    input: { name: string; expiresAt?: string },
  ): Promise<AccessTokenInfo & { token: string }> {
    const token = newAccessToken();
    const now = this.#now().toISOString();
    const row: AccessTokensTable = {
      id: newId(),
      user_id: subject.userId,
      name: input.name,
      token_hash: credentialHash(token),
      created_at: now,
      expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.deps.db.insertInto('access_tokens').values(row).execute();
    return { ...tokenInfo(row), token };
  }

  /** The caller's tokens, oldest first. */
  async listTokens(subject: Subject, page: PageRequest): Promise<Page<AccessTokenInfo>> {
    const query = this.deps.db.selectFrom('access_tokens').selectAll().where('user_id', '=', subject.userId);
    const result = await keysetPage(query, { sort: 'created_at', id: 'id' }, page);
    return { ...result, items: result.items.map(tokenInfo) };
  }

  /** Revokes one of the caller's tokens; it stops working at once. */
  async revokeToken(subject: Subject, id: string): Promise<AccessTokenInfo> {
    const row = await this.deps.db
      .selectFrom('access_tokens')
      .selectAll()
      .where('id', '=', id)
      .where('user_id', '=', subject.userId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`token ${id} not found`);
    if (row.revoked_at) throw new ConflictError(`token ${id} is already revoked`);
    const revokedAt = this.#now().toISOString();
    await this.deps.db
      .updateTable('access_tokens')
      .set({ revoked_at: revokedAt })
      .where('id', '=', id)
      .execute();
    return tokenInfo({ ...row, revoked_at: revokedAt });
  }

  /** Changes the caller's password after checking the current one. */
  async changePassword(subject: Subject, current: string, next: string): Promise<void> {
    const user = await this.deps.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', subject.userId)
      .executeTakeFirstOrThrow();
    if (!user.password_hash || !(await this.#passwords.verify(current, user.password_hash))) {
      throw new UnauthenticatedError('the current password is wrong');
    }
    const passwordHash = await this.#passwords.hash(next);
    const now = this.#now().toISOString();
    await this.deps.db
      .updateTable('users')
      .set((eb) => ({
        password_hash: passwordHash,
        must_change_password: 0,
        updated_at: now,
        resource_version: eb('resource_version', '+', 1),
      }))
      .where('id', '=', subject.userId)
      .execute();
  }
}

function tokenInfo(row: AccessTokensTable): AccessTokenInfo {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revoked: row.revoked_at !== null,
  };
}

/** A password nobody knows, for the decoy hash. */
function randomDecoyPassword(): string {
  return randomBytes(24).toString('base64url');
}
