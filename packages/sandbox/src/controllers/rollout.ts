/**
 * Deployment rollout arithmetic, as the deployment controller's util package defines it:
 * pod-template-hash, maxSurge/maxUnavailable resolution, revisions, status and the
 * Available / Progressing conditions that `kubectl rollout status` reads.
 */
import type { KubeObject } from '../store/types.js';
import { getCondition, iso, parseTime, SAFE_ALPHABET, type Condition } from './objects.js';

/** Annotation holding a ReplicaSet's (and its Deployment's) revision. */
export const REVISION = 'deployment.kubernetes.io/revision';
/** Annotation: the Deployment's replicas when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
/** Annotation: replicas + maxSurge when the ReplicaSet was last scaled. */
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Label distinguishing the pods of each template. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';

/** The parts of a Deployment spec the controller uses. */
export interface DeploymentSpec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] };
  template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: unknown };
  strategy?: { type?: 'RollingUpdate' | 'Recreate'; rollingUpdate?: { maxSurge?: number | string; maxUnavailable?: number | string } };
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  progressDeadlineSeconds?: number;
  paused?: boolean;
}

/** Deployment status fields. */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: Condition[];
  collisionCount?: number;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** FNV-1a 32-bit. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  for (const b of bytes) h = Math.imul(h ^ b, 16777619) >>> 0;
  return h >>> 0;
}

