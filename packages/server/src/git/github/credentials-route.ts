import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NotFoundError } from '../../http/errors.js';
import type { SecretStore } from '../../secrets/secret-store.js';
import { dnsLabelSchema } from '../../workspaces/schemas.js';
import {
  type GitHubCredentials,
  GitHubCredentialStore,
  gitHubAppSchema,
  gitHubCredentialsSummarySchema,
  gitHubTokenCredentialsSchema,
  listGitHubCredentials,
} from './credentials.js';

const tags = ['git'];

/** Body of `PUT …/credentials`: exactly one of `token` or `app`, and the webhook secret. */
export const gitHubCredentialsInputSchema = z
  .strictObject({
    token: gitHubTokenCredentialsSchema.shape.token
      .optional()
      .describe('a fine-grained or classic token; stored sealed, never returned'),
    app: gitHubAppSchema.optional().describe('GitHub App credentials, instead of a token'),
    webhookSecret: gitHubTokenCredentialsSchema.shape.webhookSecret,
    workspaces: z
      .array(dnsLabelSchema)
      .max(500)
      .optional()
      .describe(
        'the workspaces that may deliver to the repository (an owner’s record: to all its repositories without their own record; a repository’s record overrides it). Omitted: the record keeps the workspaces it had; [] grants none',
      ),
  })
  .superRefine((input, ctx) => {
    if ((input.token === undefined) === (input.app === undefined))
      ctx.addIssue({
        code: 'custom',
        path: [input.token === undefined ? 'token' : 'app'],
        message:
          input.token === undefined
            ? 'give a token, or app credentials (appId, installationId, privateKey)'
            : 'give either a token or app credentials, not both',
      });
  })
  .describe('exactly one of `token` or `app`');

const summarySchema = gitHubCredentialsSummarySchema.extend({
  owner: z.string(),
  repository: z.string().optional().describe('absent for the owner’s credentials (`<owner>/*`)'),
});

const ownerParams = z.object({
  owner: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, 'must be a GitHub user or organization name'),
});
const repoParams = ownerParams.extend({
  repo: z.string().regex(/^(?!\.+$)[A-Za-z0-9._-]{1,100}$/, 'must be a GitHub repository name'),
});

function credentialsOf(input: z.infer<typeof gitHubCredentialsInputSchema>, workspaces: string[]): GitHubCredentials {
  const webhook = input.webhookSecret !== undefined ? { webhookSecret: input.webhookSecret } : {};
  return input.app ? { app: input.app, ...webhook, workspaces } : { token: input.token ?? '', ...webhook, workspaces };
}

/**
 * GitHub credentials of an owner (`/git/github/owners/:owner/credentials`, used by repositories
 * without their own) and of one repository (`…/repositories/:repo/credentials`): PUT stores a
 * token or GitHub App credentials sealed with the workspaces granted delivery to the repository
 * (`workspaces`), GET says which kind is configured and the grants, DELETE removes them;
 * `GET /git/github/credentials` lists every record.
 * Platform admins only (the actions have no workspace). Responses never carry a secret.
 */
export function registerGitHubCredentialRoutes(app: FastifyInstance, deps: { secrets: SecretStore }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const storeOf = (owner: string) => new GitHubCredentialStore({ secrets: deps.secrets, owner });
  const summaryOf = async (owner: string, repository: string | undefined) => {
    const summary = await storeOf(owner).describe(repository);
    if (!summary) throw new NotFoundError(`no GitHub credentials for ${owner}/${repository ?? '*'}`);
    return { owner, ...(repository !== undefined ? { repository } : {}), ...summary };
  };

  r.get(
    '/git/github/credentials',
    {
      config: { authorize: { action: 'gitcredentials.read' } },
      schema: {
        tags,
        summary: 'List every owner and repository with GitHub credentials (kind, IDs, grants; no secret)',
        response: { 200: z.object({ items: z.array(summarySchema) }) },
      },
    },
    async () => ({ items: await listGitHubCredentials(deps.secrets) }),
  );

  for (const scope of ['owner', 'repository'] as const) {
    const url =
      scope === 'owner'
        ? '/git/github/owners/:owner/credentials'
        : '/git/github/owners/:owner/repositories/:repo/credentials';
    const params = scope === 'owner' ? ownerParams : repoParams;
    const target = scope === 'owner' ? 'an owner (for its repositories without their own)' : 'a repository';
    const repositoryOf = (p: { owner: string; repo?: string }) => (scope === 'owner' ? undefined : p.repo);
    const nameFrom = scope === 'owner' ? 'params.owner' : 'params.repo';

    r.put(
      url,
      {
        config: { authorize: { action: 'gitcredentials.update', nameFrom } },
        schema: {
          tags,
          summary: `Set the GitHub credentials of ${target}: a token or GitHub App credentials (sealed; never returned)`,
          params,
          body: gitHubCredentialsInputSchema,
          response: { 200: summarySchema },
        },
      },
      async (request) => {
        const repository = repositoryOf(request.params);
        const store = storeOf(request.params.owner);
        const workspaces = request.body.workspaces ?? (await store.describe(repository))?.workspaces ?? [];
        await store.put(repository, credentialsOf(request.body, [...new Set(workspaces)]));
        return summaryOf(request.params.owner, repository);
      },
    );

    r.get(
      url,
      {
        config: { authorize: { action: 'gitcredentials.read', nameFrom } },
        schema: {
          tags,
          summary: `Which GitHub credentials ${target} has (kind, app and installation IDs; no secret)`,
          params,
          response: { 200: summarySchema },
        },
      },
      async (request) => summaryOf(request.params.owner, repositoryOf(request.params)),
    );

    r.delete(
      url,
      {
        config: { authorize: { action: 'gitcredentials.delete', nameFrom } },
        schema: { tags, summary: `Remove the GitHub credentials of ${target}`, params },
      },
      async (request, reply) => {
        const repository = repositoryOf(request.params);
        if (!(await storeOf(request.params.owner).delete(repository)))
          throw new NotFoundError(`no GitHub credentials for ${request.params.owner}/${repository ?? '*'}`);
        return reply.code(204).send();
      },
    );
  }
}
