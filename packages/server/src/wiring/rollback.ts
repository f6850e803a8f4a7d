/**
 * Rollback: `POST /workspaces/:workspace/apps/:app/rollback { environment, revision }` starts a
 * run of a single `rollback` step whose target is the earlier revision — it applies every
 * component of that revision and waits until they are healthy — followed, as every delivery run,
 * by the `finalize` step (the plan hook of capability.ts) that prunes what the revision does not
 * render and records it as deployed. The revision's own workflow (approvals, jobs, GPU
 * prechecks) does not run again: a rollback returns to a state that already ran it. Audited by
 * the central hook.
 */
import { RenderError, resolveEnvironment } from '@berth/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setEtag } from '../http/concurrency.js';
import { InputError, NotFoundError } from '../http/errors.js';
import type { Subject } from '../iam/authorizer.js';
import { subjectOf } from '../iam/route-guard.js';
import type { RunService } from '../workflow/run-service.js';
import type { RunSource } from '../workflow/run-source.js';
import { appParams, runViewSchema, type RunView } from '../workflow/schemas.js';
import { singleStepPlan } from './plans.js';

/** Body of the rollback route. */
export const rollbackSchema = z.strictObject({
  environment: z.string().min(1).max(63),
  revision: z.number().int().min(1).describe('The earlier revision to deliver again'),
});

/** What a rollback needs. */
export interface RollbackDeps {
  source: RunSource;
  service: Pick<RunService, 'startPlanned'>;
  requireWorkspace(name: string): Promise<unknown>;
}

/** Starts a run delivering `revision` of the application to `environment` again. */
export async function startRollback(
  deps: RollbackDeps,
  workspace: string,
  application: string,
  input: z.infer<typeof rollbackSchema>,
  subject: Subject,
): Promise<RunView> {
  await deps.requireWorkspace(workspace);
  const found = await deps.source.loadRevision(workspace, application, input.revision);
  if (!found) throw new NotFoundError(`revision ${input.revision} of application ${application} not found`);
  let environment;
  try {
    environment = resolveEnvironment(found.spec, input.environment).environment;
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    throw new InputError(`revision ${input.revision} of ${application} has no environment ${input.environment}`, [
      { path: 'environment', message: `is not an environment of revision ${input.revision}` },
    ]);
  }
  return deps.service.startPlanned({
    workspace,
    revision: found.revision,
    cluster: environment.cluster,
    namespace: environment.namespace,
    spec: found.spec,
    plan: singleStepPlan(application, environment.name, 'rollback', { toRevision: found.revision }),
    createdBy: subject.username,
  });
}

/** Registers the rollback route (authorized as `apps.rollback` on the application). */
export function registerRollbackRoute(app: FastifyInstance, deps: RollbackDeps): void {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/workspaces/:workspace/apps/:app/rollback',
    {
      config: { authorize: { action: 'apps.rollback', workspaceFrom: 'params.workspace', nameFrom: 'params.app' } },
      schema: {
        tags: ['apps'],
        summary: 'Roll back: start a run that delivers an earlier revision to an environment again',
        params: appParams,
        body: rollbackSchema,
        response: { 201: runViewSchema },
      },
    },
    async (request, reply) => {
      const { workspace, app: application } = request.params;
      const run = await startRollback(deps, workspace, application, request.body, subjectOf(request));
      setEtag(reply, run.resourceVersion);
      return reply
        .code(201)
        .header('location', `/api/v1/workspaces/${workspace}/apps/${application}/runs/${run.id}`)
        .send(run);
    },
  );
}
