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
  /** Why the environment is not Healthy (last known). */
  reason?: string;
  healthChangedAt?: string;
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

/** A run in the cross-application list (`GET /runs`): no steps, the failing one named. */
export interface RunListItem extends Omit<RunView, 'steps'> {
  trigger?: 'deploy' | 'rollback' | 'undeploy';
  failedStep?: { name: string; type: string; state: StepState; message?: string; finishedAt?: string };
  finishedAt?: string;
}

/** Applications by last known health (`GET /apps/health-summary`). */
export interface AppHealthSummary {
  total: number;
  notDeployed: number;
  byHealth: Partial<Record<HealthStatus, number>>;
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

/** Where a repository is hosted: Berth's embedded git, or GitHub (`github:<owner>:<repo>`). */
export type GitProviderKind = 'embedded' | 'github';

/** A git repository of a workspace: an embedded one, or a GitHub one granted to it. */
export interface GitRepository {
  name: string;
  provider: GitProviderKind;
  /** Absent for GitHub repositories in a list (GitHub is not asked). */
  defaultBranch?: string;
  description: string;
  cloneUrl: string;
  /** The repository's web page (GitHub). */
  url?: string;
  workspace?: string;
  createdAt?: string;
}

/** One owner's or repository's GitHub credentials as the API shows them: the kind, never a secret. */
export interface GitHubCredentialsRecord {
  owner: string;
  /** Absent for an owner's record (used by its repositories without their own). */
  repository?: string;
  kind: 'token' | 'app';
  appId?: number;
  installationId?: number;
  /** Whether a webhook secret is set. */
  webhookSecret: boolean;
  /** The workspaces the record lets deliver to the repository (or the owner's repositories). */
  workspaces: string[];
}

/** Body of `PUT /git/github/owners/:owner[/repositories/:repo]/credentials`. */
export interface GitHubCredentialsInput {
  token?: string;
  app?: { appId: number; installationId: number; privateKey: string };
  webhookSecret?: string;
  workspaces: string[];
}

export type ChangeRequestState = 'open' | 'merged' | 'closed';
export type ReviewState = 'approved' | 'changes-requested' | 'commented';
export type MergeMethod = 'fast-forward' | 'merge-commit';

/** A change request (pull request) as listed: `…/git/repositories/:repo/change-requests`. */
export interface ChangeRequest {
  repository: string;
  number: number;
  title: string;
  description: string;
  sourceBranch: string;
  targetBranch: string;
  author: string;
  state: ChangeRequestState;
  sourceSha: string;
  mergeSha?: string;
  mergedBy?: string;
  mergedAt?: string;
  closedAt?: string;
  createdAt: string;
  updatedAt: string;
  url?: string;
  /** The application environment it delivers, when known (opened by Berth's GitOps). */
  app?: DeliveredApp;
}

/** The application environment a change request delivers. */
export interface DeliveredApp {
  workspace: string;
  name: string;
  environment: string;
}

/** A listed change request: with its checks' names and states. */
export interface ChangeRequestListItem extends ChangeRequest {
  checks: Array<Pick<ChangeRequestCheck, 'name' | 'status'>>;
}

/** One changed file with its unified diff (`diff --git` chunk). */
export interface FileDiff {
  path: string;
  oldPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  patch: string;
}

export interface ChangeRequestCheck {
  name: string;
  status: 'pending' | 'success' | 'failure' | 'error';
  summary: string;
  updatedAt?: string;
}

export interface ChangeRequestComment {
  id: string;
  author: string;
  body: string;
  createdAt: string;
}

export interface ChangeRequestReview {
  reviewer: string;
  state: ReviewState;
  body: string;
  createdAt: string;
}

/** A change request with diff, comments, reviews, checks and mergeability. */
export interface ChangeRequestDetail extends ChangeRequest {
  diff: FileDiff[];
  comments: ChangeRequestComment[];
  reviews: ChangeRequestReview[];
  approvals: string[];
  checks: ChangeRequestCheck[];
  /** null when it cannot be told (closed, merged, or the target branch is gone). */
  mergeable: boolean | null;
  conflicts: string[];
  /** Whether a fast-forward merge is possible; null when closed, merged or unknown. */
  fastForward: boolean | null;
}

/** `GET /workspaces/:ws/permissions`: the workspace actions the caller may take, and why not the others. */
export interface WorkspacePermissions {
  actions: string[];
  denied: Record<string, string>;
}

/** `GET /workspaces/:ws/apps/:app/gitops?env=`: what a gitops environment holds and runs. */
export interface GitOpsStatus {
  repo: string;
  path: string;
  branch: string;
  agent: 'argocd' | 'flux';
  mergedHead?: string;
  mergedRevision?: number;
  deployedCommit?: string;
  inSync: boolean;
  syncStatus: string;
  health: string;
  message?: string;
  history: Array<{ id?: number; revision: string; deployedAt?: string }>;
  agentObject: { kind: string; name: string; namespace: string };
  openChangeRequests: Array<{ number: number; title: string; branch: string; url?: string }>;
}

/** Body of `POST /workspaces/:ws/repocheck`. */
export interface RepoCheckInput {
  repo: { url: string; ref?: string } | { embedded: string; ref?: string };
  chartPath?: string;
  environments?: string[];
  kustomizations?: string[];
}

/** The verdict of validate repo: `ok` when no problem is an error. */
export interface RepoCheckResult {
  ok: boolean;
  problems: Array<{ file: string; line?: number; column?: number; message: string; severity: 'error' | 'warning' }>;
}
