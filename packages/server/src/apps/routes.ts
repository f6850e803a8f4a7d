import { toYaml } from '@berth/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { expectedVersion, setEtag } from '../http/concurrency.js';
import { pageQuerySchema, pageSchema } from '../http/pagination.js';
import { subjectOf } from '../iam/route-guard.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';
import type { AppService } from './app-service.js';
import {
  allAppsQuerySchema,
  appHealthSummarySchema,
  appListQuerySchema,
  appParams,
  appSchema,
  appSummarySchema,
  diffParams,
  revisionDetailSchema,
  revisionDiffSchema,
  revisionParams,
  revisionSchema,
} from './schemas.js';
import { readSubmission } from './submission.js';

/** Media types read as YAML text. */
export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

const tags = ['apps'];
const inWorkspace = { workspaceFrom: 'params.workspace', nameFrom: 'params.app' } as const;
const wsParams = z.object({ workspace: dnsLabelSchema });
const envQuery = z.object({ env: dnsLabelSchema.optional() });
const bodyDescription =
  'YAML text (application/yaml), a JSON application document, or { spec: <YAML text | document>, message?, resourceVersion? }';

function message(request: FastifyRequest): string | undefined {
  const header = request.headers['x-berth-message'];
  return typeof header === 'string' ? header : undefined;
}

/**
 * Application routes: `/apps` (every workspace you can see) and `/workspaces/:workspace/apps/…`.
 * Bodies may be YAML or JSON; the YAML parser is scoped to these routes.
 */
export async function registerAppRoutes(app: FastifyInstance, deps: { apps: AppService }): Promise<void> {
  await app.register(async (scope) => {
    for (const type of YAML_TYPES) {
      if (!scope.hasContentTypeParser(type))
        scope.addContentTypeParser(type, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    }
    routes(scope, deps.apps);
  });
}

function routes(app: FastifyInstance, apps: AppService): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/apps',
    {
      config: { authorize: { action: 'apps.list', check: 'filtered' } },
      schema: {
        tags,
        summary: 'Applications of every workspace you can see, with their last known health',
        description:
          'Ordered by workspace then name; filters combine (AND). `health` alone matches the worst health over the deployed environments; with `environment` or `cluster` it matches those environments.',
        querystring: allAppsQuerySchema,
        response: { 200: pageSchema(appSummarySchema) },
      },
    },
    async (request) => apps.list(subjectOf(request), undefined, request.query),
  );

  r.get(
    '/apps/health-summary',
    {
      config: { authorize: { action: 'apps.list', check: 'filtered' } },
      schema: {
        tags,
        summary: 'How many applications you can see have each last known health',
        querystring: allAppsQuerySchema.pick({ workspace: true }),
        response: { 200: appHealthSummarySchema },
      },
    },
    async (request) => apps.healthSummary(subjectOf(request), request.query),
  );

  r.get(
    '/workspaces/:workspace/apps',
    {
      config: { authorize: { action: 'apps.list', workspaceFrom: 'params.workspace' } },
      schema: { tags, summary: 'Applications of a workspace, with their last known health', params: wsParams, querystring: appListQuerySchema, response: { 200: pageSchema(appSummarySchema) } },
    },
    async (request) => apps.list(subjectOf(request), request.params.workspace, request.query),
  );

  r.post(
    '/workspaces/:workspace/apps',
    {
      config: { authorize: { action: 'apps.create', workspaceFrom: 'params.workspace' } },
      schema: { tags, summary: 'Create an application', description: bodyDescription, params: wsParams, response: { 201: appSchema } },
    },
    async (request, reply) => {
      const created = await apps.create(subjectOf(request), request.params.workspace, readSubmission(request.body, message(request)));
      setEtag(reply, created.resourceVersion);
      return reply.code(201).send(created);
    },
  );

  r.get(
    '/workspaces/:workspace/apps/:app',
    {
      config: { authorize: { action: 'apps.read', ...inWorkspace } },
      schema: { tags, summary: 'Read an application', params: appParams, response: { 200: appSchema } },
    },
    async (request, reply) => {
      const found = await apps.get(request.params.workspace, request.params.app);
      setEtag(reply, found.resourceVersion);
      return found;
    },
  );

  r.put(
    '/workspaces/:workspace/apps/:app',
    {
      config: { authorize: { action: 'apps.update', ...inWorkspace } },
      schema: {
        tags,
        summary: 'Replace the spec (If-Match or resourceVersion required; stale → 409)',
        description: bodyDescription,
        params: appParams,
        response: { 200: appSchema },
      },
    },
    async (request, reply) => {
      const submission = readSubmission(request.body, message(request));
      const version = expectedVersion(request, submission.resourceVersion);
      const { workspace, app: name } = request.params;
      const updated = await apps.update(subjectOf(request), workspace, name, submission, version);
      setEtag(reply, updated.resourceVersion);
      return updated;
    },
  );

  r.delete(
    '/workspaces/:workspace/apps/:app',
    {
      config: { authorize: { action: 'apps.delete', ...inWorkspace } },
      schema: {
        tags,
        summary: 'Delete an application (202 with the ids of the runs removing its objects, 204 when gone)',
        params: appParams,
      },
    },
    async (request, reply) => {
      const version = request.headers['if-match'] ? expectedVersion(request) : undefined;
      const { workspace, app: name } = request.params;
      const outcome = await apps.requestDeletion(subjectOf(request), workspace, name, version);
      return outcome.removed ? reply.code(204).send() : reply.code(202).send({ ...outcome.app, runs: outcome.runs ?? [] });
    },
  );

  r.get(
    '/workspaces/:workspace/apps/:app/revisions',
    {
      config: { authorize: { action: 'revisions.list', ...inWorkspace } },
      schema: { tags, summary: 'Revisions, newest first', params: appParams, querystring: pageQuerySchema, response: { 200: pageSchema(revisionSchema) } },
    },
    async (request) => apps.revisions(request.params.workspace, request.params.app, request.query),
  );

  r.get(
    '/workspaces/:workspace/apps/:app/revisions/:revision',
    {
      config: { authorize: { action: 'revisions.read', ...inWorkspace } },
      schema: { tags, summary: 'One revision with its spec', params: revisionParams, response: { 200: revisionDetailSchema } },
    },
    async (request) => apps.revision(request.params.workspace, request.params.app, request.params.revision),
  );

  r.get(
    '/workspaces/:workspace/apps/:app/revisions/:from/diff/:to',
    {
      config: { authorize: { action: 'revisions.diff', ...inWorkspace } },
      schema: {
        tags,
        summary: 'Spec diff and rendered-object diff (for ?env=, default the first) between two revisions',
        params: diffParams,
        querystring: envQuery,
        response: { 200: revisionDiffSchema },
      },
    },
    async (request) => {
      const { workspace, app: name, from, to } = request.params;
      return apps.diff(workspace, name, from, to, request.query.env);
    },
  );

  r.get(
    '/workspaces/:workspace/apps/:app/render',
    {
      config: { authorize: { action: 'apps.read', ...inWorkspace } },
      schema: { tags, summary: 'Rendered objects for ?env= (YAML with Accept: application/yaml, else JSON)', params: appParams, querystring: envQuery },
    },
    async (request, reply) => {
      const rendered = await apps.render(request.params.workspace, request.params.app, request.query.env);
      if (/yaml/.test(request.headers.accept ?? '')) return reply.type('application/yaml').send(toYaml(rendered.objects));
      return reply.type('application/json').send(JSON.stringify(rendered));
    },
  );
}
