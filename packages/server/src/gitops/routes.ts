/** GitOps routes under `/workspaces/:workspace/apps/:app/gitops`. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { subjectOf } from '../iam/route-guard.js';
import { validateRepoInputSchema } from '../repocheck/validate-repo.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';
import type { GitOpsService } from './gitops-service.js';

const tags = ['gitops'];
const params = z.object({ workspace: dnsLabelSchema, app: dnsLabelSchema });
const inApp = { workspaceFrom: 'params.workspace', nameFrom: 'params.app' } as const;

/** Registers the routes; every handler calls one service method. */
export function registerGitOpsRoutes(app: FastifyInstance, deps: { gitops: GitOpsService }): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/workspaces/:workspace/apps/:app/gitops';

  r.get(
    base,
    {
      config: { authorize: { action: 'apps.status', ...inApp } },
      schema: { tags, summary: 'GitOps status: merged head, deployed commit, sync, health, history, open change requests', params, querystring: z.object({ env: dnsLabelSchema }) },
    },
    async (request) => {
      await deps.gitops.settle();
      return deps.gitops.status({ workspace: request.params.workspace, app: request.params.app, environment: request.query.env });
    },
  );

  r.post(
    `${base}/submit`,
    {
      config: { authorize: { action: 'apps.deploy', ...inApp } },
      schema: {
        tags,
        summary: 'Open a change request delivering a revision (default: the current one) to a gitops environment',
        params,
        body: z.strictObject({ env: dnsLabelSchema, revision: z.number().int().positive().optional(), repoCheck: validateRepoInputSchema.optional() }),
      },
    },
    async (request, reply) => {
      const { env, revision, repoCheck } = request.body;
      const result = await deps.gitops.submit({
        workspace: request.params.workspace,
        app: request.params.app,
        author: subjectOf(request).username,
        environment: env,
        ...(revision !== undefined ? { revision } : {}),
        ...(repoCheck ? { repoCheck } : {}),
      });
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  r.post(
    `${base}/delete`,
    {
      config: { authorize: { action: 'apps.deploy', ...inApp } },
      schema: { tags, summary: 'Open a change request removing the environment’s directory', params, body: z.strictObject({ env: dnsLabelSchema }) },
    },
    async (request, reply) => {
      const result = await deps.gitops.remove({ ...request.params, author: subjectOf(request).username, environment: request.body.env });
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  r.post(
    `${base}/promote`,
    {
      config: { authorize: { action: 'apps.deploy', ...inApp } },
      schema: { tags, summary: 'Open a change request promoting the revision one environment runs to the next', params, body: z.strictObject({ from: dnsLabelSchema, to: dnsLabelSchema }) },
    },
    async (request, reply) => {
      const result = await deps.gitops.promote({ ...request.params, author: subjectOf(request).username, ...request.body });
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  r.post(
    `${base}/rollback`,
    {
      config: { authorize: { action: 'apps.rollback', ...inApp } },
      schema: {
        tags,
        summary: 'Open a change request restoring the environment’s directory as it was at an earlier commit',
        params,
        body: z.strictObject({ env: dnsLabelSchema, commit: z.string().regex(/^[0-9a-f]{7,40}$/) }),
      },
    },
    async (request, reply) => {
      const result = await deps.gitops.rollback({ ...request.params, author: subjectOf(request).username, environment: request.body.env, commit: request.body.commit });
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );
}
