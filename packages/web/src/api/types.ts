/** Shapes of the API's answers, as far as the console reads them. */
import type { HealthStatus, RunState, StepState } from '@berth/core';

/** Health, run and step states are the core's own (the assessment and the engine's state machine). */
export type { HealthStatus, RunState, StepState } from '@berth/core';

/** Every health status, best first. */
export const HEALTH_STATUSES: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Unknown',
  'Missing',
  'Degraded',
];

export interface Me {
  username: string;
  platformAdmin: boolean;
  credential: 'session' | 'token';
  workspaces: Array<{ workspace: string; role: string }>;
}

export interface AuthProvider {
  id: string;
  name: string;
  url: string;
}

export interface Cluster {
  name: string;
  displayName: string;
  simulated: boolean;
  server: string;
  status: 'ready' | 'unreachable' | 'unknown';
  statusMessage?: string;
  version?: string;
  lastCheckedAt?: string;
  resourceVersion: string;
}

export interface NodeTotals {
  count: number;
  ready: number;
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  gpus: { capacity: number; allocatable: number };
}

export interface NodesSummary extends NodeTotals {
  groups: Array<NodeTotals & { name: string; by: string; nodes: string[] }>;
  nodes: Array<{
    name: string;
    group: string;
    ready: boolean;
    unschedulable: boolean;
    labels: Record<string, string>;
    taints: Array<{ key: string; value?: string; effect: string }>;
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
  }>;
}

export interface Workspace {
  name: string;
  displayName: string;
  description: string;
  resourceVersion: string;
  createdAt: string;
}

export interface Member {
  username: string;
  role: string;
  since: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: string | null;
  action: string;
  resourceKind: string;
  resourceName: string | null;
  workspace: string | null;
  result: 'success' | 'denied' | 'failure';
  status: number | null;
  detail: string | null;
}

export interface AppEnvironmentSummary {
  name: string;
  cluster: string;
  namespace: string;
  delivery: string;
  clusterKnown?: boolean;
  warning?: string;
  health?: HealthStatus;
  deployedRevision?: number;
  renderHash?: string;
  gitCommit?: string;
}

export interface AppSummary {
  workspace: string;
  name: string;
  revision: number;
  health?: HealthStatus;
  reason?: string;
  environments?: AppEnvironmentSummary[];
  labels?: Record<string, string>;
  resourceVersion?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export interface AppDetail extends AppSummary {
  /** The spec as submitted (YAML or JSON text). */
  specText?: string;
  spec?: unknown;
}

export interface RevisionDiff {
  from: number;
  to: number;
  /** Unified diff of the spec YAML. */
  spec: string;
  objects: Array<{ change: 'added' | 'removed' | 'changed'; kind: string; name: string; diff: string }>;
}

export interface AppRevision {
  revision: number;
  author: string;
  message: string;
  createdAt: string;
  renderHashes?: Record<string, string>;
  specText?: string;
}

export interface AppStatus {
  application: string;
  environment: string;
  cluster: string;
  namespace: string;
  health: HealthStatus;
  reason?: string;
  deployedRevision: number;
  renderHash: string;
  deployedAt: string;
  components: Array<{
    name: string;
    health: HealthStatus;
    reason?: string;
    objects: Array<{ kind: string; name: string; health: HealthStatus; reason?: string }>;
    pods: Array<{
      name: string;
      phase: string;
      ready: boolean;
      restarts: number;
      node?: string;
      health: HealthStatus;
      reason?: string;
    }>;
  }>;
  events: Array<{ reason: string; message: string; object: string; count: number; lastSeen?: string }>;
}


export interface StepView {
  name: string;
  type: string;
  dependsOn: string[];
  state: StepState;
  attempt?: number;
  message?: string;
  waitingFor?: 'approval' | 'external' | 'time';
  decision?: { approved: boolean; by: string; at: string; reason?: string };
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
}

export interface RunView {
  id: string;
  workspace: string;
  application: string;
  environment: string;
  revision: number;
  cluster?: string;
  namespace?: string;
  state: RunState;
  createdAt: string;
  createdBy?: string;
  message?: string;
  stepCounts?: Record<string, number>;
  steps?: StepView[];
}

export interface JobType {
  type: string;
  description?: string;
  appliesTo?: string[];
  /** JSON Schema of the step's properties. */
  schema?: JsonSchema;
  executable?: boolean;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  description?: string;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
}

export interface ChangeRequest {
  id: string;
  title: string;
  state: 'open' | 'merged' | 'closed';
  author: string;
  workspace?: string;
  application?: string;
  environment?: string;
  sourceBranch?: string;
  targetBranch?: string;
  createdAt: string;
  approvals?: string[];
  diff?: string;
  comments?: Array<{ author: string; body: string; createdAt: string }>;
}
