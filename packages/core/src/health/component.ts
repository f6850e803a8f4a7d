/**
 * Roll-ups: a component's health from its objects and pods, an application's from its
 * components. Worst wins; the reason shown is the most specific one, which usually comes
 * from a pod (a Deployment only knows it is "progressing"; its pod knows the image cannot
 * be pulled).
 */
import {
  HEALTH_ORDER,
  isWorse,
  worstOf,
  type AssessOptions,
  type HealthAssessment,
  type ObjectRef,
} from './types.js';
import { assessObject } from './assess.js';
import { assessPod } from './pod.js';
import type { LiveObject } from './object.js';

/** One object's verdict inside a roll-up. */
export interface ObjectHealth {
  ref: ObjectRef;
  health: HealthAssessment;
}

/** A component's health: the verdict, where its reason comes from, and each object's and pod's verdict. */
export interface ComponentHealth extends HealthAssessment {
  /** The object the reason was taken from (a pod, a Deployment, an event's object). */
  source?: ObjectRef;
  objects: ObjectHealth[];
  pods: ObjectHealth[];
}

/** An application's health: the worst of its components, with their verdicts by name. */
export interface ApplicationHealth extends HealthAssessment {
  /** The component the reason was taken from. */
  component?: string;
  components: Record<string, HealthAssessment>;
}

/** A core/v1 Event, as far as the roll-up reads it. */
export interface ClusterEvent {
  type?: string;
  reason?: string;
  message?: string;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  involvedObject?: { apiVersion?: string; kind?: string; name?: string; namespace?: string };
}

function refOf(obj: LiveObject): ObjectRef {
  const ref: ObjectRef = {
    apiVersion: obj.apiVersion ?? 'v1',
    kind: obj.kind ?? 'Pod',
    name: obj.metadata?.name ?? '',
  };
  if (obj.metadata?.namespace) ref.namespace = obj.metadata.namespace;
  return ref;
}

function eventTime(e: ClusterEvent): string {
  return e.lastTimestamp ?? e.eventTime ?? '';
}

/**
 * A component's health from the objects rendered for it (as found in the cluster), its pods
 * and, optionally, recent events.
 *
 * - No objects and no pods → Missing.
 * - Otherwise the worst object verdict. When that is not Healthy or Suspended, a Degraded pod
 *   makes the component Degraded with the pod's reason and message (e.g. a Deployment still
 *   Progressing whose new pods are in `ImagePullBackOff`).
 * - Still Progressing without a pod reason: the latest Warning event explains why
 *   (`FailedCreate: exceeded quota`), without changing the status.
 *
 * Pods only refine a verdict: a Complete Job with a failed earlier attempt stays Healthy.
 */
export function assessComponent(
  objects: readonly LiveObject[],
  pods: readonly LiveObject[] = [],
  events: readonly ClusterEvent[] = [],
  options: AssessOptions = {},
): ComponentHealth {
  const related = [...objects, ...pods];
  const objectHealth = objects.map((o) => ({ ref: refOf(o), health: assessObject(o, related, options) }));
  const podHealth = [...pods]
    .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''))
    .map((p) => ({
      ref: refOf({ ...p, apiVersion: p.apiVersion ?? 'v1', kind: p.kind ?? 'Pod' }),
      health: assessPod(p, options),
    }));
  if (objects.length === 0 && pods.length === 0) {
    return {
      status: 'Missing',
      reason: 'NotFound',
      message: 'No objects of this component exist in the cluster',
      objects: [],
      pods: [],
    };
  }
  const base = objects.length > 0 ? objectHealth : podHealth;
  const worst = base.find((h) => h.health === worstOf(base.map((b) => b.health))) ?? base[0];
  let verdict: HealthAssessment = worst?.health ?? { status: 'Healthy' };
  let source = worst && verdict.status !== 'Healthy' ? worst.ref : undefined;

  if (HEALTH_ORDER[verdict.status] >= HEALTH_ORDER.Progressing) {
    const podProblem = mostSpecificPodProblem(podHealth);
    if (podProblem && !isWorse(verdict.status, podProblem.health.status)) {
      verdict = {
        ...podProblem.health,
        status: isWorse(podProblem.health.status, verdict.status) ? podProblem.health.status : verdict.status,
      };
      source = podProblem.ref;
    } else if (verdict.status === 'Progressing') {
      const warning = [...events]
        .filter((e) => e.type === 'Warning' && e.reason)
        .sort((a, b) => eventTime(b).localeCompare(eventTime(a)))[0];
      if (warning) {
        verdict = {
          status: 'Progressing',
          reason: warning.reason,
          message: `${warning.reason}: ${warning.message ?? ''}`.trim(),
        };
        const io = warning.involvedObject;
        if (io?.kind && io.name)
          source = {
            apiVersion: io.apiVersion ?? 'v1',
            kind: io.kind,
            name: io.name,
            ...(io.namespace ? { namespace: io.namespace } : {}),
          };
      }
    }
  }
  const result: ComponentHealth = { status: verdict.status, objects: objectHealth, pods: podHealth };
  if (verdict.reason) result.reason = verdict.reason;
  if (verdict.message) result.message = verdict.message;
  if (source) result.source = source;
  return result;
}

/** Pod reasons in order of how much they tell a person; the first present wins. */
const POD_REASON_RANK = [
  'OOMKilled',
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'Unschedulable',
];

function mostSpecificPodProblem(pods: ObjectHealth[]): ObjectHealth | undefined {
  const problems = pods.filter((p) => p.health.status === 'Degraded' || p.health.reason === 'Unschedulable');
  const rank = (p: ObjectHealth) => {
    const i = POD_REASON_RANK.indexOf(p.health.reason ?? '');
    return (p.health.status === 'Degraded' ? 0 : 100) + (i < 0 ? POD_REASON_RANK.length : i);
  };
  return problems.sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * An application's health: the worst component wins, its reason is kept and its message is
 * prefixed with the component name. No components → Missing.
 */
export function assessApplication(components: Readonly<Record<string, HealthAssessment>>): ApplicationHealth {
  const names = Object.keys(components).sort();
  const summary: Record<string, HealthAssessment> = {};
  for (const n of names) {
    const c = components[n]!;
    summary[n] = {
      status: c.status,
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    };
  }
  if (names.length === 0)
    return {
      status: 'Missing',
      reason: 'NoComponents',
      message: 'The application has no components',
      components: summary,
    };
  let worstName = names[0]!;
  for (const n of names) if (isWorse(summary[n]!.status, summary[worstName]!.status)) worstName = n;
  const worst = summary[worstName]!;
  if (worst.status === 'Healthy') return { status: 'Healthy', components: summary };
  const result: ApplicationHealth = { status: worst.status, component: worstName, components: summary };
  if (worst.reason) result.reason = worst.reason;
  result.message = `component ${worstName}: ${worst.message ?? worst.reason ?? worst.status}`;
  return result;
}
