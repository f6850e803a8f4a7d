import { z } from 'zod';
import { dnsLabelSchema } from '../workspaces/schemas.js';

/** Largest kubeconfig accepted (256 KiB of text). */
export const MAX_KUBECONFIG_CHARS = 256 * 1024;

/** Health of a cluster as of its last check. */
export const clusterStatusSchema = z.enum(['ready', 'unreachable', 'unknown']);

/** A cluster as the API shows it — never its kubeconfig. */
export const clusterSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  simulated: z.boolean().describe('True for a sandbox (simulated) cluster'),
  server: z.string().describe('API server URL'),
  status: clusterStatusSchema,
  statusMessage: z.string().optional(),
  version: z.string().optional().describe('Kubernetes version, e.g. v1.31.0'),
  lastCheckedAt: z.string().optional(),
  resourceVersion: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** A registered cluster. */
export type Cluster = z.infer<typeof clusterSchema>;

/** Body of `POST /clusters`. */
export const registerClusterSchema = z.strictObject({
  name: dnsLabelSchema,
  displayName: z.string().min(1).max(200).optional(),
  kubeconfig: z
    .string()
    .min(1)
    .max(MAX_KUBECONFIG_CHARS)
    .describe('Kubeconfig YAML text with inline credentials'),
  simulated: z.boolean().default(false),
});

/** A registration request. */
export type RegisterCluster = z.infer<typeof registerClusterSchema>;

/** Body of `PATCH /clusters/:cluster`. */
export const updateClusterSchema = z.strictObject({
  displayName: z.string().min(1).max(200).optional(),
  kubeconfig: z.string().min(1).max(MAX_KUBECONFIG_CHARS).optional(),
  resourceVersion: z.string().min(1).optional(),
});

/** An update request. */
export type UpdateCluster = z.infer<typeof updateClusterSchema>;

/** Resource totals as Kubernetes quantities, e.g. `{ cpu: '12', memory: '48Gi', 'nvidia.com/gpu': '4' }`. */
export const resourceTotalsSchema = z.record(z.string(), z.string());

/** Size of a set of nodes. */
export const nodeTotalsSchema = z.object({
  count: z.number().int(),
  ready: z.number().int(),
  capacity: resourceTotalsSchema,
  allocatable: resourceTotalsSchema,
  gpus: z.object({ capacity: z.number(), allocatable: z.number() }),
});

/** A node group: nodes sharing a group key (see `groupKeyOf`). */
export const nodeGroupSchema = nodeTotalsSchema.extend({
  name: z.string(),
  by: z.enum(['node-group', 'instance-type', 'zone', 'none']).describe('Which label named the group'),
  nodes: z.array(z.string()),
});

/** `GET /clusters/:cluster/nodes`. */
export const nodesSummarySchema = nodeTotalsSchema.extend({
  groups: z.array(nodeGroupSchema),
  nodes: z.array(
    z.object({
      name: z.string(),
      group: z.string(),
      ready: z.boolean(),
      unschedulable: z.boolean(),
      labels: z.record(z.string(), z.string()),
      taints: z.array(z.object({ key: z.string(), value: z.string().optional(), effect: z.string() })),
      capacity: resourceTotalsSchema,
      allocatable: resourceTotalsSchema,
    }),
  ),
});

/** The nodes summary of a cluster. */
export type NodesSummary = z.infer<typeof nodesSummarySchema>;

/** `GET /clusters/:cluster/namespaces` item. */
export const namespaceSchema = z.object({
  name: z.string(),
  phase: z.string(),
  labels: z.record(z.string(), z.string()),
  workspace: z.string().optional().describe('The workspace the namespace is bound to, if any'),
});

/** A namespace of a cluster. */
export type ClusterNamespace = z.infer<typeof namespaceSchema>;
