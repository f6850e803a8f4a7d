import type { HealthStatus } from '@berth/core';
import { z } from 'zod';
import { enumListSchema, nameListSchema } from '../http/comma-list.js';
import { pageQuerySchema } from '../http/pagination.js';
import { dnsLabelSchema } from '../workspaces/schemas.js';

/** Every health status, best first (the order of core's `HEALTH_ORDER`). */
export const HEALTH_STATUSES = ['Healthy', 'Suspended', 'Progressing', 'Unknown', 'Missing', 'Degraded'] as const satisfies readonly HealthStatus[];
// Fails to compile when core adds a status this list lacks.
type Unlisted = Exclude<HealthStatus, (typeof HEALTH_STATUSES)[number]>;
const _complete: [Unlisted] extends [never] ? true : never = true;

/** A health status. */
export const healthStatusSchema = z.enum(HEALTH_STATUSES);

/** An environment of an application, with whether its cluster is registered and its last known health. */
export const appEnvironmentSchema = z.object({
  name: z.string(),
  cluster: z.string(),
  namespace: z.string(),
  delivery: z.enum(['direct', 'gitops']),
  clusterKnown: z.boolean(),
  warning: z.string().optional().describe('Set when the cluster is not registered'),
  health: healthStatusSchema.optional().describe('Last known health; absent until the environment is deployed and assessed'),
  reason: z.string().optional().describe('Why, when the health is not Healthy'),
  deployedRevision: z.number().int().optional().describe('The revision deployed when the health was assessed'),
  healthChangedAt: z.string().optional().describe('When the health last changed'),
});

/** An application environment. */
export type AppEnvironment = z.infer<typeof appEnvironmentSchema>;

/** An application as lists show it. */
export const appSummarySchema = z.object({
  workspace: z.string(),
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  revision: z.number().int(),
  status: z.enum(['active', 'deleting']),
  resourceVersion: z.string(),
  health: healthStatusSchema
    .optional()
    .describe('The worst last known health over the deployed environments; absent when never deployed'),
  reason: z.string().optional().describe('`<environment>: <reason>` of the environment that has the worst health'),
  environments: z.array(appEnvironmentSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/** An application summary. */
export type AppSummary = z.infer<typeof appSummarySchema>;

/** One application with its spec. */
export const appSchema = appSummarySchema.extend({
  spec: z.record(z.string(), z.unknown()).describe('The validated application document'),
  specText: z.string().describe('The spec as last submitted'),
  format: z.enum(['yaml', 'json']),
  createdBy: z.string(),
  deletionRequestedAt: z.string().optional(),
});

/** An application. */
export type App = z.infer<typeof appSchema>;

/** One revision of an application. */
export const revisionSchema = z.object({
  revision: z.number().int(),
  author: z.string(),
  message: z.string(),
  createdAt: z.string(),
  renderHashes: z.record(z.string(), z.string()).describe('Environment → render hash'),
});

/** A revision with its spec. */
export const revisionDetailSchema = revisionSchema.extend({
  specText: z.string(),
  format: z.enum(['yaml', 'json']),
  spec: z.record(z.string(), z.unknown()),
});

/** A revision. */
export type Revision = z.infer<typeof revisionSchema>;
/** A revision with its spec. */
export type RevisionDetail = z.infer<typeof revisionDetailSchema>;

/** A changed object between two revisions. */
export const objectChangeSchema = z.object({
  change: z.enum(['added', 'removed', 'changed']),
  apiVersion: z.string(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
  diff: z.string().describe('Unified diff of the object YAML'),
});

/** `GET …/revisions/:a/diff/:b`. */
export const revisionDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  spec: z.string().describe('Unified diff of the spec YAML; empty when equal'),
  environment: z.string().optional(),
  objects: z.array(objectChangeSchema),
});

/** A diff between two revisions. */
export type RevisionDiff = z.infer<typeof revisionDiffSchema>;

/** Query of the application lists. */
export const appListQuerySchema = pageQuerySchema.extend({
  environment: z.string().min(1).max(63).optional().describe('Applications with an environment of this name'),
  cluster: z.string().min(1).max(63).optional().describe('Applications with an environment on this cluster'),
  label: z
    .string()
    .min(1)
    .max(400)
    .regex(/^[^=,\s]+(=[^=,\s]*)?$/, 'must be key or key=value')
    .optional()
    .describe('key or key=value'),
  health: enumListSchema(HEALTH_STATUSES)
    .optional()
    .describe(
      `Applications whose last known health is one of these (${HEALTH_STATUSES.join(', ')}; comma-separated): the worst over their environments, or with \`environment\`/\`cluster\`, the health of those environments`,
    ),
  search: z.string().min(1).max(63).optional().describe('Applications whose name contains this text (case-insensitive)'),
});

/** Query of `GET /apps`: the list's filters and the workspaces to look in. */
export const allAppsQuerySchema = appListQuerySchema.extend({
  workspace: nameListSchema().optional().describe('Only these workspaces (one or a comma-separated list) among those you can see'),
});

/** Filters and page of a list (`workspace` only on `/apps`). */
export type AppListQuery = z.infer<typeof allAppsQuerySchema>;

/** Path parameters. */
export const appParams = z.object({ workspace: dnsLabelSchema, app: dnsLabelSchema });
/** Path parameters of one revision. */
export const revisionParams = appParams.extend({ revision: z.coerce.number().int().min(1).max(1_000_000_000) });
/** Path parameters of a diff. */
export const diffParams = appParams.extend({
  from: z.coerce.number().int().min(1).max(1_000_000_000),
  to: z.coerce.number().int().min(1).max(1_000_000_000),
});

/** Counts of applications by last known health (`GET /apps/health-summary`). */
export const appHealthSummarySchema = z.object({
  total: z.number().int(),
  notDeployed: z.number().int().describe('Applications never deployed (no health yet)'),
  byHealth: z.partialRecord(z.enum(HEALTH_STATUSES), z.number().int()).describe('Applications by their worst environment health'),
});

/** Counts of applications by last known health. */
export type AppHealthSummary = z.infer<typeof appHealthSummarySchema>;
