import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { SecretStore } from '../../secrets/secret-store.js';

const SCOPE = 'github-repository';

/** Credentials of one GitHub repository: a token (fine-grained or classic), and the webhook secret. */
export const gitHubCredentialsSchema = z.strictObject({
  token: z.string().min(1),
  webhookSecret: z.string().min(16).optional(),
});

/** Credentials of one GitHub repository. */
export type GitHubCredentials = z.infer<typeof gitHubCredentialsSchema>;

/**
 * Per-repository GitHub credentials, sealed at rest by the SecretBox (scope
 * `github-repository`, name `<owner>/<repo>`), never returned by the API. Repositories without
 * their own credentials use the owner's (`<owner>/*`).
 */
export class GitHubCredentialStore {
  constructor(private readonly deps: { secrets: SecretStore; owner: string; baseUrl?: string }) {}

  #name(repository?: string): string {
    return `${this.deps.owner}/${repository ?? '*'}`;
  }

  /** Stores the credentials of `repository` (or of the owner when omitted). */
  async put(repository: string | undefined, credentials: GitHubCredentials): Promise<void> {
    const value = gitHubCredentialsSchema.parse(credentials);
    await this.deps.secrets.put(SCOPE, this.#name(repository), JSON.stringify(value));
  }

  async delete(repository: string | undefined): Promise<boolean> {
    return this.deps.secrets.delete(SCOPE, this.#name(repository));
  }

  /** The credentials of `repository`, falling back to the owner's. */
  async get(repository?: string): Promise<GitHubCredentials | undefined> {
    const own =
      repository !== undefined ? await this.deps.secrets.get(SCOPE, this.#name(repository)) : undefined;
    const raw = own ?? (await this.deps.secrets.get(SCOPE, this.#name()));
    return raw ? gitHubCredentialsSchema.parse(JSON.parse(raw.toString('utf8'))) : undefined;
  }

  /** An Octokit authenticated as `repository`'s credentials; 404 when there are none. */
  async octokitFor(repository?: string): Promise<Octokit> {
    const credentials = await this.get(repository);
    if (!credentials)
      throw new NotFoundError(`no GitHub credentials for ${this.#name(repository)}: add a token first`);
    return new Octokit({
      auth: credentials.token,
      userAgent: 'berth',
      ...(this.deps.baseUrl ? { baseUrl: this.deps.baseUrl } : {}),
      log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
    });
  }
}
