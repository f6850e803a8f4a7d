import { jobTypeCatalog } from '@berth/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setEtag } from '../http/concurrency.js';
import { pageSchema } from '../http/pagination.js';
import { subjectOf } from '../iam/route-guard.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';
import { type StreamTiming, lastEventId, runFeed, streamEvents, workspaceFeed } from './event-stream.js';
import type { ExecutorRegistry } from './executor-registry.js';
import type { RunService } from './run-service.js';
import type { RunStore } from './run-store.js';
import {
  allRunsQuery,
  appParams,
  createRunSchema,
  decisionSchema,
  jobTypeSchema,
  runListQuery,
  runListItemSchema,
  runParams,
  runViewSchema,
  stepParams,
} from './schemas.js';

/** What the workflow routes need. */
export interface WorkflowRouteDeps {
  service: RunService;
  runs: RunStore;
  executors: ExecutorRegistry;
  stream?: StreamTiming;
}

const tags = ['workflow'];
const inWorkspace = { workspaceFrom: 'params.workspace' } as const;
const RUNS = '/workspaces/:workspace/apps/:app/runs';

/** Runs of applications, approvals, the job-type catalog and the run event streams. */
export function registerWorkflowRoutes(app: FastifyInstance, deps: WorkflowRouteDeps): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { service, runs } = deps;

  r.get(
    '/job-types',
    {
      config: { authorize: { action: 'job-types.list', check: 'self' } },
      schema: { tags, summary: 'Job types a workflow step may have, with the JSON Schema of their properties', response: { 200: z.object({ items: z.array(jobTypeSchema) }) } },
    },
    async () => ({
      items: jobTypeCatalog().map(({ appliesTo, ...entry }) => ({
        ...entry,
        ...(appliesTo ? { appliesTo: [...appliesTo] } : {}),
        executable: deps.executors.get(entry.type) !== undefined,
      })),
    }),
  );

  r.get(
    '/runs',
    {
      config: { authorize: { action: 'runs.list', check: 'filtered' } },
      schema: {
        tags,
        summary: 'Runs of every application in the workspaces you can see, newest first',
        description: 'Filters combine (AND). Each run says what started it (`trigger`) and, when it failed, the first failing step with its message.',
        querystring: allRunsQuery,
        response: { 200: pageSchema(runListItemSchema) },
      },
    },
    async (request) => service.listAcross(subjectOf(request), request.query),
  );

  r.post(
    RUNS,
    {
      config: { authorize: { action: 'runs.create', ...inWorkspace, nameFrom: 'params.app' } },
      schema: { tags, summary: 'Start a run: deliver a revision of the application to an environment', params: appParams, body: createRunSchema, response: { 201: runViewSchema } },
    },
    async (request, reply) => {
      const { workspace, app: application } = request.params;
      const run = await service.create(workspace, application, request.body, subjectOf(request));
      setEtag(reply, run.resourceVersion);
      return reply.code(201).header('location', `/api/v1${RUNS.replace(':workspace', workspace).replace(':app', application)}/${run.id}`).send(run);
    },
  );

  r.get(
    RUNS,
    {
      config: { authorize: { action: 'runs.list', ...inWorkspace, nameFrom: 'params.app' } },
      schema: { tags, summary: 'Runs of an application, newest first', params: appParams, querystring: runListQuery, response: { 200: pageSchema(runViewSchema) } },
    },
    async (request) => {
      const { state, environment, ...page } = request.query;
      return service.list(request.params.workspace, request.params.app, { ...(state ? { state } : {}), ...(environment ? { environment } : {}) }, page);
    },
  );

  r.get(
    `${RUNS}/:id`,
    {
      config: { authorize: { action: 'runs.read', ...inWorkspace, nameFrom: 'params.id' } },
      schema: { tags, summary: 'A run with its steps: states, attempts, messages, timings', params: runParams, response: { 200: runViewSchema } },
    },
    async (request, reply) => {
      const run = await service.get(request.params.workspace, request.params.app, request.params.id);
      setEtag(reply, run.resourceVersion);
      return run;
    },
  );

  r.post(
    `${RUNS}/:id/cancel`,
    {
      config: { authorize: { action: 'runs.cancel', ...inWorkspace, nameFrom: 'params.id' } },
      schema: { tags, summary: 'Cancel a run (running steps are aborted)', params: runParams, body: decisionSchema.optional(), response: { 200: runViewSchema } },
    },
    async (request) => {
      const { workspace, app: application, id } = request.params;
      return service.cancel(workspace, application, id, subjectOf(request), request.body?.reason);
    },
  );

  for (const verdict of ['approve', 'reject'] as const) {
    r.post(
      `${RUNS}/:id/steps/:step/${verdict}`,
      {
        config: { authorize: { action: `runs.${verdict === 'approve' ? 'approve' : 'reject'}`, ...inWorkspace, nameFrom: 'params.id' } },
        schema: {
          tags,
          summary: verdict === 'approve' ? 'Approve an approval step (the run goes on)' : 'Reject an approval step (the run fails)',
          params: stepParams,
          body: decisionSchema.optional(),
          response: { 200: runViewSchema },
        },
      },
      async (request) => {
        const { workspace, app: application, id, step } = request.params;
        return service.decide(workspace, application, id, step, verdict === 'approve', subjectOf(request), request.body?.reason);
      },
    );
  }

  r.get(
    `${RUNS}/:id/events`,
    {
      config: { authorize: { action: 'runs.watch', ...inWorkspace, nameFrom: 'params.id' } },
      schema: { tags, summary: 'Server-sent events of a run (replays after Last-Event-ID; ends with the run)', params: runParams, querystring: z.object({ after: z.string().regex(/^\d+$/).optional() }) },
    },
    async (request, reply) => {
      const { workspace, app: application, id } = request.params;
      await service.require(workspace, application, id);
      await streamEvents(request, reply, runs, runFeed(runs, id, lastEventId(request)), deps.stream);
    },
  );

  r.get(
    '/workspaces/:workspace/run-events',
    {
      config: { authorize: { action: 'runs.watch', ...inWorkspace } },
      schema: { tags, summary: 'Server-sent events of every run of a workspace (replays after Last-Event-ID)', params: z.object({ workspace: dnsLabelSchema }), querystring: z.object({ after: z.string().regex(/^\d+$/).optional() }) },
    },
    async (request, reply) => {
      await streamEvents(request, reply, runs, workspaceFeed(runs, request.params.workspace, lastEventId(request)), deps.stream);
    },
  );
}
