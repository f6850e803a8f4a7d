import { createHash } from 'node:crypto';
import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { z } from 'zod';
import { InputError } from '../../http/errors.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { appPrivateKeyProblem, toPkcs8Pem } from './app-key.js';
import { missingCredentials } from './github-errors.js';

const SCOPE = 'github-repository';

const webhookSecretSchema = z
  .string()
  .min(16)
  .optional()
  .describe('the secret of the repository’s webhook (verifies X-Hub-Signature-256)');

const workspacesSchema = z
  .array(z.string().min(1).max(63))
  .max(500)
  .optional()
  .describe('the workspaces that may deliver to the repository (to every repository of the owner, for an owner’s record)');

/** A GitHub App installation: the app's ID, the installation's ID and the app's private key (PEM). */
export const gitHubAppSchema = z.strictObject({
  appId: z.number().int().positive().describe('the GitHub App’s ID'),
  installationId: z.number().int().positive().describe('the installation of the app on the owner'),
  privateKey: z
    .string()
    .max(16_384)
    .superRefine((pem, ctx) => {
      const problem = appPrivateKeyProblem(pem);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('the app’s RSA private key, PEM (PKCS#1 or PKCS#8); stored sealed, never returned'),
});

/** A token (fine-grained or classic) and the webhook secret. */
export const gitHubTokenCredentialsSchema = z.strictObject({
  token: z.string().min(1),
  webhookSecret: webhookSecretSchema,
  workspaces: workspacesSchema,
});

/** GitHub App credentials and the webhook secret. */
export const gitHubAppCredentialsSchema = z.strictObject({
  app: gitHubAppSchema,
  webhookSecret: webhookSecretSchema,
  workspaces: workspacesSchema,
});

/** Credentials of one GitHub repository (or owner): a token, or a GitHub App installation. */
export const gitHubCredentialsSchema = z.union([gitHubTokenCredentialsSchema, gitHubAppCredentialsSchema]);

/** Credentials of one GitHub repository. */
export type GitHubCredentials = z.infer<typeof gitHubCredentialsSchema>;

/** Which credentials are configured, as the API may show them: the kind, never a secret. */
export const gitHubCredentialsSummarySchema = z.object({
  kind: z.enum(['token', 'app']),
  appId: z.number().int().optional().describe('for `app`'),
  installationId: z.number().int().optional().describe('for `app`'),
  webhookSecret: z.boolean().describe('whether a webhook secret is set'),
  workspaces: z.array(z.string()).describe('the workspaces this record lets deliver to the repository (the owner’s: to its repositories without their own record)'),
});

/** Which credentials are configured (no secret). */
export type GitHubCredentialsSummary = z.infer<typeof gitHubCredentialsSummarySchema>;

const SILENT = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
/** App Octokits kept (each caches its installation token); more distinct credentials start afresh. */
const MAX_APP_CLIENTS = 64;

/**
 * Per-repository GitHub credentials, sealed at rest by the SecretBox (scope
 * `github-repository`, name `<owner>/<repo>`), never returned by the API. Repositories without
 * their own credentials use the owner's (`<owner>/*`). App credentials authenticate through
 * `@octokit/auth-app`: it signs the app's JWT and exchanges it for an installation token
 * (`POST /app/installations/{id}/access_tokens`), cached by the Octokit kept per credentials.
 */
export class GitHubCredentialStore {
  readonly #apps = new Map<string, Octokit>();

  constructor(private readonly deps: { secrets: SecretStore; owner: string; baseUrl?: string }) {}

  #name(repository?: string): string {
    return `${this.deps.owner}/${repository ?? '*'}`;
  }

  /**
   * Stores the credentials of `repository` (or of the owner when omitted); an app's private key
   * is kept as PKCS#8. Invalid credentials → InputError naming the field (never its value).
   */
  async put(repository: string | undefined, credentials: GitHubCredentials): Promise<void> {
    const parsed = gitHubCredentialsSchema.safeParse(credentials);
    if (!parsed.success)
      throw new InputError(
        'the GitHub credentials are invalid',
        parsed.error.issues.map((issue) => ({
          path: issue.path.join('.') || 'credentials',
          message: issue.message,
        })),
      );
    const value =
      'app' in parsed.data
        ? { ...parsed.data, app: { ...parsed.data.app, privateKey: toPkcs8Pem(parsed.data.app.privateKey) } }
        : parsed.data;
    await this.deps.secrets.put(SCOPE, this.#name(repository), JSON.stringify(value));
    this.#apps.clear();
  }

  async delete(repository: string | undefined): Promise<boolean> {
    this.#apps.clear();
    return this.deps.secrets.delete(SCOPE, this.#name(repository));
  }

  async #own(repository?: string): Promise<GitHubCredentials | undefined> {
    const raw = await this.deps.secrets.get(SCOPE, this.#name(repository));
    return raw ? gitHubCredentialsSchema.parse(JSON.parse(raw.toString('utf8'))) : undefined;
  }

  /** The credentials of `repository`, falling back to the owner's. */
  async get(repository?: string): Promise<GitHubCredentials | undefined> {
    return (repository !== undefined ? await this.#own(repository) : undefined) ?? (await this.#own());
  }

  /** Which credentials `repository` (or the owner, when omitted) has itself — no fallback, no secret. */
  async describe(repository?: string): Promise<GitHubCredentialsSummary | undefined> {
    const credentials = await this.#own(repository);
    if (!credentials) return undefined;
    const webhookSecret = credentials.webhookSecret !== undefined;
    const workspaces = credentials.workspaces ?? [];
    return 'app' in credentials
      ? {
          kind: 'app',
          appId: credentials.app.appId,
          installationId: credentials.app.installationId,
          webhookSecret,
          workspaces,
        }
      : { kind: 'token', webhookSecret, workspaces };
  }

  /**
   * The workspaces that may deliver to `repository`: its own record's list when it has one (it
   * overrides the owner's), else the owner's; undefined when neither has credentials.
   */
  async grantedWorkspaces(repository: string): Promise<string[] | undefined> {
    const credentials = (await this.#own(repository)) ?? (await this.#own());
    return credentials ? (credentials.workspaces ?? []) : undefined;
  }

  /** An Octokit authenticated as `repository`'s credentials; 404 when there are none. */
  async octokitFor(repository?: string): Promise<Octokit> {
    const credentials = await this.get(repository);
    if (!credentials) throw missingCredentials({ owner: this.deps.owner, repo: repository ?? '*' });
    if ('token' in credentials) return this.#octokit({ auth: credentials.token });
    const { app } = credentials;
    const key = createHash('sha256')
      .update(`${app.appId}\n${app.installationId}\n${app.privateKey}`)
      .digest('hex');
    const kept = this.#apps.get(key);
    if (kept) return kept;
    const octokit = this.#octokit({
      authStrategy: createAppAuth,
      auth: { appId: app.appId, installationId: app.installationId, privateKey: app.privateKey },
    });
    if (this.#apps.size >= MAX_APP_CLIENTS) this.#apps.clear();
    this.#apps.set(key, octokit);
    return octokit;
  }

  #octokit(auth: Pick<ConstructorParameters<typeof Octokit>[0] & object, 'auth' | 'authStrategy'>): Octokit {
    return new Octokit({
      ...auth,
      userAgent: 'berth',
      ...(this.deps.baseUrl ? { baseUrl: this.deps.baseUrl } : {}),
      log: SILENT,
    });
  }
}

/** One stored credentials record, as the API may show it: whose it is and its summary (no secret). */
export type GitHubCredentialsRecord = { owner: string; repository?: string } & GitHubCredentialsSummary;

/**
 * Every stored credentials record (owners' and repositories'), sorted by owner then repository,
 * the owner's first; each is opened to tell its kind and grants, never returning a secret.
 */
export async function listGitHubCredentials(secrets: SecretStore): Promise<GitHubCredentialsRecord[]> {
  const records: GitHubCredentialsRecord[] = [];
  const stores = new Map<string, GitHubCredentialStore>();
  for (const name of await secrets.names(SCOPE)) {
    const slash = name.indexOf('/');
    if (slash <= 0) continue;
    const owner = name.slice(0, slash);
    const repository = name.slice(slash + 1) === '*' ? undefined : name.slice(slash + 1);
    let store = stores.get(owner);
    if (!store) stores.set(owner, (store = new GitHubCredentialStore({ secrets, owner })));
    const summary = await store.describe(repository);
    if (summary) records.push({ owner, ...(repository !== undefined ? { repository } : {}), ...summary });
  }
  return records.sort(
    (a, b) => a.owner.localeCompare(b.owner) || (a.repository ?? '').localeCompare(b.repository ?? ''),
  );
}
