import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NotFoundError } from '../../http/errors.js';
import { credentialHash } from '../../iam/credentials.js';
import { newId } from '../../store/ids.js';
import type { GitTables } from '../migration.js';

/** Prefix of per-repository read tokens (what Argo CD or Flux use to pull a repository). */
export const READ_TOKEN_PREFIX = 'berth_git_';

/** A read token as listed (never the token itself). */
export interface ReadTokenInfo {
  id: string;
  repository: string;
  name: string;
  createdAt: string;
  revoked: boolean;
}

/**
 * Per-repository read tokens for git clients that are not Berth users (a GitOps agent). Only the
 * sha256 of a token is stored; the token is shown once, on creation.
 */
export class RepositoryReadTokens {
  constructor(
    private readonly db: Kysely<GitTables>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates a token for `repository`; the returned `token` is the only time it is visible. */
  async create(repository: string, name: string): Promise<ReadTokenInfo & { token: string }> {
    const token = READ_TOKEN_PREFIX + randomBytes(30).toString('base64url');
    const row = {
      id: newId(),
      repository,
      name,
      token_hash: credentialHash(token),
      created_at: this.now().toISOString(),
      revoked_at: null,
    };
    await this.db.insertInto('git_read_tokens').values(row).execute();
    return { id: row.id, repository, name, createdAt: row.created_at, revoked: false, token };
  }

  async list(repository: string): Promise<ReadTokenInfo[]> {
    const rows = await this.db
      .selectFrom('git_read_tokens')
      .selectAll()
      .where('repository', '=', repository)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      repository: r.repository,
      name: r.name,
      createdAt: r.created_at,
      revoked: r.revoked_at !== null,
    }));
  }

  async revoke(repository: string, id: string): Promise<void> {
    const result = await this.db
      .updateTable('git_read_tokens')
      .set({ revoked_at: this.now().toISOString() })
      .where('repository', '=', repository)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new NotFoundError(`read token ${id} not found`);
  }

  /** The token's name when `token` may read `repository`, else `undefined`. */
  async verify(repository: string, token: string): Promise<string | undefined> {
    if (!token.startsWith(READ_TOKEN_PREFIX)) return undefined;
    const row = await this.db
      .selectFrom('git_read_tokens')
      .select(['name', 'revoked_at'])
      .where('token_hash', '=', credentialHash(token))
      .where('repository', '=', repository)
      .executeTakeFirst();
    return row && row.revoked_at === null ? row.name : undefined;
  }
}
