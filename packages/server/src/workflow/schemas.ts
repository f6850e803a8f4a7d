import { z } from 'zod';
import { enumListSchema, nameListSchema } from '../http/comma-list.js';
import { pageQuerySchema } from '../http/pagination.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';

/** Every state of a run. */
export const RUN_STATES = ['pending', 'running', 'waiting', 'succeeded', 'failed', 'refused', 'cancelled'] as const;
const STEP_STATES = [
  'pending', 'ready', 'running', 'waiting', 'succeeded', 'failed', 'refused', 'skipped', 'cancelled', 'timed-out',
] as const;
const time = z.string().describe('ISO-8601 time');

/** Body of `POST …/runs`. */
export const createRunSchema = z.strictObject({
  environment: z.string().min(1).max(63),
  revision: z.number().int().min(1).optional().describe('The application revision; the latest when absent'),
});

/** Body of cancel, approve and reject. */
export const decisionSchema = z.strictObject({ reason: z.string().max(1000).optional() });

/** Path parameters of the run routes. */
export const appParams = z.object({ workspace: dnsLabelSchema, app: dnsLabelSchema });
export const runParams = appParams.extend({ id: z.string().min(1).max(64) });
export const stepParams = runParams.extend({ step: z.string().min(1).max(253) });

/** Query of the run list. */
export const runListQuery = pageQuerySchema.extend({
  state: z.enum(RUN_STATES).optional(),
  environment: z.string().min(1).max(63).optional(),
});

/** Query of `GET /runs`: runs of every application of the workspaces you can see. */
export const allRunsQuery = pageQuerySchema.extend({
  state: enumListSchema(RUN_STATES).optional().describe(`Runs in one of these states (${RUN_STATES.join(', ')}; comma-separated)`),
  workspace: nameListSchema().optional().describe('Only these workspaces (one or a comma-separated list) among those you can see'),
  app: dnsLabelSchema.optional().describe('Runs of applications of this name'),
  environment: z.string().min(1).max(63).optional().describe('Runs delivering to this environment'),
});

/** Filters and page of `GET /runs`. */
export type AllRunsQuery = z.infer<typeof allRunsQuery>;

/** One step of a run as the API shows it. */
export const stepViewSchema = z.object({
  name: z.string(),
  type: z.string(),
  state: z.enum(STEP_STATES),
  dependsOn: z.array(z.string()),
  properties: z.record(z.string(), z.unknown()),
  attempt: z.number().int(),
  interruptions: z.number().int(),
  retries: z.number().int(),
  timeoutMs: z.number().int(),
  readyAt: time.optional(),
  notBefore: time.optional(),
  startedAt: time.optional(),
  finishedAt: time.optional(),
  /** ready → started, of the last attempt. */
  queueMs: z.number().optional(),
  durationMs: z.number().optional(),
  waitingFor: z.enum(['approval', 'external', 'time']).optional(),
  waitUntil: time.optional(),
  message: z.string().optional(),
  decision: z.object({ approved: z.boolean(), by: z.string(), at: time, reason: z.string().optional() }).optional(),
  output: z.record(z.string(), z.unknown()).optional(),
});

/** A run as the API shows it (`steps` only on a single run). */
export const runViewSchema = z.object({
  id: z.string(),
  workspace: z.string(),
  application: z.string(),
  environment: z.string(),
  revision: z.number().int(),
  cluster: z.string(),
  namespace: z.string(),
  state: z.enum(RUN_STATES),
  message: z.string().optional(),
  createdBy: z.string().optional(),
  createdAt: time,
  updatedAt: time,
  startedAt: time.optional(),
  finishedAt: time.optional(),
  cancel: z.object({ at: time, by: z.string().optional(), reason: z.string().optional() }).optional(),
  resourceVersion: z.string(),
  stepCounts: z.record(z.string(), z.number().int()),
  steps: z.array(stepViewSchema).optional(),
});

/** A run in the API. */
export type RunView = z.infer<typeof runViewSchema>;

/** What started a run: a delivery of a revision, a rollback, or the removal of a deleted application's objects. */
export const RUN_TRIGGERS = ['deploy', 'rollback', 'undeploy'] as const;

/** A run as `GET /runs` lists it: the run without its steps, what started it, and the step that failed it. */
export const runListItemSchema = runViewSchema.omit({ steps: true }).extend({
  trigger: z.enum(RUN_TRIGGERS).describe('deploy (the workflow of a revision), rollback, or undeploy (deletion)'),
  failedStep: z
    .object({
      name: z.string(),
      type: z.string(),
      state: z.enum(STEP_STATES),
      message: z.string().optional(),
      finishedAt: time.optional(),
    })
    .optional()
    .describe('The first step that failed, timed out or was refused, with its message'),
});

/** A run in the list across applications. */
export type RunListItem = z.infer<typeof runListItemSchema>;

/** One job type of `GET /job-types`. */
export const jobTypeSchema = z.object({
  type: z.string(),
  description: z.string(),
  appliesTo: z.array(z.string()).optional(),
  defaults: z.object({
    timeout: z.string(),
    retries: z.number().int(),
    backoff: z.object({ initialMs: z.number(), factor: z.number(), maxMs: z.number() }),
  }),
  schema: z.record(z.string(), z.unknown()),
  /** True when this server has an executor for the type. */
  executable: z.boolean(),
});