/** Maps each character to the safe alphabet, as apimachinery's rand.SafeEncodeString does. */
export function safeEncode(text: string): string {
  let out = '';
  for (const ch of text) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

/** The template without the pod-template-hash label (what "same template" compares). */
export function templateWithoutHash(template: DeploymentSpec['template']): DeploymentSpec['template'] {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

/** The pod-template-hash of a template: FNV-32a over its canonical JSON (+ collisionCount), safely encoded. */
export function podTemplateHash(template: DeploymentSpec['template'], collisionCount?: number): string {
  let text = canonical(templateWithoutHash(template));
  if (collisionCount) text += String(collisionCount);
  return safeEncode(String(fnv32a(text)));
}

/** Whether two templates are equal ignoring the pod-template-hash label. */
export function sameTemplate(a: DeploymentSpec['template'], b: DeploymentSpec['template']): boolean {
  return canonical(templateWithoutHash(a)) === canonical(templateWithoutHash(b));
}

/** Resolves an int-or-percent against `total`, rounding up or down. */
export function resolveIntOrPercent(value: number | string | undefined, fallback: string, total: number, roundUp: boolean): number {
  const v = value ?? fallback;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number.parseInt(v, 10) || 0;
  const raw = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(raw) : Math.floor(raw);
}

/** maxSurge and maxUnavailable of a rolling update (defaults 25%/25%; both 0 → maxUnavailable 1). */
export function surgeAndUnavailable(spec: DeploymentSpec): { maxSurge: number; maxUnavailable: number } {
  const replicas = spec.replicas ?? 1;
  if (spec.strategy?.type === 'Recreate') return { maxSurge: 0, maxUnavailable: replicas };
  const ru = spec.strategy?.rollingUpdate ?? {};
  const maxSurge = resolveIntOrPercent(ru.maxSurge, '25%', replicas, true);
  let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable, '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, replicas) };
}

/** A ReplicaSet's revision number (0 when unset). */
export function revisionOf(obj: KubeObject): number {
  return Number.parseInt(obj.metadata.annotations?.[REVISION] ?? '0', 10) || 0;
}

/** spec.replicas of a ReplicaSet. */
export function specReplicas(rs: KubeObject): number {
  return (rs.spec as { replicas?: number } | undefined)?.replicas ?? 0;
}

/** A numeric status field of a ReplicaSet. */
export function statusField(rs: KubeObject, field: 'replicas' | 'readyReplicas' | 'availableReplicas'): number {
  return ((rs.status as Record<string, number> | undefined)?.[field] as number | undefined) ?? 0;
}

function condition(type: string, status: Condition['status'], reason: string, message: string, nowIso: string): Condition {
  return { type, status, lastUpdateTime: nowIso, lastTransitionTime: nowIso, reason, message };
}

/** Sets a condition like deploymentutil.SetDeploymentCondition: same status and reason → unchanged. */
export function setDeploymentCondition(conditions: Condition[], cond: Condition): Condition[] {
  const current = conditions.find((c) => c.type === cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return conditions;
  const next = { ...cond };
  if (current && current.status === cond.status) next.lastTransitionTime = current.lastTransitionTime;
  return [...conditions.filter((c) => c.type !== cond.type), next];
}

/** The status computed from the ReplicaSets (calculateStatus), with the Available condition. */
export function calculateStatus(d: KubeObject, all: KubeObject[], newRS: KubeObject | undefined, nowIso: string): DeploymentStatus {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const old = (d.status ?? {}) as DeploymentStatus;
  const replicas = spec.replicas ?? 1;
  const sum = (f: 'replicas' | 'readyReplicas' | 'availableReplicas') => all.reduce((n, rs) => n + statusField(rs, f), 0);
  const available = sum('availableReplicas');
  const total = all.reduce((n, rs) => n + specReplicas(rs), 0);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas: sum('replicas'),
    updatedReplicas: newRS ? statusField(newRS, 'replicas') : 0,
    readyReplicas: sum('readyReplicas'),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
    conditions: [...(old.conditions ?? [])],
  };
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  const { maxUnavailable } = surgeAndUnavailable(spec);
  const cond =
    available >= replicas - maxUnavailable
      ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', nowIso)
      : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', nowIso);
  status.conditions = setDeploymentCondition(status.conditions ?? [], cond);
  return status;
}

/** Whether the rollout is complete (DeploymentComplete). */
export function deploymentComplete(d: KubeObject, s: DeploymentStatus): boolean {
  const replicas = ((d.spec ?? {}) as DeploymentSpec).replicas ?? 1;
  return s.updatedReplicas === replicas && s.replicas === replicas && s.availableReplicas === replicas && (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 1);
}

/**
 * Updates the Progressing condition as syncRolloutStatus does: NewReplicaSetAvailable once
 * complete, ReplicaSetUpdated while counts move, ProgressDeadlineExceeded after the deadline
 * without progress. Returns the status and, while progressing, when to check the deadline.
 */
export function progressStatus(d: KubeObject, s: DeploymentStatus, newRS: KubeObject | undefined, now: number): { status: DeploymentStatus; checkAt?: number } {
  const spec = (d.spec ?? {}) as DeploymentSpec;
  const old = (d.status ?? {}) as DeploymentStatus;
  const nowIso = iso(now);
  const deadline = spec.progressDeadlineSeconds ?? 600;
  let conditions = s.conditions ?? [];
  const current = getCondition(conditions, 'Progressing');
  const completeAlready = s.replicas === s.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  const name = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
  let checkAt: number | undefined;
  if (!completeAlready && !spec.paused) {
    const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
    const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
    const progressing = (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
    if (deploymentComplete(d, s)) {
      conditions = setDeploymentCondition(conditions, condition('Progressing', 'True', 'NewReplicaSetAvailable', `${name} has successfully progressed.`, nowIso));
    } else if (progressing) {
      const cond = condition('Progressing', 'True', 'ReplicaSetUpdated', `${name} is progressing.`, nowIso);
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      conditions = [...conditions.filter((c) => c.type !== 'Progressing'), cond];
      checkAt = now + deadline * 1000 + 1000;
    } else if (current && current.reason !== 'ProgressDeadlineExceeded') {
      const from = parseTime(current.lastUpdateTime) ?? now;
      if (from + deadline * 1000 < now) {
        conditions = setDeploymentCondition(conditions, condition('Progressing', 'False', 'ProgressDeadlineExceeded', `${name} has timed out progressing.`, nowIso));
      } else checkAt = from + deadline * 1000 + 1000;
    }
  }
  // Keep Available before Progressing, as the controller lists them.
  const order = ['Available', 'Progressing', 'ReplicaFailure'];
  conditions = [...conditions].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type));
  return checkAt === undefined ? { status: { ...s, conditions } } : { status: { ...s, conditions }, checkAt };
}
