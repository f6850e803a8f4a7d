import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dnsLabelSchema } from '../workspaces/schemas.js';
import {
  type RepoCheckDeps,
  validateRepo,
  validateRepoInputSchema,
  validateRepoResultSchema,
} from './validate-repo.js';

/**
 * `POST /workspaces/:workspace/repocheck`: validates a target repository (a remote https URL or
 * an embedded repository of the workspace) and answers 200 `{ ok, problems }`; an unsafe URL or
 * a failed clone is 400.
 */
export function registerRepoCheckRoutes(app: FastifyInstance, deps: Omit<RepoCheckDeps, 'workspace'>): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/workspaces/:workspace/repocheck',
    {
      config: {
        authorize: {
          action: 'apps.validate',
          kind: 'repocheck',
          workspaceFrom: 'params.workspace',
          audit: false,
        },
      },
      schema: {
        tags: ['repocheck'],
        summary: 'Validate a target repository: Helm chart, values schema, overlays, kustomizations',
        params: z.object({ workspace: dnsLabelSchema }),
        body: validateRepoInputSchema,
        response: { 200: validateRepoResultSchema },
      },
    },
    async (request) => validateRepo(request.body, { ...deps, workspace: request.params.workspace }),
  );
}
